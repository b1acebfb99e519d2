use super::*;
use iacgrade_task::Origin;

fn block(lang: &str, text: &str, line: usize) -> SourceFile {
    SourceFile {
        path: None,
        declared_language: Some(lang.into()),
        text: text.into(),
        origin: Origin::IdealResponse,
        document: "lib/IDEAL_RESPONSE.md".into(),
        first_line: line,
    }
}

fn paths(placed: &[PlacedFile]) -> Vec<(&str, usize)> {
    placed.iter().map(|p| (p.path.as_str(), p.line)).collect()
}

const STACK_TS: &str = "import * as cdk from 'aws-cdk-lib';\nimport { Storage } from './constructs/storage';\nexport class TapStack extends cdk.Stack {\n  constructor(scope: any, id: string) {\n    super(scope, id);\n    new lambda.Function(this, 'F', { code: lambda.Code.fromAsset(path.join(__dirname, 'lambda', 'orders')), handler: 'app.handler' });\n  }\n}\n";
const CONSTRUCT_TS: &str =
    "import { Construct } from 'constructs';\nexport class Storage extends Construct {}\n";
const HANDLER_JS: &str =
    "const AWS = require('aws-sdk');\nexports.handler = async (event) => ({ statusCode: 200 });\n";
const TEST_TS: &str = "import { Template } from 'aws-cdk-lib/assertions';\ndescribe('stack', () => { test('x', () => { expect(1).toBe(1); }); });\n";

#[test]
fn a_cdk_program_in_unnamed_blocks_lands_where_the_template_keeps_it() {
    let files = [
        block("typescript", CONSTRUCT_TS, 40),
        block("typescript", STACK_TS, 3),
        block("javascript", HANDLER_JS, 80),
        block("typescript", TEST_TS, 100),
    ];
    let (placed, left_out) =
        place_program_blocks(&files, Platform::Cdk, Language::Ts, &[], &|_| false);
    assert_eq!(
        paths(&placed),
        [
            ("lib/tap-stack.ts", 3),
            ("lib/constructs/storage.ts", 40),
            ("lib/lambda/orders/app.js", 80),
        ]
    );
    assert_eq!(left_out.len(), 1);
    assert_eq!(left_out[0].0, 100);
    assert!(left_out[0].1.contains("test block"));
}

#[test]
fn an_entry_block_becomes_the_entry_and_files_the_answer_names_are_kept() {
    let entry = "import * as cdk from 'aws-cdk-lib';\nimport { TapStack } from '../lib/tap-stack';\nconst app = new cdk.App();\nnew TapStack(app, 'TapStackdev');\n";
    let files = [block("ts", entry, 5), block("ts", STACK_TS, 20)];
    let (placed, _) = place_program_blocks(&files, Platform::Cdk, Language::Ts, &[], &|_| false);
    assert_eq!(
        paths(&placed),
        [("lib/tap-stack.ts", 20), ("bin/tap.ts", 5)]
    );
    // The answer already names its stack file: only the entry is placed.
    let named = [("lib/tap-stack.ts".to_string(), STACK_TS.to_string())];
    let taken = |p: &str| p == "lib/tap-stack.ts";
    let (placed, _) =
        place_program_blocks(&files[..1], Platform::Cdk, Language::Ts, &named, &taken);
    assert_eq!(paths(&placed), [("bin/tap.ts", 5)]);
}

#[test]
fn python_modules_are_found_through_their_imports() {
    let stack = "from aws_cdk import Stack\nfrom lib.network import NetworkConstruct\nfrom .storage import make_bucket\nclass TapStack(Stack):\n    pass\n";
    let network =
        "from constructs import Construct\nclass NetworkConstruct(Construct):\n    pass\n";
    let storage = "import aws_cdk\ndef make_bucket(scope):\n    return None\n";
    let handler = "import json\ndef lambda_handler(event, context):\n    return {}\n";
    let files = [
        block("python", stack, 1),
        block("python", network, 10),
        block("python", storage, 20),
        block("python", handler, 30),
    ];
    let (placed, left_out) =
        place_program_blocks(&files, Platform::Cdk, Language::Py, &[], &|_| false);
    assert_eq!(
        paths(&placed),
        [
            ("lib/tap_stack.py", 1),
            ("lib/network.py", 10),
            ("lib/storage.py", 20),
        ]
    );
    // No asset folder names the handler: it is left out, and the run says why.
    assert_eq!(left_out.len(), 1);
    assert!(left_out[0].1.contains("asset folder"));
}

#[test]
fn commonjs_programs_keep_js_files_and_other_languages_are_ignored() {
    let stack = "const cdk = require('aws-cdk-lib');\nclass TapStack extends cdk.Stack {}\nmodule.exports = { TapStack };\n";
    let files = [
        block("javascript", stack, 2),
        block("json", "{\"a\": 1}", 9),
    ];
    let (placed, left_out) =
        place_program_blocks(&files, Platform::Cdk, Language::Js, &[], &|_| false);
    assert_eq!(paths(&placed), [("lib/tap-stack.js", 2)]);
    assert!(left_out.is_empty());
}

#[test]
fn a_pulumi_program_without_a_class_is_the_entry() {
    let program = "import * as aws from '@pulumi/aws';\nconst bucket = new aws.s3.Bucket('b');\nexport const bucketName = bucket.id;\n";
    let files = [block("typescript", program, 4)];
    let (placed, _) = place_program_blocks(&files, Platform::Pulumi, Language::Ts, &[], &|_| false);
    assert_eq!(paths(&placed), [("bin/tap.ts", 4)]);
}

#[test]
fn asset_folders_resolve_against_the_file_or_the_project() {
    assert_eq!(
        asset_folders(
            "lib/tap-stack.ts",
            "lambda.Code.fromAsset(path.join(__dirname, '..', 'lambda'))"
        ),
        ["lambda"]
    );
    assert_eq!(
        asset_folders(
            "lib/tap_stack.py",
            "_lambda.Code.from_asset(\"lambda/api\")"
        ),
        ["lambda/api"]
    );
    assert!(asset_folders(
        "lib/x.ts",
        "fromAsset(path.join(__dirname, '../../..', 'x'))"
    )
    .is_empty());
}
