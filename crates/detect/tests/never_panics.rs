//! Detection reads whatever answers contain: any text, any labels, any paths. It must never
//! panic, must answer with a language of the platform it found, and every evidence line must
//! point inside the file it names.

use iacgrade_detect::{detect, program_languages};
use iacgrade_task::{Origin, SourceFile};
use proptest::prelude::*;

/// Lines that look like the code detection reads, mixed with noise.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("import * as cdk from 'aws-cdk-lib';".to_string()),
        Just("} from '@cdktf/provider-aws';".to_string()),
        Just("import pulumi".to_string()),
        Just("from aws_cdk import Stack".to_string()),
        Just("resource \"aws_s3_bucket\" \"b\" {".to_string()),
        Just("AWSTemplateFormatVersion: '2010-09-09'".to_string()),
        Just("  \"Resources\": {".to_string()),
        Just("    Type: AWS::S3::Bucket".to_string()),
        Just("on:".to_string()),
        Just("jobs:".to_string()),
        Just("    runs-on: ubuntu-latest".to_string()),
        Just("import boto3".to_string()),
        Just("code: lambda.Code.fromInline(`".to_string()),
        Just("  ZipFile: |".to_string()),
        Just("├── main.tf".to_string()),
        Just("{".to_string()),
        Just("`".to_string()),
        Just("\"\"\"".to_string()),
        Just("npx cdk deploy".to_string()),
        Just("pytest -q".to_string()),
        "\\PC{0,40}",
    ]
}

fn file() -> impl Strategy<Value = SourceFile> {
    let path = prop_oneof![
        Just(None),
        Just(Some("lib/tap-stack.ts".to_string())),
        Just(Some("cdk.json".to_string())),
        Just(Some("Pulumi.yaml".to_string())),
        Just(Some("test/x.test.ts".to_string())),
        Just(Some("lib/README.md".to_string())),
        "[a-z./_]{0,20}".prop_map(Some),
    ];
    let declared = prop_oneof![
        Just(None),
        Just(Some("typescript".to_string())),
        Just(Some("yaml".to_string())),
        Just(Some("bash".to_string())),
        "\\PC{0,10}".prop_map(Some),
    ];
    (
        path,
        declared,
        prop::collection::vec(line(), 0..30),
        1usize..500,
    )
        .prop_map(|(path, declared, lines, first_line)| SourceFile {
            path,
            declared_language: declared,
            text: lines.join("\n"),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".to_string(),
            first_line,
        })
}

proptest! {
    #[test]
    fn detection_is_total_and_consistent(files in prop::collection::vec(file(), 0..6)) {
        let Some(detection) = detect(&files) else {
            return Ok(());
        };
        prop_assert!(program_languages(detection.platform)
            .iter()
            .any(|l| l.same_as(detection.language)));
        prop_assert!(!detection.platform_scores.is_empty());
        prop_assert_eq!(detection.files.len(), files.len());
        for evidence in &detection.evidence {
            let line = evidence.line.unwrap_or(0);
            let inside = files.iter().any(|f| {
                f.display_name() == evidence.file
                    && line >= f.first_line
                    && line < f.first_line + f.text.lines().count().max(1)
            });
            prop_assert!(inside, "evidence {:?} points outside its file", evidence);
        }
    }
}
