use iacgrade_ir::Value;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::schema::is_deferred;

declare_rule! {
    /// ## What it checks
    /// The `Default` of every CloudFormation template parameter against the parameter's own
    /// constraints: one of `AllowedValues`, matching `AllowedPattern` (the whole value), within
    /// `MinLength`/`MaxLength` (String) and `MinValue`/`MaxValue` (Number), and a number for a
    /// `Number` parameter. List parameters are judged for `AllowedValues` item by item.
    ///
    /// ## Why it matters
    /// CloudFormation validates the default like any value given at deploy time: a stack
    /// created without that parameter fails with `Parameter 'X' must be one of AllowedValues`
    /// (or `... failed to satisfy constraint`), and the pipeline deploys with defaults.
    /// Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: the default is not among the allowed values
    /// Environment:
    ///   Type: String
    ///   Default: development
    ///   AllowedValues: [dev, staging, prod]
    /// # passes
    ///   Default: dev
    /// ```
    ///
    /// ## Fix
    /// Make the default one of the allowed values (or widen the constraint).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    pub struct ParameterDefaultNotAllowed {
        id: "DEP014",
        name: "parameter-default-violates-constraints",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
        check: check,
    }
}

const FIX: &str = "Make the default satisfy the parameter's own constraints (AllowedValues, AllowedPattern, lengths, bounds), or change the constraints.";

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    for d in t.section("Parameters") {
        let Some(default) = d.body.get("Default") else {
            continue;
        };
        if is_deferred(default) {
            continue;
        }
        let ty = d
            .body
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("String");
        for problem in problems(&d.body, ty, default) {
            hits.at(
                &d.span,
                &d.name,
                format!(
                    "parameter `{}`: default `{}` {problem}",
                    d.name,
                    default.render()
                ),
                FIX,
            );
        }
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Num(_) | Value::Bool(_) => Some(v.render()),
        _ => None,
    }
}

fn problems(body: &Value, ty: &str, default: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let is_list = ty.starts_with("List<") || ty == "CommaDelimitedList";
    let values: Vec<String> = match (default, is_list) {
        (Value::List(items), _) => items.iter().filter_map(scalar_text).collect(),
        (v, true) => scalar_text(v)
            .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
            .unwrap_or_default(),
        (v, false) => scalar_text(v).into_iter().collect(),
    };
    if let Some(Value::List(allowed)) = body.get("AllowedValues") {
        let allowed: Option<Vec<String>> = allowed.iter().map(scalar_text).collect();
        // A list default may also be one allowed value as a whole (`"a,b"` among the values).
        let whole = scalar_text(default).filter(|_| is_list);
        if let Some(allowed) = allowed.filter(|a| !whole.as_ref().is_some_and(|w| a.contains(w))) {
            for v in &values {
                if !allowed.contains(v) {
                    out.push(format!(
                        "is not one of AllowedValues ({})",
                        allowed.join(", ")
                    ));
                    break;
                }
            }
        }
    }
    if is_list {
        return out;
    }
    let Some(text) = values.first() else {
        return out;
    };
    if ty == "Number" {
        match text.trim().parse::<f64>() {
            Err(_) => out.push("is not a number, as a Number parameter needs".into()),
            Ok(n) => {
                if let Some(min) = number(body, "MinValue").filter(|m| n < *m) {
                    out.push(format!("is below MinValue {min}"));
                }
                if let Some(max) = number(body, "MaxValue").filter(|m| n > *m) {
                    out.push(format!("is above MaxValue {max}"));
                }
            }
        }
    }
    if ty == "String" {
        let length = text.chars().count() as f64;
        if let Some(min) = number(body, "MinLength").filter(|m| length < *m) {
            out.push(format!("is shorter than MinLength {min}"));
        }
        if let Some(max) = number(body, "MaxLength").filter(|m| length > *m) {
            out.push(format!("is longer than MaxLength {max}"));
        }
        if let Some(pattern) = body.get("AllowedPattern").and_then(Value::as_str) {
            if whole_match_fails(pattern, text) {
                out.push(format!("does not match AllowedPattern `{pattern}`"));
            }
        }
    }
    out
}

fn number(body: &Value, key: &str) -> Option<f64> {
    match body.get(key)? {
        Value::Num(n) => Some(*n),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// CloudFormation matches `AllowedPattern` against the whole value.
fn whole_match_fails(pattern: &str, text: &str) -> bool {
    crate::rules::deploy::schema::pattern_rejects(&format!("^(?:{pattern})$"), text)
}
