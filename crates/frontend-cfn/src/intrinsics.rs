//! Turns template nodes into IR [`Value`]s, reading intrinsic functions in both their short
//! (`!Sub`, YAML tags) and long (`Fn::Sub:`, `{"Ref": ...}`) forms.
//!
//! What each intrinsic becomes:
//! - `Ref X` → `Value::Ref { target: X }` (parameters, resources and pseudo parameters alike).
//! - `GetAtt A.B` / `[A, B]` → `Value::Ref { target: A, attribute: B }`.
//! - `Sub` (string or `[string, vars]`) → `Value::Template`, `${X}` and `${A.B}` as placeholders
//!   `X` / `A.B`, `${!X}` as the literal text `${X}`; a variable given a literal (or a `Ref`) in the
//!   vars map is substituted. No placeholder left → `Value::Str`.
//! - `Join [d, [...]]` with a literal list → `Value::Str` when every item is literal, otherwise a
//!   `Value::Template` whose placeholders are the references' names.
//! - `FindInMap [M, K1, K2]` with literal keys found in `Mappings` → the mapped value.
//! - Every other intrinsic (`If`, `Select`, `ImportValue`, `Split`, `Base64`, `Equals`, `GetAZs`,
//!   `Cidr`, ...) → a one-entry map in long form (`{"Fn::If": [...]}`), its arguments converted,
//!   so both branches of an `If` stay visible to checks. The short form `!Condition X` becomes
//!   `{"Condition": X}`; an unknown short tag `!X` becomes `{"!X": ...}`.

use iacgrade_ir::{TemplatePart, Value};

use crate::tree::{Node, NodeKind, Scalar};

/// Intrinsics that are written `Fn::Name` in long form.
const FN_NAMES: &[&str] = &[
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "And",
    "Equals",
    "If",
    "Not",
    "Or",
    "Length",
    "ToJsonString",
    "ForEach",
];

/// Converts template nodes; knows the template's `Mappings` to resolve literal `FindInMap`s.
pub(crate) struct Converter<'a> {
    pub mappings: Option<&'a Node>,
}

impl Converter<'_> {
    /// The value of a node, intrinsics read.
    pub fn value(&self, node: &Node) -> Value {
        if let Some(tag) = &node.tag {
            return self.short_form(tag, node);
        }
        match &node.kind {
            NodeKind::Scalar(s) => scalar(s),
            NodeKind::Seq(items) => Value::List(items.iter().map(|n| self.value(n)).collect()),
            NodeKind::Map(entries) => {
                if let [only] = entries.as_slice() {
                    if let Some(v) = self.long_form(&only.key, &only.value) {
                        return v;
                    }
                }
                Value::Map(
                    entries
                        .iter()
                        .map(|e| (e.key.clone(), self.value(&e.value)))
                        .collect(),
                )
            }
        }
    }

    /// A short-form intrinsic: the tag names the function, the node (without its tag) is the
    /// argument.
    fn short_form(&self, tag: &str, node: &Node) -> Value {
        let bare = Node {
            line: node.line,
            tag: None,
            kind: node.kind.clone(),
        };
        if let Some(v) = self.special(tag, &bare) {
            return v;
        }
        let key = if tag == "Condition" {
            "Condition".to_string()
        } else if FN_NAMES.contains(&tag) {
            format!("Fn::{tag}")
        } else {
            format!("!{tag}")
        };
        Value::Map(vec![(key, self.value(&bare))])
    }

    /// `{"Ref": X}`, `{"Fn::Sub": ...}` and the like; `None` when the key is not one.
    fn long_form(&self, key: &str, arg: &Node) -> Option<Value> {
        let name = if key == "Ref" {
            "Ref"
        } else {
            key.strip_prefix("Fn::")?
        };
        self.special(name, arg)
    }

    /// The intrinsics that become something other than a one-entry map.
    fn special(&self, name: &str, arg: &Node) -> Option<Value> {
        match name {
            "Ref" => Some(match arg.as_text() {
                Some(target) => Value::Ref {
                    target,
                    attribute: None,
                },
                None => Value::Map(vec![("Ref".into(), self.value(arg))]),
            }),
            "GetAtt" => Some(self.get_att(arg)),
            "Sub" => Some(self.sub(arg)),
            "Join" => Some(self.join(arg)),
            "FindInMap" => self.find_in_map(arg),
            _ => None,
        }
    }

    fn get_att(&self, arg: &Node) -> Value {
        match &arg.kind {
            NodeKind::Scalar(Scalar::Str(text)) if arg.tag.is_none() => {
                match text.split_once('.') {
                    Some((target, attribute)) => Value::Ref {
                        target: target.to_string(),
                        attribute: Some(attribute.to_string()),
                    },
                    None => Value::Ref {
                        target: text.clone(),
                        attribute: None,
                    },
                }
            }
            NodeKind::Seq(items) if items.len() == 2 => {
                let target = items[0].as_text();
                let attribute = match items[1].as_text() {
                    Some(a) => a,
                    None => self.value(&items[1]).render(),
                };
                match target {
                    Some(target) => Value::Ref {
                        target,
                        attribute: Some(attribute),
                    },
                    None => Value::Map(vec![("Fn::GetAtt".into(), self.value(arg))]),
                }
            }
            _ => Value::Map(vec![("Fn::GetAtt".into(), self.value(arg))]),
        }
    }

    fn sub(&self, arg: &Node) -> Value {
        match &arg.kind {
            NodeKind::Scalar(Scalar::Str(text)) if arg.tag.is_none() => sub_template(text, &[]),
            NodeKind::Seq(items) if items.len() == 2 && items[0].tag.is_none() => {
                let Some(text) = items[0].as_text() else {
                    return Value::Map(vec![("Fn::Sub".into(), self.value(arg))]);
                };
                let vars: Vec<(String, Value)> = items[1]
                    .entries()
                    .iter()
                    .map(|e| (e.key.clone(), self.value(&e.value)))
                    .collect();
                sub_template(&text, &vars)
            }
            _ => Value::Map(vec![("Fn::Sub".into(), self.value(arg))]),
        }
    }

    fn join(&self, arg: &Node) -> Value {
        let fallback = || Value::Map(vec![("Fn::Join".into(), self.value(arg))]);
        let NodeKind::Seq(args) = &arg.kind else {
            return fallback();
        };
        let [delimiter, list] = args.as_slice() else {
            return fallback();
        };
        let (Some(delimiter), NodeKind::Seq(items), None) =
            (delimiter.as_text(), &list.kind, &list.tag)
        else {
            return fallback();
        };
        let mut parts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 && !delimiter.is_empty() {
                parts.push(TemplatePart::Text(delimiter.clone()));
            }
            push_parts(&mut parts, self.value(item));
        }
        from_parts(parts)
    }

    fn find_in_map(&self, arg: &Node) -> Option<Value> {
        let fallback = Value::Map(vec![("Fn::FindInMap".into(), self.value(arg))]);
        let NodeKind::Seq(args) = &arg.kind else {
            return Some(fallback);
        };
        let keys: Option<Vec<String>> = args.iter().take(3).map(Node::as_text).collect();
        let found = match (keys, self.mappings) {
            (Some(keys), Some(mappings)) if keys.len() == 3 => mappings
                .get(&keys[0])
                .and_then(|m| m.get(&keys[1]))
                .and_then(|m| m.get(&keys[2])),
            _ => None,
        };
        Some(match found {
            Some(node) => self.value(node),
            None => fallback,
        })
    }
}

fn scalar(s: &Scalar) -> Value {
    match s {
        Scalar::Str(s) => Value::Str(s.clone()),
        Scalar::Num(n) => Value::Num(*n),
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Null => Value::Null,
    }
}

/// Adds a value to a template being built: literals as text, references and templates as their
/// placeholders, anything else as one placeholder holding its rendering.
fn push_parts(parts: &mut Vec<TemplatePart>, value: Value) {
    match value {
        Value::Str(s) => parts.push(TemplatePart::Text(s)),
        Value::Num(_) | Value::Bool(_) => parts.push(TemplatePart::Text(value.render())),
        Value::Null => {}
        Value::Template(inner) => parts.extend(inner),
        Value::Ref { target, attribute } => {
            parts.push(TemplatePart::Placeholder(match attribute {
                Some(a) => format!("{target}.{a}"),
                None => target,
            }))
        }
        other => parts.push(TemplatePart::Placeholder(other.render())),
    }
}

/// Joins adjacent text parts; a template without placeholders is a plain string.
fn from_parts(parts: Vec<TemplatePart>) -> Value {
    let mut merged: Vec<TemplatePart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(TemplatePart::Text(prev)), TemplatePart::Text(next)) => prev.push_str(&next),
            (_, TemplatePart::Text(t)) if t.is_empty() => {}
            (_, part) => merged.push(part),
        }
    }
    if merged.iter().all(|p| matches!(p, TemplatePart::Text(_))) {
        let text: String = merged
            .into_iter()
            .map(|p| match p {
                TemplatePart::Text(t) => t,
                TemplatePart::Placeholder(p) => p,
            })
            .collect();
        return Value::Str(text);
    }
    Value::Template(merged)
}

/// Parses a `Fn::Sub` string: `${Name}` placeholders, `${!Literal}` escapes.
fn sub_template(text: &str, vars: &[(String, Value)]) -> Value {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        parts.push(TemplatePart::Text(rest[..start].to_string()));
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            parts.push(TemplatePart::Text(rest[start..].to_string()));
            rest = "";
            break;
        };
        let inner = &after[..end];
        if let Some(literal) = inner.strip_prefix('!') {
            parts.push(TemplatePart::Text(format!("${{{literal}}}")));
        } else {
            let name = inner.trim();
            match vars.iter().find(|(k, _)| k == name) {
                Some((_, value)) => push_parts(&mut parts, value.clone()),
                None => parts.push(TemplatePart::Placeholder(name.to_string())),
            }
        }
        rest = &after[end + 1..];
    }
    parts.push(TemplatePart::Text(rest.to_string()));
    from_parts(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn convert(text: &str) -> Value {
        let read = yaml::read(text);
        let doc = read.documents.into_iter().next().expect("doc");
        Converter { mappings: None }.value(doc.get("v").expect("v"))
    }

    fn t(s: &str) -> TemplatePart {
        TemplatePart::Text(s.into())
    }
    fn p(s: &str) -> TemplatePart {
        TemplatePart::Placeholder(s.into())
    }

    #[test]
    fn sub_short_and_long_forms() {
        let want = Value::Template(vec![t("vpc-"), p("EnvironmentSuffix")]);
        assert_eq!(convert("v: !Sub vpc-${EnvironmentSuffix}"), want);
        assert_eq!(convert("v:\n  Fn::Sub: vpc-${EnvironmentSuffix}"), want);
        assert_eq!(
            convert("v: !Sub 'arn:${AWS::Partition}:s3:::${Bucket.Arn}/${!Literal}'"),
            Value::Template(vec![
                t("arn:"),
                p("AWS::Partition"),
                t(":s3:::"),
                p("Bucket.Arn"),
                t("/${Literal}")
            ])
        );
        assert_eq!(convert("v: !Sub plain"), Value::Str("plain".into()));
    }

    #[test]
    fn sub_with_variables() {
        assert_eq!(
            convert("v: !Sub ['${N}-${Env}-x', {N: app, Env: !Ref EnvironmentSuffix}]"),
            Value::Template(vec![t("app-"), p("EnvironmentSuffix"), t("-x")])
        );
    }

    #[test]
    fn refs_and_getatts() {
        assert_eq!(
            convert("v: !Ref Env"),
            Value::Ref {
                target: "Env".into(),
                attribute: None
            }
        );
        let arn = Value::Ref {
            target: "Bucket".into(),
            attribute: Some("Arn".into()),
        };
        assert_eq!(convert("v: !GetAtt Bucket.Arn"), arn);
        assert_eq!(convert("v: !GetAtt [Bucket, Arn]"), arn);
        assert_eq!(convert("v: {'Fn::GetAtt': [Bucket, Arn]}"), arn);
        assert_eq!(convert("v: {Ref: Env}").placeholders(), vec!["Env"]);
    }

    #[test]
    fn join_builds_templates() {
        assert_eq!(
            convert("v: !Join ['-', [app, !Ref Env, bucket]]"),
            Value::Template(vec![t("app-"), p("Env"), t("-bucket")])
        );
        assert_eq!(convert("v: !Join ['', [a, b]]"), Value::Str("ab".into()));
    }

    #[test]
    fn other_intrinsics_keep_long_form() {
        let v = convert("v: !If [IsProd, !Ref A, !Ref AWS::NoValue]");
        let Value::Map(entries) = &v else {
            panic!("map")
        };
        assert_eq!(entries[0].0, "Fn::If");
        assert_eq!(v.placeholders(), vec!["A", "AWS::NoValue"]);
        let v = convert("v: !Select [0, !GetAZs '']");
        assert_eq!(v.render(), "{Fn::Select: [0, {Fn::GetAZs: }]}");
    }

    #[test]
    fn find_in_map_with_literal_keys() {
        let read = yaml::read("M:\n  prod:\n    Size: large\nv: !FindInMap [M, prod, Size]\nw: !FindInMap [M, !Ref E, Size]\n");
        let doc = read.documents.into_iter().next().expect("doc");
        // The root plays the `Mappings` section here: `M` is looked up inside it.
        let c = Converter {
            mappings: Some(&doc),
        };
        assert_eq!(
            c.value(doc.get("v").expect("v")),
            Value::Str("large".into())
        );
        assert!(matches!(c.value(doc.get("w").expect("w")), Value::Map(_)));
    }
}
