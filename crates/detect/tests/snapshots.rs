//! The whole detection, as later stages and reports receive it: verdict, evidence, scores and
//! every file's reading. Snapshots make any change of the scoring visible in review.

mod support;

use iacgrade_detect::detect;
use support::{at, block};

#[test]
fn cdk_typescript_answer() {
    let files = [
        at("lib/tap-stack.ts").declared("typescript").line(12).text(
            "import * as cdk from 'aws-cdk-lib';\nimport * as sqs from 'aws-cdk-lib/aws-sqs';\nimport { Construct } from 'constructs';\n\nexport class TapStack extends cdk.Stack {\n  constructor(scope: Construct, id: string, props?: cdk.StackProps) {\n    super(scope, id, props);\n    new sqs.Queue(this, 'Jobs', { visibilityTimeout: cdk.Duration.seconds(60) });\n  }\n}\n",
        ),
        at("cdk.json").declared("json").line(30).text(
            "{\n  \"app\": \"npx ts-node --prefer-ts-exts bin/tap.ts\",\n  \"context\": {\n    \"@aws-cdk/core:newStyleStackSynthesis\": true\n  }\n}\n",
        ),
        at("test/tap-stack.unit.test.ts").declared("typescript").line(42).text(
            "import * as cdk from 'aws-cdk-lib';\nimport { Template } from 'aws-cdk-lib/assertions';\nimport { TapStack } from '../lib/tap-stack';\n\ntest('queue', () => {\n  const template = Template.fromStack(new TapStack(new cdk.App(), 'T'));\n  template.resourceCountIs('AWS::SQS::Queue', 1);\n  expect(template).toBeDefined();\n  expect(1).toBe(1);\n});\n",
        ),
    ];
    insta::assert_json_snapshot!(detect(&files));
}

#[test]
fn cloudformation_yaml_with_json_conversion() {
    let files = [
        at("lib/TapStack.yml").declared("yaml").line(5).text(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
        ),
        at("lib/TapStack.json").declared("json").line(14).text(
            "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"Topic\": {\n      \"Type\": \"AWS::SNS::Topic\"\n    }\n  }\n}\n",
        ),
    ];
    insta::assert_json_snapshot!(detect(&files));
}

#[test]
fn workflow_with_deploy_commands() {
    let files = [
        at("lib/ci-cd.yml").declared("yml").line(3).text(
            "name: Pipeline\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Deploy\n        run: |\n          npm ci\n          npx cdk deploy --all\n",
        ),
        block().declared("bash").line(30).text("gh workflow run Pipeline\n"),
    ];
    insta::assert_json_snapshot!(detect(&files));
}

#[test]
fn language_from_hints_only() {
    let files = [
        block().line(8).text(
            "lib/\n├── __init__.py\n├── tap_stack.py       # the stack\n└── lambda/\n    └── handler.py\n",
        ),
        block().declared("bash").line(20).text(
            "pip install -r requirements.txt\ncdktf get\ncdktf deploy\n",
        ),
    ];
    insta::assert_json_snapshot!(detect(&files));
}
