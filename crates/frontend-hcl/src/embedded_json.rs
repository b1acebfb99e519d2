//! JSON written in a heredoc — an IAM policy, a container definition — read as the map or list
//! it holds, so checks see the same shape as `jsonencode({...})` or a CloudFormation
//! `PolicyDocument`. Interpolations inside JSON strings survive as template placeholders
//! (`"Resource": "${aws_s3_bucket.b.arn}/*"` → `Template([Placeholder("aws_s3_bucket.b.arn"),
//! Text("/*")])`); a heredoc whose interpolations sit outside strings, or that is not JSON, is
//! left as it was.

use iacgrade_ir::{TemplatePart, Value};

/// Marks a placeholder inside the text given to the JSON parser (private-use characters, which
/// real policies do not contain).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The value a heredoc's content holds when it is a JSON object or array.
pub(crate) fn parse(value: &Value) -> Option<Value> {
    let (text, placeholders) = match value {
        Value::Str(s) => (s.clone(), Vec::new()),
        Value::Template(parts) => {
            let mut text = String::new();
            let mut placeholders = Vec::new();
            for part in parts {
                match part {
                    TemplatePart::Text(t) => text.push_str(t),
                    TemplatePart::Placeholder(p) => {
                        text.push(OPEN);
                        text.push_str(&placeholders.len().to_string());
                        text.push(CLOSE);
                        placeholders.push(p.clone());
                    }
                }
            }
            (text, placeholders)
        }
        _ => return None,
    };
    let trimmed = text.trim();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    let parsed: serde_json::Value = serde_json::from_str(trimmed).ok()?;
    Some(from_json(&parsed, &placeholders))
}

fn from_json(value: &serde_json::Value, placeholders: &[String]) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_f64()
            .map_or_else(|| Value::Str(n.to_string()), Value::Num),
        serde_json::Value::String(s) => string(s, placeholders),
        serde_json::Value::Array(items) => {
            Value::List(items.iter().map(|v| from_json(v, placeholders)).collect())
        }
        serde_json::Value::Object(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v, placeholders)))
                .collect(),
        ),
    }
}

/// A JSON string with the placeholders marked in it put back.
fn string(s: &str, placeholders: &[String]) -> Value {
    if !s.contains(OPEN) {
        return Value::Str(s.to_string());
    }
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            parts.push(TemplatePart::Text(rest[..start].to_string()));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            break;
        };
        let name = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| placeholders.get(i))
            .cloned()
            .unwrap_or_default();
        parts.push(TemplatePart::Placeholder(name));
        rest = &after[end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest.to_string()));
    }
    Value::Template(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_with_interpolations() {
        let heredoc = Value::Template(vec![
            TemplatePart::Text("{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"".into()),
            TemplatePart::Placeholder("aws_s3_bucket.b.arn".into()),
            TemplatePart::Text("/*\"}]}\n".into()),
        ]);
        let value = parse(&heredoc).expect("json");
        let statement = match value.get("Statement") {
            Some(Value::List(items)) => items[0].clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(statement.get("Effect"), Some(&Value::Str("Allow".into())));
        assert_eq!(
            statement.get("Resource"),
            Some(&Value::Template(vec![
                TemplatePart::Placeholder("aws_s3_bucket.b.arn".into()),
                TemplatePart::Text("/*".into()),
            ]))
        );
    }

    #[test]
    fn other_text_is_left_alone() {
        assert_eq!(parse(&Value::Str("#!/bin/bash\necho hi\n".into())), None);
        let outside = Value::Template(vec![
            TemplatePart::Text("{\"n\": ".into()),
            TemplatePart::Placeholder("var.n".into()),
            TemplatePart::Text("}".into()),
        ]);
        assert_eq!(parse(&outside), None);
    }
}
