//! Answers that mix platforms, languages and roles, as real answers do: the verdict must follow
//! the program, not the configuration, tests, commands or embedded code around it.

mod support;

use iacgrade_detect::{detect, FileRole, LanguageBasis};
use iacgrade_task::{Language, Platform};
use support::{at, block, verdict};

const CDK_STACK_TS: &str = "import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nimport { Construct } from 'constructs';\n\nexport class TapStack extends cdk.Stack {\n  constructor(scope: Construct, id: string, props?: cdk.StackProps) {\n    super(scope, id, props);\n    new s3.Bucket(this, 'Logs', {\n      versioned: true,\n      removalPolicy: cdk.RemovalPolicy.DESTROY,\n    });\n  }\n}\n";

#[test]
fn cdktf_importing_constructs_is_never_cdk() {
    let files = [block().declared("typescript").text(
        "import { Construct } from 'constructs';\nimport { App, TerraformStack } from 'cdktf';\nimport {\n  s3Bucket,\n  provider,\n} from '@cdktf/provider-aws';\n\nclass Main extends TerraformStack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new provider.AwsProvider(this, 'aws', {});\n    new s3Bucket.S3Bucket(this, 'logs', {});\n  }\n}\nconst app = new App();\nnew Main(app, 'main');\napp.synth();\n",
    )];
    assert_eq!(verdict(&files), "cdktf/ts");
}

#[test]
fn cdk_answer_with_configuration_tests_and_commands() {
    let files = [
        at("lib/tap-stack.ts").declared("typescript").text(CDK_STACK_TS),
        at("cdk.json").declared("json").text(
            "{\n  \"app\": \"npx ts-node --prefer-ts-exts bin/tap.ts\",\n  \"context\": {\n    \"@aws-cdk/aws-s3:createDefaultLoggingPolicy\": true\n  }\n}\n",
        ),
        at("package.json").declared("json").text(
            "{\n  \"name\": \"tap\",\n  \"devDependencies\": {\"aws-cdk\": \"2.150.0\", \"typescript\": \"~5.4\"},\n  \"dependencies\": {\"aws-cdk-lib\": \"2.150.0\"}\n}\n",
        ),
        at("test/tap-stack.unit.test.ts").declared("typescript").text(
            "import * as cdk from 'aws-cdk-lib';\nimport { Template } from 'aws-cdk-lib/assertions';\nimport { TapStack } from '../lib/tap-stack';\n\ndescribe('TapStack', () => {\n  test('creates a versioned bucket', () => {\n    const template = Template.fromStack(new TapStack(new cdk.App(), 'T'));\n    template.hasResourceProperties('AWS::S3::Bucket', {\n      VersioningConfiguration: { Status: 'Enabled' },\n    });\n  });\n});\n",
        ),
        block().declared("bash").text("npm ci\nnpx cdk deploy --all\n"),
    ];
    let detection = detect(&files).expect("a CDK answer is detected");
    assert_eq!(
        (detection.platform, detection.language),
        (Platform::Cdk, Language::Ts)
    );
    let roles: Vec<FileRole> = detection.files.iter().map(|f| f.role).collect();
    assert_eq!(
        roles,
        [
            FileRole::Program,
            FileRole::Config,
            FileRole::Config,
            FileRole::Test,
            FileRole::Commands
        ]
    );
    // The CloudFormation type in the unit test is TypeScript code, not a template.
    assert_eq!(detection.platform_scores.len(), 1);
}

#[test]
fn terraform_answer_with_shell_and_policy_json() {
    let files = [
        at("lib/main.tf").declared("hcl").text(
            "resource \"aws_iam_role\" \"app\" {\n  name               = \"app\"\n  assume_role_policy = file(\"${path.module}/trust.json\")\n}\n",
        ),
        at("lib/trust.json").declared("json").text(
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]\n}\n",
        ),
        block().declared("bash").text("terraform init\nterraform plan -out tfplan\nterraform apply tfplan\n"),
    ];
    assert_eq!(verdict(&files), "tf/hcl");
}

#[test]
fn template_language_follows_its_syntax_not_its_label() {
    let files = [block().declared("yaml").text(
        "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"Queue\": {\"Type\": \"AWS::SQS::Queue\"}\n  }\n}\n",
    )];
    assert_eq!(verdict(&files), "cfn/json");
}

#[test]
fn yaml_template_with_its_json_conversion_is_yaml() {
    let yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n";
    let json = "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"Queue\": {\n      \"Type\": \"AWS::SQS::Queue\",\n      \"Properties\": {\n        \"VisibilityTimeout\": 60\n      }\n    }\n  }\n}\n";
    let files = [
        at("lib/TapStack.yml").declared("yaml").text(yaml),
        at("lib/TapStack.json").declared("json").text(json),
    ];
    assert_eq!(verdict(&files), "cfn/yaml");
}

#[test]
fn stack_inlining_a_boto3_lambda_is_infrastructure() {
    let files = [at("lib/tap_stack.py").declared("python").text(
        "from aws_cdk import Stack, aws_lambda as lambda_\nfrom constructs import Construct\n\n\nclass TapStack(Stack):\n    def __init__(self, scope: Construct, construct_id: str) -> None:\n        super().__init__(scope, construct_id)\n        lambda_.Function(\n            self,\n            \"Cleaner\",\n            runtime=lambda_.Runtime.PYTHON_3_12,\n            handler=\"index.main\",\n            code=lambda_.Code.from_inline(\"\"\"\nimport boto3\nimport os\nfrom botocore.exceptions import ClientError\n\ndef main(event, context):\n    boto3.client('s3').list_buckets()\n\"\"\"),\n        )\n",
    )];
    assert_eq!(verdict(&files), "cdk/py");
}

#[test]
fn pulumi_answer_with_a_separate_lambda_handler() {
    let files = [
        at("lib/tap_stack.py").declared("python").text(
            "import pulumi\nimport pulumi_aws as aws\n\nrole = aws.iam.Role(\"fn\", assume_role_policy=\"{}\")\nfn = aws.lambda_.Function(\"fn\", role=role.arn, runtime=\"python3.12\", handler=\"handler.handler\", code=pulumi.FileArchive(\"./lambda\"))\n",
        ),
        at("lib/lambda/handler.py").declared("python").text(
            "import json\nimport os\n\nimport boto3\nfrom botocore.exceptions import ClientError\n\ntable = boto3.resource('dynamodb').Table(os.environ['TABLE'])\n\n\ndef handler(event, context):\n    try:\n        table.put_item(Item=json.loads(event['body']))\n    except ClientError as error:\n        return {'statusCode': 500, 'body': str(error)}\n    return {'statusCode': 200, 'body': 'ok'}\n",
        ),
    ];
    assert_eq!(verdict(&files), "pulumi/py");
}

#[test]
fn typescript_with_inline_javascript_lambda_stays_typescript() {
    let files = [at("lib/tap-stack.ts").declared("typescript").text(
        "import * as cdk from 'aws-cdk-lib';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nimport { Construct } from 'constructs';\n\nexport class TapStack extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new lambda.Function(this, 'Fn', {\n      runtime: lambda.Runtime.NODEJS_20_X,\n      handler: 'index.handler',\n      code: lambda.Code.fromInline(`\nconst { S3Client } = require('@aws-sdk/client-s3');\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  return { statusCode: 200 };\n};\nmodule.exports.other = () => {};\n`),\n    });\n  }\n}\n",
    )];
    assert_eq!(verdict(&files), "cdk/ts");
}

#[test]
fn iac_answer_with_a_workflow_is_iac_and_a_workflow_with_a_snippet_is_cicd() {
    let workflow = at(".github/workflows/deploy.yml").declared("yaml").text(
        "name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n      - run: npm ci\n      - run: npx cdk synth\n      - run: npx cdk deploy --all --require-approval never\n",
    );
    let big_stack = at("lib/tap-stack.ts")
        .declared("typescript")
        .text(&CDK_STACK_TS.repeat(3));
    assert_eq!(verdict(&[workflow.clone(), big_stack]), "cdk/ts");
    let snippet = block()
        .declared("typescript")
        .text("import * as cdk from 'aws-cdk-lib';\n");
    assert_eq!(verdict(&[workflow, snippet]), "cicd/yml");
}

#[test]
fn prose_and_unrelated_code_detect_nothing() {
    let files = [
        block()
            .declared("markdown")
            .text("# Overview\n\nThe stack creates a bucket and a queue.\n"),
        block().text("lib/\n  tap-stack.ts\n"),
        block().declared("bash").text("npm ci\nnpm test\n"),
    ];
    assert_eq!(verdict(&files), "none");
    assert_eq!(verdict(&[]), "none");
}

#[test]
fn commands_only_answer_takes_its_language_from_the_commands() {
    let files = [block().declared("bash").line(40).text(
        "pipenv install\npipenv run cdktf synth\npipenv run cdktf deploy --auto-approve\npipenv run pytest tests/unit\n",
    )];
    let detection = detect(&files).expect("commands show the platform");
    assert_eq!(
        (detection.platform, detection.language),
        (Platform::Cdktf, Language::Py)
    );
    assert_eq!(detection.language_basis, LanguageBasis::Hints);
}

#[test]
fn snippets_without_marks_give_the_language_when_nothing_else_does() {
    let files = [
        block().declared("python").text("bucket_name = f\"logs-{environment_suffix}\"\nif not bucket_name:\n    raise ValueError(\"empty\")\n"),
        block().declared("bash").text("cdktf get\ncdktf deploy\n"),
    ];
    let detection = detect(&files).expect("commands show the platform");
    assert_eq!(
        (detection.platform, detection.language),
        (Platform::Cdktf, Language::Py)
    );
    assert_eq!(detection.language_basis, LanguageBasis::OtherCode);
}

#[test]
fn evidence_points_at_document_lines() {
    let files = [at("lib/tap-stack.ts")
        .declared("typescript")
        .line(120)
        .text(CDK_STACK_TS)];
    let detection = detect(&files).expect("detected");
    let first = &detection.evidence[0];
    assert_eq!(first.file, "lib/tap-stack.ts");
    // Line 1 of the block is line 120 of the document.
    assert_eq!(first.line, Some(120));
    assert_eq!(first.text, "import * as cdk from 'aws-cdk-lib';");
}
