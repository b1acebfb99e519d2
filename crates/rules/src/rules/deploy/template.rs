//! The index of what a side's CloudFormation templates declare — logical ids, parameters,
//! conditions, mappings, outputs — built once, so that every reference is looked up in constant
//! time; and the walk that lists the references a value makes.
//!
//! The templates of one side are indexed together: a reference is judged undeclared only when
//! no template of the answer declares the name. A side whose templates can declare more than
//! the text shows is not judged for undeclared names ([`TemplateIndex::open`]): a transform other
//! than SAM (`AWS::Include`, a macro), a module, a template a syntax error cut off, or resources
//! quoted only as fragments.

use std::collections::{HashMap, HashSet};

use iacgrade_ir::{Declaration, Resource, ResourceGraph, TemplatePart, Value};

/// CloudFormation's pseudo parameters.
pub const PSEUDO_PARAMETERS: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// What the templates of one side declare.
pub struct TemplateIndex<'a> {
    /// Template resources (not fragments) in source order.
    pub resources: Vec<&'a Resource>,
    /// Logical id → resource, every template resource (fragments too).
    pub by_id: HashMap<&'a str, &'a Resource>,
    pub parameters: HashSet<&'a str>,
    pub conditions: HashSet<&'a str>,
    pub mappings: HashMap<&'a str, &'a Value>,
    pub declarations: &'a [Declaration],
    /// Logical ids of SAM resources: SAM derives further ids from them (`FnRole`).
    serverless: Vec<&'a str>,
    /// Whether the templates may declare names the text does not show.
    pub open: bool,
}

impl<'a> TemplateIndex<'a> {
    /// The index, or `None` when the side holds no template resource or declaration.
    pub fn new(graph: &'a ResourceGraph) -> Option<Self> {
        let template_resources: Vec<&Resource> = graph
            .resources
            .iter()
            .filter(|r| r.kind == r.source_type && r.logical_name.as_str().is_some())
            .collect();
        if template_resources.is_empty() && graph.declarations.is_empty() {
            return None;
        }
        let mut by_id = HashMap::with_capacity(template_resources.len());
        let mut serverless = Vec::new();
        let mut open = false;
        let mut resources = Vec::with_capacity(template_resources.len());
        for r in &template_resources {
            let Some(id) = r.logical_name.as_str() else {
                continue;
            };
            by_id.entry(id).or_insert(*r);
            if r.kind.starts_with("AWS::Serverless::") {
                serverless.push(id);
            }
            if r.kind.ends_with("::MODULE") || has_option(r, "truncated") {
                open = true;
            }
            if !has_option(r, "fragment") {
                resources.push(*r);
            }
        }
        if resources.is_empty() {
            // Only fragments: the rest of the template is not in the answer.
            open = true;
        }
        let mut conditions = HashSet::new();
        let mut mappings = HashMap::new();
        for d in &graph.declarations {
            match d.section.as_str() {
                "Conditions" => {
                    conditions.insert(d.name.as_str());
                }
                "Mappings" => {
                    mappings.insert(d.name.as_str(), &d.body);
                }
                "Transform" if !is_sam_transform(&d.body) => open = true,
                _ => {}
            }
        }
        let truncated_file = graph.problems.iter().any(|p| {
            ["syntax error", "skipped", "indentation"]
                .iter()
                .any(|w| p.message.contains(w))
        });
        open |= truncated_file;
        Some(TemplateIndex {
            resources,
            by_id,
            parameters: graph.parameters.iter().map(String::as_str).collect(),
            conditions,
            mappings,
            declarations: &graph.declarations,
            serverless,
            open,
        })
    }

    /// Whether `name` is something a `Ref` or `${}` may name: a parameter, a logical id, a
    /// pseudo parameter, or an id SAM derives from one of its resources.
    pub fn declares(&self, name: &str) -> bool {
        self.parameters.contains(name)
            || self.by_id.contains_key(name)
            || PSEUDO_PARAMETERS.contains(&name)
            || self.sam_derived(name)
    }

    /// Ids SAM generates: `<Function>Role`, `<Api>Stage`, `ServerlessRestApi`, ...
    pub fn sam_derived(&self, name: &str) -> bool {
        !self.serverless.is_empty()
            && (name.starts_with("Serverless")
                || self.serverless.iter().any(|s| name.starts_with(s)))
    }

    /// The declarations of one section.
    pub fn section(&self, section: &'a str) -> impl Iterator<Item = &'a Declaration> + 'a {
        self.declarations
            .iter()
            .filter(move |d| d.section == section)
    }
}

fn has_option(r: &Resource, key: &str) -> bool {
    r.options
        .iter()
        .any(|(k, v)| k == key && v.as_bool() == Some(true))
}

fn is_sam_transform(body: &Value) -> bool {
    match body {
        Value::Str(s) => s.starts_with("AWS::Serverless"),
        Value::List(items) => items.iter().all(is_sam_transform),
        _ => false,
    }
}

/// A reference a value makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'v> {
    /// `Ref X` or `${X}`.
    Ref(&'v str),
    /// `Fn::GetAtt X.attr` or `${X.attr}`.
    GetAtt(&'v str, &'v str),
}

impl<'v> Reference<'v> {
    pub fn target(&self) -> &'v str {
        match self {
            Reference::Ref(t) | Reference::GetAtt(t, _) => t,
        }
    }
}

/// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` / `Fn::Join` placeholder in a value, at any depth
/// (both branches of an `Fn::If` included). Placeholders that are not plain names (an
/// intrinsic rendered inside a `Fn::Join`) are left out.
pub fn references<'v>(value: &'v Value, out: &mut Vec<Reference<'v>>) {
    match value {
        Value::Ref { target, attribute } => match attribute {
            Some(a) => out.push(Reference::GetAtt(target, a)),
            None => out.push(Reference::Ref(target)),
        },
        Value::Template(parts) => {
            for part in parts {
                if let TemplatePart::Placeholder(p) = part {
                    if let Some(r) = placeholder_reference(p) {
                        out.push(r);
                    }
                }
            }
        }
        Value::List(items) => items.iter().for_each(|v| references(v, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| references(v, out)),
        _ => {}
    }
}

/// `Bucket` → Ref, `Bucket.Arn` → GetAtt, `AWS::Region` → Ref; anything else `None`. IAM
/// policy variables (`${aws:username}`, `${s3:prefix}`) are left alone: whether CloudFormation
/// lets them through unescaped is not for a static check to claim.
fn placeholder_reference(p: &str) -> Option<Reference<'_>> {
    let p = p.trim();
    if p.contains(':') && !p.starts_with("AWS::") {
        return None;
    }
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '_')
    };
    match p.split_once('.') {
        Some((target, attr))
            if plain(target)
                && !attr.is_empty()
                && attr
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') =>
        {
            Some(Reference::GetAtt(target, attr))
        }
        None if plain(p) => Some(Reference::Ref(p)),
        _ => None,
    }
}

/// The `DependsOn` targets of a resource, as written.
pub fn depends_on(resource: &Resource) -> Vec<&str> {
    let Some((_, value)) = resource.options.iter().find(|(k, _)| k == "DependsOn") else {
        return Vec::new();
    };
    match value {
        Value::Str(s) => vec![s.as_str()],
        Value::List(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Every condition name a value uses: the first argument of `Fn::If`, `{Condition: X}` in
/// condition functions.
pub fn condition_uses<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Map(entries) => {
            for (k, v) in entries {
                match (k.as_str(), v) {
                    ("Fn::If", Value::List(args)) => {
                        if let Some(name) = args.first().and_then(Value::as_str) {
                            out.push(name);
                        }
                        args.iter().skip(1).for_each(|a| condition_uses(a, out));
                    }
                    ("Condition", Value::Str(name)) => out.push(name),
                    _ => condition_uses(v, out),
                }
            }
        }
        Value::List(items) => items.iter().for_each(|v| condition_uses(v, out)),
        _ => {}
    }
}

/// Every `Fn::FindInMap` the front-end could not resolve: (arguments, as written).
pub fn find_in_maps<'v>(value: &'v Value, out: &mut Vec<&'v [Value]>) {
    match value {
        Value::Map(entries) => {
            for (k, v) in entries {
                if let ("Fn::FindInMap", Value::List(args)) = (k.as_str(), v) {
                    out.push(args);
                }
                find_in_maps(v, out);
            }
        }
        Value::List(items) => items.iter().for_each(|v| find_in_maps(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_that_are_names() {
        assert_eq!(placeholder_reference("Env"), Some(Reference::Ref("Env")));
        assert_eq!(
            placeholder_reference("Bucket.Arn"),
            Some(Reference::GetAtt("Bucket", "Arn"))
        );
        assert_eq!(
            placeholder_reference("AWS::Region"),
            Some(Reference::Ref("AWS::Region"))
        );
        assert_eq!(placeholder_reference("{Fn::Select: [0, x]}"), None);
        assert_eq!(placeholder_reference("VAR:-default"), None);
    }
}
