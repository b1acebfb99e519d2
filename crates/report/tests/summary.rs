//! The corpus summary: counts per platform group that a dataset owner reads, and its text form.

mod common;

use common::{empty_report, full_report, snapshot_settings};
use iacgrade_report::CorpusSummary;

fn corpus() -> CorpusSummary {
    let mut summary = CorpusSummary::new();
    summary.add(&full_report());
    summary.add(&full_report());
    let mut unreadable = empty_report();
    unreadable.errors.push(iacgrade_report::ErrorEntry {
        file: "metadata.json".into(),
        line: Some(1),
        message: "invalid JSON".into(),
    });
    summary.add(&unreadable);
    summary
}

#[test]
fn failures_count_model_findings_the_ideal_fixed_by_severity() {
    let summary = corpus();
    let report = full_report();
    let group_name = format!(
        "{}/{}",
        report.task.platform.as_deref().unwrap_or("unknown"),
        report.task.language.as_deref().unwrap_or("unknown")
    );
    let group = &summary.groups[&group_name];
    assert_eq!(group.tasks, 2);
    let expected: usize = report
        .findings
        .iter()
        .filter(|f| {
            f.side == iacgrade_findings::Side::Model
                && matches!(
                    f.status,
                    iacgrade_findings::FindingStatus::Fixed
                        | iacgrade_findings::FindingStatus::Unfixed
                )
        })
        .count();
    assert_eq!(group.model_failures.iter().sum::<usize>(), 2 * expected);
    let total = summary.total();
    assert_eq!(total.tasks, 3);
    let full_has_errors = usize::from(!report.errors.is_empty());
    assert_eq!(total.tasks_with_errors, 2 * full_has_errors + 1);
    assert_eq!(summary.groups["unknown/unknown"].tasks, 1);
}

#[test]
fn skipped_checkpoints_are_not_counted_as_checked() {
    let summary = corpus();
    let total = summary.total();
    for (id, (passed, checked)) in &total.checkpoints {
        assert!(passed <= checked, "{id}: {passed} passed of {checked}");
    }
}

#[test]
fn summary_text_snapshot() {
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("corpus_summary", corpus().render_text());
    });
}
