use iacgrade_ir::Resource;

use crate::declare_rule;
use crate::props::{enum_member, flag_value, get, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{cdk_class, option};

declare_rule! {
    /// ## What it checks
    /// Resources that survive the deletion of their stack:
    /// - `DeletionPolicy` or `UpdateReplacePolicy` set to `Retain`, `RetainExceptOnCreate` or
    ///   `Snapshot` (CloudFormation; CDK `applyRemovalPolicy`, recorded by the front-end as
    ///   an option);
    /// - CDK `removalPolicy: RemovalPolicy.RETAIN` / `SNAPSHOT` / `RETAIN_ON_UPDATE_OR_DELETE`;
    /// - CDK L2 constructs whose *default* removal policy is `RETAIN` and that set none:
    ///   `s3.Bucket`, `dynamodb.Table`/`TableV2`, `logs.LogGroup`, `kms.Key`,
    ///   `cognito.UserPool`, `efs.FileSystem`, `ecr.Repository`. Not reported when the program
    ///   applies a removal policy to everything (`RemovalPolicies.of(...)`, an `Aspects`
    ///   visitor).
    /// - Pulumi `retain_on_delete=True` / `retainOnDelete: true` resource options.
    ///
    /// ## Why it matters
    /// The pipeline deploys every answer to a test account and destroys it afterwards; retained
    /// buckets, tables, keys and log groups are left behind, cost money and make the next
    /// deployment fail on name conflicts. Medium: retention is right for production data, but
    /// these tasks must be destroyable.
    ///
    /// ## Example
    /// ```typescript
    /// // fails
    /// new s3.Bucket(this, "Data");
    /// // passes
    /// new s3.Bucket(this, "Data", {
    ///   removalPolicy: cdk.RemovalPolicy.DESTROY,
    ///   autoDeleteObjects: true,
    /// });
    /// ```
    ///
    /// ## Fix
    /// Use `DeletionPolicy: Delete` (`RemovalPolicy.DESTROY`, plus `autoDeleteObjects` for
    /// buckets), or make retention depend on an environment parameter.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
    /// - https://docs.aws.amazon.com/cdk/v2/guide/resources.html#resources_removal
    pub struct RetainedOnDelete {
        id: "DST001",
        name: "retained-on-delete",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html",
        check: check,
    }
}

/// CDK L2 constructs retained by default (their `removalPolicy` documentation says RETAIN), as
/// `<module>.<class>`.
const RETAINED_BY_DEFAULT: [&str; 8] = [
    "aws_s3.Bucket",
    "aws_dynamodb.Table",
    "aws_dynamodb.TableV2",
    "aws_logs.LogGroup",
    "aws_kms.Key",
    "aws_cognito.UserPool",
    "aws_efs.FileSystem",
    "aws_ecr.Repository",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let global_policy = ctx.graph.symbols.iter().any(|s| {
        s.path.contains("RemovalPolicies")
            || s.path.ends_with("Aspects.of")
            || s.path.ends_with("Aspects")
    });
    for resource in ctx.declared() {
        let mut retained = Vec::new();
        for (label, keys) in [
            ("DeletionPolicy", &["DeletionPolicy"][..]),
            ("UpdateReplacePolicy", &["UpdateReplacePolicy"][..]),
            (
                "removal policy",
                &[
                    "removalPolicy",
                    "removal_policy",
                    "applyRemovalPolicy",
                    "apply_removal_policy",
                ][..],
            ),
        ] {
            let Some(written) = option(resource, keys).or_else(|| get(&resource.props, keys))
            else {
                continue;
            };
            if let Some(policy) = enum_member(written) {
                if matches!(
                    policy.as_str(),
                    "RETAIN" | "SNAPSHOT" | "RETAINEXCEPTONCREATE" | "RETAINONUPDATEORDELETE"
                ) {
                    retained.push(format!("{label} {}", written.render()));
                }
            }
        }
        if option(resource, &["retain_on_delete", "retainOnDelete"])
            .is_some_and(|v| flag_value(v) == Flag::On)
        {
            retained.push("resource option retain_on_delete".into());
        }
        if !retained.is_empty() {
            hits.resource(
                resource,
                format!("the resource outlives the stack ({})", retained.join(", ")),
                "Use `Delete` / `RemovalPolicy.DESTROY` so the test stack can be destroyed (empty buckets with `autoDeleteObjects` / `force_destroy`).",
            );
        } else if !global_policy && retained_by_construct_default(ctx, resource) {
            hits.resource(
                resource,
                "CDK construct is retained on delete by default and sets no removal policy",
                "Set `removalPolicy: RemovalPolicy.DESTROY` (and `autoDeleteObjects: true` for buckets).",
            );
        }
    }
}

fn retained_by_construct_default(ctx: &RuleContext, resource: &Resource) -> bool {
    if cdk_class(resource, ctx.platform).is_none() {
        return false;
    }
    let source_type = resource.source_type.as_str();
    RETAINED_BY_DEFAULT
        .iter()
        .any(|c| source_type == *c || source_type.ends_with(&format!(".{c}")))
        && option(
            resource,
            &[
                "removalPolicy",
                "removal_policy",
                "applyRemovalPolicy",
                "apply_removal_policy",
                "DeletionPolicy",
            ],
        )
        .is_none()
        && get(&resource.props, &["removalPolicy", "removal_policy"]).is_none()
}
