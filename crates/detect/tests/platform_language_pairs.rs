//! Every platform/language pair of the pipeline's matrix, detected from a small answer written
//! the way real answers are: the program, plus the configuration and tests that come with it.

mod support;

use support::{at, block, verdict};

#[test]
fn cdk_typescript() {
    let files = [
        at("bin/tap.ts").declared("typescript").text(
            "#!/usr/bin/env node\nimport * as cdk from 'aws-cdk-lib';\nimport { TapStack } from '../lib/tap-stack';\n\nconst app = new cdk.App();\nnew TapStack(app, 'TapStack', {});\n",
        ),
        at("lib/tap-stack.ts").declared("typescript").text(
            "import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nimport { Construct } from 'constructs';\n\ninterface TapStackProps extends cdk.StackProps {\n  environmentSuffix?: string;\n}\n\nexport class TapStack extends cdk.Stack {\n  constructor(scope: Construct, id: string, props?: TapStackProps) {\n    super(scope, id, props);\n    new s3.Bucket(this, 'Logs', { versioned: true });\n  }\n}\n",
        ),
    ];
    assert_eq!(verdict(&files), "cdk/ts");
}

#[test]
fn cdk_javascript() {
    let files = [at("lib/tap-stack.mjs").declared("javascript").text(
        "import * as cdk from 'aws-cdk-lib';\nimport * as sqs from 'aws-cdk-lib/aws-sqs';\n\nexport class TapStack extends cdk.Stack {\n  constructor(scope, id, props) {\n    super(scope, id, props);\n    new sqs.Queue(this, 'Jobs');\n  }\n}\n",
    )];
    assert_eq!(verdict(&files), "cdk/js");
    let commonjs = [block().declared("js").text(
        "const cdk = require('aws-cdk-lib');\nconst { Construct } = require('constructs');\n\nclass TapStack extends cdk.Stack {}\nmodule.exports = { TapStack };\n",
    )];
    assert_eq!(verdict(&commonjs), "cdk/js");
}

#[test]
fn cdk_python() {
    let files = [
        at("tap.py").declared("python").text(
            "#!/usr/bin/env python3\nimport aws_cdk as cdk\nfrom lib.tap_stack import TapStack\n\napp = cdk.App()\nTapStack(app, \"TapStack\")\napp.synth()\n",
        ),
        at("lib/tap_stack.py").declared("python").text(
            "from aws_cdk import Stack, aws_s3 as s3\nfrom constructs import Construct\n\n\nclass TapStack(Stack):\n    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:\n        super().__init__(scope, construct_id, **kwargs)\n        s3.Bucket(self, \"Logs\", versioned=True)\n",
        ),
    ];
    assert_eq!(verdict(&files), "cdk/py");
}

#[test]
fn cdk_java() {
    let files = [at("src/main/java/app/TapStack.java").declared("java").text(
        "package app;\n\nimport software.amazon.awscdk.Stack;\nimport software.amazon.awscdk.services.s3.Bucket;\nimport software.constructs.Construct;\n\npublic class TapStack extends Stack {\n    public TapStack(final Construct scope, final String id) {\n        super(scope, id);\n        Bucket.Builder.create(this, \"Logs\").versioned(true).build();\n    }\n}\n",
    )];
    assert_eq!(verdict(&files), "cdk/java");
}

#[test]
fn cdk_go() {
    let files = [at("tap.go").declared("go").text(
        "package main\n\nimport (\n\t\"github.com/aws/aws-cdk-go/awscdk/v2\"\n\t\"github.com/aws/aws-cdk-go/awscdk/v2/awss3\"\n\t\"github.com/aws/jsii-runtime-go\"\n)\n\nfunc main() {\n\tapp := awscdk.NewApp(nil)\n\tstack := awscdk.NewStack(app, jsii.String(\"TapStack\"), nil)\n\tawss3.NewBucket(stack, jsii.String(\"Logs\"), nil)\n\tapp.Synth(nil)\n}\n",
    )];
    assert_eq!(verdict(&files), "cdk/go");
}

#[test]
fn cdktf_typescript() {
    let files = [at("lib/tap-stack.ts").declared("typescript").text(
        "import { Construct } from 'constructs';\nimport { TerraformStack, TerraformOutput } from 'cdktf';\nimport { AwsProvider } from '@cdktf/provider-aws/lib/provider';\nimport { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\n\nexport class TapStack extends TerraformStack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new AwsProvider(this, 'aws', { region: 'us-east-1' });\n    const bucket = new S3Bucket(this, 'logs', { bucket: 'logs' });\n    new TerraformOutput(this, 'bucket', { value: bucket.bucket });\n  }\n}\n",
    )];
    assert_eq!(verdict(&files), "cdktf/ts");
}

#[test]
fn cdktf_python() {
    let files = [
        at("lib/tap_stack.py").declared("python").text(
            "from constructs import Construct\nfrom cdktf import TerraformStack, TerraformOutput\nfrom cdktf_cdktf_provider_aws.provider import AwsProvider\nfrom cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n\n\nclass TapStack(TerraformStack):\n    def __init__(self, scope: Construct, ns: str):\n        super().__init__(scope, ns)\n        AwsProvider(self, \"aws\", region=\"us-east-1\")\n        S3Bucket(self, \"logs\", bucket=\"logs\")\n",
        ),
        at("cdktf.json").declared("json").text(
            "{\n  \"language\": \"python\",\n  \"app\": \"pipenv run python tap.py\",\n  \"terraformProviders\": [\"aws@~> 5.0\"]\n}\n",
        ),
    ];
    assert_eq!(verdict(&files), "cdktf/py");
}

#[test]
fn cdktf_go() {
    let files = [at("main.go").declared("go").text(
        "package main\n\nimport (\n\t\"github.com/aws/constructs-go/constructs/v10\"\n\t\"github.com/aws/jsii-runtime-go\"\n\t\"github.com/hashicorp/terraform-cdk-go/cdktf\"\n\ts3 \"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket\"\n)\n\nfunc NewTapStack(scope constructs.Construct, id string) cdktf.TerraformStack {\n\tstack := cdktf.NewTerraformStack(scope, &id)\n\ts3.NewS3Bucket(stack, jsii.String(\"logs\"), &s3.S3BucketConfig{})\n\treturn stack\n}\n",
    )];
    assert_eq!(verdict(&files), "cdktf/go");
}

#[test]
fn cdktf_java() {
    let files = [at("src/main/java/app/MainStack.java").declared("java").text(
        "package app;\n\nimport com.hashicorp.cdktf.TerraformStack;\nimport com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;\nimport software.constructs.Construct;\n\npublic class MainStack extends TerraformStack {\n    public MainStack(final Construct scope, final String id) {\n        super(scope, id);\n        S3Bucket.Builder.create(this, \"logs\").bucket(\"logs\").build();\n    }\n}\n",
    )];
    assert_eq!(verdict(&files), "cdktf/java");
}

#[test]
fn pulumi_typescript() {
    let files = [at("lib/tap-stack.ts").declared("typescript").text(
        "import * as pulumi from '@pulumi/pulumi';\nimport * as aws from '@pulumi/aws';\n\nexport interface TapStackArgs {\n  environmentSuffix?: string;\n}\n\nexport class TapStack extends pulumi.ComponentResource {\n  public readonly bucketName: pulumi.Output<string>;\n  constructor(name: string, args: TapStackArgs, opts?: pulumi.ComponentResourceOptions) {\n    super('tap:stack:TapStack', name, args, opts);\n    const bucket = new aws.s3.Bucket(`logs-${args.environmentSuffix}`, {}, { parent: this });\n    this.bucketName = bucket.bucket;\n  }\n}\n",
    )];
    assert_eq!(verdict(&files), "pulumi/ts");
}

#[test]
fn pulumi_javascript() {
    let files = [at("index.js").declared("javascript").text(
        "\"use strict\";\nconst pulumi = require(\"@pulumi/pulumi\");\nconst aws = require(\"@pulumi/aws\");\n\nconst bucket = new aws.s3.Bucket(\"logs\");\nexports.bucketName = bucket.id;\n",
    )];
    assert_eq!(verdict(&files), "pulumi/js");
}

#[test]
fn pulumi_python_with_its_project_file() {
    let files = [
        at("Pulumi.yaml").declared("yaml").text("name: tap\nruntime:\n  name: python\n  options:\n    virtualenv: venv\ndescription: Tap infrastructure\n"),
        at("Pulumi.dev.yaml").declared("yaml").text("config:\n  aws:region: us-east-1\n  tap:environmentSuffix: dev\n"),
        at("tap.py").declared("python").text(
            "import pulumi\nimport pulumi_aws as aws\n\nconfig = pulumi.Config()\nbucket = aws.s3.Bucket(\"logs\", force_destroy=True)\npulumi.export(\"bucket\", bucket.id)\n",
        ),
    ];
    assert_eq!(verdict(&files), "pulumi/py");
}

#[test]
fn pulumi_go() {
    let files = [at("main.go").declared("go").text(
        "package main\n\nimport (\n\t\"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3\"\n\t\"github.com/pulumi/pulumi/sdk/v3/go/pulumi\"\n)\n\nfunc main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\tbucket, err := s3.NewBucket(ctx, \"logs\", nil)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tctx.Export(\"bucket\", bucket.ID())\n\t\treturn nil\n\t})\n}\n",
    )];
    assert_eq!(verdict(&files), "pulumi/go");
}

#[test]
fn pulumi_java() {
    let files = [at("src/main/java/app/App.java").declared("java").text(
        "package app;\n\nimport com.pulumi.Pulumi;\nimport com.pulumi.aws.s3.Bucket;\n\npublic class App {\n    public static void main(String[] args) {\n        Pulumi.run(ctx -> {\n            var bucket = new Bucket(\"logs\");\n            ctx.export(\"bucket\", bucket.bucket());\n        });\n    }\n}\n",
    )];
    assert_eq!(verdict(&files), "pulumi/java");
}

#[test]
fn terraform_hcl() {
    let files = [
        at("lib/provider.tf").declared("hcl").text(
            "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }\n  }\n}\n\nprovider \"aws\" {\n  region = var.aws_region\n}\n",
        ),
        at("lib/main.tf").declared("hcl").text(
            "variable \"aws_region\" {\n  type    = string\n  default = \"us-east-1\"\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs-${var.aws_region}\"\n}\n",
        ),
    ];
    assert_eq!(verdict(&files), "tf/hcl");
}

#[test]
fn cloudformation_yaml() {
    let files = [at("lib/TapStack.yml").declared("yaml").text(
        "AWSTemplateFormatVersion: '2010-09-09'\nDescription: Logs bucket\nParameters:\n  EnvironmentSuffix:\n    Type: String\nResources:\n  LogsBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'logs-${EnvironmentSuffix}'\nOutputs:\n  BucketName:\n    Value: !Ref LogsBucket\n",
    )];
    assert_eq!(verdict(&files), "cfn/yaml");
}

#[test]
fn cloudformation_json() {
    let files = [at("lib/TapStack.json").declared("json").text(
        "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"LogsBucket\": {\n      \"Type\": \"AWS::S3::Bucket\",\n      \"Properties\": {\"BucketName\": {\"Fn::Sub\": \"logs-${AWS::StackName}\"}}\n    }\n  }\n}\n",
    )];
    assert_eq!(verdict(&files), "cfn/json");
}

#[test]
fn analysis_python() {
    let files = [
        at("lib/analyse.py").declared("python").text(
            "#!/usr/bin/env python3\n\"\"\"Finds unattached EBS volumes.\"\"\"\nimport json\nimport boto3\n\n\ndef find_unattached(ec2):\n    pages = ec2.get_paginator('describe_volumes').paginate()\n    return [v['VolumeId'] for p in pages for v in p['Volumes'] if v['State'] == 'available']\n\n\ndef main():\n    print(json.dumps(find_unattached(boto3.client('ec2'))))\n\n\nif __name__ == '__main__':\n    main()\n",
        ),
        at("tests/test_analyse.py").declared("python").text(
            "import boto3\nimport pytest\nfrom moto import mock_aws\n\nfrom lib.analyse import find_unattached\n\n\n@mock_aws\ndef test_finds_available_volumes():\n    ec2 = boto3.client('ec2', region_name='us-east-1')\n    ec2.create_volume(Size=1, AvailabilityZone='us-east-1a')\n    assert len(find_unattached(ec2)) == 1\n",
        ),
    ];
    assert_eq!(verdict(&files), "analysis/py");
}

#[test]
fn analysis_shell() {
    let files = [at("lib/analyse.sh").declared("bash").text(
        "#!/bin/bash\nset -euo pipefail\n\necho \"Unattached volumes:\"\naws ec2 describe-volumes --filters Name=status,Values=available --query 'Volumes[].VolumeId'\naws logs describe-log-groups --query 'logGroups[].storedBytes'\n",
    )];
    assert_eq!(verdict(&files), "analysis/sh");
}

#[test]
fn cicd_github_actions() {
    let files = [at(".github/workflows/ci-cd.yml").declared("yaml").text(
        "name: Deploy\n\non:\n  push:\n    branches: [main]\n\npermissions:\n  id-token: write\n  contents: read\n\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npx cdk deploy --require-approval never\n",
    )];
    assert_eq!(verdict(&files), "cicd/yml");
}

#[test]
fn cicd_gitlab() {
    let files = [at("lib/ci-cd.yaml").declared("yaml").text(
        "stages:\n  - build\n  - deploy\n\nbuild:\n  stage: build\n  image: node:20\n  script:\n    - npm ci\n    - npm test\n\ndeploy:\n  stage: deploy\n  script:\n    - ./scripts/deploy.sh\n",
    )];
    assert_eq!(verdict(&files), "cicd/yaml");
}
