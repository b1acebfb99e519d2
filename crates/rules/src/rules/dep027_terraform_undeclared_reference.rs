use std::collections::HashSet;

use iacgrade_ir::{ResourceGraph, TemplatePart, Value};
use iacgrade_task::Platform;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Terraform references to something the configuration does not declare: `var.x` without a
    /// `variable "x"` block, `local.x` without a `locals` entry `x`, `data.T.N` without a
    /// `data "T" "N"` block, `module.N` without a `module "N"` block, and `T.N` (a resource of
    /// a provider type: `aws_`, `random_`, `tls_`, `archive_`, `null_`, `time_`, `local_`)
    /// without a `resource "T" "N"` block. References are read in arguments, nested blocks,
    /// string templates, expressions and `depends_on`, across all `.tf` files of the answer.
    ///
    /// The rule stays silent on a configuration the front-end could not read whole (a file
    /// with a syntax error): its missing blocks would read as undeclared.
    ///
    /// ## Why it matters
    /// `terraform validate` and `plan` stop with "Reference to undeclared input variable",
    /// "Reference to undeclared local value", "Reference to undeclared resource" or
    /// "Reference to undeclared module": nothing deploys. Critical. It happens when an answer
    /// renames a block, forgets `variables.tf`, or refers to a resource it never wrote.
    ///
    /// ## Example
    /// ```hcl
    /// # fails: no variable "environment_suffix" is declared
    /// resource "aws_s3_bucket" "logs" { bucket = "logs-${var.environment_suffix}" }
    /// # passes
    /// variable "environment_suffix" { type = string }
    /// resource "aws_s3_bucket" "logs" { bucket = "logs-${var.environment_suffix}" }
    /// ```
    ///
    /// ## Fix
    /// Declare what is referred to (the variable, local, data source, module or resource), or
    /// correct the reference to the name that is declared.
    ///
    /// ## References
    /// - https://developer.hashicorp.com/terraform/language/expressions/references
    /// - https://developer.hashicorp.com/terraform/language/values/variables
    pub struct TerraformUndeclaredReference {
        id: "DEP027",
        name: "terraform-undeclared-reference",
        severity: Critical,
        docs: "https://developer.hashicorp.com/terraform/language/expressions/references",
        check: check,
    }
}

/// Provider prefixes of resource types a reference `T.N` may name.
const PROVIDERS: [&str; 11] = [
    "aws",
    "random",
    "tls",
    "archive",
    "null",
    "time",
    "local",
    "http",
    "external",
    "template",
    "cloudinit",
];

/// What the configuration declares, by reference form.
struct Declared {
    variables: HashSet<String>,
    locals: HashSet<String>,
    /// `T.N`, `data.T.N`, `module.N`.
    addresses: HashSet<String>,
}

fn declared(graph: &ResourceGraph) -> Declared {
    let mut addresses = HashSet::new();
    for r in &graph.resources {
        let label = r.logical_name.render();
        let label = label.split('[').next().unwrap_or(&label);
        let address = if r.source_type == "module" {
            format!("module.{label}")
        } else {
            format!("{}.{label}", r.source_type)
        };
        addresses.insert(address);
    }
    Declared {
        variables: graph.parameters.iter().cloned().collect(),
        locals: graph.locals.iter().cloned().collect(),
        addresses,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    if ctx.platform != Some(Platform::Tf) || !ctx.graph.problems.is_empty() {
        return;
    }
    let graph = ctx.graph;
    if graph.resources.is_empty() {
        return;
    }
    let declared = declared(graph);
    for resource in &graph.resources {
        let mut names: Vec<String> = Vec::new();
        collect(&resource.props, &mut names);
        for (key, value) in &resource.options {
            if key == "depends_on" || key == "loop" || key == "count" || key == "for_each" {
                collect(value, &mut names);
            }
        }
        let mut missing: Vec<String> = Vec::new();
        for name in names {
            if !is_declared(&declared, &name) && !missing.contains(&name) {
                missing.push(name);
            }
        }
        if missing.is_empty() {
            continue;
        }
        hits.resource(
            resource,
            format!(
                "Reference{} to undeclared {}: Terraform stops before planning",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Declare what is referred to (variable, local, data source, module or resource) or correct the reference.",
        );
    }
}

fn is_declared(declared: &Declared, reference: &str) -> bool {
    if let Some(name) = reference.strip_prefix("var.") {
        return declared.variables.contains(name);
    }
    if let Some(name) = reference.strip_prefix("local.") {
        return declared.locals.contains(name);
    }
    declared.addresses.contains(reference)
}

/// Every reference a value makes, in its canonical form (`var.x`, `local.x`, `module.n`,
/// `data.t.n`, `t.n`).
pub(super) fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Ref { target, .. } => scan(target, out),
        Value::Template(parts) => {
            for p in parts {
                if let TemplatePart::Placeholder(text) = p {
                    scan(text, out);
                }
            }
        }
        Value::Unknown(text) => scan(text, out),
        Value::List(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| collect(v, out)),
        Value::Str(_) | Value::Num(_) | Value::Bool(_) | Value::Null => {}
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The references in expression text. Text inside string quotes is skipped (a literal is not
/// a reference); interpolations inside them are still read.
fn scan(text: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_string = false;
    let mut interpolation_depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if in_string && interpolation_depth == 0 {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '"' {
                in_string = false;
            } else if c == '$' && chars.get(i + 1) == Some(&'{') {
                interpolation_depth = 1;
                i += 2;
                continue;
            }
            i += 1;
            continue;
        }
        match c {
            '"' if interpolation_depth == 0 => {
                in_string = true;
                i += 1;
                continue;
            }
            '{' if interpolation_depth > 0 => interpolation_depth += 1,
            '}' if interpolation_depth > 0 => {
                interpolation_depth -= 1;
                i += 1;
                continue;
            }
            _ => {}
        }
        let starts = is_ident(c)
            && !c.is_ascii_digit()
            && c != '-'
            && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let (segments, end) = segments_at(&chars, i);
        if let Some(reference) = reference_of(&segments) {
            out.push(reference);
        }
        i = end.max(i + 1);
    }
}

/// The dot-separated identifiers starting at `start` (indices `[..]` after a segment are
/// skipped), and where they end.
fn segments_at(chars: &[char], start: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut i = start;
    loop {
        let begin = i;
        while i < chars.len() && is_ident(chars[i]) {
            i += 1;
        }
        segments.push(chars[begin..i].iter().collect::<String>());
        // An index between segments: `aws_subnet.s[0].id`.
        if chars.get(i) == Some(&'[') {
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|c| is_ident(*c)) {
            i += 1;
            continue;
        }
        return (segments, i);
    }
}

fn reference_of(segments: &[String]) -> Option<String> {
    let first = segments.first()?.as_str();
    let second = segments.get(1)?;
    match first {
        "var" | "local" | "module" => Some(format!("{first}.{second}")),
        "data" => Some(format!("data.{second}.{}", segments.get(2)?)),
        _ => {
            let (provider, _) = first.split_once('_')?;
            PROVIDERS
                .contains(&provider)
                .then(|| format!("{first}.{second}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, &mut out);
        out
    }

    #[test]
    fn references_in_expression_text() {
        assert_eq!(
            refs("coalesce(var.name, local.default)"),
            ["var.name", "local.default"]
        );
        assert_eq!(
            refs("aws_subnet.private[count.index].id"),
            ["aws_subnet.private"]
        );
        assert_eq!(
            refs("data.aws_iam_policy_document.assume.json"),
            ["data.aws_iam_policy_document.assume"]
        );
        assert_eq!(refs("each.value.cidr"), Vec::<String>::new());
        // A literal is not a reference; an interpolation inside it is.
        assert_eq!(refs("\"var.name\""), Vec::<String>::new());
        assert_eq!(refs("\"x-${var.env}\""), ["var.env"]);
        assert_eq!(refs("module.vpc.vpc_id"), ["module.vpc"]);
    }
}
