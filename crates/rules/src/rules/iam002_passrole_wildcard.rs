use crate::declare_rule;
use crate::policy::{statements, Effect};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Identity policy statements that allow `iam:PassRole` on every resource: an action of
    /// `iam:PassRole`, `iam:Pass*` or `iam:*` with `Resource: "*"` and no condition. Statements
    /// that allow `*` on `*` are reported by IAM001 instead.
    ///
    /// ## Why it matters
    /// `iam:PassRole` on `*` lets the holder hand *any* role in the account — administrator
    /// roles included — to a service it can create (a Lambda function, an EC2 instance, a
    /// CloudFormation stack) and act with that role's permissions: a classic privilege
    /// escalation path.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// - Effect: Allow
    ///   Action: iam:PassRole
    ///   Resource: "*"
    /// # passes
    /// - Effect: Allow
    ///   Action: iam:PassRole
    ///   Resource: !GetAtt TaskRole.Arn
    ///   Condition: {StringEquals: {"iam:PassedToService": ecs-tasks.amazonaws.com}}
    /// ```
    ///
    /// ## Fix
    /// Scope `Resource` to the role ARNs the workload passes, and add an
    /// `iam:PassedToService` condition.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
    pub struct PassRoleOnEveryRole {
        id: "IAM002",
        name: "iam-passrole-any-role",
        severity: High,
        docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in &ctx.graph.resources {
        for statement in statements(resource) {
            if statement.effect == Effect::Allow
                && !statement.not_action
                && !statement.not_resource
                && !statement.has_principal
                && !statement.has_condition
                && !statement.grants_everything()
                && statement.grants("iam:PassRole")
                && statement.on_every_resource()
            {
                hits.resource(
                    resource,
                    "policy allows `iam:PassRole` on every role (`Resource: \"*\"`)",
                    "Scope `iam:PassRole` to the specific role ARNs and add an `iam:PassedToService` condition.",
                );
            }
        }
    }
}
