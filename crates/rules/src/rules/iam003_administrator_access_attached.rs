use iacgrade_ir::Value;

use crate::declare_rule;
use crate::policy::ADMIN_REQUESTED;
use crate::props::{elements, get, texts};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// The AWS-managed `AdministratorAccess` policy attached to a role, user or group:
    /// `ManagedPolicyArns` / `managed_policy_arns` / `policy_arn` / `managedPolicies` holding
    /// `arn:aws:iam::aws:policy/AdministratorAccess` (any partition), or CDK
    /// `ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")`.
    ///
    /// Not reported when the request asks for administrator access on purpose (an admin group,
    /// a break-glass role), nor on `AWSCloudFormationStackSetExecutionRole`, whose documented
    /// setup for self-managed StackSets uses AdministratorAccess.
    ///
    /// ## Why it matters
    /// Same as a `*`-on-`*` statement (IAM001): full control of the account for whoever
    /// assumes the role. Workload roles never need it; deployment roles should use scoped
    /// policies or a permissions boundary.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// AppRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
    /// # passes
    ///     ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
    /// ```
    ///
    /// ## Fix
    /// Attach the AWS-managed job-function or service policy that fits, or write a scoped
    /// policy.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
    /// - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    pub struct AdministratorAccessAttached {
        id: "IAM003",
        name: "administrator-access-attached",
        severity: High,
        docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
        check: check,
    }
}

const ATTACHMENT_KEYS: [&str; 5] = [
    "ManagedPolicyArns",
    "policy_arn",
    "managedPolicies",
    "policyArns",
    "policy_arns",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        // The role CloudFormation StackSets' self-managed permissions model documents with
        // AdministratorAccess.
        if resource.logical_name.as_str() == Some("AWSCloudFormationStackSetExecutionRole") {
            continue;
        }
        let Some(attached) = get(&resource.props, &ATTACHMENT_KEYS) else {
            continue;
        };
        if elements(attached).into_iter().any(is_administrator_access) {
            hits.resource(
                resource,
                "the AWS-managed AdministratorAccess policy is attached",
                "Attach a scoped policy that lists only the actions and resources the principal needs.",
            );
        }
    }
    // Asked only when there is a hit: reading the request costs more than the check.
    if !hits.is_empty() && ctx.asks_for(&ADMIN_REQUESTED) {
        hits.clear();
    }
}

/// `arn:<partition>:iam::aws:policy/AdministratorAccess` in any written form, but not
/// `AdministratorAccess-Amplify` and the like.
fn is_administrator_access(value: &Value) -> bool {
    texts(value).iter().any(|t| {
        let mut rest = t.as_str();
        while let Some(pos) = rest.find("AdministratorAccess") {
            let after = rest[pos + "AdministratorAccess".len()..].chars().next();
            let before = rest[..pos].chars().next_back();
            let boundary_after =
                after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
            let boundary_before = before.is_none_or(|c| !c.is_ascii_alphanumeric());
            if boundary_after && boundary_before {
                return true;
            }
            rest = &rest[pos + 1..];
        }
        false
    })
}
