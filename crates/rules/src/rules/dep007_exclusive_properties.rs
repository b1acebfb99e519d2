use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// Combinations of properties the schema states: two alternatives of a `oneOf` both set
    /// (mutually exclusive properties), none of the alternatives of a `oneOf`/`anyOf` set, and
    /// two properties `dependentExcluded` keeps apart. `dependentRequired` is not reported: the
    /// schemas state it where the service fills in a default (DynamoDB's `SSEType` beside
    /// `KMSMasterKeyId`), and answers that omit it deploy. Only `oneOf` /
    /// `anyOf` lists made of required-property groups are read; objects with an intrinsic key or
    /// a property set through `Fn::If` are judged only where that cannot change the answer.
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
    /// # fails: an AppStream image builder takes ImageName or ImageArn, and one of them is needed
    /// Builder:
    ///   Type: AWS::AppStream::ImageBuilder
    ///   Properties:
    ///     InstanceType: stream.standard.medium
    /// # passes
    ///     ImageName: AppStream-WinServer2019-01-01-2025
    /// ```
    ///
    /// ## Fix
    /// Keep exactly one of the alternatives (or add the one that is missing); drop one of two
    /// properties that exclude each other.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct SchemaPropertyCombination {
        id: "DEP007",
        name: "schema-property-combination",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::Exclusive,
        "Set the properties in a combination the schema allows.",
    );
}
