use iacgrade_ir::Value;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::constraints::takes_snapshot_policy;
use crate::rules::deploy::schema::is_deferred;

declare_rule! {
    /// ## What it checks
    /// The `DeletionPolicy` and `UpdateReplacePolicy` of every CloudFormation resource: one of
    /// `Delete`, `Retain`, `RetainExceptOnCreate` (deletion only) or `Snapshot`, written as a
    /// string, and `Snapshot` only on the types that support snapshots (the list cfn-lint 1.58.0
    /// keeps, `cfnlint.helpers.valid_snapshot_types`: RDS instances and clusters, EBS volumes,
    /// ElastiCache, Redshift, Neptune, DocumentDB, ...). Intrinsics (`Fn::If`, `Ref`) are not
    /// judged.
    ///
    /// ## Why it matters
    /// CloudFormation rejects the template (`Unrecognized DeletionPolicy X`) or the stack
    /// operation (`Snapshot` on a type without snapshots). Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: an S3 bucket has no snapshots
    /// Archive:
    ///   Type: AWS::S3::Bucket
    ///   DeletionPolicy: Snapshot
    /// # passes
    ///   DeletionPolicy: Retain
    /// ```
    ///
    /// ## Fix
    /// Use `Retain` (or `Delete`) on types without snapshots; spell the policy exactly.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
    pub struct DeletionPolicyValue {
        id: "DEP018",
        name: "deletion-policy-value-invalid",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    for resource in &t.resources {
        for (attribute, value) in &resource.options {
            let deletion = attribute == "DeletionPolicy";
            if !deletion && attribute != "UpdateReplacePolicy" {
                continue;
            }
            if is_deferred(value) {
                continue;
            }
            let mut allowed = vec!["Delete", "Retain"];
            if deletion {
                allowed.push("RetainExceptOnCreate");
            }
            let snapshots = takes_snapshot_policy(&resource.kind);
            if snapshots {
                allowed.push("Snapshot");
            }
            let problem = match value {
                Value::Str(s) if allowed.contains(&s.as_str()) => None,
                Value::Str(s) if s == "Snapshot" => Some(format!(
                    "{attribute} is Snapshot, but `{}` has no snapshots",
                    resource.kind
                )),
                Value::Str(s) => Some(format!(
                    "{attribute} is `{s}`, not one of {}",
                    allowed.join(", ")
                )),
                other => Some(format!(
                    "{attribute} is `{}`, not a string (one of {})",
                    other.render(),
                    allowed.join(", ")
                )),
            };
            if let Some(message) = problem {
                hits.resource(
                    resource,
                    message,
                    "Use Delete, Retain (or RetainExceptOnCreate for deletion), and Snapshot only on types with snapshots.",
                );
            }
        }
    }
}
