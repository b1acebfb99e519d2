use crate::declare_rule;
use crate::policy::{is_permissions_boundary, statements, Effect, ADMIN_REQUESTED};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Identity policy statements that allow every action on every resource: `Effect: Allow`
    /// (or no effect), `Action: "*"` (or `"*:*"`) and `Resource: "*"`, wherever the code writes
    /// them — `AWS::IAM::Policy`/`ManagedPolicy` documents, a role's inline `Policies`,
    /// Terraform `aws_iam_policy`/`aws_iam_role_policy` documents (maps, `jsonencode`, JSON
    /// strings), `aws_iam_policy_document` data sources, Pulumi `json.dumps` documents, CDK
    /// `PolicyStatement` props.
    ///
    /// Statements with a `Principal` (resource policies: bucket, key, queue and trust
    /// policies) and `NotAction` statements are left to other checks. Permissions boundaries
    /// (policies named in a `PermissionsBoundary`, or named "boundary") are not grants and are
    /// skipped, and so is everything when the request asks for administrator access on purpose
    /// (an admin group, a break-glass role, `AdministratorAccess`). Conditions do not make
    /// the statement pass: an administrator with a condition is still an administrator.
    ///
    /// ## Why it matters
    /// `*` on `*` is full administrator access: whoever holds the role (a Lambda function, an
    /// EC2 instance, a CI job) can read every secret, delete every resource and create new
    /// administrators. Least privilege is the first control reviewers check.
    ///
    /// ## Example
    /// ```json
    /// // fails
    /// {"Effect": "Allow", "Action": "*", "Resource": "*"}
    /// // passes
    /// {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::reports/*"}
    /// ```
    ///
    /// ## Fix
    /// List the actions the workload calls and the ARNs it calls them on.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    /// - https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1
    pub struct WildcardAdminStatement {
        id: "IAM001",
        name: "iam-wildcard-admin-statement",
        severity: High,
        docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    // Data sources count here: a Terraform aws_iam_policy_document is policy the answer writes.
    for resource in &ctx.graph.resources {
        let grants_all = statements(resource).iter().any(|statement| {
            statement.effect == Effect::Allow
                && !statement.not_action
                && !statement.not_resource
                && !statement.has_principal
                && statement.grants_everything()
                && statement.on_every_resource()
        });
        // The costlier questions only for the few resources that grant everything.
        if grants_all
            && !is_permissions_boundary(ctx.graph, resource)
            && !ctx.asks_for(&ADMIN_REQUESTED)
        {
            hits.resource(
                resource,
                "policy statement allows every action (`*`) on every resource (`*`)",
                "Replace `*` with the actions the workload needs and scope `Resource` to specific ARNs.",
            );
        }
    }
}
