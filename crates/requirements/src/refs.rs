//! Whether one resource refers to another, for the checks that need a link ("the secret is
//! used", "the key encrypts something").
//!
//! The rules' lookup ([`iacgrade_rules::references::refers_to`]) knows resources by literal
//! names; programs often name them with templates (`f"app-secret-{suffix}"`), and their
//! references then carry the same template (`Ref { target: "app-secret-${suffix}" }`). Both
//! are tried.

use iacgrade_ir::{Resource, ResourceGraph, TemplatePart, Value};
use iacgrade_rules::references::refers_to;
use iacgrade_rules::shape::is_data_source;

fn mentions_name(value: &Value, name: &str) -> bool {
    let designates = |t: &str| {
        t == name
            || t.strip_prefix(name)
                .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
    };
    match value {
        Value::Ref { target, .. } => designates(target),
        Value::Template(parts) => parts
            .iter()
            .any(|p| matches!(p, TemplatePart::Placeholder(t) if designates(t))),
        Value::List(items) => items.iter().any(|v| mentions_name(v, name)),
        Value::Map(entries) => entries.iter().any(|(_, v)| mentions_name(v, name)),
        _ => false,
    }
}

/// Whether `value` refers to `target`.
pub fn refers(value: &Value, target: &Resource) -> bool {
    if refers_to(value, target) {
        return true;
    }
    match &target.logical_name {
        name @ Value::Template(_) => mentions_name(value, &name.render()),
        _ => false,
    }
}

/// Declared resources that refer to `target` in their properties.
pub fn referrers<'a>(
    graph: &'a ResourceGraph,
    target: &'a Resource,
) -> impl Iterator<Item = &'a Resource> {
    graph
        .resources
        .iter()
        .filter(move |r| !std::ptr::eq(*r, target) && !is_data_source(r))
        .filter(move |r| refers(&r.props, target))
}
