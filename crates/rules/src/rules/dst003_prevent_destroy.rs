use crate::declare_rule;
use crate::props::{flag, flag_value, get, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::option;

declare_rule! {
    /// ## What it checks
    /// Resources the tool itself refuses to destroy: Terraform `lifecycle { prevent_destroy =
    /// true }` (recorded by the front-end as an option or kept in the properties), and Pulumi
    /// `protect=True` / `{ protect: true }` resource options.
    ///
    /// ## Why it matters
    /// `terraform destroy` and `pulumi destroy` stop with an error on a protected resource, so
    /// the pipeline cannot clean up the test deployment. Medium, like the other destroyability
    /// rules.
    ///
    /// ## Example
    /// ```hcl
    /// # fails
    /// resource "aws_s3_bucket" "state" {
    ///   lifecycle { prevent_destroy = true }
    /// }
    /// # passes: no lifecycle block, or prevent_destroy = false
    /// ```
    ///
    /// ## Fix
    /// Remove `prevent_destroy` / `protect` from test stacks.
    ///
    /// ## References
    /// - https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
    /// - https://www.pulumi.com/docs/iac/concepts/options/protect/
    pub struct PreventDestroy {
        id: "DST003",
        name: "prevent-destroy",
        severity: Medium,
        docs: "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        let prevent = option(resource, &["prevent_destroy"])
            .map(flag_value)
            .or_else(|| {
                option(resource, &["lifecycle"])
                    .or_else(|| get(&resource.props, &["lifecycle"]))
                    .map(|l| flag(l, &["prevent_destroy"]))
            })
            .unwrap_or(Flag::Absent);
        let protect = option(resource, &["protect"])
            .map(flag_value)
            .unwrap_or(Flag::Absent);
        if prevent == Flag::On {
            hits.resource(
                resource,
                "`lifecycle { prevent_destroy = true }`: terraform destroy will refuse to delete it",
                "Remove `prevent_destroy` so the test stack can be destroyed.",
            );
        }
        if protect == Flag::On {
            hits.resource(
                resource,
                "resource is protected (`protect=True`): pulumi destroy will refuse to delete it",
                "Remove the `protect` resource option so the test stack can be destroyed.",
            );
        }
    }
}
