use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// An object of a nested property type (an item of `SecurityGroupIngress`, a
    /// `DeploymentConfiguration.Alarms`, a `Tags` entry) that lacks a property the schema marks
    /// required for that type. The required properties of the resource itself are the API check's
    /// (API005); an object with an intrinsic among its keys, or with a property set through
    /// `Fn::If`, is not judged.
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
    /// # fails: every tag needs a Value
    /// Bucket:
    ///   Type: AWS::S3::Bucket
    ///   Properties:
    ///     Tags:
    ///       - Key: team
    /// # passes
    ///       - Key: team
    ///         Value: payments
    /// ```
    ///
    /// ## Fix
    /// Add the missing properties the message names.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct NestedRequiredPropertyMissing {
        id: "DEP006",
        name: "nested-required-property-missing",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::NestedRequired,
        "Add the properties the schema requires in this object.",
    );
}
