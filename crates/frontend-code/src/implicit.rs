//! Names that snippets use without importing them.
//!
//! Answers often show a stack's body in pieces — `self.vpc = ec2.Vpc(self, "Vpc", ...)`,
//! `new s3.Bucket(this, "Logs", {...})`, `aws.ec2.Vpc("vpc", ...)` — without the import lines.
//! When a name is bound nowhere in the program, and the framework is known (from the task's
//! platform or from another file's imports), the conventional alias is read as that framework's
//! module: `ec2` → `aws_cdk.aws_ec2`, `aws` → `pulumi_aws`, `S3Bucket` → the CDKTF AWS provider's
//! `s3_bucket`. Symbols are not recorded for such names: the program never imported them.

use std::collections::HashSet;
use std::sync::OnceLock;

use iacgrade_ir::kinds::{canonical_kind, table_entries, KindTable};

use crate::sdk::{snake_case, Framework};

/// CDK core names used unqualified.
const CDK_CORE: &[&str] = &[
    "App",
    "Aws",
    "CfnOutput",
    "CfnParameter",
    "CfnResource",
    "CustomResource",
    "Duration",
    "Environment",
    "Fn",
    "NestedStack",
    "RemovalPolicy",
    "SecretValue",
    "Size",
    "Stack",
    "StackProps",
    "Tags",
];

/// Conventional aliases of CDK modules that are not `aws_<alias>`.
const CDK_ALIASES: &[(&str, &str)] = &[
    ("elbv2", "aws_elasticloadbalancingv2"),
    ("elb", "aws_elasticloadbalancingv2"),
    ("sfn", "aws_stepfunctions"),
    ("tasks", "aws_stepfunctions_tasks"),
    ("sfn_tasks", "aws_stepfunctions_tasks"),
    ("targets", "aws_events_targets"),
    ("events_targets", "aws_events_targets"),
    ("subs", "aws_sns_subscriptions"),
    ("subscriptions", "aws_sns_subscriptions"),
    ("sns_subscriptions", "aws_sns_subscriptions"),
    ("origins", "aws_cloudfront_origins"),
    ("apigw", "aws_apigateway"),
    ("cw", "aws_cloudwatch"),
    ("cw_actions", "aws_cloudwatch_actions"),
    ("actions", "aws_cloudwatch_actions"),
    ("cloudwatch_actions", "aws_cloudwatch_actions"),
    ("s3n", "aws_s3_notifications"),
    ("s3_notifications", "aws_s3_notifications"),
    ("acm", "aws_certificatemanager"),
    ("ddb", "aws_dynamodb"),
    ("eventsources", "aws_lambda_event_sources"),
    ("lambda_event_sources", "aws_lambda_event_sources"),
    ("route53_targets", "aws_route53_targets"),
    ("r53", "aws_route53"),
    ("sm", "aws_secretsmanager"),
    ("secrets", "aws_secretsmanager"),
    ("cognito", "aws_cognito"),
    ("nodejs", "aws_lambda_nodejs"),
    ("lambda_nodejs", "aws_lambda_nodejs"),
];

/// The CDK modules the construct table knows (`aws_s3`, `aws_ec2`, ...).
fn cdk_modules() -> &'static HashSet<String> {
    static MODULES: OnceLock<HashSet<String>> = OnceLock::new();
    MODULES.get_or_init(|| {
        table_entries(KindTable::Cdk)
            .filter_map(|(k, _)| k.split_once('.').map(|(m, _)| m.to_string()))
            .collect()
    })
}

/// The SDK path an unbound name stands for in a program of `framework`, if any.
pub fn implicit_sdk_path(framework: Framework, name: &str) -> Option<String> {
    match framework {
        Framework::Pulumi => match name {
            "pulumi" => Some("pulumi".into()),
            "aws" => Some("pulumi_aws".into()),
            "awsx" | "random" | "tls" | "command" | "archive" => Some(format!("pulumi_{name}")),
            "ResourceOptions" | "ComponentResource" | "Output" | "Config" | "export" => {
                Some(format!("pulumi.{name}"))
            }
            _ => None,
        },
        Framework::Cdk => {
            if matches!(name, "cdk" | "core" | "cdk_core") {
                return Some("aws_cdk".into());
            }
            if name == "Construct" {
                return Some("constructs.Construct".into());
            }
            if CDK_CORE.contains(&name) {
                return Some(format!("aws_cdk.{name}"));
            }
            let module = CDK_ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map(|(_, m)| m.to_string())
                .unwrap_or_else(|| format!("aws_{}", name.trim_end_matches('_')));
            cdk_modules()
                .contains(&module)
                .then(|| format!("aws_cdk.{module}"))
        }
        Framework::Cdktf => {
            match name {
                "TerraformStack" | "TerraformOutput" | "TerraformVariable" | "App" | "Fn"
                | "S3Backend" | "TerraformLocal" => return Some(format!("cdktf.{name}")),
                "AwsProvider" => {
                    return Some("cdktf_cdktf_provider_aws.provider.AwsProvider".into())
                }
                "aws" => return Some("cdktf_cdktf_provider_aws".into()),
                _ => {}
            }
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                return None;
            }
            let module = snake_case(name);
            let tf = format!("aws_{module}");
            canonical_kind(KindTable::Terraform, &tf)
                .is_some()
                .then(|| format!("cdktf_cdktf_provider_aws.{module}.{name}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_aliases_resolve_per_framework() {
        assert_eq!(
            implicit_sdk_path(Framework::Pulumi, "aws").as_deref(),
            Some("pulumi_aws")
        );
        assert_eq!(
            implicit_sdk_path(Framework::Cdk, "ec2").as_deref(),
            Some("aws_cdk.aws_ec2")
        );
        assert_eq!(
            implicit_sdk_path(Framework::Cdk, "lambda_").as_deref(),
            Some("aws_cdk.aws_lambda")
        );
        assert_eq!(
            implicit_sdk_path(Framework::Cdk, "elbv2").as_deref(),
            Some("aws_cdk.aws_elasticloadbalancingv2")
        );
        assert_eq!(
            implicit_sdk_path(Framework::Cdk, "RemovalPolicy").as_deref(),
            Some("aws_cdk.RemovalPolicy")
        );
        assert_eq!(implicit_sdk_path(Framework::Cdk, "my_helper"), None);
        assert_eq!(implicit_sdk_path(Framework::Pulumi, "ec2"), None);
    }
}
