//! TypeScript tasks with the Node tools of tools/node: a CDK app goes through eslint, tsc,
//! cdk synth, Jest with coverage, a deploy of the synthesized template to the emulator and
//! Jest integration tests against it; a Pulumi program synthesizes under the Node SDK's mocks.

mod common;

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

const CDK_STACK: &str = r#"import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface TapStackProps extends cdk.StackProps {
  environmentSuffix: string;
}

export class TapStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: TapStackProps) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Reports', {
      bucketName: `reports-${props.environmentSuffix}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    new cdk.CfnOutput(this, 'BucketName', { value: bucket.bucketName });
  }
}
"#;

const CDK_APP: &str = r#"import * as cdk from 'aws-cdk-lib';
import { TapStack } from '../lib/tap-stack';

const app = new cdk.App();
const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
new TapStack(app, `TapStack${environmentSuffix}`, { environmentSuffix });
"#;

const CDK_UNIT_TEST: &str = r#"import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TapStack } from '../lib/tap-stack';

test('the bucket is encrypted and named with the suffix', () => {
  const app = new cdk.App();
  const stack = new TapStack(app, 'Test', { environmentSuffix: 'unit' });
  Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
    BucketName: 'reports-unit',
  });
});
"#;

const CDK_INT_TEST: &str = r#"import * as fs from 'fs';
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';

const outputs = JSON.parse(fs.readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));

test('the deployed bucket carries the suffix', () => {
  expect(outputs.BucketName).toBe(`reports-${process.env.ENVIRONMENT_SUFFIX}`);
});

test('the stack is live in the account the tests reach', async () => {
  const client = new CloudFormationClient({});
  const stacks = await client.send(new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE'] }));
  expect((stacks.StackSummaries || []).length).toBeGreaterThan(0);
});
"#;

const CDK_JSON: &str = r#"{ "app": "npx ts-node --prefer-ts-exts bin/tap.ts" }"#;

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "strict": true,
    "esModuleInterop": true, "skipLibCheck": true, "types": ["node", "jest"]
  },
  "include": ["bin/**/*.ts", "lib/**/*.ts", "test/**/*.ts"]
}
"#;

#[test]
fn a_cdk_typescript_app_runs_every_stage() {
    if !common::tools_present(&["moto_server", "cdk", "tsc", "jest", "eslint"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            ("metadata.json", r#"{"platform": "cdk", "language": "ts"}"#),
            ("lib/PROMPT.md", "A reports bucket."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("lib/tap-stack.ts", CDK_STACK),
            ("bin/tap.ts", CDK_APP),
            ("test/tap-stack.unit.test.ts", CDK_UNIT_TEST),
            ("test/tap-stack.int.test.ts", CDK_INT_TEST),
            ("cdk.json", CDK_JSON),
            ("tsconfig.json", TSCONFIG),
        ],
    );
    let task = iacgrade_task::load_task(dir.path());
    let options = RunOptions {
        stages: Stage::ALL.to_vec(),
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let summary = serde_json::to_string_pretty(&report).expect("json");
    for stage in Stage::ALL {
        let result = report.stage(stage).expect("stage reported");
        assert_eq!(result.status, StageStatus::Passed, "{stage:?}: {summary}");
    }
    let unit = report.stage(Stage::Unit).expect("unit");
    assert_eq!(
        unit.figures.coverage.map(|c| c.lines),
        Some(100.0),
        "{summary}"
    );
    let deploy = report.stage(Stage::Deploy).expect("deploy");
    assert_eq!(deploy.figures.stack_deleted, Some(true));
    assert!(
        deploy.figures.outputs.contains_key("BucketName"),
        "{summary}"
    );
}

const PULUMI_PROGRAM: &str = r#"import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';

const config = new pulumi.Config();
const suffix = process.env.ENVIRONMENT_SUFFIX || config.get('environmentSuffix') || 'dev';
const bucket = new aws.s3.Bucket(`reports-${suffix}`, { forceDestroy: true });
new aws.s3.BucketPublicAccessBlock(`reports-${suffix}-block`, {
  bucket: bucket.id,
  blockPublicAcls: true,
});
export const bucketName = bucket.id;
"#;

#[test]
fn a_pulumi_typescript_program_synthesizes_under_mocks() {
    if !common::tools_present(&["node", "tsc"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            (
                "metadata.json",
                r#"{"platform": "pulumi", "language": "ts"}"#,
            ),
            ("lib/PROMPT.md", "A reports bucket."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("Pulumi.yaml", "name: reports\nruntime: nodejs\n"),
            ("index.ts", PULUMI_PROGRAM),
        ],
    );
    let task = iacgrade_task::load_task(dir.path());
    let options = RunOptions {
        stages: vec![Stage::Synth],
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let synth = report.stage(Stage::Synth).expect("synth");
    assert_eq!(synth.status, StageStatus::Passed, "{synth:?}");
    assert_eq!(synth.figures.resources_synthesized, Some(2), "{synth:?}");
}
