//! Hand-built graphs for shapes no front-end in this workspace reads yet (Terraform HCL), written
//! as compact JSON: `{"type": "aws_s3_bucket", "name": "logs", "props": {...}, "options": {...}}`.
//! Inside values, `{"$ref": "aws_s3_bucket.logs", "attr": "id"}` is a reference and
//! `{"$expr": "..."}` an expression kept as source text.

use iacgrade_ir::kinds::{canonical_kind, KindTable};
use iacgrade_ir::{Resource, ResourceGraph, SourceSpan, Value};

pub fn value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(|t| t.as_str()) {
                return Value::Ref {
                    target: target.to_string(),
                    attribute: map.get("attr").and_then(|a| a.as_str()).map(String::from),
                };
            }
            if let Some(text) = map.get("$expr").and_then(|t| t.as_str()) {
                return Value::Unknown(text.to_string());
            }
            Value::Map(map.iter().map(|(k, v)| (k.clone(), value(v))).collect())
        }
        serde_json::Value::Array(items) => Value::List(items.iter().map(value).collect()),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Number(n) => Value::Num(n.as_f64().unwrap_or_default()),
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Null => Value::Null,
    }
}

/// A Terraform graph: kinds through the Terraform table, `tf:<type>` when unmapped.
pub fn terraform(resources: serde_json::Value) -> ResourceGraph {
    let items = resources.as_array().cloned().unwrap_or_default();
    let resources = items
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let source_type = r["type"].as_str().unwrap_or_default().to_string();
            let kind = canonical_kind(KindTable::Terraform, &source_type)
                .map(String::from)
                .unwrap_or_else(|| format!("tf:{source_type}"));
            let options = match r.get("options") {
                Some(serde_json::Value::Object(map)) => {
                    map.iter().map(|(k, v)| (k.clone(), value(v))).collect()
                }
                _ => Vec::new(),
            };
            Resource {
                kind,
                source_type,
                logical_name: Value::Str(r["name"].as_str().unwrap_or_default().to_string()),
                name: None,
                props: value(&r["props"]),
                span: SourceSpan {
                    file: "main.tf".into(),
                    line: i + 1,
                    document_line: i + 1,
                },
                options,
            }
        })
        .collect();
    ResourceGraph {
        resources,
        files: vec!["main.tf".into()],
        ..Default::default()
    }
}
