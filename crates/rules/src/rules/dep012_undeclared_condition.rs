use iacgrade_ir::{SourceSpan, Value};

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::template::condition_uses;

declare_rule! {
    /// ## What it checks
    /// Every condition a CloudFormation template uses — a resource's or output's `Condition`
    /// attribute, the first argument of `Fn::If`, `Condition: X` inside a condition — is declared
    /// in the template's `Conditions` section. Answers whose templates may declare more than the
    /// text shows are not judged (see DEP008).
    ///
    /// ## Why it matters
    /// CloudFormation rejects the template: `Template format error: Unresolved condition
    /// dependency X`. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: the condition is declared as IsProduction
    /// Conditions:
    ///   IsProduction: !Equals [!Ref Env, prod]
    /// Resources:
    ///   Alarm:
    ///     Type: AWS::CloudWatch::Alarm
    ///     Condition: IsProd
    /// # passes
    ///     Condition: IsProduction
    /// ```
    ///
    /// ## Fix
    /// Use the name of a declared condition, or declare the condition.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
    pub struct UndeclaredCondition {
        id: "DEP012",
        name: "undeclared-condition",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html",
        check: check,
    }
}

const FIX: &str = "Use the name of a condition declared in the Conditions section, or declare it.";

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    if t.open {
        return;
    }
    let mut uses = Vec::new();
    for resource in &t.resources {
        uses.clear();
        if let Some((_, Value::Str(name))) = resource.options.iter().find(|(k, _)| k == "Condition")
        {
            uses.push(name.as_str());
        }
        condition_uses(&resource.props, &mut uses);
        for name in &uses {
            if !t.conditions.contains(name) {
                hits.resource(resource, message(name), FIX);
            }
        }
    }
    for d in t.section("Outputs").chain(t.section("Conditions")) {
        uses.clear();
        condition_uses(&d.body, &mut uses);
        report(hits, &d.span, &d.name, &uses, |n| t.conditions.contains(n));
    }
}

fn report(
    hits: &mut Hits,
    span: &SourceSpan,
    subject: &str,
    uses: &[&str],
    declared: impl Fn(&str) -> bool,
) {
    for name in uses {
        if !declared(name) {
            hits.at(
                span,
                subject,
                format!("`{subject}`: {}", message(name)),
                FIX,
            );
        }
    }
}

fn message(name: &str) -> String {
    format!("condition `{name}` is used, but the template's Conditions section does not declare it")
}
