//! Behaviour later stages rely on, asserted directly: templates keep the environment suffix as a
//! placeholder, loops expand or are marked, references point at logical names, and bad input
//! becomes a problem rather than a panic.

mod common;

use common::source;
use iacgrade_frontend_code::parse;
use iacgrade_ir::{TemplatePart, Value};
use iacgrade_task::Platform;

fn py(text: &str) -> iacgrade_ir::ResourceGraph {
    parse(&[source("lib/tap_stack.py", text)], Some(Platform::Pulumi))
}

fn ts(text: &str, platform: Platform) -> iacgrade_ir::ResourceGraph {
    parse(&[source("lib/tap-stack.ts", text)], Some(platform))
}

#[test]
fn f_string_names_keep_the_suffix_placeholder() {
    let g = py("import pulumi_aws as aws\nvpc = aws.ec2.Vpc(f\"vpc-{environment_suffix}\", cidr_block=\"10.0.0.0/16\")\n");
    assert_eq!(g.resources.len(), 1);
    assert_eq!(
        g.resources[0].logical_name,
        Value::Template(vec![
            TemplatePart::Text("vpc-".into()),
            TemplatePart::Placeholder("environment_suffix".into())
        ])
    );
    assert_eq!(g.resources[0].kind, "AWS::EC2::VPC");
    assert_eq!(g.resources[0].source_type, "aws:ec2/vpc:Vpc");
}

#[test]
fn variables_assigned_once_resolve_and_reassigned_ones_stay_placeholders() {
    let g = py(concat!(
        "import pulumi_aws as aws\n",
        "prefix = f\"app-{env}\"\n",
        "count = 1\n",
        "count = 2\n",
        "aws.s3.Bucket(f\"{prefix}-logs\")\n",
        "aws.s3.Bucket(f\"b-{count}\")\n",
    ));
    assert_eq!(g.resources[0].logical_name.render(), "app-${env}-logs");
    assert_eq!(g.resources[1].logical_name.render(), "b-${count}");
}

#[test]
fn literal_loops_expand_and_other_loops_are_marked() {
    let g = py(concat!(
        "import pulumi_aws as aws\n",
        "AZ_COUNT = 3\n",
        "for i in range(AZ_COUNT):\n",
        "    aws.ec2.Subnet(f\"subnet-{i}\", vpc_id=\"v\")\n",
        "for az in azs[:2]:\n",
        "    aws.ec2.Eip(f\"eip-{az}\")\n",
        "for name in get_names():\n",
        "    aws.sqs.Queue(name)\n",
    ));
    let names: Vec<String> = g
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(
        names,
        [
            "subnet-0",
            "subnet-1",
            "subnet-2",
            "eip-${azs[0]}",
            "eip-${azs[1]}",
            "name"
        ]
    );
    let queue = &g.resources[5];
    assert_eq!(queue.logical_name, Value::Unknown("name".into()));
    assert!(queue
        .options
        .iter()
        .any(|(k, v)| k == "loop" && *v == Value::Unknown("get_names()".into())));
}

#[test]
fn typescript_loops_expand_over_literal_arrays_and_counting_loops() {
    let g = ts(
        concat!(
            "import * as aws from '@pulumi/aws';\n",
            "const zones = ['a', 'b', 'c'];\n",
            "zones.forEach((z, i) => new aws.ec2.Subnet(`s-${z}`, { cidrBlock: `10.0.${i}.0/24` }));\n",
            "for (let i = 0; i < 2; i++) { new aws.ec2.Eip(`e${i}`); }\n",
            "for (const az of zones.slice(0, 2)) { new aws.ec2.NatGateway(`nat-${az}`, {}); }\n",
        ),
        Platform::Pulumi,
    );
    let names: Vec<String> = g
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(names, ["s-a", "s-b", "s-c", "e0", "e1", "nat-a", "nat-b"]);
    assert_eq!(
        g.resources[1].props.get("cidrBlock"),
        Some(&Value::Str("10.0.1.0/24".into()))
    );
}

#[test]
fn references_point_at_logical_names() {
    let g = ts(
        concat!(
            "import * as cdk from 'aws-cdk-lib';\n",
            "import * as s3 from 'aws-cdk-lib/aws-s3';\n",
            "import * as iam from 'aws-cdk-lib/aws-iam';\n",
            "const bucket = new s3.Bucket(this, 'Logs', { versioned: true });\n",
            "new iam.Role(this, 'Reader', { description: bucket.bucketArn });\n",
        ),
        Platform::Cdk,
    );
    assert_eq!(
        g.resources[1].props.get("description"),
        Some(&Value::Ref {
            target: "Logs".into(),
            attribute: Some("bucketArn".into())
        })
    );
}

#[test]
fn components_are_recorded_once_per_instantiation() {
    let g = py(concat!(
        "import pulumi\n",
        "import pulumi_aws as aws\n",
        "class Web(pulumi.ComponentResource):\n",
        "    def __init__(self, name, opts=None):\n",
        "        super().__init__('demo:web:Web', name, None, opts)\n",
        "        aws.s3.Bucket(f'{name}-site', opts=pulumi.ResourceOptions(parent=self))\n",
        "Web('blue')\n",
        "Web('green')\n",
    ));
    let names: Vec<String> = g
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(names, ["blue-site", "green-site"]);
    assert!(g.resources[0]
        .options
        .iter()
        .any(|(k, v)| k == "component" && *v == Value::Str("demo:web:Web".into())));
}

#[test]
fn a_class_nothing_instantiates_is_walked_once() {
    let g = ts(
        concat!(
            "import * as cdk from 'aws-cdk-lib';\n",
            "import * as sqs from 'aws-cdk-lib/aws-sqs';\n",
            "export class TapStack extends cdk.Stack {\n",
            "  constructor(scope: any, id: string, props?: any) {\n",
            "    super(scope, id, props);\n",
            "    new sqs.Queue(this, 'Jobs', { queueName: `jobs-${props.environmentSuffix}` });\n",
            "  }\n",
            "}\n",
        ),
        Platform::Cdk,
    );
    assert_eq!(g.resources.len(), 1);
    assert_eq!(g.resources[0].kind, "AWS::SQS::Queue");
    assert_eq!(
        g.resources[0].name.as_ref().map(Value::render).as_deref(),
        Some("jobs-${props.environmentSuffix}")
    );
}

#[test]
fn pulumi_resources_without_a_physical_name_are_named_after_their_logical_name() {
    let g = py("import pulumi_aws as aws\naws.sqs.Queue('jobs')\naws.sqs.Queue('named', name='jobs-dev')\n");
    let auto = |i: usize| {
        g.resources[i]
            .options
            .iter()
            .any(|(k, v)| k == "physical_name_from_logical_name" && *v == Value::Bool(true))
    };
    assert!(auto(0));
    assert!(!auto(1));
    assert_eq!(g.resources[1].name, Some(Value::Str("jobs-dev".into())));
}

#[test]
fn syntax_errors_are_problems_with_file_and_line() {
    let g = py("import pulumi_aws as aws\n\naws.s3.Bucket('ok')\ndef broken(:\n    pass\n");
    assert_eq!(g.resources.len(), 1, "what parses is still read");
    assert_eq!(g.problems.len(), 1);
    assert_eq!(g.problems[0].file, "lib/tap_stack.py");
    assert_eq!(g.problems[0].line, Some(4));
}

#[test]
fn tests_and_other_languages_are_ignored() {
    let files = [
        source(
            "tests/unit/test_stack.py",
            "import pulumi_aws as aws\naws.s3.Bucket('mock')\n",
        ),
        source("lib/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        source("Pulumi.yaml", "name: demo\n"),
    ];
    let g = parse(&files, Some(Platform::Pulumi));
    assert!(g.resources.is_empty());
    assert!(g.files.is_empty());
}

#[test]
fn snippets_without_imports_resolve_conventional_aliases() {
    let g = parse(
        &[source(
            "lib/tap_stack.py",
            "self.key = kms.Key(self, 'Key', enable_key_rotation=True)\n",
        )],
        Some(Platform::Cdk),
    );
    assert_eq!(g.resources.len(), 1);
    assert_eq!(g.resources[0].kind, "AWS::KMS::Key");
    assert!(
        g.symbols.is_empty(),
        "names never imported are not recorded as SDK symbols"
    );
}

#[test]
fn symbols_resolve_aliases_to_packages() {
    let g = py("import pulumi_aws as aws\nimport pulumi\naws.ec2.Vpc('v', cidr_block='10.0.0.0/16')\np = pulumi.providers.Aws('p')\n");
    let paths: Vec<(String, String)> = g
        .symbols
        .iter()
        .map(|s| (format!("{:?}", s.kind), s.path.clone()))
        .collect();
    assert!(paths.contains(&("Import".into(), "pulumi_aws".into())));
    assert!(paths.contains(&("Member".into(), "pulumi_aws.ec2.Vpc".into())));
    assert!(paths.contains(&("Argument".into(), "pulumi_aws.ec2.Vpc.cidr_block".into())));
    assert!(paths.contains(&("Member".into(), "pulumi.providers.Aws".into())));
}

#[test]
fn cdktf_literal_count_declares_one_resource_per_index() {
    let g = ts(
        concat!(
            "import { Instance } from '@cdktf/provider-aws/lib/instance';\n",
            "new Instance(this, 'web', { ami: 'ami-1', instanceType: 't3.micro', count: 2 });\n",
        ),
        Platform::Cdktf,
    );
    let names: Vec<String> = g
        .resources
        .iter()
        .map(|r| r.logical_name.render())
        .collect();
    assert_eq!(names, ["web[0]", "web[1]"]);
    assert_eq!(g.resources[0].source_type, "aws_instance");
}

#[test]
fn a_second_entry_point_of_the_same_program_does_not_count_twice() {
    let stack = concat!(
        "import pulumi\n",
        "import pulumi_aws as aws\n",
        "class TapStack(pulumi.ComponentResource):\n",
        "    def __init__(self, name):\n",
        "        super().__init__('tap:stack:TapStack', name)\n",
        "        aws.s3.Bucket(f'{name}-data')\n",
    );
    let files = [
        source("lib/tap_stack.py", stack),
        source("tap.py", "from lib.tap_stack import TapStack\nTapStack('tap')\n"),
        source(
            "lib/__main__.py",
            "from lib.tap_stack import TapStack\ndef main():\n    TapStack('tap')\nif __name__ == '__main__':\n    main()\n",
        ),
    ];
    let g = parse(&files, Some(Platform::Pulumi));
    assert_eq!(g.resources.len(), 1);
}

#[test]
fn cdktf_snippets_without_scope_and_id_still_declare_the_resource() {
    let g = parse(
        &[source(
            "lib/tap_stack.py",
            "from cdktf_cdktf_provider_aws.db_instance import DbInstance, DbInstanceTimeouts\nDbInstance(identifier='db-dev', engine='mysql', timeouts=DbInstanceTimeouts(create='1h'))\n",
        )],
        Some(Platform::Cdktf),
    );
    assert_eq!(g.resources.len(), 1, "the config struct is not a resource");
    assert_eq!(g.resources[0].logical_name, Value::Null);
    assert_eq!(g.resources[0].name, Some(Value::Str("db-dev".into())));
}

#[test]
fn cdk_methods_that_declare_resources_are_recorded() {
    let g = ts(
        concat!(
            "import * as apigw from 'aws-cdk-lib/aws-apigateway';\n",
            "import * as ec2 from 'aws-cdk-lib/aws-ec2';\n",
            "const vpc = new ec2.Vpc(this, 'Vpc');\n",
            "vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });\n",
            "const api = new apigw.RestApi(this, 'Api');\n",
            "const items = api.root.addResource('items');\n",
            "items.addMethod('GET');\n",
        ),
        Platform::Cdk,
    );
    let found: Vec<(String, String)> = g
        .resources
        .iter()
        .map(|r| (r.kind.clone(), r.logical_name.render()))
        .collect();
    assert_eq!(
        found,
        [
            ("AWS::EC2::VPC".to_string(), "Vpc".to_string()),
            ("AWS::EC2::VPCEndpoint".into(), "Vpc/S3".into()),
            ("AWS::ApiGateway::RestApi".into(), "Api".into()),
            ("AWS::ApiGateway::Resource".into(), "Api/root/items".into()),
            (
                "AWS::ApiGateway::Method".into(),
                "Api/root/items/GET".into()
            ),
        ]
    );
}
