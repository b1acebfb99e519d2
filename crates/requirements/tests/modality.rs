//! Modality of the request's sentences: must, must not, should, may, example, environment and
//! conditional requirements, and what each may report (an invented request, hand-built
//! resource graphs).

use std::path::Path;

use iacgrade_findings::{Finding, Severity, Side};
use iacgrade_ir::{Resource, ResourceGraph, SourceSpan, Value};
use iacgrade_requirements::{trace, RequirementTrace, SideCode, TraceInput};
use iacgrade_rules::modality::Modality;
use iacgrade_task::{Metadata, Platform, TextDocument};

fn prompt() -> TextDocument {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prompts/modalities.md");
    TextDocument {
        path: "lib/PROMPT.md".into(),
        text: std::fs::read_to_string(path).expect("fixture"),
    }
}

fn res(kind: &str, source_type: &str, line: usize) -> Resource {
    Resource {
        kind: kind.into(),
        source_type: source_type.into(),
        logical_name: Value::Str(format!("r{line}")),
        name: None,
        props: Value::Map(Vec::new()),
        span: SourceSpan {
            file: "main.tf".into(),
            line,
            document_line: line,
        },
        options: vec![],
    }
}

/// A side with `kinds` and an unrelated bucket (a side with no resource is unreadable).
fn graph(kinds: &[(&str, &str)]) -> ResourceGraph {
    let bucket = ("AWS::S3::Bucket", "aws_s3_bucket");
    ResourceGraph {
        resources: std::iter::once(&bucket)
            .chain(kinds.iter())
            .enumerate()
            .map(|(i, (k, s))| res(k, s, 10 * (i + 1)))
            .collect(),
        ..Default::default()
    }
}

fn run(
    model: &ResourceGraph,
    ideal: &ResourceGraph,
    metadata: Option<&Metadata>,
) -> RequirementTrace {
    let prompts = [prompt()];
    let platform = Some(Platform::Tf);
    trace(&TraceInput {
        prompts: &prompts,
        metadata,
        model: Some(SideCode::new(model, &[]).with_platform(platform)),
        ideal: Some(SideCode::new(ideal, &[]).with_platform(platform)),
    })
}

fn model_findings(t: &RequirementTrace) -> Vec<Finding> {
    iacgrade_requirements::rules::findings(t, Side::Model)
}

/// The reported service names and severities of REQ001.
fn missing_services(findings: &[Finding]) -> Vec<(String, Severity)> {
    findings
        .iter()
        .filter(|f| f.rule == "REQ001")
        .map(|f| {
            let name = f
                .message
                .trim_start_matches("required service ")
                .split(" is not declared")
                .next()
                .unwrap_or_default()
                .to_string();
            (name, f.severity)
        })
        .collect()
}

#[test]
fn every_sentence_gets_its_modality() {
    let empty = graph(&[]);
    let t = run(&empty, &empty, None);
    let modality_of = |start: &str| {
        t.items
            .iter()
            .find(|i| i.text.starts_with(start))
            .map(|i| i.modality)
            .unwrap_or_else(|| panic!("no item starting {start:?}"))
    };
    assert_eq!(modality_of("Orders must be stored"), Modality::Must);
    assert_eq!(modality_of("Incoming orders are queued"), Modality::Must);
    assert_eq!(modality_of("Do not create GuardDuty"), Modality::MustNot);
    assert_eq!(modality_of("Secrets are fetched"), Modality::MustNot);
    assert_eq!(modality_of("No VPC flow logs"), Modality::May);
    assert_eq!(modality_of("Add an ElastiCache cluster"), Modality::May);
    assert_eq!(modality_of("Alarm thresholds"), Modality::May);
    assert_eq!(modality_of("Prefer: Kinesis"), Modality::Should);
    assert_eq!(modality_of("The API should sit"), Modality::Should);
    assert_eq!(modality_of("If using AWS Config"), Modality::Conditional);
    assert_eq!(modality_of("Requires AWS CLI"), Modality::Environment);
    insta::assert_json_snapshot!("modalities", t.items);
}

#[test]
fn only_must_is_high_and_should_is_medium() {
    // The model declares nothing: every service a requirement asks for is missing.
    let empty = graph(&[]);
    let ideal = graph(&[
        ("AWS::DynamoDB::Table", "aws_dynamodb_table"),
        ("AWS::SQS::Queue", "aws_sqs_queue"),
    ]);
    let t = run(&empty, &ideal, None);
    let mut found = missing_services(&model_findings(&t));
    found.sort();
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    // Options, prohibitions, examples, the environment and conditions ask for nothing.
    for absent in [
        "GuardDuty",
        "ElastiCache",
        "Lambda",
        "WAF",
        "Config",
        "Secrets Manager",
    ] {
        assert!(
            !names.iter().any(|n| n.contains(absent)),
            "{absent} in {names:?}"
        );
    }
    let severity = |name: &str| {
        found
            .iter()
            .find(|(n, _)| n.contains(name))
            .map(|(_, s)| *s)
            .unwrap_or_else(|| panic!("{name} not reported: {found:?}"))
    };
    assert_eq!(severity("DynamoDB"), Severity::High);
    assert_eq!(severity("SQS"), Severity::High);
    assert_eq!(severity("Kinesis"), Severity::Medium);
    assert_eq!(severity("API Gateway"), Severity::Medium);
    // One missing service is one finding: REQ003 leaves services to REQ001.
    assert!(
        model_findings(&t).iter().all(|f| f.rule != "REQ003"),
        "{:#?}",
        model_findings(&t)
    );
}

#[test]
fn a_conditional_requirement_applies_only_when_its_condition_holds() {
    let config = (
        "AWS::Config::ConfigurationRecorder",
        "aws_config_configuration_recorder",
    );
    let without_config = graph(&[]);
    let t = run(&without_config, &without_config, None);
    let item = t
        .items
        .iter()
        .find(|i| i.modality == Modality::Conditional)
        .expect("conditional item");
    assert_eq!(item.condition.as_deref(), Some("using aws config"));
    assert!(
        item.model_why.contains("does not hold"),
        "{}",
        item.model_why
    );
    let with_config = graph(&[config]);
    let t = run(&with_config, &with_config, None);
    let item = t
        .items
        .iter()
        .find(|i| i.modality == Modality::Conditional)
        .expect("conditional item");
    assert!(item.model_why.contains("holds"), "{}", item.model_why);
}

#[test]
fn metadata_services_alone_are_never_reported() {
    let raw: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        r#"{"platform": "tf", "language": "hcl", "aws_services": ["Amazon EventBridge", "DynamoDB"]}"#,
    )
    .expect("metadata");
    let metadata = Metadata::from_object(raw);
    let empty = graph(&[]);
    let t = run(&empty, &empty, Some(&metadata));
    let eventbridge = t
        .services
        .required
        .iter()
        .find(|s| s.name.contains("EventBridge"))
        .expect("EventBridge listed");
    assert_eq!(eventbridge.modality, None);
    assert!(!t.services.missing_model.iter().any(|k| k.contains("event")));
    let names: Vec<String> = missing_services(&model_findings(&t))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("EventBridge")),
        "{names:?}"
    );
    // Named by the request too: reported, once.
    assert_eq!(names.iter().filter(|n| n.contains("DynamoDB")).count(), 1);
}
