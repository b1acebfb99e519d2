use super::ToolchainRule;

toolchain_rule! {
    /// ## What it checks
    /// The task's own unit tests (pytest or Jest, as the project ships them) run against the
    /// model's code (the unit stage of `--run`, model side): the finding is the first failing
    /// test's error and how many failed.
    ///
    /// ## Why it matters
    /// The task's tests encode what the stack must contain; the pipeline does not accept an
    /// answer whose tests fail. Critical when the ideal answer passes the same tests (`fixed`);
    /// when the ideal answer fails them too, the tests or the harness are at fault as much as
    /// the answer and the finding is not counted.
    ///
    /// ## Example
    /// A test asserting one `AWS::S3::Bucket` with versioning enabled, against an answer whose
    /// bucket has no versioning: `Template.has_resource_properties` fails.
    ///
    /// ## Fix
    /// Make the stack meet what the failing test asserts (the test's message says what).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cdk/v2/guide/testing.html
    pub const RULE = {
        id: "EXE005",
        name: "unit-tests-fail",
        docs: "https://docs.aws.amazon.com/cdk/v2/guide/testing.html",
        fix: "make the stack meet what the failing test asserts",
    }
}
