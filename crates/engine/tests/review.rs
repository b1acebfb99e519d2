//! `review` on the reference task: the model's one critical defect is found and fixed by the
//! ideal answer, nothing else is counted against the model, and the reports say so.

use std::path::PathBuf;

use iacgrade_engine::{review_task_with, ReviewOptions};
use iacgrade_findings::{FindingStatus, Severity};
use iacgrade_report::Report;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics")
}

fn review() -> Report {
    let options = ReviewOptions {
        compare_existing: true,
        ..ReviewOptions::default()
    };
    let mut report = review_task_with(&example(), &options).report;
    report.task.path = "examples/healthcare-analytics".into();
    report.tool.version = "[version]";
    report
}

#[test]
fn the_provider_constructor_is_the_one_critical_fixed_failure() {
    let report = review();
    let failures: Vec<_> = report
        .findings
        .iter()
        .filter(|f| matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed))
        .collect();
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let f = failures[0];
    assert_eq!(
        (f.rule.as_str(), f.severity),
        ("API001", Severity::Critical)
    );
    assert_eq!(f.file, "lib/tap_stack.py");
    assert!(f.message.contains("pulumi_aws.Provider"));
    assert!(f
        .model_snippet
        .as_deref()
        .is_some_and(|s| s.contains("pulumi.providers.Aws(")));
    assert!(f
        .ideal_snippet
        .as_deref()
        .is_some_and(|s| s.contains("aws.Provider(")));
    assert!(!report
        .findings
        .iter()
        .any(|f| f.severity == Severity::High && f.status == FindingStatus::Fixed));
}

#[test]
fn the_placeholder_image_is_a_low_standing_issue() {
    let report = review();
    let image = report
        .findings
        .iter()
        .find(|f| f.rule == "PLH001")
        .expect("placeholder image reported");
    assert_eq!(image.severity, Severity::Low);
    assert_eq!(image.status, FindingStatus::Standing);
}

#[test]
fn positives_name_what_the_model_got_right() {
    let report = review();
    let texts: Vec<&str> = report.positives.iter().map(|p| p.text.as_str()).collect();
    for expected in [
        "Redis connections encrypted in transit (TLS)",
        "Redis replicated across availability zones with automatic failover",
        "Service tasks run in private subnets without public IPs",
        "Environment suffix in every resource name",
    ] {
        assert!(
            texts.contains(&expected),
            "missing positive {expected:?} in {texts:#?}"
        );
    }
}

#[test]
fn the_labelled_failure_is_found() {
    let report = review();
    let existing = report.existing.as_ref().expect("compared");
    assert_eq!(existing.labelled.len(), 1);
    assert_eq!(existing.found.len(), 1);
    assert!(existing.missed.is_empty());
}

#[test]
fn text_report_snapshot() {
    let text = iacgrade_report::render_text(&review(), iacgrade_report::TextStyle { color: false });
    insta::assert_snapshot!(text);
}

#[test]
fn json_report_snapshot() {
    insta::assert_json_snapshot!(review());
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!(iacgrade_report::render_markdown(&review()));
}
