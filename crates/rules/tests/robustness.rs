//! Rules never panic, whatever the front-ends hand them: arbitrary value trees under the keys
//! and kinds the rules read, in every shape, with and without a request.

use iacgrade_ir::{Resource, ResourceGraph, SourceSpan, TemplatePart, Value};
use iacgrade_rules::{check_all, RuleContext};
use iacgrade_task::Platform;
use proptest::prelude::*;

const KEYS: [&str; 24] = [
    "BucketEncryption",
    "server_side_encryption_configuration",
    "rule",
    "SSEAlgorithm",
    "SecurityGroupIngress",
    "ingress",
    "FromPort",
    "to_port",
    "CidrIp",
    "cidr_blocks",
    "IpProtocol",
    "Statement",
    "Action",
    "Resource",
    "Effect",
    "Environment",
    "Variables",
    "MasterUserPassword",
    "ContainerDefinitions",
    "Image",
    "Runtime",
    "bucket",
    "Parameters",
    "DefaultActions",
];

const KINDS: [&str; 14] = [
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::EC2::SecurityGroup",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::IAM::Role",
    "AWS::Lambda::Function",
    "AWS::ECS::TaskDefinition",
    "AWS::ECS::Service",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::EC2::VPC",
    "AWS::Logs::LogGroup",
    "AWS::EC2::LaunchTemplate",
];

const SOURCE_TYPES: [&str; 5] = [
    "AWS::S3::Bucket",
    "aws_s3_bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws_s3.Bucket",
    "aws_s3.CfnBucket",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        ".{0,12}".prop_map(Value::Str),
        prop_oneof![
            Just("0.0.0.0/0"),
            Just("*"),
            Just("true"),
            Just("{\"a\": [1]}"),
            Just("nginx")
        ]
        .prop_map(|s| Value::Str(s.to_string())),
        any::<f64>().prop_map(Value::Num),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        ".{0,8}".prop_map(|t| Value::Ref {
            target: t,
            attribute: None
        }),
        ".{0,8}".prop_map(|t| Value::Template(vec![
            TemplatePart::Text(t.clone()),
            TemplatePart::Placeholder(t)
        ])),
        ".{0,16}".prop_map(Value::Unknown),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            prop::collection::vec((prop::sample::select(&KEYS[..]), inner), 0..5).prop_map(
                |entries| Value::Map(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect()
                )
            ),
        ]
    })
}

fn resource() -> impl Strategy<Value = Resource> {
    (
        prop::sample::select(&KINDS[..]),
        prop::sample::select(&SOURCE_TYPES[..]),
        value(),
        ".{0,6}",
    )
        .prop_map(|(kind, source_type, props, name)| Resource {
            kind: kind.to_string(),
            source_type: source_type.to_string(),
            logical_name: Value::Str(name),
            name: None,
            props,
            span: SourceSpan {
                file: "f".into(),
                line: 1,
                document_line: 1,
            },
            options: vec![("DeletionPolicy".into(), Value::Str("Retain".into()))],
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn rules_never_panic(
        resources in prop::collection::vec(resource(), 0..6),
        prompt in prop_oneof![
            Just(None),
            Just(Some("Use KMS for all data at rest, HTTPS, CloudTrail, private subnets for the ECS service; encryption in transit.".to_string())),
            ".{0,40}".prop_map(Some),
        ],
        platform in prop::sample::select(&Platform::ALL[..]),
    ) {
        let graph = ResourceGraph { resources, ..Default::default() };
        let mut ctx = RuleContext::new(&graph).with_platform(platform);
        if let Some(p) = prompt.as_deref() {
            ctx = ctx.with_prompt(p);
        }
        let _ = check_all(&ctx);
    }
}
