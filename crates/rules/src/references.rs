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

use crate::props::{get, literal_str, norm_key};
use crate::shape::{is_data_source, option};

/// The names a resource can be referred to by.
pub struct Identities {
    /// Names references use: the logical name, `<terraform type>.<label>`, the program
    /// variable.
    pub references: Vec<String>,
    /// A physical name given as a literal: what string-typed links carry (`bucket =
    /// "my-logs-bucket"`).
    pub physical: Option<String>,
}

pub fn identities(resource: &Resource) -> Identities {
    let mut references = Vec::new();
    if let Some(name) = literal_str(&resource.logical_name) {
        if !name.is_empty() {
            references.push(format!("{}.{}", resource.source_type, name));
            if is_data_source(resource) && !resource.source_type.starts_with("data.") {
                references.push(format!("data.{}.{}", resource.source_type, name));
            }
            references.push(name);
        }
    }
    if let Some(var) =
        option(resource, &["variable", "var", "binding", "variable_name"]).and_then(literal_str)
    {
        if !var.is_empty() {
            references.push(var);
        }
    }
    let physical = resource
        .name
        .as_ref()
        .and_then(literal_str)
        .filter(|n| !n.is_empty());
    Identities {
        references,
        physical,
    }
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

/// Whether `name` (a reference target) designates a resource known as `id`: the same name, or
/// the name followed by an attribute (`aws_s3_bucket.b.id`, `Bucket.Arn`, `bucket.bucket`).
fn designates(name: &str, id: &str) -> bool {
    let name = name.trim();
    if name == id {
        return true;
    }
    match name.strip_prefix(id) {
        Some(rest) => rest.starts_with('.') || rest.starts_with('['),
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
    let ids = identities(resource);
    let mut names = Vec::new();
    referenced_names(value, &mut names);
    names.iter().any(|n| match n {
        Name::Reference(r) => ids.references.iter().any(|id| designates(r, id)),
        Name::Expression(e) => ids.references.iter().any(|id| occurs_in(e, id)),
        Name::Literal(l) => ids.physical.as_deref() == Some(l.trim()),
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

/// Whether a key of an option or property names a link (`vpc_id` and `VpcId` both give
/// `vpcid`).
pub fn key_is(key: &str, wanted: &str) -> bool {
    norm_key(key) == norm_key(wanted)
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
