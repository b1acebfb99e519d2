//! JSON written inside a string: IAM policies passed as `policy = "{...}"`, container
//! definitions as a JSON string, `json.dumps({...})` / `JSON.stringify({...})` /
//! `jsonencode({...})` calls a front-end kept as source text. Such values are parsed into the
//! IR's [`Value`] so rules read them like any map; text that does not parse stays unknown.

use iacgrade_ir::Value;

/// The value a string holds when it is JSON (an object or an array), or a JSON-encoding call
/// whose argument is JSON-compatible source text.
pub fn parse(value: &Value) -> Option<Value> {
    let text = match value {
        Value::Str(s) => s.trim(),
        Value::Unknown(s) => unwrap_encoding_call(s.trim())?,
        _ => return None,
    };
    if !(text.starts_with('{') || text.starts_with('[')) {
        return None;
    }
    let parsed: serde_json::Value = serde_json::from_str(text)
        .ok()
        .or_else(|| serde_json::from_str(&python_literals_to_json(text)?).ok())?;
    Some(from_json(&parsed))
}

/// `json.dumps(X)`, `JSON.stringify(X)`, `jsonencode(X)` → `X`.
fn unwrap_encoding_call(text: &str) -> Option<&str> {
    const CALLS: [&str; 3] = ["json.dumps(", "JSON.stringify(", "jsonencode("];
    let start = CALLS.iter().find_map(|c| text.strip_prefix(c))?;
    let inner = start.strip_suffix(')')?;
    Some(inner.trim())
}

/// Python literals (`True`, `False`, `None`) to JSON, outside strings. Returns `None` when the
/// text uses single-quoted strings, which are not JSON in any case.
fn python_literals_to_json(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match word.as_str() {
            "True" => out.push_str("true"),
            "False" => out.push_str("false"),
            "None" => out.push_str("null"),
            w => out.push_str(w),
        }
        word.clear();
    };
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '\'' {
            return None;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out);
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    flush(&mut word, &mut out);
    Some(out)
}

/// A parsed JSON value as an IR value.
pub fn from_json(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n.as_f64().map(Value::Num).unwrap_or(Value::Null),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => Value::List(items.iter().map(from_json).collect()),
        serde_json::Value::Object(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v)))
                .collect(),
        ),
    }
}

/// The value itself when it is already structured, else its embedded JSON, else nothing.
pub fn structured(value: &Value) -> Option<Value> {
    match value {
        Value::Map(_) | Value::List(_) => Some(value.clone()),
        other => parse(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn json_strings_and_encoding_calls_parse() {
        let s = Value::Str(r#"{"Statement": [{"Effect": "Allow", "Action": "*"}]}"#.into());
        assert!(matches!(parse(&s), Some(Value::Map(_))));
        let py = Value::Unknown(r#"json.dumps({"Enabled": True, "Action": ["s3:*"]})"#.into());
        let parsed = parse(&py).expect("python dict parses");
        assert_eq!(parsed.get("Enabled"), Some(&Value::Bool(true)));
        assert_eq!(parse(&Value::Str("plain".into())), None);
        assert_eq!(parse(&Value::Unknown("json.dumps(policy)".into())), None);
    }

    proptest! {
        #[test]
        fn never_panics(text in ".{0,200}") {
            let _ = parse(&Value::Str(text.clone()));
            let _ = parse(&Value::Unknown(format!("json.dumps({text})")));
        }
    }
}
