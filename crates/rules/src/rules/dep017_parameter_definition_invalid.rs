use iacgrade_ir::Value;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::constraints::parameter_rules;
use crate::rules::deploy::schema::{is_intrinsic_key, judge_value};

declare_rule! {
    /// ## What it checks
    /// The definition of every CloudFormation template parameter, against cfn-lint's schema of
    /// the `Parameters` section (cfn-lint 1.58.0, `schemas/other/parameters`): a `Type` is given;
    /// only the attributes that type takes are used (`MinValue`/`MaxValue` for `Number`,
    /// `AllowedPattern`/`MinLength`/`MaxLength` for strings, a misspelt `Defualt` for none); each
    /// attribute's value has the right type (`AllowedValues` a list, `NoEcho` a boolean,
    /// `MinLength` an integer, `Default` a string or number, not a list or an object), is not
    /// left empty, and uses no intrinsic function (parameters are read before anything resolves).
    /// A parameter written as an outline (`{...}`, a sentence) is not judged.
    ///
    /// ## Why it matters
    /// CloudFormation rejects the template before creating anything (`Invalid template parameter
    /// property 'X'`, `Every Default member must be a string`). Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: a list where a comma-delimited string is needed, and a Number with a pattern
    /// Zones:
    ///   Type: CommaDelimitedList
    ///   Default: [a, b]
    /// Size:
    ///   Type: Number
    ///   AllowedPattern: "[0-9]+"
    /// # passes
    /// Zones:
    ///   Type: CommaDelimitedList
    ///   Default: "a,b"
    /// ```
    ///
    /// ## Fix
    /// Give every parameter a `Type`, use the attributes its type takes, with values of the
    /// right type.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    pub struct ParameterDefinitionInvalid {
        id: "DEP017",
        name: "parameter-definition-invalid",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
        check: check,
    }
}

const FIX: &str = "Give the parameter a Type and only the attributes that type takes, each with a value of the right type.";

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    let rules = parameter_rules();
    if rules.keys.is_empty() {
        return;
    }
    for d in t.section("Parameters") {
        // An outline (`Env: {...}`, `Env: the environment name`) shows no definition to judge.
        let Value::Map(entries) = &d.body else {
            continue;
        };
        if !entries.iter().any(|(k, _)| rules.props.contains_key(k)) {
            continue;
        }
        let mut problems: Vec<String> = Vec::new();
        for required in &rules.required {
            if !entries.iter().any(|(k, _)| k == required) {
                problems.push(format!("has no `{required}`"));
            }
        }
        let ty = d.body.get("Type").and_then(Value::as_str);
        let allowed = match ty {
            Some("Number") => rules.keys.get("Number"),
            Some(t) if rules.string_types.iter().any(|s| s == t) => rules.keys.get("strings"),
            Some(_) => rules.keys.get("other"),
            None => None,
        };
        for (key, value) in entries {
            if let Some(allowed) = allowed {
                if !allowed.contains(key) {
                    problems.push(format!(
                        "has `{key}`, which a parameter of type {} does not take (it takes {})",
                        ty.unwrap_or_default(),
                        allowed.join(", ")
                    ));
                    continue;
                }
            }
            let Some(c) = rules.props.get(key) else {
                continue;
            };
            // Parameters are read before anything resolves: their attributes are literals.
            match value {
                Value::Null => {
                    problems.push(format!("`{key}` is empty"));
                    continue;
                }
                Value::Ref { .. } | Value::Template(_) => {
                    problems.push(format!(
                        "`{key}` is `{}`: parameter attributes cannot use intrinsic functions",
                        value.render()
                    ));
                    continue;
                }
                Value::Map(entries) if entries.iter().any(|(k, _)| is_intrinsic_key(k)) => {
                    problems.push(format!(
                        "`{key}` is `{}`: parameter attributes cannot use intrinsic functions",
                        value.render()
                    ));
                    continue;
                }
                _ => {}
            }
            for (_, message) in judge_value(c, value, key) {
                problems.push(message);
            }
        }
        for problem in problems {
            hits.at(
                &d.span,
                &d.name,
                format!("parameter `{}`: {problem}", d.name),
                FIX,
            );
        }
    }
}
