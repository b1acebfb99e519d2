//! Labelled failures checked against invented answers: one fixture per verdict kind, the
//! pairing with findings by place and by name (never by topic words), and headings that list
//! what is right rather than what failed. Every document here is written for these tests.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_labels::{parse_labels, verify_labels, Answers};
use iacgrade_report::{ExistingLabel, LabelVerdict};
use iacgrade_task::{Origin, SourceFile, TextDocument};

const MODEL_TEMPLATE: &str = "Resources:
  ArchiveBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'archive-${EnvironmentSuffix}'
      VersioningConfiguration:
        Status: Suspended
  WorkerQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
      MessageRetentionPeriod: 345600
";

const IDEAL_TEMPLATE: &str = "Resources:
  ArchiveBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'archive-${EnvironmentSuffix}'
      VersioningConfiguration:
        Status: Enabled
  WorkerQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
      MessageRetentionPeriod: 345600
      KmsMasterKeyId: alias/aws/sqs
";

fn file(path: &str, text: &str, origin: Origin) -> SourceFile {
    SourceFile {
        path: Some(path.into()),
        declared_language: Some("yaml".into()),
        text: text.into(),
        origin,
        document: match origin {
            Origin::ModelResponse => "lib/MODEL_RESPONSE.md".into(),
            _ => "lib/IDEAL_RESPONSE.md".into(),
        },
        first_line: 4,
    }
}

fn finding(rule: &str, line: usize, message: &str, status: FindingStatus) -> Finding {
    Finding {
        rule: rule.into(),
        name: "a-rule".into(),
        severity: Severity::High,
        category: "B".into(),
        status,
        side: Side::Model,
        file: "lib/TapStack.yml".into(),
        line: Some(line),
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

fn verify(document: &str, findings: &[Finding]) -> Vec<ExistingLabel> {
    let model = [file(
        "lib/TapStack.yml",
        MODEL_TEMPLATE,
        Origin::ModelResponse,
    )];
    let ideal = [file(
        "lib/TapStack.yml",
        IDEAL_TEMPLATE,
        Origin::IdealResponse,
    )];
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: document.into(),
    });
    verify_labels(
        &labels,
        &Answers {
            model: &model,
            ideal: &ideal,
        },
        findings,
    )
}

fn verdicts(labels: &[ExistingLabel]) -> Vec<(&str, LabelVerdict)> {
    labels
        .iter()
        .map(|l| (l.title.as_str(), l.verdict))
        .collect()
}

const EVERY_VERDICT: &str = "# Model Failures

## 1. Versioning left suspended on the archive bucket

**Impact Level**: High

**MODEL_RESPONSE Issue**:
```yaml
      VersioningConfiguration:
        Status: Suspended
```

**IDEAL_RESPONSE Fix**:
```yaml
        Status: Enabled
```

## 2. Queue keeps messages for too short a time

**Impact Level**: Medium

Model code:
```yaml
      MessageRetentionPeriod: 345600
```

## 3. Queue uses an invented property

**Impact Level**: Critical

The model wrote:
```yaml
      QueueEncryptionMode: strict
      QueueDeadLetterMode: on
```

## 4. Unit tests do not cover the queue

**Impact Level**: Low

The test file checks only the bucket.

## 5. EIP quota reached during deployment

**Impact Level**: Medium

The account had no room for another address.

## 6. Queue not encrypted at rest

**Impact Level**: High

The ideal answer sets `KmsMasterKeyId` on `WorkerQueue`.

## 7. Visibility timeout fix

**Impact Level**: Low

Fixed:
```yaml
      VisibilityTimeout: 30
```
";

#[test]
fn each_verdict_kind_with_its_evidence() {
    let labels = verify(EVERY_VERDICT, &[]);
    assert_eq!(
        verdicts(&labels),
        [
            (
                "Versioning left suspended on the archive bucket",
                LabelVerdict::Supported
            ),
            (
                "Queue keeps messages for too short a time",
                LabelVerdict::Unsupported
            ),
            ("Queue uses an invented property", LabelVerdict::Unsupported),
            (
                "Unit tests do not cover the queue",
                LabelVerdict::OutsideAnswer
            ),
            (
                "EIP quota reached during deployment",
                LabelVerdict::OutsideAnswer
            ),
            ("Queue not encrypted at rest", LabelVerdict::Supported),
            ("Visibility timeout fix", LabelVerdict::Unsupported),
        ]
    );
    let reasons: Vec<&str> = labels.iter().map(|l| l.reason.as_str()).collect();
    assert!(reasons[0].contains("lib/TapStack.yml:7"), "{}", reasons[0]);
    assert!(reasons[1].contains("keeps it unchanged"), "{}", reasons[1]);
    assert!(
        reasons[2].contains("not in the model answer"),
        "{}",
        reasons[2]
    );
    assert!(reasons[3].contains("tests"), "{}", reasons[3]);
    assert!(reasons[4].contains("deploy environment"), "{}", reasons[4]);
    assert!(reasons[5].contains("KmsMasterKeyId"), "{}", reasons[5]);
    assert!(
        reasons[6].contains("already in the model answer"),
        "{}",
        reasons[6]
    );
    insta::with_settings!({snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots")}, {
        insta::assert_json_snapshot!("every_verdict", labels);
    });
}

#[test]
fn findings_pair_by_place_or_name_never_by_topic() {
    let findings = [
        // Topic words in common with label 6 (queue, encryption) but another place and name.
        finding(
            "ENC001",
            3,
            "S3 bucket ArchiveBucket has no default encryption",
            FindingStatus::Fixed,
        ),
        // At the line label 1 quotes.
        finding(
            "DIFF002",
            7,
            "versioning is not enabled",
            FindingStatus::Fixed,
        ),
        // Names the resource label 6 names.
        finding(
            "ENC004",
            9,
            "queue WorkerQueue is not encrypted",
            FindingStatus::Fixed,
        ),
    ];
    let labels = verify(EVERY_VERDICT, &findings);
    let matched: Vec<Option<usize>> = labels.iter().map(|l| l.matched_finding).collect();
    assert_eq!(
        matched,
        [Some(1), None, None, None, None, Some(2), None],
        "{labels:#?}"
    );
}

#[test]
fn a_label_with_nothing_to_check_takes_a_fixed_finding_on_its_name() {
    let doc = "## Failures\n\n### 1. WorkerQueue lacks protection\n\nIt should be protected.\n\n### 2. Monitoring is weak\n\nAdd more.\n";
    let findings = [finding(
        "ENC004",
        9,
        "queue WorkerQueue is not encrypted",
        FindingStatus::Fixed,
    )];
    let labels = verify(doc, &findings);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert_eq!(labels[0].matched_finding, Some(0));
    assert!(labels[0].reason.contains("ENC004"));
    assert_eq!(labels[1].verdict, LabelVerdict::Unsupported);
    assert_eq!(labels[1].matched_finding, None);
}

#[test]
fn validation_and_no_correction_sections_are_not_failures() {
    let doc = "# Model Failures and Corrections

## Summary

The model answer deployed as written.

## Validation Performed

1. **Template syntax**: validated - PASSED
2. **Naming**: every resource carries the suffix - PASSED

## No Corrections Required

The answer already had:

1. Queue retention of four days
2. Versioned bucket names

## Critical Issues

### 1. Versioning suspended on ArchiveBucket

**Impact Level**: High

## Lessons Learned

- Keep versioning on.
";
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: doc.into(),
    });
    let titles: Vec<&str> = labels.iter().map(|l| l.failure.title.as_str()).collect();
    assert_eq!(titles, ["Versioning suspended on ArchiveBucket"]);
    // A failure whose title starts with "No" is still a failure.
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: "## Failures\n\n### 1. No error handling in the worker\n\ntext\n\n### 2. No backup plan\n\ntext\n".into(),
    });
    assert_eq!(labels.len(), 2);
}

#[test]
fn a_label_body_runs_to_the_next_failure() {
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text:
            "## Issues\n\n1. **First** thing\n   ```\n   a_line = 1\n   ```\n2. **Second** thing\n"
                .into(),
    });
    assert_eq!(labels.len(), 2);
    assert!(labels[0].text.contains("a_line = 1"));
    assert!(!labels[1].text.contains("a_line"));
}

#[test]
fn the_comparison_follows_the_pairings() {
    let findings = [
        finding(
            "DIFF002",
            7,
            "versioning is not enabled",
            FindingStatus::Fixed,
        ),
        finding(
            "ENC001",
            3,
            "bucket has no encryption",
            FindingStatus::Fixed,
        ),
        finding("ENC009", 3, "standing issue", FindingStatus::Standing),
    ];
    let verified = verify(EVERY_VERDICT, &findings);
    let labelled: Vec<_> = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: EVERY_VERDICT.into(),
    })
    .into_iter()
    .map(|l| l.failure)
    .collect();
    let c = iacgrade_labels::compare(&labelled, &verified, &findings);
    assert_eq!(c.found.len(), 1);
    assert_eq!((c.found[0].labelled, c.found[0].finding), (0, 0));
    assert_eq!(c.missed, [1, 2, 3, 4, 5, 6]);
    // Standing findings are not model failures.
    assert_eq!(c.unlabelled_findings, [1]);
}
