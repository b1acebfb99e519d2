use super::ToolchainRule;

toolchain_rule! {
    /// ## What it checks
    /// The deploy stage of `--run` on the model's answer, against the local AWS emulator
    /// (moto): `aws cloudformation` create-stack for templates and CDK, `terraform apply` for
    /// Terraform. The finding is the rejection the emulator or the tool reported (a failed
    /// resource and its reason, a Terraform error), at the line of the answer it names when it
    /// names one.
    ///
    /// ## Why it matters
    /// A deployment the emulator rejects — a dangling reference, a resource property the
    /// service refuses, a required variable without a value — would fail in AWS too. Critical.
    /// The emulator is not AWS: what it accepts proves less than what it rejects, and a
    /// rejection the ideal answer shares is not counted as the model's ("standing" or "not
    /// comparable").
    ///
    /// ## Example
    /// A Terraform answer whose `aws_lambda_function` names a role ARN that no resource
    /// creates: `terraform apply` fails with the service's error.
    ///
    /// ## Fix
    /// Follow the rejection's reason; the ideal answer shows a version that deploys.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html
    /// - https://developer.hashicorp.com/terraform/cli/commands/apply
    pub const RULE = {
        id: "EXE004",
        name: "deploy-rejected",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html",
        fix: "follow the rejection's reason; the ideal answer shows a version that deploys",
    }
}
