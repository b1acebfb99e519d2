use super::ToolchainRule;

toolchain_rule! {
    /// ## What it checks
    /// The synth stage of `--run` on the model's answer: `cdk synth` (AWS CDK), `cdktf synth`
    /// (CDK for Terraform), or the Pulumi program run under Pulumi's mocks (its preview: no
    /// Pulumi CLI or provider plugin is needed). The finding is the exception the program
    /// raised, at the innermost line of the answer's code it names.
    ///
    /// ## Why it matters
    /// A program that raises while it is synthesized produces no template and no plan: nothing
    /// can be deployed. Critical. Typical causes are invented SDK names (`AttributeError:
    /// module 'pulumi' has no attribute 'providers'`), wrong keyword arguments (`TypeError:
    /// __init__() got an unexpected keyword argument`) and construct validation errors.
    ///
    /// Status as for EXE001: `fixed` when the ideal answer synthesizes, `standing` when both
    /// fail alike, "not comparable" when the ideal answer fails otherwise.
    ///
    /// ## Example
    /// ```python
    /// # fails: TypeError: Bucket._internal_init() got an unexpected keyword argument 'bucket_nam'
    /// aws.s3.Bucket("logs", bucket_nam="logs")
    /// # passes
    /// aws.s3.Bucket("logs", bucket="logs")
    /// ```
    ///
    /// ## Fix
    /// Use the names and arguments the SDK defines, at the line the exception names.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cdk/v2/guide/cli.html
    /// - https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands
    pub const RULE = {
        id: "EXE002",
        name: "synth-fails",
        docs: "https://docs.aws.amazon.com/cdk/v2/guide/cli.html",
        fix: "correct the code at the line the exception names; the ideal answer shows a version that synthesizes",
    }
}
