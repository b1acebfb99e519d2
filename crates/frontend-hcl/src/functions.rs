//! The Terraform functions the front-end evaluates when their arguments are known (see
//! [`crate::eval`] for the list and why). Each returns `None` when it cannot give a value, and the
//! call is then kept as `Value::Unknown(source)`.

use hcl_edit::expr::Expression;
use hcl_edit::Span;
use iacgrade_ir::{TemplatePart, Value};

use crate::eval::{from_parts, push_parts, MAX_EXPANSION};
use crate::source::Chunk;

/// A number as Terraform prints it in a string (`2`, not `2.0`).
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Calls `name` with evaluated arguments (each with its expression, for source text).
pub(crate) fn call(name: &str, args: &[(Value, &Expression)], chunk: &Chunk<'_>) -> Option<Value> {
    let values: Vec<&Value> = args.iter().map(|(v, _)| v).collect();
    let source = |i: usize| {
        args.get(i)
            .map(|(_, e)| chunk.source(e.span()).to_string())
            .unwrap_or_default()
    };
    match (name, values.as_slice()) {
        ("format", [Value::Str(spec), ..]) => format(spec, args.get(1..).unwrap_or(&[]), chunk),
        ("join", [Value::Str(sep), Value::List(items)]) => {
            let mut parts = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    parts.push(TemplatePart::Text(sep.clone()));
                }
                push_parts(&mut parts, item.clone(), source(1));
            }
            Some(from_parts(parts))
        }
        ("lower" | "upper", [value]) => Some(change_case(value, name == "lower")?),
        ("trimspace", [Value::Str(s)]) => Some(Value::Str(s.trim().to_string())),
        ("toset", [Value::List(items)]) => Some(Value::List(to_set(items))),
        ("tolist" | "tomap", [v @ (Value::List(_) | Value::Map(_))]) => Some((*v).clone()),
        ("jsonencode" | "yamlencode", [v]) if !matches!(v, Value::Unknown(_)) => Some((*v).clone()),
        ("merge", maps) if !maps.is_empty() => {
            let mut merged: Vec<(String, Value)> = Vec::new();
            for map in maps {
                let Value::Map(entries) = map else {
                    return None;
                };
                for (k, v) in entries {
                    match merged.iter_mut().find(|(mk, _)| mk == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => merged.push((k.clone(), v.clone())),
                    }
                }
            }
            Some(Value::Map(merged))
        }
        ("concat", lists) if !lists.is_empty() => {
            let mut all = Vec::new();
            for list in lists {
                let Value::List(items) = list else {
                    return None;
                };
                all.extend(items.iter().cloned());
            }
            Some(Value::List(all))
        }
        ("length", [Value::List(items)]) => Some(Value::Num(items.len() as f64)),
        ("length", [Value::Map(entries)]) => Some(Value::Num(entries.len() as f64)),
        ("length", [Value::Str(s)]) => Some(Value::Num(s.chars().count() as f64)),
        ("range", bounds) => range(bounds),
        ("slice", [Value::List(items), Value::Num(from), Value::Num(to)]) => {
            let (from, to) = (index(*from)?, index(*to)?);
            (from <= to && to <= items.len()).then(|| Value::List(items[from..to].to_vec()))
        }
        // A slice of something unknown still has a known length: `slice(data.x.names, 0, 2)`.
        (
            "slice",
            [list @ (Value::Ref { .. } | Value::Unknown(_)), Value::Num(from), Value::Num(to)],
        ) => {
            let (from, to) = (index(*from)?, index(*to)?);
            if from > to || to - from > MAX_EXPANSION {
                return None;
            }
            let whole = source(0);
            Some(Value::List(
                (from..to)
                    .map(|i| match list {
                        Value::Ref { target, attribute } => Value::Ref {
                            target: target.clone(),
                            attribute: Some(format!("{}[{i}]", attribute.as_deref().unwrap_or(""))),
                        },
                        _ => Value::Unknown(format!("{whole}[{i}]")),
                    })
                    .collect(),
            ))
        }
        ("element", [Value::List(items), Value::Num(i)]) if !items.is_empty() => {
            Some(items[index(*i)? % items.len()].clone())
        }
        ("keys", [Value::Map(entries)]) => Some(Value::List(
            entries.iter().map(|(k, _)| Value::Str(k.clone())).collect(),
        )),
        ("values", [Value::Map(entries)]) => Some(Value::List(
            entries.iter().map(|(_, v)| v.clone()).collect(),
        )),
        ("min" | "max", numbers) if !numbers.is_empty() => {
            let mut ns = numbers.iter().map(|v| match v {
                Value::Num(n) => Some(*n),
                _ => None,
            });
            let first = ns.next()??;
            ns.try_fold(first, |acc, n| {
                let n = n?;
                Some(if name == "min" {
                    acc.min(n)
                } else {
                    acc.max(n)
                })
            })
            .map(Value::Num)
        }
        _ => None,
    }
}

fn index(n: f64) -> Option<usize> {
    (n >= 0.0 && n.fract() == 0.0).then_some(n as usize)
}

/// `toset`: unique, and strings in lexical order as Terraform iterates them.
fn to_set(items: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    if out.iter().all(|v| matches!(v, Value::Str(_))) {
        out.sort_by_key(|a| a.render());
    }
    out
}

fn range(bounds: &[&Value]) -> Option<Value> {
    let nums: Option<Vec<f64>> = bounds
        .iter()
        .map(|v| match v {
            Value::Num(n) => Some(*n),
            _ => None,
        })
        .collect();
    let (start, end, step) = match nums?.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, 1.0),
        [start, end, step] => (*start, *end, *step),
        _ => return None,
    };
    if step == 0.0 || ((end - start) / step) > MAX_EXPANSION as f64 {
        return None;
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        out.push(Value::Num(x));
        x += step;
    }
    Some(Value::List(out))
}

fn change_case(value: &Value, lower: bool) -> Option<Value> {
    let convert = |s: &str| {
        if lower {
            s.to_lowercase()
        } else {
            s.to_uppercase()
        }
    };
    match value {
        Value::Str(s) => Some(Value::Str(convert(s))),
        Value::Template(parts) => Some(Value::Template(
            parts
                .iter()
                .map(|p| match p {
                    TemplatePart::Text(t) => TemplatePart::Text(convert(t)),
                    other => other.clone(),
                })
                .collect(),
        )),
        Value::Ref { .. } => {
            let mut parts = Vec::new();
            push_parts(&mut parts, value.clone(), String::new());
            Some(Value::Template(parts))
        }
        _ => None,
    }
}

/// `format(spec, args...)`: `%s`, `%d`, `%v` (with flags and width) take the next argument;
/// `%%` is a percent sign.
fn format(spec: &str, args: &[(Value, &Expression)], chunk: &Chunk<'_>) -> Option<Value> {
    let mut parts = Vec::new();
    let mut next = args.iter();
    let mut chars = spec.chars().peekable();
    let mut text = String::new();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            text.push('%');
            continue;
        }
        // Flags, width and precision, then the verb.
        let mut verb = None;
        for v in chars.by_ref() {
            if v.is_ascii_alphabetic() {
                verb = Some(v);
                break;
            }
        }
        verb?;
        let (value, expr) = next.next()?;
        parts.push(TemplatePart::Text(std::mem::take(&mut text)));
        push_parts(
            &mut parts,
            value.clone(),
            chunk.source(expr.span()).to_string(),
        );
    }
    parts.push(TemplatePart::Text(text));
    Some(from_parts(parts))
}
