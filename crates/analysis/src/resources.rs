//! Which resource of the model side is which resource of the ideal side, and how their
//! properties differ.
//!
//! Resources match by kind and logical name first (case and separators ignored), then, among
//! the rest of one kind, by how many property values they share (the best pairs first, at
//! least a third of the properties alike). Properties compare as flattened paths
//! (`VpcConfig.SubnetIds[0]`) with their values rendered as text.

use std::fmt::Write;

use iacgrade_ir::{Resource, ResourceGraph, Value};

/// How much of two resources' properties must agree to pair them without a common name.
const MIN_PROPERTY_SIMILARITY: f64 = 0.34;

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyChange {
    pub path: String,
    pub model: Option<String>,
    pub ideal: Option<String>,
}

/// A pair of matched resources (indexes into the graphs) and their property changes.
#[derive(Debug, Clone)]
pub struct ResourceMatch {
    pub model: usize,
    pub ideal: usize,
    pub changes: Vec<PropertyChange>,
}

#[derive(Debug, Clone, Default)]
pub struct ResourceMatching {
    pub matches: Vec<ResourceMatch>,
    pub only_in_model: Vec<usize>,
    pub only_in_ideal: Vec<usize>,
}

fn normalise_name(s: &str) -> String {
    let mut out = String::new();
    push_normalised(s, &mut out);
    out
}

pub(crate) fn normalise_key(s: &str) -> String {
    normalise_name(s)
}

/// The properties of a resource as (path, rendered value) pairs, paths normalised.
pub fn flatten(value: &Value) -> Vec<(String, String)> {
    leaves(value)
        .into_iter()
        .map(|(path, leaf)| (path, leaf.render()))
        .collect()
}

/// The leaves of a configuration with their normalised paths (`vpcconfig.subnetids[0]`).
pub(crate) fn leaves(value: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    leaves_into(value, &mut String::new(), &mut out);
    out
}

/// Walks `value` with the path so far in one buffer, grown and cut back as the walk goes in
/// and out: only a leaf's path is copied (configurations are flattened for every resource of
/// both sides).
fn leaves_into<'a>(value: &'a Value, path: &mut String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                push_normalised(k, path);
                leaves_into(v, path, out);
                path.truncate(len);
            }
        }
        Value::List(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                // Writing to a String cannot fail.
                let _ = write!(path, "[{i}]");
                leaves_into(v, path, out);
                path.truncate(len);
            }
        }
        other => out.push((path.clone(), other)),
    }
}

/// Appends `key` with case folded and everything but letters and digits dropped.
fn push_normalised(key: &str, out: &mut String) {
    out.extend(
        key.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase),
    );
}

fn similarity(a: &[(String, String)], b: &[(String, String)]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let same = a.iter().filter(|p| b.contains(p)).count();
    same as f64 / a.len().max(b.len()) as f64
}

/// The property changes between two flattened configurations (model `a`, ideal `b`).
fn changes(a: &[(String, String)], b: &[(String, String)]) -> Vec<PropertyChange> {
    let mut out = Vec::new();
    for (path, value) in a {
        match b.iter().find(|(p, _)| p == path) {
            None => out.push(PropertyChange {
                path: path.clone(),
                model: Some(value.clone()),
                ideal: None,
            }),
            Some((_, v)) if v != value => out.push(PropertyChange {
                path: path.clone(),
                model: Some(value.clone()),
                ideal: Some(v.clone()),
            }),
            _ => {}
        }
    }
    for (path, value) in b {
        if !a.iter().any(|(p, _)| p == path) {
            out.push(PropertyChange {
                path: path.clone(),
                model: None,
                ideal: Some(value.clone()),
            });
        }
    }
    out
}

pub fn match_resources(model: &ResourceGraph, ideal: &ResourceGraph) -> ResourceMatching {
    let mut model_left: Vec<usize> = (0..model.resources.len()).collect();
    let mut ideal_left: Vec<usize> = (0..ideal.resources.len()).collect();
    let mut matches = Vec::new();
    // Each resource's configuration is flattened once, and each name normalised once: both are
    // compared many times.
    let flat_model: Vec<_> = model.resources.iter().map(|r| flatten(&r.props)).collect();
    let flat_ideal: Vec<_> = ideal.resources.iter().map(|r| flatten(&r.props)).collect();
    let name_of = |r: &Resource| normalise_name(&r.logical_name.render());
    let ideal_names: Vec<String> = ideal.resources.iter().map(name_of).collect();

    // 1. Same kind, same logical name.
    let mut i = 0;
    while i < model_left.len() {
        let m = &model.resources[model_left[i]];
        let name = name_of(m);
        let found = ideal_left
            .iter()
            .position(|&j| ideal.resources[j].kind == m.kind && ideal_names[j] == name);
        match found {
            Some(pos) => {
                let j = ideal_left.remove(pos);
                let mi = model_left.remove(i);
                matches.push(ResourceMatch {
                    model: mi,
                    ideal: j,
                    changes: changes(&flat_model[mi], &flat_ideal[j]),
                });
            }
            None => i += 1,
        }
    }

    // 2. Same kind, alike properties; best pairs first.
    let mut candidates = Vec::new();
    for &m in &model_left {
        for &j in &ideal_left {
            if model.resources[m].kind != ideal.resources[j].kind {
                continue;
            }
            let s = similarity(&flat_model[m], &flat_ideal[j]);
            if s >= MIN_PROPERTY_SIMILARITY {
                candidates.push((s, m, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, m, j) in candidates {
        if model_left.contains(&m) && ideal_left.contains(&j) {
            model_left.retain(|&x| x != m);
            ideal_left.retain(|&x| x != j);
            matches.push(ResourceMatch {
                model: m,
                ideal: j,
                changes: changes(&flat_model[m], &flat_ideal[j]),
            });
        }
    }
    matches.sort_by_key(|m| (m.model, m.ideal));
    ResourceMatching {
        matches,
        only_in_model: model_left,
        only_in_ideal: ideal_left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_flatten_to_normalised_paths() {
        let props = Value::map_of([
            (
                "VpcConfig",
                Value::map_of([(
                    "Subnet_Ids",
                    Value::List(vec![Value::Str("a".into()), Value::Str("b".into())]),
                )]),
            ),
            ("Tags", Value::List(Vec::new())),
            ("Über-Name", Value::Num(1.0)),
            ("", Value::map_of([("Inner", Value::Bool(true))])),
        ]);
        let paths: Vec<String> = flatten(&props).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "vpcconfig.subnetids[0]",
                "vpcconfig.subnetids[1]",
                "tags",
                "übername",
                "inner",
            ]
        );
    }
}
