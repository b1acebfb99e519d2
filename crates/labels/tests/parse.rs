//! MODEL_FAILURES.md documents in the forms found in real tasks (written for these tests), and
//! the failures read from each.

use iacgrade_labels::parse_model_failures;
use iacgrade_report::LabelledFailure;
use iacgrade_task::TextDocument;
use proptest::prelude::*;

fn parse(text: &str) -> Vec<LabelledFailure> {
    parse_model_failures(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: text.into(),
    })
}

/// Title and severity of each failure, for assertions that do not care about lines.
fn titles(found: &[LabelledFailure]) -> Vec<(String, Option<String>)> {
    found
        .iter()
        .map(|f| (f.title.clone(), f.severity.clone()))
        .collect()
}

fn snapshot(name: &str, found: &[LabelledFailure]) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.bind(|| insta::assert_json_snapshot!(name, found));
}

const SEVERITY_SECTIONS: &str = r#"# Model Response Failures Analysis

The answer was close; three things had to change.

## Critical Failures

### 1. Queue policy names a topic that does not exist

**Impact Level**: Critical

**MODEL_RESPONSE Issue**:
```yaml
### 2. not a failure, inside code
TopicArn: !Ref AlertsTopik
```

**Root Cause**: A typo in the logical id.

## High Failures

### 2. Bucket left without encryption

**Impact Level**: High (security requirement)

#### IDEAL_RESPONSE Fix

Server-side encryption with a customer key.

## Low Failures

### 3. Unused variable in the handler

No impact level stated here.

## Summary

- Total failures: 1 Critical, 1 High, 1 Low
- Training value: high

## Recommendations for Model Improvement

1. Check logical ids against the template.
"#;

#[test]
fn headings_under_severity_sections() {
    let found = parse(SEVERITY_SECTIONS);
    assert_eq!(
        titles(&found),
        [
            (
                "Queue policy names a topic that does not exist".to_string(),
                Some("critical".to_string())
            ),
            (
                "Bucket left without encryption".to_string(),
                Some("high".to_string())
            ),
            (
                "Unused variable in the handler".to_string(),
                Some("low".to_string())
            ),
        ]
    );
    snapshot("severity_sections", &found);
}

const NUMBERED_ITEMS_UNDER_GROUPS: &str = r#"# Failures

## Critical Issues

1. **Lambda runtime nodejs12.x is retired** - the deploy is refused.
   - Fix: nodejs20.x
2. **Hard-coded account id in the role ARN**: breaks in any other account.

## Minor Issues

- **Outputs lack descriptions**: reviewers cannot tell them apart.
- **Impact**: none at run time.
- Tags use two spellings of Environment
"#;

#[test]
fn numbered_and_bulleted_items_take_their_group_severity() {
    let found = parse(NUMBERED_ITEMS_UNDER_GROUPS);
    assert_eq!(
        titles(&found),
        [
            (
                "Lambda runtime nodejs12.x is retired".to_string(),
                Some("critical".to_string())
            ),
            (
                "Hard-coded account id in the role ARN".to_string(),
                Some("critical".to_string())
            ),
            (
                "Outputs lack descriptions".to_string(),
                Some("low".to_string())
            ),
            (
                "Tags use two spellings of Environment".to_string(),
                Some("low".to_string())
            ),
        ]
    );
    snapshot("numbered_items_under_groups", &found);
}

const MARKERS_AND_FIELDS: &str = r#"# Model Failures and Corrections

## Fixes

### Missing dead-letter queue permissions (CRITICAL)

**Impact**: HIGH - failed messages are dropped.

### [Medium] Stage created twice

### Retention of the access logs

- **Severity**: Low
- **Problem**: 7 days instead of 90.

### Missing alarms on the queue depth

**Impact**: Nobody is told when the consumer stops.
"#;

#[test]
fn title_markers_beat_fields_and_impact_sentences_are_no_severity() {
    let found = parse(MARKERS_AND_FIELDS);
    assert_eq!(
        titles(&found),
        [
            (
                "Missing dead-letter queue permissions".to_string(),
                Some("critical".to_string())
            ),
            (
                "Stage created twice".to_string(),
                Some("medium".to_string())
            ),
            (
                "Retention of the access logs".to_string(),
                Some("low".to_string())
            ),
            ("Missing alarms on the queue depth".to_string(), None),
        ]
    );
    snapshot("markers_and_fields", &found);
}

const CATEGORY_GROUPS_WITH_ISSUE_HEADINGS: &str = r#"# Model Failures

## 1. Syntax Issues

### Issue 1: Missing import for datetime
- **Problem**: the handler calls datetime.now().
- **Impact**: runtime error.

### Issue 2: Metric method that does not exist

## 2. Security Concerns

### Issue 1: Wildcard actions on the table
"#;

#[test]
fn numbered_category_groups_over_issue_headings() {
    let found = parse(CATEGORY_GROUPS_WITH_ISSUE_HEADINGS);
    let names: Vec<String> = found.iter().map(|f| f.title.clone()).collect();
    assert_eq!(
        names,
        [
            "Missing import for datetime",
            "Metric method that does not exist",
            "Wildcard actions on the table"
        ]
    );
    assert!(found.iter().all(|f| f.severity.is_none()));
    assert_eq!(found[0].line, 5);
}

const TABLE_FORM: &str = r#"# Failure table

## Failures found

| # | Issue | Severity | Fix |
|---|-------|----------|-----|
| 1 | Security group open to 0.0.0.0/0 on port 22 | **High** | restrict to the bastion |
| 2 | Bucket name uses upper case \| invalid | Critical | lower case |
| 3 | README typo | trivial | — |

## Summary

| Severity | Count |
|----------|-------|
| High | 1 |
"#;

#[test]
fn table_rows_with_a_severity_column() {
    let found = parse(TABLE_FORM);
    assert_eq!(
        titles(&found),
        [
            (
                "Security group open to 0.0.0.0/0 on port 22".to_string(),
                Some("high".to_string())
            ),
            (
                "Bucket name uses upper case | invalid".to_string(),
                Some("critical".to_string())
            ),
            ("README typo".to_string(), Some("low".to_string())),
        ]
    );
    assert_eq!(found[0].line, 7);
    snapshot("table_form", &found);
}

const PLAIN_PARAGRAPHS: &str = "Issue 1: S3 bucket name had upper-case letters.\n\nThe fix lower-cased it.\n\n\u{2014} Failure 2\nProblem: Lambda role lacked sqs:ReceiveMessage.\nSolution: added it.\n";

#[test]
fn issue_lines_without_headings() {
    let found = parse(PLAIN_PARAGRAPHS);
    assert_eq!(
        titles(&found),
        [
            ("S3 bucket name had upper-case letters.".to_string(), None),
            ("Lambda role lacked sqs:ReceiveMessage.".to_string(), None),
        ]
    );
}

#[test]
fn placeholders_and_empty_documents_list_nothing() {
    assert!(parse("").is_empty());
    assert!(parse("Insert here the model's failures").is_empty());
    assert!(
        parse("# Model Failures\n\n## Summary\n\nNo failures: the answer was right.\n").is_empty()
    );
}

#[test]
fn a_document_wrapped_in_a_markdown_fence_is_still_read() {
    let found = parse("```markdown\nDetected Failures\n-----------------\n1) Interface endpoint used for S3\n2) Missing flow logs\n```\n");
    let names: Vec<String> = found.iter().map(|f| f.title.clone()).collect();
    assert_eq!(
        names,
        ["Interface endpoint used for S3", "Missing flow logs"]
    );
}

proptest! {
    #[test]
    fn never_panics_and_lines_are_in_the_document(text in "(#{0,4} ?[-*|0-9. A-Za-z:()\\[\\]`~]{0,30}\n){0,40}") {
        let lines = text.lines().count();
        for f in parse(&text) {
            prop_assert!(f.line >= 1 && f.line <= lines.max(1));
            prop_assert!(!f.title.is_empty());
        }
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = parse(&text);
    }
}
