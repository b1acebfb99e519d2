use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::template::depends_on;

declare_rule! {
    /// ## What it checks
    /// Every name in a CloudFormation resource's `DependsOn` is the logical id of a resource the
    /// template declares (in a SAM template, ids SAM derives from its resources count). Answers
    /// whose templates may declare more than the text shows are not judged (see DEP008).
    ///
    /// ## Why it matters
    /// CloudFormation rejects the template: `Template format error: Unresolved resource
    /// dependencies [X] in the Resources block of the template`. `DependsOn` takes resources
    /// only, never parameters or outputs. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: the gateway attachment is called AttachGateway
    /// Route:
    ///   Type: AWS::EC2::Route
    ///   DependsOn: GatewayAttachment
    /// # passes
    ///   DependsOn: AttachGateway
    /// ```
    ///
    /// ## Fix
    /// Name a declared resource, or remove the entry.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
    pub struct DependsOnUndeclared {
        id: "DEP009",
        name: "depends-on-undeclared-resource",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    if t.open {
        return;
    }
    for resource in &t.resources {
        for target in depends_on(resource) {
            if t.by_id.contains_key(target) || t.sam_derived(target) {
                continue;
            }
            let what = if t.parameters.contains(target) {
                "a parameter, not a resource"
            } else {
                "not a resource the template declares"
            };
            hits.resource(
                resource,
                format!("`DependsOn` names `{target}`, which is {what}"),
                "Name the logical id of a declared resource in DependsOn, or remove the entry.",
            );
        }
    }
}
