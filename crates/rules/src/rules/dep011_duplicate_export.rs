use std::collections::HashMap;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Two outputs of one CloudFormation template that export the same name (`Export.Name`
    /// written the same way: the same literal, or the same `Fn::Sub` / `Ref` expression, which
    /// resolves to the same value in one stack). Outputs with a `Condition` are left out.
    ///
    /// ## Why it matters
    /// Export names are unique within an account and region; CloudFormation rejects the stack:
    /// `Export with name X is already exported by stack Y` or a template validation error.
    /// Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: both outputs export "${AWS::StackName}-Id"
    /// Outputs:
    ///   VpcId:
    ///     Value: !Ref Vpc
    ///     Export: {Name: !Sub "${AWS::StackName}-Id"}
    ///   SubnetId:
    ///     Value: !Ref Subnet
    ///     Export: {Name: !Sub "${AWS::StackName}-Id"}
    /// # passes: "${AWS::StackName}-VpcId" and "${AWS::StackName}-SubnetId"
    /// ```
    ///
    /// ## Fix
    /// Give every export its own name (the output's name is a good suffix).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
    pub struct DuplicateExportName {
        id: "DEP011",
        name: "duplicate-export-name",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    // (file, export name as written) → the output that exports it first.
    let mut first: HashMap<(&str, String), &str> = HashMap::new();
    for d in t.section("Outputs") {
        // Outputs under conditions may never exist together.
        if d.body.get("Condition").is_some() {
            continue;
        }
        let Some(name) = d.body.get("Export").and_then(|e| e.get("Name")) else {
            continue;
        };
        let written = name.render();
        if written.is_empty() {
            continue;
        }
        match first.get(&(d.span.file.as_str(), written.clone())) {
            Some(earlier) => hits.at(
                &d.span,
                &d.name,
                format!("output `{}` exports `{written}`, the name output `{earlier}` already exports", d.name),
                "Give every export its own name, e.g. the stack name followed by the output's name.",
            ),
            None => {
                first.insert((d.span.file.as_str(), written), d.name.as_str());
            }
        }
    }
}
