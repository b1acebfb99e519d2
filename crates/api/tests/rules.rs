//! Each API rule on hand-built resource graphs, against the real embedded surfaces: a failing
//! fixture (snapshot of the findings) and a passing one (no findings) per rule.

use iacgrade_api::{check_api, ApiFinding};
use iacgrade_findings::{gather_repeats, FindingStatus, Side};
use iacgrade_ir::{Output, Resource, ResourceGraph, SourceSpan, Symbol, SymbolKind, Value};
use iacgrade_task::{Language, Platform};

fn span(file: &str, line: usize) -> SourceSpan {
    SourceSpan {
        file: file.to_string(),
        line,
        document_line: line + 10,
    }
}

fn symbol(kind: SymbolKind, path: &str, text: &str, line: usize) -> Symbol {
    Symbol {
        kind,
        path: path.to_string(),
        text: text.to_string(),
        span: span("lib/main", line),
    }
}

fn member(path: &str, text: &str, line: usize) -> Symbol {
    symbol(SymbolKind::Member, path, text, line)
}

fn argument(path: &str, line: usize) -> Symbol {
    let text = path.rsplit('.').next().unwrap_or(path);
    symbol(SymbolKind::Argument, path, text, line)
}

fn graph_of(symbols: Vec<Symbol>) -> ResourceGraph {
    ResourceGraph {
        symbols,
        ..ResourceGraph::default()
    }
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::map_of(entries.iter().cloned())
}

fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

fn resource(source_type: &str, logical: &str, props: Value, line: usize) -> Resource {
    Resource {
        kind: source_type.to_string(),
        source_type: source_type.to_string(),
        logical_name: s(logical),
        name: None,
        props,
        span: span("template", line),
        options: Vec::new(),
    }
}

fn messages(findings: &[ApiFinding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} line {}: {}", f.rule, f.line, f.message))
        .collect()
}

// ---------------------------------------------------------------- API001 unknown-sdk-symbol

#[test]
fn api001_pulumi_providers_aws_suggests_the_provider_class() {
    let model = graph_of(vec![
        symbol(SymbolKind::Import, "pulumi", "pulumi", 1),
        symbol(SymbolKind::Import, "pulumi_aws", "pulumi_aws", 2),
        member("pulumi.providers.Aws", "pulumi.providers.Aws", 33),
        argument("pulumi.providers.Aws.region", 33),
    ]);
    let findings = check_api(&model, Platform::Pulumi, Language::Py);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].suggestion.as_deref(),
        Some("pulumi_aws.Provider")
    );
    insta::assert_yaml_snapshot!(findings);

    let ideal = graph_of(vec![
        symbol(SymbolKind::Import, "pulumi_aws", "pulumi_aws", 2),
        member("pulumi_aws.Provider", "aws.Provider", 33),
        argument("pulumi_aws.Provider.region", 33),
    ]);
    assert_eq!(check_api(&ideal, Platform::Pulumi, Language::Py), vec![]);
}

#[test]
fn api001_a_name_used_again_is_reported_at_each_place_and_gathered_into_one_finding() {
    let mut symbols = vec![
        symbol(SymbolKind::Import, "pulumi", "pulumi", 1),
        member("pulumi.providers.Aws", "pulumi.providers.Aws", 40),
        member("pulumi.providers.Aws", "pulumi.providers.Aws", 12),
        member("pulumi.Outptu", "pulumi.Outptu", 20),
    ];
    let mut elsewhere = member("pulumi.providers.Aws", "pulumi.providers.Aws", 3);
    elsewhere.span = span("lib/other", 3);
    symbols.push(elsewhere);
    let findings = check_api(&graph_of(symbols), Platform::Pulumi, Language::Py);
    let places: Vec<(&str, usize)> = findings.iter().map(|f| (f.file.as_str(), f.line)).collect();
    assert_eq!(
        places,
        [
            ("lib/main", 12),
            ("lib/main", 20),
            ("lib/main", 40),
            ("lib/other", 3)
        ]
    );

    // Two mistakes: the repeated one at its first place, with the others in file and line order.
    let gathered = gather_repeats(
        findings
            .iter()
            .map(|f| f.to_finding(Side::Model, FindingStatus::Fixed))
            .collect(),
    );
    assert_eq!(gathered.len(), 2, "{gathered:#?}");
    let providers = &gathered[0];
    assert!(providers.message.contains("`providers`"));
    assert_eq!(
        (providers.file.as_str(), providers.line),
        ("lib/main", Some(12))
    );
    let others: Vec<(&str, usize)> = providers
        .also_at
        .iter()
        .map(|p| (p.file.as_str(), p.line))
        .collect();
    assert_eq!(others, [("lib/main", 40), ("lib/other", 3)]);
    assert!(providers.is_at("lib/other", 3) && !providers.is_at("lib/main", 20));
    assert!(gathered[1].message.contains("`Outptu`") && gathered[1].also_at.is_empty());
}

#[test]
fn api001_typescript_pulumi_and_cdk_paths() {
    let graph = graph_of(vec![
        member("@pulumi/pulumi.providers.Aws", "pulumi.providers.Aws", 3),
        member("@pulumi/aws.ec2.Vpc", "aws.ec2.Vpc", 4),
        member("@pulumi/aws.ec2.Vcp", "aws.ec2.Vcp", 5),
        member("aws-cdk-lib/aws-s3.Bucket", "s3.Bucket", 6),
        member("aws-cdk-lib.aws_s3.Bukket", "s3.Bukket", 7),
        member(
            "aws-cdk-lib.RemovalPolicy.DESTROY",
            "cdk.RemovalPolicy.DESTROY",
            8,
        ),
        member(
            "aws-cdk-lib.RemovalPolicy.DELETE",
            "cdk.RemovalPolicy.DELETE",
            9,
        ),
        // Not covered by any surface: never reported.
        member("@aws-sdk/client-s3.S3Client", "S3Client", 10),
        member("@pulumi/aws-native.s3.Bucket", "awsnative.s3.Bucket", 11),
    ]);
    let findings = check_api(&graph, Platform::Pulumi, Language::Ts);
    insta::assert_yaml_snapshot!(messages(&findings));
}

#[test]
fn api001_a_class_spelling_is_answered_with_a_class() {
    // `@pulumi/aws` has the class `s3.BucketReplicationConfig` and the function
    // `s3.getBucketReplicationConfiguration`: the class is what a `new` of the long name means.
    let graph = graph_of(vec![member(
        "@pulumi/aws.s3.BucketReplicationConfiguration",
        "aws.s3.BucketReplicationConfiguration",
        3,
    )]);
    let findings = check_api(&graph, Platform::Pulumi, Language::Ts);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].suggestion.as_deref(),
        Some("@pulumi/aws.s3.BucketReplicationConfig")
    );
}

#[test]
fn api001_python_cdk_and_cdktf_names_resolve() {
    let cdk = graph_of(vec![
        symbol(SymbolKind::Import, "aws_cdk", "aws_cdk", 1),
        member("aws_cdk.aws_s3.Bucket", "s3.Bucket", 2),
        member(
            "aws_cdk.aws_lambda.Runtime.PYTHON_3_12",
            "_lambda.Runtime.PYTHON_3_12",
            3,
        ),
        member("aws_cdk.Duration.days", "Duration.days", 4),
        member(
            "aws_cdk.aws_ec2.SubnetType.PRIVATE_WITH_EGRESS",
            "ec2.SubnetType.PRIVATE_WITH_EGRESS",
            5,
        ),
        member("constructs.Construct", "Construct", 6),
    ]);
    assert_eq!(
        messages(&check_api(&cdk, Platform::Cdk, Language::Py)),
        Vec::<String>::new()
    );

    let cdktf = graph_of(vec![
        member("cdktf.TerraformStack", "TerraformStack", 1),
        member("cdktf_cdktf_provider_aws.s3_bucket.S3Bucket", "S3Bucket", 2),
        member(
            "cdktf_cdktf_provider_aws.provider.AwsProvider",
            "AwsProvider",
            3,
        ),
        member(
            "cdktf_cdktf_provider_aws.s3_bucket.S3Buckett",
            "S3Buckett",
            4,
        ),
    ]);
    let findings = check_api(&cdktf, Platform::Cdktf, Language::Py);
    insta::assert_yaml_snapshot!(messages(&findings));
}

// ---------------------------------------------------------------- API003 unknown-argument

#[test]
fn api003_keyword_arguments_and_props() {
    let graph = graph_of(vec![
        argument("pulumi_aws.ec2.Vpc.cidr_block", 3),
        argument("pulumi_aws.ec2.Vpc.cidr", 4),
        argument("pulumi_aws.ec2.Vpc.opts", 5),
        argument("pulumi_aws.s3.Bucket.bucket", 6),
        // A spread is not a name: not checked.
        argument("pulumi_aws.ec2.Vpc.**kwargs", 7),
    ]);
    let findings = check_api(&graph, Platform::Pulumi, Language::Py);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].suggestion.as_deref(), Some("cidr_block"));

    let cdk = graph_of(vec![
        argument("aws-cdk-lib/aws-s3.Bucket.versioned", 3),
        argument("aws-cdk-lib/aws-s3.Bucket.versioning", 4),
        argument("aws-cdk-lib/aws-s3.Bucket.removalPolicy", 5),
        argument("aws-cdk-lib/aws-s3.Bucket.removal_policy", 6),
    ]);
    let findings = check_api(&cdk, Platform::Cdk, Language::Ts);
    insta::assert_yaml_snapshot!(messages(&findings));
}

#[test]
fn api003_cloudformation_properties_and_nested_types() {
    let bucket = resource(
        "AWS::S3::Bucket",
        "Logs",
        map(&[
            ("BucketName", s("logs")),
            ("VersioningConfig", map(&[("Status", s("Enabled"))])),
            (
                "BucketEncryption",
                map(&[(
                    "ServerSideEncryptionConfiguration",
                    Value::List(vec![map(&[
                        (
                            "ServerSideEncryptionByDefault",
                            map(&[("SSEAlgorithm", s("aws:kms"))]),
                        ),
                        ("BucketKeyEnable", Value::Bool(true)),
                    ])]),
                )]),
            ),
            // Intrinsics and free-form JSON are not properties.
            (
                "Tags",
                Value::List(vec![map(&[("Key", s("a")), ("Value", s("b"))])]),
            ),
        ]),
        4,
    );
    let good = resource(
        "AWS::SQS::Queue",
        "Queue",
        map(&[("QueueName", map(&[("Fn::Sub", s("${AWS::StackName}-q"))]))]),
        20,
    );
    let graph = ResourceGraph {
        resources: vec![bucket, good],
        ..ResourceGraph::default()
    };
    let findings = check_api(&graph, Platform::Cfn, Language::Yaml);
    insta::assert_yaml_snapshot!(messages(&findings));
}

#[test]
fn api003_terraform_arguments_blocks_and_meta_arguments() {
    let bucket = resource(
        "aws_s3_bucket",
        "logs",
        map(&[
            ("bucket", s("logs")),
            ("count", Value::Num(1.0)),
            ("lifecycle", map(&[("prevent_destroy", Value::Bool(false))])),
            ("versioning_configuration", map(&[("status", s("Enabled"))])),
            (
                "versioning",
                map(&[
                    ("enabled", Value::Bool(true)),
                    ("mfa_delete", Value::Bool(false)),
                    ("enable", Value::Bool(true)),
                ]),
            ),
        ]),
        1,
    );
    let other = resource(
        "random_id",
        "suffix",
        map(&[("byte_length", Value::Num(4.0))]),
        9,
    );
    let graph = ResourceGraph {
        resources: vec![bucket, other],
        ..ResourceGraph::default()
    };
    let findings = check_api(&graph, Platform::Tf, Language::Hcl);
    insta::assert_yaml_snapshot!(messages(&findings));
}

// ---------------------------------------------------------------- API002 unknown-resource-type

#[test]
fn api002_unknown_types_with_nearest_real_type() {
    let cfn = ResourceGraph {
        resources: vec![
            resource("AWS::S3::Buckets", "A", map(&[]), 1),
            resource("AWS::S3::Bucket", "B", map(&[]), 2),
            resource("AWS::Serverless::Function", "C", map(&[]), 3),
            resource("Custom::Seeder", "D", map(&[]), 4),
        ],
        ..ResourceGraph::default()
    };
    let tf = ResourceGraph {
        resources: vec![
            resource("aws_s3_buckets", "a", map(&[]), 1),
            resource("aws_s3_bucket", "b", map(&[]), 2),
            resource("data.aws_availability_zones", "zones", map(&[]), 3),
            resource("random_password", "p", map(&[]), 4),
        ],
        ..ResourceGraph::default()
    };
    let mut all = messages(&check_api(&cfn, Platform::Cfn, Language::Yaml));
    all.extend(messages(&check_api(&tf, Platform::Tf, Language::Hcl)));
    insta::assert_yaml_snapshot!(all);
}

// ---------------------------------------------------------------- API004 unknown-attribute

#[test]
fn api004_getatt_and_terraform_references() {
    let reference = |target: &str, attribute: &str| Value::Ref {
        target: target.to_string(),
        attribute: Some(attribute.to_string()),
    };
    let cfn = ResourceGraph {
        resources: vec![
            resource("AWS::S3::Bucket", "Bucket", map(&[]), 1),
            resource("AWS::RDS::DBInstance", "Db", map(&[]), 5),
        ],
        outputs: vec![
            Output {
                name: "Good".into(),
                value: reference("Bucket", "Arn"),
                span: span("template", 20),
            },
            Output {
                name: "Bad".into(),
                value: reference("Bucket", "BucketArn"),
                span: span("template", 21),
            },
            Output {
                name: "Nested".into(),
                value: reference("Db", "Endpoint.Address"),
                span: span("template", 22),
            },
        ],
        ..ResourceGraph::default()
    };
    let tf = ResourceGraph {
        resources: vec![
            resource("aws_s3_bucket", "b", map(&[]), 1),
            resource(
                "aws_s3_bucket_policy",
                "p",
                map(&[
                    ("bucket", reference("aws_s3_bucket.b", "id")),
                    ("policy", reference("aws_s3_bucket.b", "bucket_arn")),
                ]),
                5,
            ),
        ],
        ..ResourceGraph::default()
    };
    let mut all = messages(&check_api(&cfn, Platform::Cfn, Language::Yaml));
    all.extend(messages(&check_api(&tf, Platform::Tf, Language::Hcl)));
    insta::assert_yaml_snapshot!(all);
}

/// Computed map attributes (`outputs` of a CloudFormation stack, `uris` of an AppSync API) are
/// attributes too; the generated provider reads them through the core's map classes.
#[test]
fn api004_terraform_computed_map_attributes() {
    let reference = |target: &str, attribute: &str| Value::Ref {
        target: target.to_string(),
        attribute: Some(attribute.to_string()),
    };
    let tf = ResourceGraph {
        resources: vec![
            resource("aws_cloudformation_stack", "media", map(&[]), 1),
            resource("aws_appsync_graphql_api", "api", map(&[]), 5),
        ],
        outputs: vec![
            Output {
                name: "queue".into(),
                value: reference("aws_cloudformation_stack.media", "outputs[\"QueueUrl\"]"),
                span: span("outputs.tf", 1),
            },
            Output {
                name: "graphql".into(),
                value: reference("aws_appsync_graphql_api.api", "uris[\"GRAPHQL\"]"),
                span: span("outputs.tf", 5),
            },
            Output {
                name: "invented".into(),
                value: reference("aws_appsync_graphql_api.api", "graphql_url"),
                span: span("outputs.tf", 9),
            },
        ],
        ..ResourceGraph::default()
    };
    assert_eq!(
        messages(&check_api(&tf, Platform::Tf, Language::Hcl)),
        vec!["API004 line 9: `aws_appsync_graphql_api` has no attribute `graphql_url`"]
    );
}

// ---------------------------------------------------------------- API005 missing-required-property

#[test]
fn api005_required_cloudformation_properties() {
    let graph = ResourceGraph {
        resources: vec![
            resource(
                "AWS::Lambda::Function",
                "Fn",
                map(&[
                    ("Runtime", s("python3.12")),
                    ("Handler", s("index.handler")),
                ]),
                1,
            ),
            resource(
                "AWS::IAM::Role",
                "Role",
                map(&[("AssumeRolePolicyDocument", map(&[]))]),
                10,
            ),
            // Properties built by an intrinsic are not checked.
            resource(
                "AWS::IAM::Role",
                "Other",
                map(&[("Fn::If", Value::List(vec![]))]),
                20,
            ),
            // Nor outlines that set no property at all.
            resource("AWS::EC2::Subnet", "Outline", map(&[]), 25),
            // Nor fragments quoted in prose with their properties elided.
            Resource {
                options: vec![("fragment".into(), Value::Bool(true))],
                ..resource(
                    "AWS::EC2::Subnet",
                    "Quoted",
                    map(&[("CidrBlock", s("10.0.1.0/24"))]),
                    30,
                )
            },
            // Nor the resource a syntax error cut off: its later properties were never read.
            Resource {
                options: vec![("truncated".into(), Value::Bool(true))],
                ..resource(
                    "AWS::Lambda::Function",
                    "CutOff",
                    map(&[("Runtime", s("python3.12"))]),
                    40,
                )
            },
        ],
        ..ResourceGraph::default()
    };
    let findings = check_api(&graph, Platform::Cfn, Language::Yaml);
    insta::assert_yaml_snapshot!(messages(&findings));
}

#[test]
fn api005_a_resource_shown_in_two_blocks_is_judged_as_a_whole() {
    let full = map(&[
        ("KeySchema", Value::List(vec![])),
        ("BillingMode", s("PAY_PER_REQUEST")),
    ]);
    let additions = map(&[("DeletionProtectionEnabled", Value::Bool(true))]);
    let graph = ResourceGraph {
        resources: vec![
            resource("AWS::DynamoDB::Table", "Table", full, 1),
            resource("AWS::DynamoDB::Table", "Table", additions.clone(), 40),
            // Shown once, without its key schema: reported.
            resource("AWS::DynamoDB::Table", "Other", additions, 60),
        ],
        ..ResourceGraph::default()
    };
    let findings = check_api(&graph, Platform::Cfn, Language::Yaml);
    assert_eq!(
        messages(&findings),
        vec!["API005 line 60: `AWS::DynamoDB::Table` `Other` is missing required property `KeySchema`"]
    );
}

// ---------------------------------------------------------------- conversion

#[test]
fn converts_into_a_pipeline_finding() {
    let graph = graph_of(vec![member(
        "pulumi.providers.Aws",
        "pulumi.providers.Aws",
        33,
    )]);
    let findings = check_api(&graph, Platform::Pulumi, Language::Py);
    let finding = findings[0].to_finding(Side::Model, FindingStatus::Fixed);
    assert_eq!(finding.rule, "API001");
    assert_eq!(finding.name, "unknown-sdk-symbol");
    assert_eq!(finding.category, "C");
    assert_eq!(finding.line, Some(33));
    assert_eq!(finding.fix.as_deref(), Some("use `pulumi_aws.Provider`"));
    assert!(finding.docs.is_some());
}

#[test]
fn every_surface_loads_with_its_sources() {
    for id in iacgrade_api::SurfaceId::ALL {
        let surface = id.surface();
        assert!(
            surface.problems.is_empty(),
            "{}: {:?}",
            id.name(),
            surface.problems
        );
        assert!(
            surface.len() > 1000,
            "{} has {} entries",
            id.name(),
            surface.len()
        );
        assert!(
            !surface.sources.is_empty(),
            "{} records no package versions",
            id.name()
        );
    }
}

#[test]
fn api001_cdk_v1_core_module_and_alpha_packages() {
    let graph = graph_of(vec![
        // CDK v1 layout: gone in v2, renamed to the package root.
        member("aws_cdk.core.Stack", "core.Stack", 1),
        // Experimental libraries are other distributions in the same namespace package.
        member(
            "aws_cdk.aws_lambda_python_alpha.PythonFunction",
            "PythonFunction",
            2,
        ),
    ]);
    let findings = check_api(&graph, Platform::Cdk, Language::Py);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].suggestion.as_deref(), Some("aws_cdk.Stack"));
}
