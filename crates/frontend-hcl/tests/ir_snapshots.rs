//! The graphs the Terraform front-end builds for the fixture configurations, as JSON snapshots,
//! plus the facts about them that later stages rely on, asserted directly.

use std::path::Path;

use iacgrade_ir::{ResourceGraph, TemplatePart, Value};
use iacgrade_task::{Origin, SourceFile};

/// Every file of a fixture folder, named `lib/<file>` as a task's project would name it.
fn fixture(folder: &str) -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = format!("lib/{name}");
            SourceFile {
                path: Some(path.clone()),
                declared_language: None,
                text: std::fs::read_to_string(dir.join(&name)).expect("fixture file"),
                origin: Origin::Project,
                document: path,
                first_line: 1,
            }
        })
        .collect()
}

fn resource<'g>(
    graph: &'g ResourceGraph,
    source_type: &str,
    logical: &str,
) -> &'g iacgrade_ir::Resource {
    graph
        .resources
        .iter()
        .find(|r| r.source_type == source_type && r.logical_name.as_str() == Some(logical))
        .unwrap_or_else(|| panic!("no {source_type}.{logical}"))
}

#[test]
fn network_configuration_snapshot() {
    let graph = iacgrade_frontend_hcl::parse(&fixture("network"), None);
    insta::assert_json_snapshot!("network", graph);
}

#[test]
fn names_built_from_locals_keep_the_suffix_placeholder() {
    let graph = iacgrade_frontend_hcl::parse(&fixture("network"), None);
    let vpc = resource(&graph, "aws_vpc", "main");
    assert_eq!(vpc.kind, "AWS::EC2::VPC");
    assert_eq!(
        vpc.props.get("tags").and_then(|t| t.get("Name")),
        Some(&Value::Template(vec![
            TemplatePart::Text("app-".into()),
            TemplatePart::Placeholder("var.environment_suffix".into()),
            TemplatePart::Text("-vpc".into()),
        ]))
    );
    let db = resource(&graph, "aws_db_instance", "main");
    assert_eq!(
        db.name.as_ref().map(Value::render).as_deref(),
        Some("app-${var.environment_suffix}-db")
    );
    assert!(db
        .options
        .contains(&("deletion_protection".into(), Value::Bool(false))));
}

#[test]
fn literal_loops_are_expanded() {
    let graph = iacgrade_frontend_hcl::parse(&fixture("network"), None);
    let subnet = resource(&graph, "aws_subnet", "private[1]");
    assert_eq!(
        subnet.props.get("availability_zone"),
        Some(&Value::Str("us-east-1b".into()))
    );
    assert_eq!(
        subnet
            .props
            .get("tags")
            .and_then(|t| t.get("Name"))
            .map(Value::render)
            .as_deref(),
        Some("app-${var.environment_suffix}-private-2")
    );
    let audit = resource(&graph, "aws_s3_bucket", "logs[\"audit\"]");
    assert_eq!(
        audit.name.as_ref().map(Value::render).as_deref(),
        Some("app-${var.environment_suffix}-audit-logs")
    );
    assert!(audit
        .options
        .contains(&("prevent_destroy".into(), Value::Bool(true))));
    // A loop over something only known at apply time is recorded once.
    let nat = resource(&graph, "aws_nat_gateway", "per_az");
    assert!(nat
        .options
        .iter()
        .any(|(k, v)| k == "loop" && matches!(v, Value::Unknown(_))));
    // `for` expressions over literal locals feed `for_each`.
    let public = resource(&graph, "aws_subnet", "public[\"us-east-1b\"]");
    assert_eq!(
        public.props.get("availability_zone"),
        Some(&Value::Str("us-east-1b".into()))
    );
    assert_eq!(
        public.props.get("tags").and_then(|t| t.get("Zone")),
        Some(&Value::Str("US-EAST-1A".into()))
    );
    assert!(graph
        .resources
        .iter()
        .all(|r| r.logical_name.as_str() != Some("public[\"us-east-1c\"]")));
    // A count taken from another looped resource, or from a slice with literal bounds.
    let association = resource(&graph, "aws_route_table_association", "private[1]");
    assert_eq!(
        association.props.get("subnet_id"),
        Some(&Value::Ref {
            target: "aws_subnet.private[1]".into(),
            attribute: Some("id".into())
        })
    );
    assert!(graph
        .resources
        .iter()
        .any(|r| r.logical_name.as_str() == Some("nat[1]")));
    let web = resource(&graph, "aws_security_group", "web");
    let Some(Value::List(ingress)) = web.props.get("ingress") else {
        panic!("ingress blocks")
    };
    assert_eq!(ingress.len(), 2);
    assert_eq!(ingress[1].get("from_port"), Some(&Value::Num(443.0)));
}

#[test]
fn references_providers_outputs_and_parameters() {
    let graph = iacgrade_frontend_hcl::parse(&fixture("network"), None);
    let subnet = resource(&graph, "aws_subnet", "private[0]");
    assert_eq!(
        subnet.props.get("vpc_id"),
        Some(&Value::Ref {
            target: "aws_vpc.main".into(),
            attribute: Some("id".into())
        })
    );
    assert_eq!(
        graph.parameters,
        ["aws_region", "environment_suffix", "az_count"]
    );
    assert_eq!(graph.providers.len(), 2);
    assert_eq!(
        graph.providers[0].region,
        Some(Value::Str("us-east-1".into()))
    );
    assert_eq!(graph.providers[1].alias.as_deref(), Some("west"));
    assert_eq!(graph.outputs.len(), 3);
    let rule = resource(&graph, "aws_security_group_rule", "ssh");
    assert_eq!(rule.kind, "AWS::EC2::SecurityGroupIngress");
    let data = resource(&graph, "data.aws_caller_identity", "current");
    assert_eq!(data.kind, "tf:data.aws_caller_identity");
    let module = resource(&graph, "module", "vpc_endpoints");
    assert_eq!(module.kind, "terraform:module");
    assert!(graph.problems.is_empty(), "{:?}", graph.problems);
}

#[test]
fn broken_blocks_cost_only_their_bad_lines() {
    let graph = iacgrade_frontend_hcl::parse(&fixture("broken"), None);
    let names: Vec<String> = graph
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(names, ["kept", "cut", "also_kept"]);
    let cut = &graph.resources[1];
    assert_eq!(cut.props.get("name"), Some(&Value::Str("queue".into())));
    assert_eq!(cut.props.get("visibility_timeout_seconds"), None);
    insta::assert_json_snapshot!("broken_problems", graph.problems);
}

#[test]
fn code_blocks_name_their_document_lines() {
    let file = SourceFile {
        path: None,
        declared_language: Some("hcl".into()),
        text: "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q-${var.env}\"\n}\n".into(),
        origin: Origin::ModelResponse,
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 40,
    };
    let graph = iacgrade_frontend_hcl::parse(&[file], None);
    let queue = &graph.resources[0];
    assert_eq!(queue.span.file, "lib/MODEL_RESPONSE.md:40");
    assert_eq!((queue.span.line, queue.span.document_line), (1, 40));
}
