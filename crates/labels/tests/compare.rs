//! Matching the failures a MODEL_FAILURES.md lists with iacgrade's findings.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_labels::{compare, parse_model_failures};
use iacgrade_report::LabelledFailure;
use iacgrade_task::TextDocument;

fn finding(
    rule: &str,
    name: &str,
    severity: Severity,
    status: FindingStatus,
    message: &str,
) -> Finding {
    Finding {
        rule: rule.into(),
        name: name.into(),
        severity,
        category: "B".into(),
        status,
        side: Side::Model,
        file: "lib/tap_stack.py".into(),
        line: Some(10),
        message: message.into(),
        model_snippet: None,
        ideal_snippet: None,
        root_cause: None,
        fix: None,
        docs: None,
        also_at: Vec::new(),
        evidence: Vec::new(),
    }
}

fn labelled(title: &str, severity: Option<&str>, line: usize) -> LabelledFailure {
    LabelledFailure {
        title: title.into(),
        severity: severity.map(str::to_string),
        line,
    }
}

const DOCUMENT: &str = r#"# Model Response Failures Analysis

## Critical Failures

### 1. Invented class aws.s3.BucketV9

**Impact Level**: Critical

### 2. Missing KMS encryption on the data bucket

**Impact Level**: High

## Medium Failures

### 3. Log group retention not set

### 4. No CloudWatch alarms on the queue
"#;

fn findings() -> Vec<Finding> {
    vec![
        // 0: a standing finding about encryption: not a model failure, never matched.
        finding(
            "ENC001",
            "s3-bucket-encryption-not-declared",
            Severity::High,
            FindingStatus::Standing,
            "Bucket data declares no server-side KMS encryption",
        ),
        // 1: the fixed encryption finding.
        finding(
            "ENC001",
            "s3-bucket-encryption-not-declared",
            Severity::High,
            FindingStatus::Fixed,
            "Bucket data-bucket declares no KMS encryption",
        ),
        // 2: the invented class.
        finding(
            "API001",
            "unknown-sdk-symbol",
            Severity::Critical,
            FindingStatus::Fixed,
            "aws.s3.BucketV9 is not a class of pulumi_aws",
        ),
        // 3: log retention.
        finding(
            "LOG002",
            "log-retention-not-set",
            Severity::Medium,
            FindingStatus::Unfixed,
            "Log group app-logs keeps its logs forever",
        ),
        // 4: something the document does not list.
        finding(
            "IAM001",
            "wildcard-iam-action",
            Severity::High,
            FindingStatus::Fixed,
            "Role worker allows sqs:* on every queue",
        ),
    ]
}

#[test]
fn failures_match_findings_one_to_one() {
    let labels = parse_model_failures(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: DOCUMENT.into(),
    });
    assert_eq!(labels.len(), 4);
    let comparison = compare(&labels, &findings());
    let pairs: Vec<(usize, usize)> = comparison
        .found
        .iter()
        .map(|m| (m.labelled, m.finding))
        .collect();
    assert_eq!(pairs, [(0, 2), (1, 1), (2, 3)]);
    assert_eq!(comparison.missed, [3]);
    assert_eq!(comparison.unlabelled_findings, [4]);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.bind(|| insta::assert_json_snapshot!("comparison", comparison));
}

#[test]
fn one_shared_word_is_not_enough() {
    let labels = [labelled("Missing bucket versioning", None, 3)];
    let found = [finding(
        "ENC001",
        "s3-bucket-encryption-not-declared",
        Severity::High,
        FindingStatus::Fixed,
        "Bucket data declares no encryption",
    )];
    let comparison = compare(&labels, &found);
    assert!(comparison.found.is_empty());
    assert_eq!(comparison.missed, [0]);
    assert_eq!(comparison.unlabelled_findings, [0]);
}

#[test]
fn a_one_word_title_matches_on_that_word() {
    let labels = [labelled("Encryption", Some("high"), 3)];
    let found = [finding(
        "ENC001",
        "s3-bucket-encryption-not-declared",
        Severity::High,
        FindingStatus::Fixed,
        "Bucket data declares no encryption",
    )];
    assert_eq!(compare(&labels, &found).found.len(), 1);
}

#[test]
fn severity_breaks_ties_between_equally_worded_failures() {
    let labels = [
        labelled("Queue encryption missing", Some("low"), 3),
        labelled("Queue encryption missing", Some("high"), 9),
    ];
    let found = [finding(
        "ENC004",
        "sqs-queue-encryption-not-declared",
        Severity::High,
        FindingStatus::Fixed,
        "Queue jobs declares no encryption",
    )];
    let comparison = compare(&labels, &found);
    assert_eq!(comparison.found.len(), 1);
    assert_eq!(comparison.found[0].labelled, 1);
    assert_eq!(comparison.missed, [0]);
}

#[test]
fn nothing_to_compare() {
    let comparison = compare(&[], &[]);
    assert!(comparison.labelled.is_empty());
    assert!(comparison.found.is_empty());
    assert!(comparison.missed.is_empty());
    assert!(comparison.unlabelled_findings.is_empty());
}
