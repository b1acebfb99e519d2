//! Finding the resources that refer to a given one: the controls that live in a separate
//! resource (Terraform's `aws_s3_bucket_public_access_block`, CloudFormation's
//! `AWS::S3::BucketPolicy`, a VPC's `AWS::EC2::FlowLog`) are attached by reference.
//!
//! A reference is written differently per platform: `!Ref Bucket` / `!GetAtt Bucket.Arn`
//! (target `Bucket`), `aws_s3_bucket.logs.id` (target `aws_s3_bucket.logs`), `bucket.id` in a
//! program (target `bucket`, the variable). A resource is known by its logical name, by
//! `<terraform type>.<label>`, and by the program variable the front-end recorded (option
//! `variable`, when it does).
//!
//! When a companion resource refers to something this module cannot match to any resource of
//! the graph, the answer is [`Attachment::Unresolved`]: rules then stay silent rather than
//! report a control as missing that may well be there.

use iacgrade_ir::{Resource, ResourceGraph, TemplatePart, Value};

use crate::props::get;
use crate::shape::{is_data_source, option};

/// The names a resource can be referred to by, borrowed from it.
pub struct Identities<'a> {
    /// The logical name (label, logical id, construct id, Pulumi name), when literal.
    label: Option<&'a str>,
    source_type: &'a str,
    /// Terraform data sources are referred to as `data.<type>.<label>`.
    data: bool,
    /// The program variable the front-end recorded, when it did.
    variable: Option<&'a str>,
    /// A physical name given as a literal: what string-typed links carry (`bucket =
    /// "my-logs-bucket"`).
    physical: Option<&'a str>,
}

pub fn identities(resource: &Resource) -> Identities<'_> {
    let non_empty = |s: &'_ str| !s.trim().is_empty();
    Identities {
        label: resource.logical_name.as_str().filter(|s| non_empty(s)),
        source_type: &resource.source_type,
        data: !resource.source_type.starts_with("data.") && is_data_source(resource),
        variable: option(resource, &["variable", "var", "binding", "variable_name"])
            .and_then(Value::as_str)
            .filter(|s| non_empty(s)),
        physical: resource
            .name
            .as_ref()
            .and_then(Value::as_str)
            .filter(|s| non_empty(s)),
    }
}

impl Identities<'_> {
    /// The reference names as part lists: `label`, `<type>.<label>`, `data.<type>.<label>`,
    /// `variable`.
    fn reference_forms(&self) -> Vec<[&str; 4]> {
        let mut forms = Vec::with_capacity(4);
        if let Some(label) = self.label {
            forms.push([label, "", "", ""]);
            forms.push([self.source_type, ".", label, ""]);
            if self.data {
                forms.push(["data.", self.source_type, ".", label]);
            }
        }
        if let Some(var) = self.variable {
            forms.push([var, "", "", ""]);
        }
        forms
    }
}

/// `name` with the concatenation of `parts` removed from its start, when it starts with it.
fn strip_parts<'n>(name: &'n str, parts: &[&str]) -> Option<&'n str> {
    let mut rest = name;
    for p in parts {
        rest = rest.strip_prefix(p)?;
    }
    Some(rest)
}

/// A reference-like name found in a value, with how it may be matched.
enum Name<'a> {
    /// A reference target or template placeholder: the name, maybe followed by an attribute.
    Reference(&'a str),
    /// Source text of an expression: the name may occur anywhere in it, between non-identifier
    /// characters.
    Expression(&'a str),
    /// A literal string: only a physical name given literally equals it.
    Literal(&'a str),
}

fn referenced_names<'a>(value: &'a Value, out: &mut Vec<Name<'a>>) {
    match value {
        Value::Ref { target, .. } => out.push(Name::Reference(target)),
        Value::Template(parts) => {
            for p in parts {
                if let TemplatePart::Placeholder(p) = p {
                    out.push(Name::Reference(p));
                }
            }
        }
        Value::Unknown(text) => out.push(Name::Expression(text)),
        Value::Str(s) => out.push(Name::Literal(s)),
        Value::List(items) => items.iter().for_each(|v| referenced_names(v, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| referenced_names(v, out)),
        Value::Num(_) | Value::Bool(_) | Value::Null => {}
    }
}

/// Whether `name` (a reference target) designates a resource known by the name `parts` spell:
/// the same name, or the name followed by an attribute (`aws_s3_bucket.b.id`, `Bucket.Arn`,
/// `bucket.bucket`).
fn designates(name: &str, parts: &[&str]) -> bool {
    match strip_parts(name.trim(), parts) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Whether `id` occurs in expression text as a whole name (`aws_s3_bucket.b.id` in
/// `"${aws_s3_bucket.b.id}/*"`, `bucket` in `bucket.arn.apply(...)`, not in `bucket_name`).
fn occurs_in(text: &str, id: &str) -> bool {
    if id.is_empty() {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = text[start..].find(id) {
        let at = start + pos;
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !is_ident_char(c) && c != '.');
        let after = text[at + id.len()..].chars().next();
        let after_ok = after.is_none_or(|c| !is_ident_char(c) && c != '-');
        if before_ok && after_ok {
            return true;
        }
        start = at + id.len();
    }
    false
}

/// Whether `value` refers to `resource`.
pub fn refers_to(value: &Value, resource: &Resource) -> bool {
    let mut names = Vec::new();
    referenced_names(value, &mut names);
    if names.is_empty() {
        // Most values name nothing: the resource's names are not worked out for them.
        return false;
    }
    let ids = identities(resource);
    let forms = ids.reference_forms();
    names.iter().any(|n| match n {
        Name::Reference(r) => forms.iter().any(|f| designates(r, f)),
        Name::Expression(e) => forms.iter().any(|f| occurs_in(e, &f.concat())),
        Name::Literal(l) => ids.physical == Some(l.trim()),
    })
}

/// How a control found in a companion resource relates to the resource it protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// A companion refers to the resource.
    Attached,
    /// No companion exists, or every one refers to another known resource.
    Absent,
    /// Some companion refers to something that cannot be resolved: it may be attached.
    Unresolved,
}

/// Whether one of `companions` (resources holding a control) is attached to `target` through
/// the property `link_keys` (`Bucket`, `bucket`, `ResourceId`, `vpc_id`, ...).
pub fn attachment<'a>(
    graph: &ResourceGraph,
    target: &Resource,
    companions: impl IntoIterator<Item = &'a Resource>,
    link_keys: &[&str],
) -> Attachment {
    let mut unresolved = false;
    for companion in companions {
        let link = match get(&companion.props, link_keys) {
            Some(v) => v,
            None => {
                // A companion without its link property (or with it in a shape this module does
                // not read) may be attached: precision first.
                unresolved = true;
                continue;
            }
        };
        if refers_to(link, target) {
            return Attachment::Attached;
        }
        let resolves_elsewhere = graph
            .resources
            .iter()
            .filter(|r| !std::ptr::eq(*r, target))
            .any(|other| refers_to(link, other));
        if !resolves_elsewhere {
            unresolved = true;
        }
    }
    if unresolved {
        Attachment::Unresolved
    } else {
        Attachment::Absent
    }
}

/// Declared resources of the graph that refer to `target` anywhere in their properties.
pub fn referrers<'a>(
    graph: &'a ResourceGraph,
    target: &'a Resource,
) -> impl Iterator<Item = &'a Resource> {
    graph
        .resources
        .iter()
        .filter(move |r| !std::ptr::eq(*r, target) && !is_data_source(r))
        .filter(move |r| refers_to(&r.props, target))
}

/// The resource a value refers to, when it resolves to exactly one declared resource.
pub fn resolve<'a>(graph: &'a ResourceGraph, value: &Value) -> Option<&'a Resource> {
    let mut found = graph.resources.iter().filter(|r| refers_to(value, r));
    let first = found.next()?;
    match found.next() {
        None => Some(first),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_ir::SourceSpan;

    fn res(kind: &str, st: &str, name: &str, props: Value) -> Resource {
        Resource {
            kind: kind.into(),
            source_type: st.into(),
            logical_name: Value::Str(name.into()),
            name: None,
            props,
            span: SourceSpan {
                file: "f".into(),
                line: 1,
                document_line: 1,
            },
            options: vec![],
        }
    }

    #[test]
    fn terraform_and_cloudformation_references_resolve() {
        let bucket = res(
            "AWS::S3::Bucket",
            "aws_s3_bucket",
            "logs",
            Value::Map(vec![]),
        );
        let tf_ref = Value::Ref {
            target: "aws_s3_bucket.logs".into(),
            attribute: Some("id".into()),
        };
        assert!(refers_to(&tf_ref, &bucket));
        let cfn = res(
            "AWS::S3::Bucket",
            "AWS::S3::Bucket",
            "LogsBucket",
            Value::Map(vec![]),
        );
        let getatt = Value::Ref {
            target: "LogsBucket".into(),
            attribute: Some("Arn".into()),
        };
        assert!(refers_to(&getatt, &cfn));
        let sub = Value::Template(vec![
            TemplatePart::Text("arn:aws:s3:::".into()),
            TemplatePart::Placeholder("LogsBucket".into()),
            TemplatePart::Text("/*".into()),
        ]);
        assert!(refers_to(&sub, &cfn));
        let other = Value::Ref {
            target: "LogsBucketPolicy".into(),
            attribute: None,
        };
        assert!(!refers_to(&other, &cfn));
    }

    #[test]
    fn unresolvable_companions_are_not_absent() {
        let bucket = res(
            "AWS::S3::Bucket",
            "aws_s3_bucket",
            "logs",
            Value::Map(vec![]),
        );
        let pab = res(
            "tf:aws_s3_bucket_public_access_block",
            "aws_s3_bucket_public_access_block",
            "pab",
            Value::Map(vec![(
                "bucket".into(),
                Value::Ref {
                    target: "module.storage".into(),
                    attribute: Some("bucket_id".into()),
                },
            )]),
        );
        let graph = ResourceGraph {
            resources: vec![bucket.clone(), pab.clone()],
            ..Default::default()
        };
        assert_eq!(
            attachment(&graph, &bucket, [&pab], &["bucket"]),
            Attachment::Unresolved
        );
        assert_eq!(
            attachment(&graph, &bucket, [], &["bucket"]),
            Attachment::Absent
        );
    }
}
