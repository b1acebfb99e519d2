//! Whole AWS CDK answers (tests/fixtures/*_cdk_*.md, written for these tests) through extract, the
//! code front-end and the API check. CDK v2 keeps members it deprecated (an enum value renamed,
//! a prop replaced), and answers reach one module through several import forms; all of them are
//! real API and must stay accepted. Each fixture also holds one real mistake, a prop the pinned
//! `aws-cdk-lib` does not have, which must still be the only finding.

use iacgrade_api::check_api;
use iacgrade_extract::extract_answer;
use iacgrade_task::{Language, Origin, Platform, TextDocument};
use std::path::Path;

fn findings(fixture: &str, language: Language) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let doc = TextDocument {
        path: "lib/IDEAL_RESPONSE.md".to_string(),
        text,
    };
    let extraction = extract_answer(&doc, Origin::IdealResponse);
    let graph = iacgrade_frontend_code::parse(&extraction.files, Some(Platform::Cdk));
    check_api(&graph, Platform::Cdk, language)
        .iter()
        .map(|f| format!("{} {}:{}: {}", f.rule, f.file, f.line, f.message))
        .collect()
}

/// `InterfaceVpcEndpointAwsService.CLOUDWATCH_EVENTS` and the `healthCheck` prop of
/// `AutoScalingGroup` are deprecated but still in aws-cdk-lib 2; `aws_ec2 as ec2` imported from
/// the package root and `cdk.aws_cloudwatch.Metric` reach the same modules as the deep imports.
/// `alarmActions` belongs to `CfnAlarm`, not to the `Alarm` construct.
#[test]
fn typescript_deprecated_members_and_import_forms_are_real_api() {
    assert_eq!(
        findings("deprecated_members_cdk_ts.md", Language::Ts),
        vec!["API003 lib/monitoring-stack.ts:32: `aws-cdk-lib.aws_cloudwatch.Alarm` has no argument `alarmActions`"]
    );
}

/// The same in Python (snake_case names); `period` of `Alarm` was removed in CDK v2 (it belongs
/// to the metric).
#[test]
fn python_deprecated_members_and_import_forms_are_real_api() {
    assert_eq!(
        findings("deprecated_members_cdk_py.md", Language::Py),
        vec!["API003 lib/monitoring_stack.py:40: `aws_cdk.aws_cloudwatch.Alarm` has no argument `period`"]
    );
}
