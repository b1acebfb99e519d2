//! The property-lookup layer every rule reads through.
//!
//! The same control is spelled differently on each platform: `BucketEncryption` (CloudFormation),
//! `bucketEncryption` (CDK L1), `server_side_encryption_configuration` (Terraform, Pulumi
//! Python), `serverSideEncryptionConfiguration` (Pulumi TypeScript). Keys are compared after
//! [`norm_key`] (lower case, letters and digits only), so one lookup serves all of them; the
//! per-platform *shapes* (a nested Terraform block, a CDK enum member) are handled by the rule
//! that needs them, with [`crate::shape`].
//!
//! Values are read as facts with an explicit "unknown": a `Ref`, a `Template` with
//! placeholders or an `Unknown` expression is never taken for "disabled". Rules report only
//! what they know.

use iacgrade_ir::{TemplatePart, Value};

/// `BucketEncryption`, `bucketEncryption`, `bucket_encryption` and `bucket-encryption` all
/// become `bucketencryption`.
pub fn norm_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The characters [`norm_key`] keeps, lazily: no allocation on the hot path.
fn norm_chars(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
}

/// Whether two keys are equal after [`norm_key`], without allocating.
pub fn key_eq(a: &str, b: &str) -> bool {
    // Rules compare keys millions of times per corpus: the same spelling, or a different first
    // letter, is settled without walking both keys.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let first = |k: &str| {
        k.bytes()
            .find(u8::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
    };
    first(a) == first(b) && norm_chars(a).eq(norm_chars(b))
}

/// Whether `parts` joined equal `wanted` after [`norm_key`], without allocating.
pub fn key_eq_joined(parts: &[&str], wanted: &str) -> bool {
    parts
        .iter()
        .flat_map(|p| norm_chars(p))
        .eq(norm_chars(wanted))
}

/// The value of the first of `keys` present in a map (compared with [`norm_key`]). Terraform
/// blocks come as one-element lists of maps: a one-element list is looked through.
pub fn get<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    let value = single(value);
    let Value::Map(entries) = value else {
        return None;
    };
    keys.iter().find_map(|wanted| {
        entries
            .iter()
            .find(|(k, _)| key_eq(k, wanted))
            .map(|(_, v)| v)
    })
}

/// Whether any of `keys` is present (with any value, even `Null`).
pub fn has(value: &Value, keys: &[&str]) -> bool {
    get(value, keys).is_some_and(|v| !matches!(v, Value::Null))
}

/// Every value reached by following `path` from `value`; lists on the way are walked element by
/// element (Terraform's repeated blocks, CloudFormation's lists of rules).
pub fn get_all<'a>(value: &'a Value, path: &[&str]) -> Vec<&'a Value> {
    let mut current = vec![value];
    for step in path {
        let mut next = Vec::new();
        for v in current {
            for item in elements(v) {
                if let Some(found) = get(item, &[step]) {
                    next.push(found);
                }
            }
        }
        current = next;
    }
    current
}

/// The elements of a list, or the value itself when it is not a list.
pub fn elements(value: &Value) -> Vec<&Value> {
    match value {
        Value::List(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// A one-element list stands for its element (Terraform nested blocks).
fn single(value: &Value) -> &Value {
    match value {
        Value::List(items) if items.len() == 1 => &items[0],
        other => other,
    }
}

/// What a boolean-like setting is, as far as the code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Not written: the service or construct default applies.
    Absent,
    On,
    Off,
    /// Written, but as something only known at deploy time (a reference, a parameter, a
    /// condition).
    Unknown,
}

impl Flag {
    pub fn is_on(self) -> bool {
        self == Flag::On
    }
}

/// The flag under the first of `keys` present.
pub fn flag(props: &Value, keys: &[&str]) -> Flag {
    match get(props, keys) {
        None | Some(Value::Null) => Flag::Absent,
        Some(v) => flag_value(v),
    }
}

/// Reads a value as a flag: booleans, "true"/"false", "enabled"/"disabled", 1/0, Python
/// `True`/`False` left as source text.
pub fn flag_value(value: &Value) -> Flag {
    match value {
        Value::Bool(true) => Flag::On,
        Value::Bool(false) => Flag::Off,
        Value::Num(n) if *n == 1.0 => Flag::On,
        Value::Num(n) if *n == 0.0 => Flag::Off,
        Value::Str(s) | Value::Unknown(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "enabled" | "enable" | "yes" | "on" | "1" => Flag::On,
            "false" | "disabled" | "disable" | "no" | "off" | "0" => Flag::Off,
            _ => Flag::Unknown,
        },
        Value::List(items) if items.len() == 1 => flag_value(&items[0]),
        _ => Flag::Unknown,
    }
}

/// The literal string, when the value is one (a template without placeholders counts).
pub fn literal_str(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::Template(parts) => {
            let mut out = String::new();
            for p in parts {
                match p {
                    TemplatePart::Text(t) => out.push_str(t),
                    TemplatePart::Placeholder(_) => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// The literal string under the first of `keys`.
pub fn str_at(props: &Value, keys: &[&str]) -> Option<String> {
    get(props, keys).and_then(literal_str)
}

/// A literal number (numbers written as strings count: CloudFormation ports are often "22").
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Num(n) => Some(*n),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn num_at(props: &Value, keys: &[&str]) -> Option<f64> {
    get(props, keys).and_then(number)
}

/// The member name of an enum-like value, upper-cased without separators:
/// `s3.BucketEncryption.KMS_MANAGED` (CDK, as source text or as a reference), `"aws:kms"`,
/// `RemovalPolicy.RETAIN` all become `KMSMANAGED`, `AWSKMS`, `RETAIN`. Literal strings are
/// normalised the same way, so rules compare one spelling.
pub fn enum_member(value: &Value) -> Option<String> {
    let text = match value {
        Value::Str(s) => s.clone(),
        Value::Unknown(s) => {
            let s = s.trim();
            // Only a plain dotted name is an enum member; a call or an expression is not.
            if s.is_empty()
                || !s
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            {
                return None;
            }
            s.rsplit('.').next()?.to_string()
        }
        Value::Ref {
            target,
            attribute: Some(attr),
        } if target.contains('.') || target.chars().next().is_some_and(char::is_uppercase) => {
            attr.clone()
        }
        _ => return None,
    };
    Some(
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    )
}

/// Whether a value is written at all and is not `Null`, `false` or an empty string/list/map:
/// "a key is given" for settings such as `KmsMasterKeyId`.
pub fn is_set(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Str(s)) => !s.trim().is_empty(),
        Some(Value::List(items)) => !items.is_empty(),
        Some(Value::Map(entries)) => !entries.is_empty(),
        Some(_) => true,
    }
}

/// Every string-like text inside a value, at any depth: literal strings, template text and
/// placeholders, references and unknown source text. Used to search a policy for a condition
/// key when its structure is not fully known.
pub fn texts(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_texts(value, &mut out);
    out
}

fn collect_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Str(s) | Value::Unknown(s) => out.push(s.clone()),
        Value::Template(parts) => {
            for p in parts {
                match p {
                    TemplatePart::Text(t) | TemplatePart::Placeholder(t) => out.push(t.clone()),
                }
            }
        }
        Value::Ref { target, attribute } => {
            out.push(target.clone());
            if let Some(a) = attribute {
                out.push(a.clone());
            }
        }
        Value::List(items) => items.iter().for_each(|v| collect_texts(v, out)),
        Value::Map(entries) => entries.iter().for_each(|(k, v)| {
            out.push(k.clone());
            collect_texts(v, out);
        }),
        Value::Num(_) | Value::Bool(_) | Value::Null => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn key_eq_is_equality_of_normalised_keys(
            a in "[A-Za-z0-9_ .-]{0,12}",
            b in "[A-Za-z0-9_ .-]{0,12}",
            c in "\\PC{0,8}",
        ) {
            prop_assert_eq!(key_eq(&a, &b), norm_key(&a) == norm_key(&b));
            prop_assert_eq!(key_eq(&a, &c), norm_key(&a) == norm_key(&c));
            let upper = a.to_ascii_uppercase();
            prop_assert_eq!(key_eq(&a, &upper), norm_key(&a) == norm_key(&upper));
        }
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::map_of(entries.iter().cloned())
    }

    #[test]
    fn keys_match_across_spellings() {
        let v = map(&[("server_side_encryption_configuration", Value::Bool(true))]);
        assert!(get(&v, &["ServerSideEncryptionConfiguration"]).is_some());
        assert!(get(&v, &["serverSideEncryptionConfiguration"]).is_some());
    }

    #[test]
    fn terraform_blocks_are_looked_through() {
        let inner = map(&[("enabled", Value::Bool(true))]);
        let v = map(&[("versioning", Value::List(vec![inner]))]);
        assert_eq!(
            flag(get(&v, &["versioning"]).unwrap(), &["enabled"]),
            Flag::On
        );
    }

    #[test]
    fn references_are_unknown_not_off() {
        let v = map(&[(
            "Encrypted",
            Value::Ref {
                target: "EncryptParam".into(),
                attribute: None,
            },
        )]);
        assert_eq!(flag(&v, &["Encrypted"]), Flag::Unknown);
        assert_eq!(flag(&v, &["Missing"]), Flag::Absent);
    }

    #[test]
    fn enum_members_from_source_text_and_strings() {
        assert_eq!(
            enum_member(&Value::Unknown("s3.BucketEncryption.KMS_MANAGED".into())).as_deref(),
            Some("KMSMANAGED")
        );
        assert_eq!(
            enum_member(&Value::Str("aws:kms".into())).as_deref(),
            Some("AWSKMS")
        );
        assert_eq!(enum_member(&Value::Unknown("f(x)".into())), None);
    }
}
