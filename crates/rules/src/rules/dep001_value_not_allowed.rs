use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// A property value outside the list of values the CloudFormation resource schema allows
    /// (its `enum`), at any depth of the property's nested types.
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
    /// # fails: LaunchType is one of EC2, FARGATE, EXTERNAL
    /// Service:
    ///   Type: AWS::ECS::Service
    ///   Properties:
    ///     LaunchType: SERVERLESS
    /// # passes
    ///     LaunchType: FARGATE
    /// ```
    ///
    /// ## Fix
    /// Use one of the values the message lists (spelling and case as given).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct ValueNotAllowedBySchema {
        id: "DEP001",
        name: "value-not-allowed-by-schema",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::NotAllowed,
        "Use one of the values the resource type's schema allows (spelling and case as listed).",
    );
}
