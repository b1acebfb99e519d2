//! The ways a careful reader's verdict and the verifier's used to part, one invented fixture
//! each: a "missing X" label that quotes the model's code as it stands, a fix told only in the
//! ideal's prose, quoted code written with other quotes, spacing or an annotating comment, and
//! names written as code in prose without backticks.

use iacgrade_labels::{parse_labels, verify_labels, Answers};
use iacgrade_report::{ExistingLabel, LabelVerdict};
use iacgrade_task::{Origin, SourceFile, TextDocument};

const MODEL_STACK: &str = "const queue = new sqs.Queue(this, 'Jobs', {
  queueName: `jobs-${suffix}`,
  retentionPeriod: Duration.days(4),
});
const table = new dynamodb.Table(this, 'Orders', {
  partitionKey: { name: 'id', type: AttributeType.STRING },
  removalPolicy: RemovalPolicy.RETAIN,
});
";

const IDEAL_STACK: &str = "const queue = new sqs.Queue(this, 'Jobs', {
  queueName: `jobs-${suffix}`,
  retentionPeriod: Duration.days(4),
  encryption: sqs.QueueEncryption.KMS_MANAGED,
});
const table = new dynamodb.Table(this, 'Orders', {
  partitionKey: { name: 'id', type: AttributeType.STRING },
  removalPolicy: RemovalPolicy.DESTROY,
  pointInTimeRecovery: true,
});
";

fn file(text: &str, origin: Origin) -> SourceFile {
    SourceFile {
        path: Some("lib/orders-stack.ts".into()),
        declared_language: Some("typescript".into()),
        text: text.into(),
        origin,
        document: match origin {
            Origin::ModelResponse => "lib/MODEL_RESPONSE.md".into(),
            _ => "lib/IDEAL_RESPONSE.md".into(),
        },
        first_line: 3,
    }
}

fn verify_with(document: &str, ideal: &[SourceFile]) -> Vec<ExistingLabel> {
    let model = [file(MODEL_STACK, Origin::ModelResponse)];
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: document.into(),
    });
    verify_labels(
        &labels,
        &Answers {
            model: &model,
            ideal,
        },
        &[],
    )
}

fn verify(document: &str) -> Vec<ExistingLabel> {
    verify_with(document, &[file(IDEAL_STACK, Origin::IdealResponse)])
}

#[test]
fn a_missing_setting_quoted_with_the_block_it_belongs_to_is_supported_by_the_added_fix() {
    let doc = "## 1. Queue not encrypted

**Model Response:**
```typescript
const queue = new sqs.Queue(this, 'Jobs', {
  retentionPeriod: Duration.days(4),
});
```

**Fix:**
```typescript
  encryption: sqs.QueueEncryption.KMS_MANAGED,
```

## 2. Retention too short

**Model Response:**
```typescript
  retentionPeriod: Duration.days(4),
```
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("new in the ideal answer"));
    // The quoted line is kept and no fix is shown: nothing says the ideal changed it.
    assert_eq!(
        labels[1].verdict,
        LabelVerdict::Unsupported,
        "{:?}",
        labels[1]
    );
}

#[test]
fn a_fix_told_only_in_the_ideal_prose_stands_on_the_model_code() {
    let doc = "## 1. Table retained after deletion

```typescript
  removalPolicy: RemovalPolicy.RETAIN,
```

## 2. Invented retention setting

```typescript
  retention: QueueRetention.FOREVER,
```
";
    let labels = verify_with(doc, &[]);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("the ideal answer shows no code"));
    assert!(labels[0].reason.contains("lib/orders-stack.ts:7"));
    // Quoted code the model answer does not hold stays unsupported, prose ideal or not.
    assert_eq!(labels[1].verdict, LabelVerdict::Unsupported);
}

#[test]
fn quoted_code_matches_whatever_its_quotes_spacing_and_comments() {
    let doc = "## 1. Table kept on stack deletion

```typescript
const table = new dynamodb.Table(this, \"Orders\", {
    removalPolicy:   RemovalPolicy.RETAIN   // ❌ blocks cleanup
});
```
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("lib/orders-stack.ts:7"));
}

#[test]
fn names_written_as_code_in_prose_decide_only_when_one_answer_lacks_them() {
    let doc = "## 1. Table cannot be restored

The table has no pointInTimeRecovery, so a bad write cannot be undone.

## 2. Queue retention

The retentionPeriod of the queue is wrong.
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("pointInTimeRecovery"));
    // Both answers hold the name and nothing else is checkable: not shown.
    assert_eq!(
        labels[1].verdict,
        LabelVerdict::Unsupported,
        "{:?}",
        labels[1]
    );
}

#[test]
fn a_fix_named_with_its_values_already_in_the_model_answer_is_not_a_failure() {
    let doc = "## 1. Retention not set

**Issue**: the queue keeps messages for the default time.
**Fix**: set `retentionPeriod: Duration.days(4)` on the queue.
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Unsupported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("already in the model answer"));
}

#[test]
fn a_label_placed_in_a_file_follows_what_the_ideal_does_to_that_file() {
    let doc = "## 1. Handler logging improved

**Location**: `lib/orders-stack.ts`

- clearer messages
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    let unchanged = verify_with(doc, &[file(MODEL_STACK, Origin::IdealResponse)]);
    assert_eq!(unchanged[0].verdict, LabelVerdict::Unsupported);
}

#[test]
fn an_elided_quote_matches_by_what_precedes_the_elision() {
    let doc = "## 1. Table kept after the stack is gone

```typescript
const table = new dynamodb.Table(this, 'Orders', { ... });
  removalPolicy: RemovalPolicy.RETAIN,
```
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("2 of 2") || labels[0].reason.contains(":7"));
}

#[test]
fn a_prose_title_word_the_model_code_never_holds_and_the_ideal_adds() {
    let doc = "## 1. Orders table has no point-in-time recovery

Restores are impossible.

## 2. Queue retention is short

Four days is not enough.
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Supported,
        "{:?}",
        labels[0]
    );
    assert!(
        labels[0].reason.contains("never mentions"),
        "{}",
        labels[0].reason
    );
    // "retention" is on lines of both answers: the prose cannot say which line it means.
    assert_eq!(
        labels[1].verdict,
        LabelVerdict::Unsupported,
        "{:?}",
        labels[1]
    );
}

#[test]
fn numbered_sections_of_one_document_split_alike_and_praise_is_no_failure() {
    let doc = "# Failures

## 1. Storage Gaps

### Table retained

text

## 2. Queue Settings

### Queue not encrypted

text

### Retention short

text

## Areas Where the Model Performed Well

### Clear names

text
";
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: doc.into(),
    });
    let titles: Vec<&str> = labels.iter().map(|l| l.failure.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Table retained", "Queue not encrypted", "Retention short"]
    );
}

#[test]
fn a_sole_top_heading_over_the_rest_is_the_document_title() {
    let doc = "## Review of the Model Answer and its Failure Notes

### Overview

The answer was read by hand.

### Critical Failures

#### 1. Table retained

text

#### 2. Queue not encrypted

text
";
    let labels = parse_labels(&TextDocument {
        path: "lib/MODEL_FAILURES.md".into(),
        text: doc.into(),
    });
    let titles: Vec<&str> = labels.iter().map(|l| l.failure.title.as_str()).collect();
    assert_eq!(titles, ["Table retained", "Queue not encrypted"]);
}

#[test]
fn a_comment_opening_a_block_says_whose_code_it_is() {
    // Nothing introduces the block; its first comment calls it the model's, and the model
    // answer does not hold it.
    let doc = "## 1. Queue without a dead-letter queue

**Example**:
```typescript
// Model (no dead-letter queue)
const jobs = new sqs.Queue(this, 'JobQueue', {
  retentionPeriod: Duration.days(14),
});
```
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Unsupported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("not in the model answer"));
}

#[test]
fn short_common_lines_do_not_make_an_invented_quote_found() {
    // The short lines are in the model answer; the long ones, the label's point, are not.
    let doc = "## 1. Table keys are wrong

```typescript
  partitionKey: { name: 'orderId', type: AttributeType.NUMBER },
  sortKey: { name: 'createdAt', type: AttributeType.STRING },
  removalPolicy: RemovalPolicy
  retentionPeriod:
```
";
    let labels = verify(doc);
    assert_eq!(
        labels[0].verdict,
        LabelVerdict::Unsupported,
        "{:?}",
        labels[0]
    );
    assert!(labels[0].reason.contains("not in the model answer"));
}
