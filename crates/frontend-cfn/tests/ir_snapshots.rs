//! The graphs the CloudFormation front-end builds for the fixture templates, as JSON snapshots,
//! plus the facts about them that later stages rely on, asserted directly.

use iacgrade_ir::{Resource, ResourceGraph, TemplatePart, Value};
use iacgrade_task::{Origin, SourceFile};

fn project_file(name: &str) -> SourceFile {
    let path = format!("lib/{name}");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture");
    SourceFile {
        path: Some(path.clone()),
        declared_language: None,
        text,
        origin: Origin::Project,
        document: path,
        first_line: 1,
    }
}

fn block(language: Option<&str>, text: &str, first_line: usize) -> SourceFile {
    SourceFile {
        path: None,
        declared_language: language.map(str::to_string),
        text: text.into(),
        origin: Origin::IdealResponse,
        document: "lib/IDEAL_RESPONSE.md".into(),
        first_line,
    }
}

fn resource<'g>(graph: &'g ResourceGraph, logical: &str) -> &'g Resource {
    graph
        .resources
        .iter()
        .find(|r| r.logical_name.as_str() == Some(logical))
        .unwrap_or_else(|| panic!("no resource {logical}"))
}

fn option<'r>(resource: &'r Resource, key: &str) -> Option<&'r Value> {
    resource
        .options
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

#[test]
fn yaml_template_snapshot() {
    let graph = iacgrade_frontend_cfn::parse(&[project_file("storage.yaml")], None);
    insta::assert_json_snapshot!("storage_yaml", graph);
}

#[test]
fn json_template_snapshot() {
    let graph = iacgrade_frontend_cfn::parse(&[project_file("network.json")], None);
    insta::assert_json_snapshot!("network_json", graph);
}

#[test]
fn names_keep_the_suffix_placeholder() {
    let graph = iacgrade_frontend_cfn::parse(&[project_file("storage.yaml")], None);
    let bucket = resource(&graph, "DataBucket");
    assert_eq!(
        bucket.name,
        Some(Value::Template(vec![
            TemplatePart::Text("data-".into()),
            TemplatePart::Placeholder("EnvironmentSuffix".into()),
            TemplatePart::Text("-".into()),
            TemplatePart::Placeholder("AWS::AccountId".into()),
        ]))
    );
    let table = resource(&graph, "Table");
    assert_eq!(
        table.name.as_ref().map(Value::render).as_deref(),
        Some("orders-table-${EnvironmentSuffix}")
    );
    let log_group = resource(&graph, "LogGroup");
    assert_eq!(
        log_group.props.get("RetentionInDays"),
        Some(&Value::Num(365.0))
    );
    let json = iacgrade_frontend_cfn::parse(&[project_file("network.json")], None);
    assert_eq!(
        resource(&json, "Database")
            .name
            .as_ref()
            .map(Value::render)
            .as_deref(),
        Some("db-${EnvironmentSuffix}")
    );
}

#[test]
fn kinds_options_parameters_and_outputs() {
    let graph = iacgrade_frontend_cfn::parse(&[project_file("storage.yaml")], None);
    assert_eq!(
        resource(&graph, "Processor").kind,
        "AWS::Serverless::Function"
    );
    assert_eq!(resource(&graph, "EmptyBucket").kind, "Custom::EmptyBucket");
    let key = resource(&graph, "DataKey");
    assert_eq!(
        option(key, "DeletionPolicy"),
        Some(&Value::Str("Retain".into()))
    );
    assert_eq!(
        option(resource(&graph, "LogGroup"), "Condition"),
        Some(&Value::Str("IsProd".into()))
    );
    assert!(option(resource(&graph, "Table"), "deletion_protection").is_some());
    assert_eq!(graph.parameters, ["EnvironmentSuffix", "Stage"]);
    assert_eq!(graph.outputs.len(), 2);
    assert_eq!(
        graph.outputs[1].value,
        Value::Ref {
            target: "Table".into(),
            attribute: Some("Arn".into())
        }
    );
    assert!(graph.problems.is_empty(), "{:?}", graph.problems);
    assert_eq!(resource(&graph, "DataBucket").span.line, 37);
}

#[test]
fn broken_template_keeps_what_came_before() {
    let graph = iacgrade_frontend_cfn::parse(&[project_file("broken.yaml")], None);
    let names: Vec<String> = graph
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(names, ["Queue", "Topic", "Broken"]);
    assert_eq!(
        resource(&graph, "Queue").name,
        Some(Value::Str("jobs-fixed".into()))
    );
    insta::assert_json_snapshot!("broken_problems", graph.problems);
    // The syntax error stopped reading inside `Broken`: only it is marked as cut off.
    assert_eq!(
        option(resource(&graph, "Broken"), "truncated"),
        Some(&Value::Bool(true))
    );
    assert_eq!(option(resource(&graph, "Topic"), "truncated"), None);
}

#[test]
fn a_json_template_cut_off_marks_the_resource_it_stopped_in() {
    // A block scalar is not JSON: reading stops inside `Handler`, before its `Role`.
    let cut = block(
        Some("json"),
        "{\n  \"Resources\": {\n    \"Queue\": {\"Type\": \"AWS::SQS::Queue\"},\n    \"Handler\": {\n      \"Type\": \"AWS::Lambda::Function\",\n      \"Properties\": {\n        \"Code\": {\"ZipFile\": |\n          print(1)\n        },\n        \"Role\": \"arn\"\n      }\n    }\n  }\n}\n",
        1,
    );
    let graph = iacgrade_frontend_cfn::parse(&[cut], Some(iacgrade_task::Platform::Cfn));
    let handler = resource(&graph, "Handler");
    assert_eq!(option(handler, "truncated"), Some(&Value::Bool(true)));
    assert_eq!(handler.props.get("Role"), None);
    assert_eq!(option(resource(&graph, "Queue"), "truncated"), None);

    // Cut off in `Outputs`, after the whole `Resources` section: no resource is marked.
    let after = block(
        Some("json"),
        "{\n  \"Resources\": {\n    \"Queue\": {\"Type\": \"AWS::SQS::Queue\"}\n  },\n  \"Outputs\": {\n    \"Url\": {\"Value\": |\n",
        1,
    );
    let graph = iacgrade_frontend_cfn::parse(&[after], Some(iacgrade_task::Platform::Cfn));
    assert_eq!(option(resource(&graph, "Queue"), "truncated"), None);
}

#[test]
fn fragments_add_only_what_templates_lack() {
    let files = [
        block(
            Some("yaml"),
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
            10,
        ),
        // The same resource again, as answers repeat the part they explain: not declared twice.
        block(
            Some("yaml"),
            "Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: again\n",
            20,
        ),
        block(
            Some("json"),
            "\"Queue\": {\n  \"Type\": \"AWS::SQS::Queue\",\n  ...\n}\n",
            30,
        ),
        block(
            None,
            "Parameters:\n  AmiId:\n    Type: AWS::EC2::Image::Id\n",
            40,
        ),
    ];
    let graph = iacgrade_frontend_cfn::parse(&files, Some(iacgrade_task::Platform::Cfn));
    let names: Vec<String> = graph
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(names, ["Bucket", "Queue"]);
    let queue = resource(&graph, "Queue");
    assert_eq!(option(queue, "fragment"), Some(&Value::Bool(true)));
    assert_eq!(
        (queue.span.file.as_str(), queue.span.document_line),
        ("lib/IDEAL_RESPONSE.md:30", 30)
    );
    assert_eq!(graph.parameters, ["AmiId"]);
    // The elision is reported at its line in the answer document.
    assert_eq!(graph.problems.len(), 1);
    assert_eq!(graph.problems[0].file, "lib/IDEAL_RESPONSE.md");
    assert_eq!(graph.problems[0].line, Some(32));
}

#[test]
fn other_files_are_ignored() {
    let files = [
        block(
            Some("python"),
            "Resources = {'Type': 'AWS::S3::Bucket'}\n",
            1,
        ),
        block(
            Some("yaml"),
            "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
            5,
        ),
        block(
            Some("json"),
            "{\"Version\": \"2012-10-17\", \"Statement\": []}\n",
            9,
        ),
    ];
    let graph = iacgrade_frontend_cfn::parse(&files, None);
    assert_eq!(graph, ResourceGraph::default());
}
