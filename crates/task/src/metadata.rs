use serde::Serialize;
use serde_json::{Map, Value};

use crate::platform::{Language, Platform};

/// A recorded training-quality score, as well as it can be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedScore {
    /// The score on the 0–10 scale.
    pub value: f64,
    /// How the value was read when it was not a plain number ("string", "word", "fraction").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_from: Option<String>,
}

/// metadata.json, normalised. The original object is kept whole in `raw` so that no field is lost;
/// the typed fields hold the normalised reading of the fields later stages use.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    pub raw: Map<String, Value>,
    pub platform: Option<Platform>,
    pub language: Option<Language>,
    pub complexity: Option<String>,
    pub turn_type: Option<String>,
    pub po_id: Option<String>,
    pub team: Option<String>,
    pub subtask: Option<String>,
    pub subject_labels: Vec<String>,
    pub aws_services: Vec<String>,
    pub started_at: Option<String>,
    pub region: Option<String>,
    pub training_quality: Option<RecordedScore>,
    /// Problems in the values themselves (a score that cannot be read, a platform nobody knows).
    pub notes: Vec<String>,
}

impl Metadata {
    /// Reads a parsed metadata.json object. Never fails: unreadable values become `notes`.
    pub fn from_object(raw: Map<String, Value>) -> Metadata {
        let mut notes = Vec::new();
        let text = |key: &str| -> Option<String> {
            match raw.get(key)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let platform_raw = text("platform");
        let platform = platform_raw.as_deref().and_then(Platform::parse);
        if let (Some(raw_value), None) = (&platform_raw, platform) {
            notes.push(format!("unknown platform \"{raw_value}\""));
        }
        let language_raw = text("language");
        let language = language_raw.as_deref().and_then(Language::parse);
        if let (Some(raw_value), None) = (&language_raw, language) {
            notes.push(format!("unknown language \"{raw_value}\""));
        }
        let training_quality = match raw.get("training_quality") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let score = read_score(v);
                if score.is_none() {
                    notes.push(format!(
                        "training_quality {} cannot be read as a score",
                        short_json(v)
                    ));
                }
                score
            }
        };
        let region = text("region")
            .or_else(|| text("aws_region"))
            .or_else(|| text("target_region"));
        Metadata {
            platform,
            language,
            complexity: text("complexity"),
            turn_type: text("turn_type"),
            po_id: text("po_id"),
            team: text("team"),
            subtask: text("subtask"),
            subject_labels: string_list(raw.get("subject_labels")),
            aws_services: string_list(raw.get("aws_services")),
            started_at: text("startedAt"),
            region,
            training_quality,
            notes,
            raw,
        }
    }

    /// The raw value of a field, as written.
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.raw.get(key)
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        // A single comma-separated string occurs now and then.
        Some(Value::String(s)) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn short_json(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        s.chars().take(60).collect::<String>() + "…"
    } else {
        s
    }
}

/// Reads a score written as a number, a numeric string, a fraction of one (0.95 → 9.5) or a word
/// ("high", "excellent"); an object is read through its `score` or `overall_rating` field.
pub(crate) fn read_score(v: &Value) -> Option<RecordedScore> {
    match v {
        Value::Number(n) => {
            let x = n.as_f64()?;
            if x > 0.0 && x < 1.0 {
                return Some(RecordedScore {
                    value: x * 10.0,
                    read_from: Some("fraction".into()),
                });
            }
            (0.0..=10.0).contains(&x).then_some(RecordedScore {
                value: x,
                read_from: None,
            })
        }
        Value::String(s) => {
            let t = s.trim();
            if let Ok(x) = t.trim_end_matches("/10").trim().parse::<f64>() {
                return read_score(&serde_json::json!(x)).map(|mut r| {
                    r.read_from = Some("string".into());
                    r
                });
            }
            let word = t.to_ascii_lowercase();
            let value = match word.as_str() {
                "excellent" | "very high" => 10.0,
                "high" | "good" => 9.0,
                "medium" | "moderate" | "fair" => 6.0,
                "low" => 4.0,
                "poor" | "very low" => 2.0,
                _ => return None,
            };
            Some(RecordedScore {
                value,
                read_from: Some("word".into()),
            })
        }
        Value::Object(map) => ["score", "value", "overall_rating", "overall"]
            .iter()
            .find_map(|k| map.get(*k).and_then(read_score))
            .map(|mut r| {
                r.read_from = Some("object".into());
                r
            }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(v: Value) -> Metadata {
        match v {
            Value::Object(m) => Metadata::from_object(m),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn normalises_language_and_platform_spellings() {
        let m = meta(json!({"platform": "CloudFormation", "language": "python"}));
        assert_eq!(m.platform, Some(Platform::Cfn));
        assert_eq!(m.language, Some(Language::Py));
        let m = meta(json!({"platform": "terraform", "language": "typescript"}));
        assert_eq!(m.platform, Some(Platform::Tf));
        assert_eq!(m.language, Some(Language::Ts));
    }

    #[test]
    fn reads_scores_in_every_form_seen() {
        let score = |v: Value| {
            meta(json!({ "training_quality": v }))
                .training_quality
                .map(|s| s.value)
        };
        assert_eq!(score(json!(9)), Some(9.0));
        assert_eq!(score(json!("8")), Some(8.0));
        assert_eq!(score(json!(8.5)), Some(8.5));
        assert_eq!(score(json!(0.95)), Some(9.5));
        assert_eq!(score(json!("high")), Some(9.0));
        assert_eq!(score(json!({"overall_rating": "poor"})), Some(2.0));
        assert_eq!(score(json!("banana")), None);
        assert_eq!(score(json!(42)), None);
    }

    #[test]
    fn unreadable_values_are_noted_not_dropped_silently() {
        let m = meta(json!({"platform": "ansible", "training_quality": [1]}));
        assert_eq!(m.platform, None);
        assert_eq!(m.notes.len(), 2);
        assert!(m.raw.contains_key("platform"));
    }
}
