//! Whole answers (tests/fixtures/*.md, written for these tests) through the stages that feed the
//! API check — extract, the code front-end, the check — for forms of correct code that were
//! once reported as invented APIs, or that must stay accepted: CDK v2 keeps members it
//! deprecated (an enum value renamed, a prop replaced), and answers reach one module through
//! several import forms. Each fixture also holds one real mistake, which must still be the only
//! finding.

use iacgrade_api::check_api;
use iacgrade_extract::extract_answer;
use iacgrade_task::{Language, Origin, Platform, TextDocument};
use std::path::Path;

fn findings(fixture: &str, platform: Platform, language: Language) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let doc = TextDocument {
        path: "lib/IDEAL_RESPONSE.md".to_string(),
        text,
    };
    let extraction = extract_answer(&doc, Origin::IdealResponse);
    let graph = iacgrade_frontend_code::parse(&extraction.files, Some(platform));
    check_api(&graph, platform, language)
        .iter()
        .map(|f| format!("{} {}:{}: {}", f.rule, f.file, f.line, f.message))
        .collect()
}

/// Template literals escaped for the markdown (`` \`vpc-\${suffix}\` ``) are read as templates:
/// the parser no longer gives the autoscaling policy's props to the VPC.
#[test]
fn escaped_template_literals_do_not_move_props_to_another_call() {
    assert_eq!(
        findings("escaped_templates_pulumi_ts.md", Platform::Pulumi, Language::Ts),
        vec![
            "API003 lib/network-stack.ts:12: `@pulumi/aws.ec2.Vpc` has no argument `enableDnsHostname`; did you mean `enableDnsHostnames`?"
        ]
    );
}

/// `from botocore.config import Config` in one file is not `pulumi.Config` of another; a dict
/// passed to `pulumi.AssetArchive` holds assets, not keyword arguments; Pulumi's
/// `SecurityGroupIngressArgs` takes `self=`.
#[test]
fn python_names_from_other_packages_dicts_and_self_arguments() {
    assert_eq!(
        findings(
            "imports_of_other_packages_pulumi_py.md",
            Platform::Pulumi,
            Language::Py
        ),
        vec!["API003 tap.py:6: `pulumi_aws.s3.Bucket` has no argument `versioning_enabled`"]
    );
}

/// `InterfaceVpcEndpointAwsService.CLOUDWATCH_EVENTS` and the `healthCheck` prop of
/// `AutoScalingGroup` are deprecated but still in aws-cdk-lib 2; `aws_ec2 as ec2` imported from
/// the package root and `cdk.aws_cloudwatch.Metric` reach the same modules as the deep imports.
/// `alarmActions` belongs to `CfnAlarm`, not to the `Alarm` construct.
#[test]
fn typescript_deprecated_members_and_import_forms_are_real_api() {
    assert_eq!(
        findings("deprecated_members_cdk_ts.md", Platform::Cdk, Language::Ts),
        vec!["API003 lib/monitoring-stack.ts:32: `aws-cdk-lib.aws_cloudwatch.Alarm` has no argument `alarmActions`"]
    );
}

/// The same in Python (snake_case names); `period` of `Alarm` was removed in CDK v2 (it belongs
/// to the metric).
#[test]
fn python_deprecated_members_and_import_forms_are_real_api() {
    assert_eq!(
        findings("deprecated_members_cdk_py.md", Platform::Cdk, Language::Py),
        vec!["API003 lib/monitoring_stack.py:40: `aws_cdk.aws_cloudwatch.Alarm` has no argument `period`"]
    );
}
