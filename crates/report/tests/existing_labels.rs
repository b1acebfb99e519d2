//! The verdicts on a task's own labelled failures (`review --existing`) in every format: the
//! same table in text and Markdown, the `existing_labels` list in JSON, nothing when the
//! comparison was not asked for. Invented report; no corpus text.

mod common;

use common::{empty_report, finding, snapshot_settings};
use iacgrade_findings::{FindingStatus, Severity};
use iacgrade_report::{
    render_markdown, render_text, ExistingComparison, ExistingLabel, ExistingMatch, LabelVerdict,
    LabelledFailure, Report, TextStyle,
};

fn report_with_labels() -> Report {
    let mut report = empty_report();
    report.findings = vec![finding(
        "ENC004",
        "queue-not-encrypted",
        Severity::High,
        FindingStatus::Fixed,
        "lib/TapStack.yml",
        Some(9),
        "queue WorkerQueue is not encrypted",
    )];
    let labels = vec![
        ExistingLabel {
            title: "Queue not encrypted at rest".into(),
            severity: Some("high".into()),
            verdict: LabelVerdict::Supported,
            reason: "`KmsMasterKeyId` is in the ideal answer and not in the model's".into(),
            matched_finding: Some(0),
            line: 12,
        },
        ExistingLabel {
            title: "Retention | too short".into(),
            severity: None,
            verdict: LabelVerdict::Unsupported,
            reason: "the quoted code is in the model answer and the ideal answer keeps it unchanged (`MessageRetentionPeriod: 345600`)".into(),
            matched_finding: None,
            line: 20,
        },
        ExistingLabel {
            title: "Unit tests do not cover the queue".into(),
            severity: Some("low".into()),
            verdict: LabelVerdict::OutsideAnswer,
            reason: "about tests (\"unit test\"), which the model answer's code does not hold"
                .into(),
            matched_finding: None,
            line: 31,
        },
    ];
    report.existing = Some(ExistingComparison {
        labelled: labels
            .iter()
            .map(|l| LabelledFailure {
                title: l.title.clone(),
                severity: l.severity.clone(),
                line: l.line,
            })
            .collect(),
        found: vec![ExistingMatch {
            labelled: 0,
            finding: 0,
        }],
        missed: vec![1, 2],
        unlabelled_findings: Vec::new(),
    });
    report.existing_labels = Some(labels);
    report
}

/// The part of a document from `from` up to the next line that starts with `until`.
fn section<'a>(text: &'a str, from: &str, until: &str) -> &'a str {
    let start = text.find(from).expect("section present");
    let rest = &text[start..];
    let end = rest[from.len()..]
        .find(until)
        .map_or(rest.len(), |e| e + from.len());
    &rest[..end]
}

#[test]
fn text_table_snapshot() {
    let text = render_text(&report_with_labels(), TextStyle { color: false });
    snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "existing_labels_text",
            section(&text, "Labelled failures", "\nScore")
        );
    });
}

#[test]
fn markdown_table_snapshot() {
    let markdown = render_markdown(&report_with_labels());
    snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            "existing_labels_markdown",
            section(&markdown, "## Verification", "\n## ")
        );
    });
}

#[test]
fn json_lists_the_verdicts_only_when_asked() {
    let json = serde_json::to_value(report_with_labels()).expect("serialisable");
    let labels = &json["existing_labels"];
    assert_eq!(labels[0]["verdict"], "supported");
    assert_eq!(labels[0]["matched_finding"], 0);
    assert_eq!(labels[1]["matched_finding"], serde_json::Value::Null);
    assert_eq!(labels[2]["verdict"], "outside_answer");

    let plain = serde_json::to_value(empty_report()).expect("serialisable");
    assert!(plain.get("existing_labels").is_none());
    let text = render_text(&empty_report(), TextStyle { color: false });
    assert!(!text.contains("Labelled failures"));
}
