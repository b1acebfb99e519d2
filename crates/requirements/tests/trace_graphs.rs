//! Trace verdicts on hand-built resource graphs: met, unmet, and unknown for values the code
//! computes. Property keys are written in each platform's case (CloudFormation PascalCase,
//! Terraform snake_case, TypeScript camelCase).

use iacgrade_ir::{Provider, Resource, ResourceGraph, SourceSpan, TemplatePart, Value};
use iacgrade_requirements::{trace, ItemKind, RequirementTrace, SideCode, TraceInput, Verdict};
use iacgrade_task::{Platform, TextDocument};

fn span(line: usize) -> SourceSpan {
    SourceSpan {
        file: "main.tf".into(),
        line,
        document_line: line,
    }
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::map_of(entries)
}

fn res(kind: &str, source_type: &str, name: &str, props: Value, line: usize) -> Resource {
    Resource {
        kind: kind.into(),
        source_type: source_type.into(),
        logical_name: Value::Str(name.into()),
        name: None,
        props,
        span: span(line),
        options: vec![],
    }
}

fn suffixed(prefix: &str) -> Value {
    Value::Template(vec![
        TemplatePart::Text(prefix.into()),
        TemplatePart::Placeholder("var.environment_suffix".into()),
    ])
}

const PROMPT: &str = "## Mandatory requirements\n\n- Every resource is deployed in eu-west-1.\n- All connections to Redis are encrypted in transit (TLS).\n- ECS tasks run in private subnets, with outbound internet access through a NAT Gateway.\n- Every resource name includes the environment suffix.\n";

fn graph(transit: Value, assign_public_ip: Value, nat: bool, region: &str) -> ResourceGraph {
    let mut resources = vec![
        res(
            "AWS::ElastiCache::ReplicationGroup",
            "aws_elasticache_replication_group",
            "redis",
            map(vec![
                ("transit_encryption_enabled", transit),
                ("replication_group_id", suffixed("redis-")),
            ]),
            10,
        ),
        res(
            "AWS::ECS::Service",
            "aws_ecs_service",
            "api",
            map(vec![
                ("name", suffixed("api-")),
                (
                    "network_configuration",
                    Value::List(vec![map(vec![("assign_public_ip", assign_public_ip)])]),
                ),
            ]),
            20,
        ),
    ];
    resources[0].name = Some(suffixed("redis-"));
    resources[1].name = Some(suffixed("api-"));
    resources.push(res(
        "AWS::EC2::Subnet",
        "aws_subnet",
        "private",
        map(vec![]),
        25,
    ));
    if nat {
        resources.push(res(
            "AWS::EC2::NatGateway",
            "aws_nat_gateway",
            "nat",
            map(vec![]),
            30,
        ));
    }
    ResourceGraph {
        resources,
        providers: vec![Provider {
            name: "aws".into(),
            region: Some(Value::Str(region.into())),
            alias: None,
            span: span(1),
        }],
        ..Default::default()
    }
}

fn run(model: &ResourceGraph, ideal: &ResourceGraph) -> RequirementTrace {
    let prompts = [TextDocument {
        path: "lib/PROMPT.md".into(),
        text: PROMPT.into(),
    }];
    let platform = Some(Platform::Tf);
    trace(&TraceInput {
        prompts: &prompts,
        metadata: None,
        model: Some(SideCode::new(model, &[]).with_platform(platform)),
        ideal: Some(SideCode::new(ideal, &[]).with_platform(platform)),
    })
}

fn verdicts(t: &RequirementTrace, check: &str) -> (Verdict, Verdict) {
    let item = t
        .items
        .iter()
        .find(|i| i.checks.contains(&check))
        .unwrap_or_else(|| panic!("no item for {check}"));
    (item.model, item.ideal)
}

#[test]
fn model_misses_what_the_ideal_fixes() {
    let model = graph(Value::Bool(false), Value::Bool(true), false, "us-east-1");
    let ideal = graph(Value::Bool(true), Value::Bool(false), true, "eu-west-1");
    let t = run(&model, &ideal);
    assert_eq!(
        verdicts(&t, "elasticache-transit-encryption"),
        (Verdict::Unmet, Verdict::Met)
    );
    assert_eq!(
        verdicts(&t, "ecs-private-networking"),
        (Verdict::Unmet, Verdict::Met)
    );
    assert_eq!(verdicts(&t, "nat-gateway"), (Verdict::Unmet, Verdict::Met));
    assert_eq!(
        verdicts(&t, "environment-suffix"),
        (Verdict::Met, Verdict::Met)
    );
    let region = t
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Region)
        .expect("region item");
    assert_eq!((region.model, region.ideal), (Verdict::Unmet, Verdict::Met));
    let findings = iacgrade_requirements::rules::findings(&t, iacgrade_findings::Side::Model);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        rules.contains(&"REQ002") && rules.contains(&"REQ003"),
        "{rules:?}"
    );
    insta::assert_json_snapshot!("model_misses_what_the_ideal_fixes", t);
}

#[test]
fn computed_values_are_unknown_never_unmet() {
    let computed = Value::Ref {
        target: "var.tls".into(),
        attribute: None,
    };
    let model = graph(
        computed.clone(),
        Value::Unknown("local.public".into()),
        true,
        "eu-west-1",
    );
    let t = run(&model, &model);
    assert_eq!(
        verdicts(&t, "elasticache-transit-encryption").0,
        Verdict::Unknown
    );
    assert_eq!(verdicts(&t, "ecs-private-networking").0, Verdict::Unknown);
    let findings = iacgrade_requirements::rules::findings(&t, iacgrade_findings::Side::Model);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn absent_terraform_setting_takes_the_documented_default() {
    let mut model = graph(Value::Null, Value::Bool(false), true, "eu-west-1");
    // Remove the transit key: Terraform's default is off.
    if let Value::Map(entries) = &mut model.resources[0].props {
        entries.retain(|(k, _)| k != "transit_encryption_enabled");
    }
    let t = run(&model, &model);
    assert_eq!(
        verdicts(&t, "elasticache-transit-encryption").0,
        Verdict::Unmet
    );
}

#[test]
fn names_without_the_suffix_are_unmet() {
    let mut model = graph(Value::Bool(true), Value::Bool(false), true, "eu-west-1");
    for r in &mut model.resources {
        r.name = Some(Value::Str("fixed-name".into()));
    }
    let t = run(&model, &model);
    assert_eq!(verdicts(&t, "environment-suffix").0, Verdict::Unmet);
}

#[test]
fn camel_case_keys_read_the_same() {
    let mut model = graph(Value::Bool(true), Value::Bool(false), true, "eu-west-1");
    model.resources[0].props = map(vec![("transitEncryptionEnabled", Value::Bool(true))]);
    model.resources[0].source_type = "aws:elasticache/replicationGroup:ReplicationGroup".into();
    model.resources[0].kind = "pulumi:aws:elasticache/replicationGroup:ReplicationGroup".into();
    let t = run(&model, &model);
    assert_eq!(
        verdicts(&t, "elasticache-transit-encryption").0,
        Verdict::Met
    );
}

#[test]
fn empty_graph_is_unknown() {
    let empty = ResourceGraph::default();
    let t = run(&empty, &empty);
    for item in &t.items {
        assert_eq!(item.model, Verdict::Unknown, "{}", item.text);
    }
    assert!(t.services.missing_model.is_empty());
}
