use iacgrade_ir::Value;

use crate::declare_rule;
use crate::props::{elements, flag_value, get, literal_str, str_at, Flag};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Deletion protection switched on:
    /// - `DeletionProtection: true` / `deletion_protection = true` / `deletionProtection: true`
    ///   (RDS instances and clusters, DocumentDB, Neptune, Cognito user pools with `ACTIVE`);
    /// - `DeletionProtectionEnabled` / `deletion_protection_enabled` (DynamoDB tables);
    /// - `enable_deletion_protection = true` and the `deletion_protection.enabled` load
    ///   balancer attribute (ALB/NLB);
    /// - `DisableApiTermination: true` / `disable_api_termination = true` (EC2 instances).
    ///
    /// ## Why it matters
    /// The pipeline destroys every test stack after its checks; a protected resource makes the
    /// destroy fail and is left running until someone turns the protection off by hand. Medium:
    /// protection is good practice for production, but these answers must be destroyable.
    ///
    /// ## Example
    /// ```hcl
    /// # fails
    /// resource "aws_db_instance" "main" {
    ///   deletion_protection = true
    /// }
    /// # passes
    ///   deletion_protection = var.environment == "prod"
    /// ```
    ///
    /// ## Fix
    /// Turn protection off for test stacks, or drive it from an environment parameter.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection
    /// - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
    pub struct DeletionProtectionEnabled {
        id: "DST002",
        name: "deletion-protection-enabled",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection",
        check: check,
    }
}

const FLAGS: [&str; 5] = [
    "DeletionProtection",
    "DeletionProtectionEnabled",
    "enable_deletion_protection",
    "DisableApiTermination",
    "TerminationProtection",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        let props = &resource.props;
        let mut protected = FLAGS
            .iter()
            .find(|k| match get(props, &[k]) {
                Some(v) => flag_value(v) == Flag::On || is_active(v),
                None => false,
            })
            .map(|k| k.to_string());
        if protected.is_none() {
            protected = load_balancer_attribute(props);
        }
        if let Some(setting) = protected {
            hits.resource(
                resource,
                format!("deletion protection is on (`{setting}`): the stack cannot be destroyed"),
                "Turn deletion protection off for test stacks, or make it depend on an environment parameter.",
            );
        }
    }
}

/// Cognito's `DeletionProtection: ACTIVE`.
fn is_active(value: &Value) -> bool {
    literal_str(value).is_some_and(|s| s.eq_ignore_ascii_case("ACTIVE"))
}

/// `LoadBalancerAttributes: [{Key: deletion_protection.enabled, Value: "true"}]`.
fn load_balancer_attribute(props: &Value) -> Option<String> {
    let attributes = get(props, &["LoadBalancerAttributes"])?;
    elements(attributes).into_iter().find_map(|a| {
        let key = str_at(a, &["Key"])?;
        let value = get(a, &["Value"])?;
        (key == "deletion_protection.enabled" && flag_value(value) == Flag::On).then_some(key)
    })
}
