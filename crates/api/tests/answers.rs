//! Whole answers (tests/fixtures/*.md, written for these tests) through the stages that feed the
//! API check — extract, the code front-end, the check — for forms of correct code that were
//! once reported as invented APIs. Each fixture also holds one real mistake, which must still
//! be the only finding.

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
    let graph = iacgrade_frontend_code::parse(&extraction.files, Some(Platform::Pulumi));
    check_api(&graph, Platform::Pulumi, language)
        .iter()
        .map(|f| format!("{} {}:{}: {}", f.rule, f.file, f.line, f.message))
        .collect()
}

/// Template literals escaped for the markdown (`` \`vpc-\${suffix}\` ``) are read as templates:
/// the parser no longer gives the autoscaling policy's props to the VPC.
#[test]
fn escaped_template_literals_do_not_move_props_to_another_call() {
    assert_eq!(
        findings("escaped_templates_pulumi_ts.md", Language::Ts),
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
        findings("imports_of_other_packages_pulumi_py.md", Language::Py),
        vec!["API003 tap.py:6: `pulumi_aws.s3.Bucket` has no argument `versioning_enabled`"]
    );
}
