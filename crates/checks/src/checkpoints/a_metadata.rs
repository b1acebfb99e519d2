//! Checkpoint A — metadata completeness.
//!
//! Every task's metadata.json must carry the fields the pipeline reads (platform, language,
//! complexity, turn_type, po_id, team, subtask, subject_labels, startedAt, aws_services), each
//! present, non-null and of the right type. A missing field or an unreadable file fails the
//! checkpoint. Values the pipeline would reject but iacgrade can still read — "python" for "py",
//! an unknown subtask, a score written as a string — are warnings: the task can be judged, but the
//! metadata needs a fix before it is submitted.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::{Evidence, Language, Platform, Task};
use serde_json::Value;

use super::vocabulary::{COMPLEXITIES, SUBJECT_LABELS, SUBTASKS, TEAMS, TURN_TYPES};

/// The fields checkpoint A requires, with the JSON type each must have.
const REQUIRED: &[(&str, FieldType)] = &[
    ("platform", FieldType::String),
    ("language", FieldType::String),
    ("complexity", FieldType::String),
    ("turn_type", FieldType::String),
    ("po_id", FieldType::String),
    ("team", FieldType::String),
    ("subtask", FieldType::String),
    ("subject_labels", FieldType::Array),
    ("startedAt", FieldType::String),
    ("aws_services", FieldType::Array),
];

#[derive(Clone, Copy)]
enum FieldType {
    String,
    Array,
}

pub fn check(task: &Task) -> Checkpoint {
    let name = "Metadata completeness";
    let Some(meta) = &task.metadata else {
        let why = task
            .diagnostics
            .iter()
            .find(|d| d.file == "metadata.json")
            .map(|d| d.to_string())
            .unwrap_or_else(|| "metadata.json: missing".into());
        return super::checkpoint("A", name, CheckStatus::Fail, why, Vec::new());
    };

    let mut missing = Vec::new();
    let mut wrong_type = Vec::new();
    for (field, ty) in REQUIRED {
        match (meta.field(field), ty) {
            (None | Some(Value::Null), _) => missing.push(*field),
            (Some(Value::String(s)), FieldType::String) if s.trim().is_empty() => {
                missing.push(*field)
            }
            (Some(Value::String(_)), FieldType::String) => {}
            // The schema says string, but numbers are read without loss (team 3, po_id 291732).
            (Some(Value::Number(_)), FieldType::String) if matches!(*field, "team" | "po_id") => {}
            (Some(Value::Array(_)), FieldType::Array) => {}
            (Some(v), _) => wrong_type.push(format!("{field} is {}", json_kind(v))),
        }
    }

    let mut warnings = Vec::new();
    let raw_str = |k: &str| meta.field(k).and_then(Value::as_str).map(str::trim);
    if let Some(raw) = raw_str("platform") {
        match Platform::parse(raw) {
            Some(p) if p.as_str() != raw => {
                warnings.push(format!("platform \"{raw}\" should be written \"{p}\""))
            }
            None => warnings.push(format!("platform \"{raw}\" is not a known platform")),
            _ => {}
        }
    }
    if let Some(raw) = raw_str("language") {
        match Language::parse(raw) {
            Some(l) if l.as_str() != raw => {
                warnings.push(format!("language \"{raw}\" should be written \"{l}\""))
            }
            None => warnings.push(format!("language \"{raw}\" is not a known language")),
            _ => {}
        }
    }
    let enum_field = |field: &str, allowed: &[&str], warnings: &mut Vec<String>| {
        if let Some(raw) = raw_str(field) {
            if !allowed.contains(&raw) {
                warnings.push(format!(
                    "{field} \"{raw}\" is not one of the allowed values"
                ));
            }
        }
    };
    enum_field("complexity", COMPLEXITIES, &mut warnings);
    enum_field("turn_type", TURN_TYPES, &mut warnings);
    enum_field("subtask", SUBTASKS, &mut warnings);
    if let Some(Value::Number(n)) = meta.field("team") {
        enum_field_value(&n.to_string(), "team", TEAMS, &mut warnings);
    } else if let Some(raw) = raw_str("team") {
        enum_field_value(raw, "team", TEAMS, &mut warnings);
    }
    if let Some(Value::String(_)) = meta.field("subject_labels") {
        warnings.push("subject_labels is a string; it must be a JSON array".into());
    }
    let unknown_labels: Vec<&str> = meta
        .subject_labels
        .iter()
        .map(String::as_str)
        .filter(|l| !SUBJECT_LABELS.contains(l))
        .collect();
    if !unknown_labels.is_empty() {
        warnings.push(format!(
            "subject label(s) not in the taxonomy: {}",
            unknown_labels.join(", ")
        ));
    }
    match (meta.field("training_quality"), &meta.training_quality) {
        (None | Some(Value::Null), _) => {}
        (Some(raw), None) => warnings.push(format!(
            "training_quality {} cannot be read as a score",
            truncate(&raw.to_string(), 60)
        )),
        (Some(raw), Some(score)) => {
            if score.read_from.is_some() {
                warnings.push(format!(
                    "training_quality {} read as {}; write it as an integer",
                    truncate(&raw.to_string(), 60),
                    score.value
                ));
            } else if score.value.fract() != 0.0 {
                warnings.push(format!(
                    "training_quality {} is not an integer",
                    score.value
                ));
            }
        }
    }

    let evidence: Vec<Evidence> = missing
        .iter()
        .map(|f| Evidence::new("metadata.json", None, format!("{f}: missing or null")))
        .chain(
            wrong_type
                .iter()
                .chain(warnings.iter())
                .map(|w| Evidence::new("metadata.json", None, w.clone())),
        )
        .collect();

    if !missing.is_empty() || !wrong_type.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing: {}", missing.join(", ")));
        }
        if !wrong_type.is_empty() {
            parts.push(format!("wrong type: {}", wrong_type.join(", ")));
        }
        return super::checkpoint("A", name, CheckStatus::Fail, parts.join("; "), evidence);
    }
    if !warnings.is_empty() {
        let message = format!(
            "all required fields present; {} value(s) to correct",
            warnings.len()
        );
        return super::checkpoint("A", name, CheckStatus::Warn, message, evidence);
    }
    super::checkpoint(
        "A",
        name,
        CheckStatus::Pass,
        "all required fields present and well-formed",
        evidence,
    )
}

fn enum_field_value(raw: &str, field: &str, allowed: &[&str], warnings: &mut Vec<String>) {
    if !allowed.contains(&raw) {
        warnings.push(format!(
            "{field} \"{raw}\" is not one of the allowed values"
        ));
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        s.chars().take(n).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}
