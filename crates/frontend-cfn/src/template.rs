//! Reads the sections of one template into the graph: `Parameters` → parameter names,
//! `Resources` → resources, `Outputs` → outputs. `Mappings` serve literal `FindInMap` lookups;
//! SAM `Globals` are merged into the serverless resources they apply to (see
//! `apply_sam_globals`); the entries of `Parameters`, `Conditions`, `Mappings` and `Outputs` and a
//! top-level `Transform` are also kept as declarations, bodies as written, for the checks of what
//! a template declares and references; `Metadata` and `Rules` are not part of the IR.
//!
//! A resource becomes a [`Resource`] whose `kind` and `source_type` are its `Type` verbatim
//! (CloudFormation names are already canonical; `Custom::X`, `AWS::CloudFormation::CustomResource`
//! and SAM's `AWS::Serverless::*` are kept as written), `logical_name` its logical id, `props` its
//! `Properties` (an empty map when absent), and `name` the type's naming property when set (see
//! [`crate::names`]). Options: `DependsOn`, `Condition`, `DeletionPolicy`, `UpdateReplacePolicy`
//! (the resource attributes, as written), `deletion_protection` (the value of a
//! `DeletionProtection` / `DeletionProtectionEnabled` property, for rules that look for it on
//! every platform) and `truncated: true` on the resource a syntax error cut off (reading stopped
//! inside it, so its properties from there on are unknown; see [`resource_cut_off`]).

use iacgrade_ir::{Declaration, Output, Resource, ResourceGraph, SourceSpan, Value};
use iacgrade_task::SourceFile;

use crate::intrinsics::Converter;
use crate::names::name_property;
use crate::tree::{Node, NodeKind};

/// Resource attributes recorded as options, under their own names.
const ATTRIBUTE_OPTIONS: &[&str] = &[
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdateReplacePolicy",
];

/// Template sections whose entries are recorded as declarations.
const DECLARED_SECTIONS: [&str; 4] = ["Parameters", "Conditions", "Mappings", "Outputs"];

/// Properties recorded (also) as the `deletion_protection` option.
const DELETION_PROTECTION: &[&str] = &["DeletionProtection", "DeletionProtectionEnabled"];

/// What a parsed document is, for the front-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentKind {
    /// A template (possibly with some sections missing): a mapping with
    /// `AWSTemplateFormatVersion`, a `Resources` mapping of typed resources, or a `Parameters` /
    /// `Outputs` section.
    Template,
    /// The inside of a `Resources` section quoted without its header: a mapping of logical ids to
    /// resources with a resource `Type`.
    ResourceMap,
    /// One resource body (`Type` and `Properties`) quoted without its logical id.
    ResourceBody,
}

/// Classifies a document; `None` when it is no part of a template.
pub(crate) fn classify(root: &Node) -> Option<DocumentKind> {
    if !root.is_map() {
        return None;
    }
    if root.get("AWSTemplateFormatVersion").is_some() {
        return Some(DocumentKind::Template);
    }
    let any_entry = |section: &str, check: &dyn Fn(&Node) -> bool| {
        root.get(section)
            .is_some_and(|s| s.entries().iter().any(|e| check(&e.value)))
    };
    if any_entry("Resources", &|v| has_type(v, |t| t.contains("::")))
        || any_entry("Parameters", &|v| v.get("Type").is_some())
        || any_entry("Outputs", &|v| v.get("Value").is_some())
    {
        return Some(DocumentKind::Template);
    }
    if has_type(root, is_resource_type) {
        return Some(DocumentKind::ResourceBody);
    }
    if root
        .entries()
        .iter()
        .any(|e| has_type(&e.value, is_resource_type))
    {
        return Some(DocumentKind::ResourceMap);
    }
    None
}

fn has_type(node: &Node, check: impl Fn(&str) -> bool) -> bool {
    node.get("Type")
        .and_then(Node::as_text)
        .is_some_and(|t| check(&t))
}

/// A resource type name: `Org::Service::Resource`, `Custom::Name` or a module (`...::MODULE`).
/// Parameter types (`AWS::EC2::Image::Id`, `AWS::SSM::Parameter::Value<String>`) are not.
pub(crate) fn is_resource_type(name: &str) -> bool {
    let parts: Vec<&str> = name.split("::").collect();
    let word = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match parts.as_slice() {
        ["Custom", rest] => word(rest),
        [_, _, _] => parts.iter().all(word),
        [_, _, _, "MODULE"] => parts.iter().all(word),
        _ => false,
    }
}

/// The line of the logical id (or, for a lone resource body, of the body) of the resource a
/// truncated read stopped inside: the reader fills every open mapping up to the error, so the
/// resource in progress is the last one of the last section read. `None` when the read stopped
/// after the `Resources` section. A read that stopped between two resources marks the one before
/// the error too; that only makes checks of its completeness more careful.
pub(crate) fn resource_cut_off(root: &Node, kind: DocumentKind) -> Option<usize> {
    match kind {
        DocumentKind::Template => {
            let last = root.entries().last()?;
            (last.key == "Resources").then(|| last.value.entries().last().map(|e| e.line))?
        }
        DocumentKind::ResourceMap => root.entries().last().map(|e| e.line),
        DocumentKind::ResourceBody => Some(root.line),
    }
}

/// Reads the parts of templates found in one file into the graph.
pub(crate) struct TemplateReader<'a> {
    pub file: &'a SourceFile,
    pub display: String,
    /// The line of the resource a syntax error cut off (see [`resource_cut_off`]).
    pub cut_off_line: Option<usize>,
}

impl TemplateReader<'_> {
    fn span(&self, line: usize) -> SourceSpan {
        SourceSpan {
            file: self.display.clone(),
            line,
            document_line: self.file.document_line(line),
        }
    }

    /// Adds what a template declares to `graph`; problems (a resource without a type) go to
    /// `problems` as (line, message).
    pub fn read_template(
        &self,
        root: &Node,
        graph: &mut ResourceGraph,
        problems: &mut Vec<(usize, String)>,
    ) {
        let converter = Converter {
            mappings: root.get("Mappings"),
        };
        if let Some(parameters) = root.get("Parameters") {
            for entry in parameters.entries() {
                if !graph.parameters.contains(&entry.key) {
                    graph.parameters.push(entry.key.clone());
                }
            }
        }
        self.declarations(root, &converter, graph);
        if let Some(resources) = root.get("Resources") {
            if !resources.is_map() && !matches!(resources.kind, NodeKind::Scalar(_)) {
                problems.push((resources.line, "`Resources` is not a mapping".into()));
            }
            for entry in resources.entries() {
                let logical = Value::Str(entry.key.clone());
                match self.resource(&converter, logical, entry.line, &entry.value) {
                    Some(mut resource) => {
                        apply_sam_globals(&mut resource, root.get("Globals"), &converter);
                        graph.resources.push(resource);
                    }
                    None => problems.push((
                        entry.line,
                        format!("resource `{}` has no `Type`; it is skipped", entry.key),
                    )),
                }
            }
        }
        if let Some(outputs) = root.get("Outputs") {
            for entry in outputs.entries() {
                let value = match entry.value.get("Value") {
                    Some(v) => converter.value(v),
                    None => {
                        problems
                            .push((entry.line, format!("output `{}` has no `Value`", entry.key)));
                        Value::Null
                    }
                };
                graph.outputs.push(Output {
                    name: entry.key.clone(),
                    value,
                    span: self.span(entry.line),
                });
            }
        }
    }

    /// Records the entries of `Parameters`, `Conditions`, `Mappings` and `Outputs` (bodies as
    /// written) and a top-level `Transform` as [`Declaration`]s.
    fn declarations(&self, root: &Node, converter: &Converter<'_>, graph: &mut ResourceGraph) {
        for section in DECLARED_SECTIONS {
            for entry in root.get(section).map(Node::entries).unwrap_or_default() {
                graph.declarations.push(Declaration {
                    section: section.to_string(),
                    name: entry.key.clone(),
                    body: converter.value(&entry.value),
                    span: self.span(entry.line),
                });
            }
        }
        if let Some(entry) = root.entry("Transform") {
            graph.declarations.push(Declaration {
                section: "Transform".into(),
                name: "Transform".into(),
                body: converter.value(&entry.value),
                span: self.span(entry.line),
            });
        }
    }

    /// Adds the resources of a fragment (see [`DocumentKind`]) whose logical ids `graph` does not
    /// have yet; each gets the option `fragment: true`. Returns how many were added.
    pub fn read_fragment(
        &self,
        root: &Node,
        kind: DocumentKind,
        graph: &mut ResourceGraph,
    ) -> usize {
        let converter = Converter { mappings: None };
        let mut found: Vec<Resource> = Vec::new();
        match kind {
            DocumentKind::Template => {}
            DocumentKind::ResourceBody => {
                found.extend(self.resource(&converter, Value::Null, root.line, root));
            }
            DocumentKind::ResourceMap => {
                for entry in root.entries() {
                    if !has_type(&entry.value, is_resource_type) {
                        continue;
                    }
                    let known = graph
                        .resources
                        .iter()
                        .any(|r| r.logical_name.as_str() == Some(entry.key.as_str()));
                    if known {
                        continue;
                    }
                    let logical = Value::Str(entry.key.clone());
                    found.extend(self.resource(&converter, logical, entry.line, &entry.value));
                }
            }
        }
        let added = found.len();
        for mut resource in found {
            resource
                .options
                .push(("fragment".into(), Value::Bool(true)));
            graph.resources.push(resource);
        }
        added
    }

    /// One resource from its body; `None` when the body has no `Type`.
    fn resource(
        &self,
        converter: &Converter<'_>,
        logical_name: Value,
        line: usize,
        body: &Node,
    ) -> Option<Resource> {
        let kind = body.get("Type").and_then(Node::as_text)?;
        let props = match body.get("Properties") {
            Some(p) => converter.value(p),
            None => Value::Map(Vec::new()),
        };
        let name = name_property(&kind).and_then(|p| props.get(p)).cloned();
        let mut options: Vec<(String, Value)> = ATTRIBUTE_OPTIONS
            .iter()
            .filter_map(|attr| Some((attr.to_string(), converter.value(body.get(attr)?))))
            .collect();
        if let Some(v) = DELETION_PROTECTION.iter().find_map(|p| props.get(p)) {
            options.push(("deletion_protection".into(), v.clone()));
        }
        if self.cut_off_line == Some(line) {
            options.push(("truncated".into(), Value::Bool(true)));
        }
        Some(Resource {
            source_type: kind.clone(),
            kind,
            logical_name,
            name,
            props,
            span: self.span(line),
            options,
        })
    }
}

/// SAM `Globals`: the section's `Function`, `Api`, `HttpApi`, `SimpleTable` and `StateMachine`
/// properties apply to every `AWS::Serverless::<that>` resource that does not set them itself.
/// They are merged into the resource's props (so a runtime or tracing setting is seen where it
/// takes effect), and the option `sam_globals` lists the keys that came from there.
fn apply_sam_globals(resource: &mut Resource, globals: Option<&Node>, converter: &Converter<'_>) {
    let (Some(globals), Some(which)) = (globals, resource.kind.strip_prefix("AWS::Serverless::"))
    else {
        return;
    };
    let Some(defaults) = globals.get(which) else {
        return;
    };
    let Value::Map(props) = &mut resource.props else {
        return;
    };
    let mut applied = Vec::new();
    for entry in defaults.entries() {
        if props.iter().any(|(k, _)| *k == entry.key) {
            continue;
        }
        props.push((entry.key.clone(), converter.value(&entry.value)));
        applied.push(Value::Str(entry.key.clone()));
    }
    if !applied.is_empty() {
        resource
            .options
            .push(("sam_globals".into(), Value::List(applied)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_and_parameter_types() {
        assert!(is_resource_type("AWS::S3::Bucket"));
        assert!(is_resource_type("Custom::EmptyBucket"));
        assert!(is_resource_type("My::Org::Thing::MODULE"));
        assert!(!is_resource_type("AWS::EC2::Image::Id"));
        assert!(!is_resource_type("AWS::SSM::Parameter::Value<String>"));
        assert!(!is_resource_type("String"));
        assert!(!is_resource_type("List<AWS::EC2::Subnet::Id>"));
    }
}
