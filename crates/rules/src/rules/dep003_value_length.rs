use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// A literal string shorter than the schema's `minLength` or longer than its `maxLength`,
    /// and a literal list with fewer items than `minItems` or more than `maxItems`.
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
    /// # fails: an IAM role name is at most 64 characters
    /// IngestRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     RoleName: payments-ingestion-pipeline-lambda-execution-role-for-nightly-batch-jobs
    /// # passes
    ///     RoleName: payments-ingest-nightly
    /// ```
    ///
    /// ## Fix
    /// Shorten (or complete) the value; for names, leave the name out and let CloudFormation
    /// generate one, or build it from a shorter prefix.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct ValueLengthOutsideSchema {
        id: "DEP003",
        name: "value-length-outside-schema",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::Length,
        "Bring the value within the length (or number of items) the schema allows.",
    );
}
