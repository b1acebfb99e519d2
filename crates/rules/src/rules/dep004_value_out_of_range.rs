use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// A literal number (or numeric string) below the schema's `minimum` or above its
    /// `maximum`.
    /// Judged on CloudFormation templates and CDK L1 (`Cfn*`) constructs, whose props are the
    /// CloudFormation properties. Only literal values are judged: a `Ref`, `Fn::GetAtt`,
    /// `Fn::Sub`, `Fn::If` or other intrinsic, a parameter or an expression is never a
    /// violation. The constraints come from the CloudFormation resource provider schemas that
    /// cfn-lint 1.58.0 bundles (us-east-1, schema date 2026-10-20), extracted by
    /// `tools/cfn-constraints/`; the message quotes the schema's own description of the property.
    ///
    /// ## Why it matters
    /// CloudFormation validates every property against the resource type's schema before it
    /// calls the service: a value the schema refuses fails the stack (`Properties validation
    /// failed for resource ...`) and rolls it back. Critical: the answer does not deploy.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: a Lambda function has at least 128 MB of memory
    /// Fn:
    ///   Type: AWS::Lambda::Function
    ///   Properties:
    ///     MemorySize: 64
    /// # passes
    ///     MemorySize: 1024
    /// ```
    ///
    /// ## Fix
    /// Choose a value within the range the message gives.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct ValueOutOfSchemaRange {
        id: "DEP004",
        name: "value-out-of-schema-range",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::Range,
        "Choose a value within the range the schema allows.",
    );
}
