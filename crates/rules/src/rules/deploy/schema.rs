//! One pass over the resources of a side against the value constraints of the CloudFormation
//! resource schemas ([`super::constraints`]): every violation, by kind, for the rules DEP001–
//! DEP007 to report.
//!
//! Judged: the properties of CloudFormation template resources and of CDK L1 (`Cfn*`)
//! constructs, which take the CloudFormation properties in the language's spelling. Only
//! literal values are judged: a `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If` or any other intrinsic,
//! a parameter, a template with placeholders or an expression the front-end could not evaluate
//! is never a violation. Objects with an intrinsic among their keys are not checked for missing
//! or exclusive properties, and neither is a resource a syntax error cut off.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use iacgrade_ir::{Resource, ResourceGraph, Value};

use super::constraints::{for_type, format, Constraint, TypeConstraints};
use crate::props::{key_eq, norm_key};

/// What a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationKind {
    /// A value outside the schema's `enum`.
    NotAllowed,
    /// A string that does not match the schema's `pattern`.
    Pattern,
    /// A string or list outside `minLength`/`maxLength`/`minItems`/`maxItems`.
    Length,
    /// A number outside `minimum`/`maximum`.
    Range,
    /// A value of the wrong type (a list where a string is expected, a word where a number is).
    Type,
    /// A property an object of a nested property type requires is missing.
    NestedRequired,
    /// Properties the schema makes mutually exclusive are both set, none of a required choice
    /// is set, or a property is set without the properties it depends on.
    Exclusive,
}

/// One violation, on one resource.
#[derive(Debug, Clone)]
pub struct SchemaViolation<'a> {
    pub kind: ViolationKind,
    pub resource: &'a Resource,
    pub message: String,
}

/// Every violation in the graph, in resource order.
pub fn check_graph(graph: &ResourceGraph) -> Vec<SchemaViolation<'_>> {
    let mut out = Vec::new();
    for resource in &graph.resources {
        let Some(type_name) = judged_type(resource) else {
            continue;
        };
        let Some(table) = for_type(type_name) else {
            continue;
        };
        let truncated = resource
            .options
            .iter()
            .any(|(k, v)| k == "truncated" && v.as_bool() == Some(true));
        let mut walker = Walker {
            table: Some(&table),
            complete: !truncated,
            cdk: resource.source_type != resource.kind,
            out: Vec::new(),
        };
        walker.object("", "", &resource.props, None);
        out.extend(
            walker
                .out
                .into_iter()
                .map(|(kind, message)| SchemaViolation {
                    kind,
                    resource,
                    message,
                }),
        );
    }
    out
}

/// The violations of one value against one constraint, outside any resource (a template
/// parameter's attributes); `shown` names the value in messages.
pub fn judge_value(c: &Constraint, value: &Value, shown: &str) -> Vec<(ViolationKind, String)> {
    let mut walker = Walker {
        table: None,
        complete: true,
        cdk: false,
        out: Vec::new(),
    };
    walker.node("", shown, c, value);
    walker.out
}

/// The CloudFormation type a resource's properties are written for: a template resource, or a
/// CDK L1 construct (`aws_s3.CfnBucket`); `None` for everything else (L2 constructs, Terraform,
/// Pulumi take other shapes).
fn judged_type(resource: &Resource) -> Option<&str> {
    if !resource.kind.contains("::") || crate::shape::is_data_source(resource) {
        return None;
    }
    let template = resource.source_type == resource.kind;
    let last = resource.source_type.rsplit('.').next().unwrap_or_default();
    let cdk_l1 = last.starts_with("Cfn") && !resource.source_type.contains("::");
    (template || cdk_l1).then_some(resource.kind.as_str())
}

/// Whether a value is decided only at deploy time (or by the program): never judged.
pub fn is_deferred(value: &Value) -> bool {
    match value {
        Value::Ref { .. } | Value::Template(_) | Value::Unknown(_) => true,
        // A dynamic reference (`{{resolve:ssm:/path}}`) is replaced at deploy time.
        Value::Str(s) => s.contains("{{resolve:"),
        Value::Map(entries) => entries.iter().any(|(k, _)| is_intrinsic_key(k)),
        _ => false,
    }
}

/// `Ref`, `Condition`, `Fn::If`, an unknown short tag `!X`.
pub fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::") || key.starts_with('!')
}

/// Walks a value against the constraints of its type's table (none for a lone value),
/// collecting (kind, message) pairs.
struct Walker<'w> {
    table: Option<&'w Arc<TypeConstraints>>,
    complete: bool,
    /// A CDK L1 construct: CDK serialises an object or list given for a JSON-string property,
    /// so those are not type errors there.
    cdk: bool,
    out: Vec<(ViolationKind, String)>,
}

impl Walker<'_> {
    fn report(&mut self, kind: ViolationKind, message: String) {
        self.out.push((kind, message));
    }

    /// The properties of an object at `norm_path` (`shown` is the path as written); `own` is
    /// the object's constraint when it is a list item (the list's path holds the list's).
    fn object(&mut self, norm_path: &str, shown: &str, value: &Value, own: Option<&Constraint>) {
        let Value::Map(entries) = value else {
            return;
        };
        if entries.iter().any(|(k, _)| is_intrinsic_key(k)) {
            return;
        }
        let Some(table) = self.table.map(Arc::clone) else {
            return;
        };
        let facts = own.or_else(|| table.at(norm_path).map(|(_, c)| c));
        if let Some(c) = facts {
            if self.complete {
                self.object_rules(shown, c, entries);
            }
        }
        for (key, child) in entries {
            let child_norm = if norm_path.is_empty() {
                norm_key(key)
            } else {
                format!("{norm_path}/{}", norm_key(key))
            };
            let child_shown = if shown.is_empty() {
                key.clone()
            } else {
                format!("{shown}.{key}")
            };
            if let Some((_, c)) = table.at(&child_norm) {
                self.node(&child_norm, &child_shown, c, child);
            }
        }
    }

    /// A value against its constraint.
    fn node(&mut self, norm_path: &str, shown: &str, c: &Constraint, value: &Value) {
        if is_deferred(value) || matches!(value, Value::Null) {
            return;
        }
        if !self.type_ok(shown, c, value) {
            return;
        }
        match value {
            Value::List(items) => {
                let countable = !items.iter().any(is_deferred);
                if countable {
                    let n = items.len() as f64;
                    if let Some(min) = c.ni.filter(|m| n < *m) {
                        self.report(
                            ViolationKind::Length,
                            format!(
                                "`{shown}` has {n} item(s); the schema asks for at least {min}{}",
                                about(c)
                            ),
                        );
                    }
                    if let Some(max) = c.xi.filter(|m| n > *m) {
                        self.report(
                            ViolationKind::Length,
                            format!(
                                "`{shown}` has {n} items; the schema allows at most {max}{}",
                                about(c)
                            ),
                        );
                    }
                }
                let item_c = c.i.as_deref();
                for item in items {
                    if let Some(ic) = item_c {
                        if matches!(item, Value::List(_)) {
                            // A list of lists: the inner list against the item's constraint.
                            self.node(norm_path, shown, ic, item);
                        } else if matches!(item, Value::Map(_)) {
                            // An object item: its own facts, then its properties.
                            if !is_deferred(item) && !self.type_ok(shown, ic, item) {
                                continue;
                            }
                            self.object(norm_path, shown, item, Some(ic));
                        } else {
                            self.node_scalar(shown, ic, item);
                        }
                    } else if matches!(item, Value::Map(_)) {
                        self.object(norm_path, shown, item, None);
                    }
                }
            }
            Value::Map(_) => self.object(norm_path, shown, value, None),
            _ => self.scalar(shown, c, value),
        }
    }

    /// A list item that is not an object: its type, then its scalar facts.
    fn node_scalar(&mut self, shown: &str, ic: &Constraint, item: &Value) {
        if is_deferred(item) || matches!(item, Value::Null) {
            return;
        }
        if !self.type_ok(shown, ic, item) {
            return;
        }
        if matches!(item, Value::Str(_) | Value::Num(_) | Value::Bool(_)) {
            self.scalar(shown, ic, item);
        }
    }

    /// Whether the value has a type the schema allows; reports it when not.
    fn type_ok(&mut self, shown: &str, c: &Constraint, value: &Value) -> bool {
        if c.ty.is_empty() {
            return true;
        }
        let allows = |t: &str| c.ty.iter().any(|x| x == t);
        let ok = match value {
            Value::List(_) | Value::Map(_) if self.cdk && allows("string") => true,
            Value::List(_) => allows("array"),
            Value::Map(_) => allows("object"),
            Value::Str(s) => {
                allows("string")
                    || (allows("integer") || allows("number")) && s.trim().parse::<f64>().is_ok()
                    || allows("boolean")
                        && matches!(s.to_ascii_lowercase().as_str(), "true" | "false")
                    || allows("object") && s.trim_start().starts_with('{')
                    || allows("array") && s.trim_start().starts_with('[')
            }
            Value::Num(_) => {
                allows("integer") || allows("number") || allows("string") || allows("boolean")
            }
            Value::Bool(_) => allows("boolean") || allows("string"),
            _ => true,
        };
        if !ok {
            let wanted = c.ty.join(" or ");
            self.report(
                ViolationKind::Type,
                format!(
                    "`{shown}` is {}, but the schema expects {}{}",
                    kind_of(value),
                    article(&wanted),
                    about(c)
                ),
            );
        }
        ok
    }

    fn scalar(&mut self, shown: &str, c: &Constraint, value: &Value) {
        let text = match value {
            Value::Str(s) => s.clone(),
            Value::Num(n) => format_number(*n),
            Value::Bool(b) => b.to_string(),
            _ => return,
        };
        if let Some(allowed) = &c.en {
            let matches = allowed.iter().any(|a| match a {
                serde_json::Value::String(s) => *s == text,
                serde_json::Value::Number(n) => n
                    .as_f64()
                    .is_some_and(|n| text.trim().parse::<f64>() == Ok(n)),
                serde_json::Value::Bool(b) => text.eq_ignore_ascii_case(&b.to_string()),
                _ => true,
            });
            if !matches {
                self.report(
                    ViolationKind::NotAllowed,
                    format!(
                        "`{shown}` is `{text}`, which is not one of the values the schema allows: {}{}",
                        list_values(allowed),
                        about(c)
                    ),
                );
                return;
            }
        }
        if let Value::Str(s) = value {
            let length = s.chars().count() as f64;
            if let Some(min) = c.nl.filter(|m| length < *m) {
                self.report(
                    ViolationKind::Length,
                    format!(
                        "`{shown}` is {} character(s) long; the schema asks for at least {}{}",
                        length,
                        min,
                        about(c)
                    ),
                );
            }
            if let Some(max) = c.xl.filter(|m| length > *m) {
                self.report(
                    ViolationKind::Length,
                    format!(
                        "`{shown}` is {} characters long; the schema allows at most {}{}",
                        length,
                        max,
                        about(c)
                    ),
                );
            }
            let mut form_reported = false;
            if let Some((name, pattern)) = c.fm.as_deref().and_then(|f| Some((f, format(f)?))) {
                if format_rejects(&pattern, s) {
                    form_reported = true;
                    self.report(
                        ViolationKind::Pattern,
                        format!(
                            "`{shown}` is `{}`, which is not a valid {name} (pattern `{pattern}`){}",
                            clip(s),
                            about(c)
                        ),
                    );
                }
            }
            if let Some(pattern) = c.pa.as_ref().filter(|_| !form_reported) {
                if pattern_rejects(pattern, s) {
                    self.report(
                        ViolationKind::Pattern,
                        format!(
                            "`{shown}` is `{}`, which does not match the schema's pattern `{pattern}`{}",
                            clip(s),
                            about(c)
                        ),
                    );
                }
            }
        }
        let number = match value {
            Value::Num(n) => Some(*n),
            Value::Str(s) if c.mn.is_some() || c.mx.is_some() => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        if let Some(n) = number {
            if let Some(min) = c.mn.filter(|m| n < *m) {
                self.report(
                    ViolationKind::Range,
                    format!(
                        "`{shown}` is {text}; the schema's minimum is {}{}",
                        format_number(min),
                        about(c)
                    ),
                );
            }
            if let Some(max) = c.mx.filter(|m| n > *m) {
                self.report(
                    ViolationKind::Range,
                    format!(
                        "`{shown}` is {text}; the schema's maximum is {}{}",
                        format_number(max),
                        about(c)
                    ),
                );
            }
        }
    }

    /// Required, exclusive and dependent properties of one object.
    fn object_rules(&mut self, shown: &str, c: &Constraint, entries: &[(String, Value)]) {
        // A property set through `Fn::If` may be absent at deploy time: such an object is judged
        // only for what it certainly has.
        let conditional = entries.iter().any(|(_, v)| is_conditional(v));
        let present = |name: &str| {
            entries
                .iter()
                .any(|(k, v)| key_eq(k, name) && !matches!(v, Value::Null))
        };
        let place = if shown.is_empty() {
            String::new()
        } else {
            format!("`{shown}` ")
        };
        if !conditional {
            let missing: Vec<&str> =
                c.rq.iter()
                    .map(String::as_str)
                    .filter(|r| !present(r))
                    .collect();
            if !missing.is_empty() {
                self.report(
                    ViolationKind::NestedRequired,
                    format!(
                        "{place}is missing required propert{} {}{}",
                        if missing.len() == 1 { "y" } else { "ies" },
                        quote_list(&missing),
                        about(c)
                    ),
                );
            }
        }
        if !c.one.is_empty() {
            let set: Vec<&Vec<String>> = c
                .one
                .iter()
                .filter(|g| g.iter().all(|p| present(p)))
                .collect();
            if set.len() > 1 && !conditional_in(entries, set.iter().flat_map(|g| g.iter())) {
                let names: Vec<String> = set.iter().map(|g| g.join(" + ")).collect();
                self.report(
                    ViolationKind::Exclusive,
                    format!(
                        "{place}sets {}, but the schema allows only one of them",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                );
            }
            if set.is_empty() && !conditional {
                self.report(
                    ViolationKind::Exclusive,
                    format!(
                        "{place}sets none of {}: the schema requires exactly one",
                        groups(&c.one)
                    ),
                );
            }
        }
        if !c.any.is_empty() && !conditional && !c.any.iter().any(|g| g.iter().all(|p| present(p)))
        {
            self.report(
                ViolationKind::Exclusive,
                format!(
                    "{place}sets none of {}: the schema requires at least one",
                    groups(&c.any)
                ),
            );
        }
        // `dependentRequired` is not reported: the schemas state it where the service fills in
        // a default (DynamoDB's `SSEType` beside `KMSMasterKeyId`), and deployed answers omit it.
        let mut excluded: Vec<(&String, &Vec<String>)> = c.dx.iter().collect();
        excluded.sort();
        for (property, others) in excluded {
            if !present(property) {
                continue;
            }
            for other in others.iter().filter(|o| present(o)) {
                // Reported once per pair, from the property that sorts first.
                if c.dx.get(other).is_some_and(|back| back.contains(property)) && other < property {
                    continue;
                }
                if conditional_in(entries, [property, other].into_iter()) {
                    continue;
                }
                self.report(
                    ViolationKind::Exclusive,
                    format!(
                        "{place}sets both `{property}` and `{other}`, which the schema does not allow together (dependentExcluded)"
                    ),
                );
            }
        }
    }
}

/// Whether a value is chosen by a condition (`Fn::If`): it may be `AWS::NoValue`.
fn is_conditional(value: &Value) -> bool {
    match value {
        Value::Map(entries) => entries.iter().any(|(k, _)| k == "Fn::If"),
        _ => false,
    }
}

fn conditional_in<'n>(
    entries: &[(String, Value)],
    names: impl Iterator<Item = &'n String>,
) -> bool {
    let names: Vec<&String> = names.collect();
    entries
        .iter()
        .any(|(k, v)| names.iter().any(|n| key_eq(k, n)) && (is_conditional(v) || is_no_value(v)))
}

fn is_no_value(value: &Value) -> bool {
    matches!(value, Value::Ref { target, .. } if target == "AWS::NoValue")
}

fn groups(groups: &[Vec<String>]) -> String {
    groups
        .iter()
        .map(|g| format!("`{}`", g.join(" + ")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quote_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// ` — AWS: "…"`, the schema's description of the property, when it has one.
fn about(c: &Constraint) -> String {
    match &c.d {
        Some(d) if !d.is_empty() => format!(" (schema: \"{d}\")"),
        _ => String::new(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "a list",
        Value::Map(_) => "an object",
        Value::Str(_) => "a string",
        Value::Num(_) => "a number",
        Value::Bool(_) => "a boolean",
        _ => "a value",
    }
}

fn article(wanted: &str) -> String {
    let an = wanted.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {wanted}", if an { "an" } else { "a" })
}

fn list_values(allowed: &[serde_json::Value]) -> String {
    let shown: Vec<String> = allowed
        .iter()
        .take(12)
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let more = allowed.len().saturating_sub(12);
    if more > 0 {
        format!("{} (and {more} more)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Whether `pattern` (ECMAScript, searched anywhere in the value, as JSON Schema does) rejects
/// `text`. A pattern this engine cannot compile, or one that runs past its backtracking limit,
/// rejects nothing.
pub fn pattern_rejects(pattern: &str, text: &str) -> bool {
    match compiled(pattern) {
        Some(re) => matches!(re.is_match(text), Ok(false)),
        None => false,
    }
}

/// Whether a format's pattern (matched at the start of the value, as cfn-lint does) rejects
/// `text`.
fn format_rejects(pattern: &str, text: &str) -> bool {
    let anchored = if pattern.starts_with('^') {
        pattern.to_string()
    } else {
        format!("^(?:{pattern})")
    };
    pattern_rejects(&anchored, text)
}

/// Patterns compiled once per process.
fn compiled(pattern: &str) -> Option<Arc<fancy_regex::Regex>> {
    static CACHE: OnceLock<RwLock<HashMap<String, Option<Arc<fancy_regex::Regex>>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(|| RwLock::new(HashMap::new()));
    if let Ok(map) = cache.read() {
        if let Some(found) = map.get(pattern) {
            return found.clone();
        }
    }
    let built = fancy_regex::RegexBuilder::new(pattern)
        .backtrack_limit(100_000)
        .build()
        .ok()
        .map(Arc::new);
    if let Ok(mut map) = cache.write() {
        map.insert(pattern.to_string(), built.clone());
    }
    built
}
