use super::ToolchainRule;

toolchain_rule! {
    /// ## What it checks
    /// The build stage of `--run` on the model's answer: `tsc --noEmit` (TypeScript),
    /// `node --check` (JavaScript), `python -m py_compile` (Python), `terraform init` +
    /// `terraform validate` (Terraform). The finding is the compiler's first error, at its line
    /// of the answer, in the tool's own words.
    ///
    /// ## Why it matters
    /// Code that does not compile or validate never reaches synth or deploy: critical. A
    /// compiler's verdict is proof, not a pattern.
    ///
    /// Its status compares the two sides: `fixed` when the ideal answer builds, `standing` when
    /// both fail with the same error, and "not comparable" (not counted as a model failure)
    /// when the ideal answer fails differently or could not be built: then the harness or the
    /// task is at fault as much as the answer.
    ///
    /// ## Example
    /// ```hcl
    /// # fails: terraform validate — Reference to undeclared resource
    /// resource "aws_subnet" "a" { vpc_id = aws_vpc.missing.id }
    /// # passes
    /// resource "aws_subnet" "a" { vpc_id = aws_vpc.main.id }
    /// ```
    ///
    /// ## Fix
    /// Correct the code at the line the compiler names.
    ///
    /// ## References
    /// - https://developer.hashicorp.com/terraform/cli/commands/validate
    /// - https://www.typescriptlang.org/docs/handbook/compiler-options.html
    pub const RULE = {
        id: "EXE001",
        name: "build-fails",
        docs: "https://developer.hashicorp.com/terraform/cli/commands/validate",
        fix: "correct the code at the line the compiler names; the ideal answer shows a version that builds",
    }
}
