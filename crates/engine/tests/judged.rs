//! No answer, no verdict: a task whose model answer is missing, empty, without code or in a
//! language the static front-ends do not read is reported as not judged, in every format, with
//! no score; a multi-turn task says which turn's answer was judged.

use std::fs;
use std::path::Path;

use iacgrade_engine::{review_task_with, ReviewOptions};
use iacgrade_report::{render_markdown, render_sarif, render_text, Report, TextStyle};

const METADATA: &str = r#"{"platform": "cfn", "language": "yaml", "complexity": "medium",
"turn_type": "single", "subtask": "Provisioning of Infrastructure Environments",
"training_quality": 8}"#;

const PROMPT: &str = "Create a CloudFormation template with one SQS queue for order events.\n";

const TEMPLATE: &str = "## lib/TapStack.yml\n\n```yaml\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n  OrderQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: true\n```\n";

fn write_task(dir: &Path, metadata: &str, model: Option<&str>) {
    fs::create_dir_all(dir.join("lib")).expect("lib folder");
    fs::write(dir.join("metadata.json"), metadata).expect("metadata");
    fs::write(dir.join("lib/PROMPT.md"), PROMPT).expect("prompt");
    fs::write(dir.join("lib/IDEAL_RESPONSE.md"), TEMPLATE).expect("ideal answer");
    if let Some(model) = model {
        fs::write(dir.join("lib/MODEL_RESPONSE.md"), model).expect("model answer");
    }
}

fn review(metadata: &str, model: Option<&str>) -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    write_task(dir.path(), metadata, model);
    review_task_with(dir.path(), &ReviewOptions::default()).report
}

/// The not-judged state in all four formats.
fn assert_not_judged(report: &Report, reason_has: &str) {
    assert!(!report.judged);
    let reason = report.not_judged_reason.clone().expect("a reason");
    assert!(reason.contains(reason_has), "{reason}");
    assert!(report.score.is_none());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    let json = serde_json::to_value(report).expect("json");
    assert_eq!(json["judged"], false);
    assert_eq!(json["score"], serde_json::Value::Null);
    assert!(json["not_judged_reason"]
        .as_str()
        .is_some_and(|r| r.contains(reason_has)));
    let text = render_text(report, TextStyle::default());
    assert!(
        text.contains("NOT JUDGED") && text.contains(reason_has),
        "{text}"
    );
    assert!(!text.contains("Score"), "{text}");
    let markdown = render_markdown(report);
    assert!(markdown.contains("**Not judged:**"), "{markdown}");
    assert!(!markdown.contains("Total failures"), "{markdown}");
    let sarif = render_sarif(std::slice::from_ref(report));
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        notification["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains(reason_has)),
        "{sarif:#}"
    );
}

#[test]
fn a_missing_model_answer_is_not_judged() {
    let report = review(METADATA, None);
    assert_not_judged(&report, "lib/MODEL_RESPONSE.md is missing");
}

#[test]
fn an_empty_model_answer_is_not_judged() {
    let report = review(METADATA, Some("  \n\n"));
    assert_not_judged(&report, "lib/MODEL_RESPONSE.md is empty");
}

#[test]
fn an_answer_without_code_is_not_judged() {
    let prose = "I would create an SQS queue for the order events and encrypt it with the \
                 service-managed key. Let me know if you want the template.\n";
    let report = review(METADATA, Some(prose));
    assert_not_judged(&report, "lib/MODEL_RESPONSE.md has no code");
    insta::assert_snapshot!(
        "not_judged_markdown",
        render_markdown(&report)
            .replace(&report.task.path, "TASK")
            .replace(&report.task.id, "TASK")
    );
}

#[test]
fn a_go_answer_is_not_judged() {
    let metadata = r#"{"platform": "cdk", "language": "go", "complexity": "medium",
"turn_type": "single", "subtask": "Provisioning of Infrastructure Environments"}"#;
    let go = "## main.go\n\n```go\npackage main\n\nimport (\n\t\"github.com/aws/aws-cdk-go/awscdk/v2\"\n\t\"github.com/aws/aws-cdk-go/awscdk/v2/awssqs\"\n)\n\nfunc main() {\n\tapp := awscdk.NewApp(nil)\n\tstack := awscdk.NewStack(app, jsii.String(\"Tap\"), nil)\n\tawssqs.NewQueue(stack, jsii.String(\"Orders\"), nil)\n\tapp.Synth(nil)\n}\n```\n";
    let report = review(metadata, Some(go));
    assert_not_judged(&report, "written in Go");
}

#[test]
fn an_answer_with_code_is_judged_and_names_its_turn() {
    let report = review(METADATA, Some(TEMPLATE));
    assert!(report.judged);
    assert!(report.score.is_some());
    let judged = report.judged_response.expect("judged response");
    assert_eq!(judged.file, "lib/MODEL_RESPONSE.md");
    assert_eq!((judged.turn, judged.turns), (1, 1));
}

#[test]
fn a_multi_turn_task_says_which_answer_was_judged() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_task(dir.path(), METADATA, Some(TEMPLATE));
    fs::write(
        dir.path().join("lib/PROMPT2.md"),
        "Now add a dead-letter queue.\n",
    )
    .expect("p2");
    fs::write(dir.path().join("lib/MODEL_RESPONSE2.md"), TEMPLATE).expect("m2");
    let report = review_task_with(dir.path(), &ReviewOptions::default()).report;
    let judged = report.judged_response.clone().expect("judged response");
    assert_eq!(judged.file, "lib/MODEL_RESPONSE2.md");
    assert_eq!(judged.prompt.as_deref(), Some("lib/PROMPT2.md"));
    assert_eq!((judged.turn, judged.turns), (2, 2));
    let text = render_text(&report, TextStyle::default());
    assert!(
        text.contains("judged: lib/MODEL_RESPONSE2.md (turn 2 of 2"),
        "{text}"
    );
}
