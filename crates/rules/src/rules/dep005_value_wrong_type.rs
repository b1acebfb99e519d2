use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// A literal value of a type the schema does not allow for the property: a list or an object
    /// where a string, number or boolean is expected, a scalar where a list or an object is
    /// expected, a word where a number or a boolean is expected. Numbers and booleans written as
    /// strings (`"5"`, `"true"`) are accepted, as CloudFormation accepts them.
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
    /// # fails: SecurityGroupIngress is a list of rules
    /// Sg:
    ///   Type: AWS::EC2::SecurityGroup
    ///   Properties:
    ///     GroupDescription: web
    ///     SecurityGroupIngress:
    ///       IpProtocol: tcp
    /// # passes
    ///     SecurityGroupIngress:
    ///       - IpProtocol: tcp
    /// ```
    ///
    /// ## Fix
    /// Write the value in the shape the property takes (a list item `- `, an object, a number).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct ValueOfWrongType {
        id: "DEP005",
        name: "value-of-wrong-type",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::Type,
        "Write the value in the type the schema gives the property.",
    );
}
