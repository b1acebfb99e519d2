use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::{report_schema, schema::ViolationKind};

declare_rule! {
    /// ## What it checks
    /// A literal string property value that does not match the `pattern` the CloudFormation
    /// resource schema gives the property (searched in the value, as JSON Schema does). Patterns
    /// the regular-expression engine cannot compile are skipped.
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
    /// # fails: a log group name may not contain spaces (pattern [\.\-_/#A-Za-z0-9]{1,512})
    /// Logs:
    ///   Type: AWS::Logs::LogGroup
    ///   Properties:
    ///     LogGroupName: my app logs
    /// # passes
    ///     LogGroupName: /my-app/logs
    /// ```
    ///
    /// ## Fix
    /// Write the value in the form the pattern describes (the characters it allows, a prefix such
    /// as `arn:` or `sg-`).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct ValueDoesNotMatchSchemaPattern {
        id: "DEP002",
        name: "value-does-not-match-schema-pattern",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    report_schema(
        ctx,
        hits,
        ViolationKind::Pattern,
        "Write the value in the form the schema's pattern allows.",
    );
}
