//! The security settings of a resource's configuration, and which of them the ideal answer made
//! safer than the model's: what DIFF002 reports.
//!
//! Only settings whose direction is known count, compared by meaning rather than by text:
//! - switches that protect when on (`StorageEncrypted`, `MultiAZ`, the S3 public access block,
//!   ...): the ideal turns on what the model left off or unset;
//! - switches that expose when on (`PubliclyAccessible`, `MapPublicIpOnLaunch`, ...): the ideal
//!   turns off (or drops, where off is the default) what the model turned on;
//! - protections the model did not set at all (a KMS key, `HttpTokens`, an SSE algorithm);
//! - values on a known scale that the ideal raised (`AES256` → `aws:kms`, `optional` →
//!   `required`, HTTP → HTTPS, a longer backup retention);
//! - ingress open to the whole internet (`0.0.0.0/0`, `::/0`) on ports the ideal does not open
//!   to it;
//! - policy statements allowing `*` actions, resources or principals that the ideal scoped.
//!
//! Values are read as what they mean: `true`, `"True"` and `"true"` are one value, so are
//! `ec2.SubnetType.PRIVATE` and `SubnetType.PRIVATE`; the order of list items does not matter
//! where it means nothing (rules, statements). A setting whose value is a reference or an
//! expression on either side is not judged: two references that name the same thing under
//! different names are not a change, and nothing is executed to compare them.

use crate::resources::normalise_key;
use std::collections::BTreeSet;

use iacgrade_ir::Value;

/// Switches that protect when on (keys as the flattened paths write them: lower case,
/// letters and digits only).
const PROTECT_WHEN_ON: &[&str] = &[
    "storageencrypted",
    "encrypted",
    "enablekeyrotation",
    "blockpublicacls",
    "blockpublicpolicy",
    "ignorepublicacls",
    "restrictpublicbuckets",
    "atrestencryptionenabled",
    "transitencryptionenabled",
    "enforcessl",
    "multiaz",
    "pointintimerecoveryenabled",
    "enablelogfilevalidation",
    "iamdatabaseauthenticationenabled",
];

/// Switches that expose when on, with whether off is what an unset switch means.
const EXPOSE_WHEN_ON: &[(&str, bool)] = &[
    ("publiclyaccessible", true),
    ("mappubliciponlaunch", true),
    ("publicreadaccess", true),
    ("associatepublicipaddress", false),
    ("assignpublicip", false),
];

/// Protections whose mere presence counts when the model set nothing there.
const PROTECTIONS: &[&str] = &[
    "kmskeyid",
    "kmsmasterkeyid",
    "kmskeyarn",
    "encryptionkey",
    "encryptionmasterkey",
    "ssealgorithm",
    "httptokens",
];

/// Settings that name a KMS key.
const KEY_SETTINGS: &[&str] = &[
    "kmskeyid",
    "kmsmasterkeyid",
    "kmskeyarn",
    "encryptionkey",
    "encryptionmasterkey",
];

/// Whether a key setting names a key AWS manages (`alias/aws/s3`) rather than one the stack
/// controls.
fn aws_managed_key(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.trim().to_lowercase().starts_with("alias/aws/"))
}

/// Values on a scale, weakest first; a setting counts when the ideal's value ranks higher.
const SCALES: &[(&str, &[&[&str]])] = &[
    (
        "ssealgorithm",
        &[&["aes256"], &["awskms", "awskmsdsse", "kms"]],
    ),
    ("httptokens", &[&["optional"], &["required"]]),
    (
        "viewerprotocolpolicy",
        &[&["allowall"], &["redirecttohttps", "httpsonly"]],
    ),
    ("protocol", &[&["http"], &["https"]]),
    ("protocol", &[&["tcp"], &["tls"]]),
    (
        "encryption",
        &[
            &["unencrypted"],
            &["s3managed", "kms", "kmsmanaged", "dsse"],
        ],
    ),
];

/// Numbers where more is safer.
const MORE_IS_SAFER: &[&str] = &["backupretentionperiod"];

/// One setting the ideal made safer, for the finding's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaferSetting {
    pub path: String,
    pub model: Option<String>,
    pub ideal: Option<String>,
}

impl SaferSetting {
    pub fn describe(&self) -> String {
        match (&self.model, &self.ideal) {
            (Some(a), Some(b)) => format!("{} {} → {}", self.path, short(a), short(b)),
            (None, Some(b)) => format!("{} added ({})", self.path, short(b)),
            (Some(a), None) => format!("{} removed (was {})", self.path, short(a)),
            (None, None) => self.path.clone(),
        }
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        s.chars().take(40).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

/// A leaf of a configuration: its path (`vpcconfig.subnetids[0]`) and value.
struct Leaf<'a> {
    path: String,
    value: &'a Value,
}

fn leaves(value: &Value) -> Vec<Leaf<'_>> {
    crate::resources::leaves(value)
        .into_iter()
        .map(|(path, value)| Leaf { path, value })
        .collect()
}

/// The setting a path ends in, list positions dropped: `ingress[0].cidrblocks[1]` →
/// `cidrblocks`.
fn key_of(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// The path up to the setting (`ingress[0]` for `ingress[0].cidrblocks[1]`).
fn parent_of(path: &str) -> &str {
    path.rfind('.').map(|i| &path[..i]).unwrap_or("")
}

/// A value as it reads, or None for references and expressions: lower case, letters and digits
/// only, and for a qualified enum member (`ec2.SubnetType.PRIVATE`) its last name.
fn literal(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(normalise_key(s)),
        Value::Num(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Unknown(s) => enum_member(s),
        _ => None,
    }
}

/// `s3.BucketEncryption.KMS` → `kms`; `True` → `true`; anything else (a call, a variable, an
/// expression) is not a literal.
fn enum_member(s: &str) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('.').collect();
    let all_names = parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'));
    if !all_names {
        return None;
    }
    let last = parts.last()?;
    // A bare name is a literal only as a boolean (`True`); otherwise it is a variable.
    if parts.len() == 1 {
        let lower = last.to_lowercase();
        return matches!(lower.as_str(), "true" | "false").then_some(lower);
    }
    // An enum member is written in capitals (`RemovalPolicy.DESTROY`); `props.vpc` is not.
    let is_member = last.chars().any(|c| c.is_alphabetic())
        && last.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    is_member.then(|| normalise_key(last))
}

/// A switch's position: on, off, or not readable.
fn switch(value: &Value) -> Option<bool> {
    match literal(value)?.as_str() {
        "true" | "enabled" | "yes" => Some(true),
        "false" | "disabled" | "no" => Some(false),
        _ => None,
    }
}

fn find<'v, 'a>(leaves: &'v [Leaf<'a>], path: &str) -> Option<&'v Leaf<'a>> {
    leaves.iter().find(|l| l.path == path)
}

/// Whether a configuration says anything at `path`: a value there, below it, or above it (a
/// whole block written as one expression).
fn says_anything_at(leaves: &[Leaf], path: &str) -> bool {
    leaves.iter().any(|l| {
        l.path == path
            || l.path.starts_with(&format!("{path}."))
            || l.path.starts_with(&format!("{path}["))
            || path.starts_with(&format!("{}.", l.path))
            || path.starts_with(&format!("{}[", l.path))
    })
}

/// The settings the ideal configuration made safer than the model's, in the ideal's order.
pub fn safer_in_ideal(model: &Value, ideal: &Value) -> Vec<SaferSetting> {
    let model_leaves = leaves(model);
    let ideal_leaves = leaves(ideal);
    let mut out: Vec<SaferSetting> = Vec::new();
    let mut push = |path: &str, model: Option<&Value>, ideal: Option<&Value>| {
        if !out.iter().any(|s| s.path == path) {
            out.push(SaferSetting {
                path: path.to_string(),
                model: model.map(Value::render),
                ideal: ideal.map(Value::render),
            });
        }
    };

    for leaf in &ideal_leaves {
        let key = key_of(&leaf.path);
        let before = find(&model_leaves, &leaf.path);
        let model_value = before.map(|l| l.value);
        if PROTECT_WHEN_ON.contains(&key) && switch(leaf.value) == Some(true) {
            let was = match model_value {
                Some(v) => switch(v).map(|on| !on),
                // Unset: off, unless the model wrote this block another way.
                None => Some(!says_anything_at(&model_leaves, &leaf.path)),
            };
            if was == Some(true) {
                push(&leaf.path, model_value, Some(leaf.value));
            }
            continue;
        }
        if EXPOSE_WHEN_ON.iter().any(|(k, _)| *k == key) {
            // Only a switch the model turned on: writing down off where the model left it
            // unset is the default, or unknown, never a fix.
            let model_on = model_value.and_then(switch) == Some(true);
            if model_on && switch(leaf.value) == Some(false) {
                push(&leaf.path, model_value, Some(leaf.value));
            }
            continue;
        }
        if PROTECTIONS.contains(&key)
            && !says_anything_at(&model_leaves, &leaf.path)
            && !is_weakest(key, leaf.value)
        {
            push(&leaf.path, None, Some(leaf.value));
            continue;
        }
        if let Some(model_value) = model_value {
            if raised(key, model_value, leaf.value)
                || (KEY_SETTINGS.contains(&key)
                    && aws_managed_key(model_value)
                    && !aws_managed_key(leaf.value))
            {
                push(&leaf.path, Some(model_value), Some(leaf.value));
            }
        }
    }

    // Exposing switches the ideal dropped where off is the default.
    for leaf in &model_leaves {
        let key = key_of(&leaf.path);
        if let Some(&(_, true)) = EXPOSE_WHEN_ON.iter().find(|(k, _)| *k == key) {
            if switch(leaf.value) == Some(true) && !says_anything_at(&ideal_leaves, &leaf.path) {
                push(&leaf.path, Some(leaf.value), None);
            }
        }
    }

    let scoped = world_open_ingress_closed(&model_leaves, &ideal_leaves)
        .into_iter()
        .chain(wildcard_grants_scoped(&model_leaves, &ideal_leaves));
    for (path, value) in scoped {
        let now = find(&ideal_leaves, &path).map(|l| l.value);
        push(&path, Some(value), now);
    }
    out
}

/// Whether a value is the bottom of its scale (an SSE algorithm of `none`, tokens `optional`).
fn is_weakest(key: &str, value: &Value) -> bool {
    let Some(v) = literal(value) else {
        return false;
    };
    SCALES
        .iter()
        .filter(|(k, _)| *k == key)
        .any(|(_, ranks)| ranks.first().is_some_and(|r| r.contains(&v.as_str())))
}

/// Whether the ideal's value ranks above the model's on the setting's scale.
fn raised(key: &str, model: &Value, ideal: &Value) -> bool {
    let (Some(a), Some(b)) = (literal(model), literal(ideal)) else {
        return false;
    };
    if a == b {
        return false;
    }
    if MORE_IS_SAFER.contains(&key) {
        return matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x < y);
    }
    SCALES.iter().filter(|(k, _)| *k == key).any(|(_, ranks)| {
        let rank = |v: &str| ranks.iter().position(|r| r.contains(&v));
        matches!((rank(&a), rank(&b)), (Some(x), Some(y)) if x < y)
    })
}

const WORLD: &[&str] = &["0.0.0.0/0", "::/0"];
const CIDR_KEYS: &[&str] = &["cidrip", "cidripv6", "cidrblocks", "ipv6cidrblocks"];

/// Ingress rules open to the internet, by the ports they open, with a leaf to show.
fn world_open_ingress<'a>(leaves: &'a [Leaf]) -> Vec<(String, String, &'a Leaf<'a>)> {
    let mut out = Vec::new();
    for leaf in leaves {
        let in_ingress = leaf.path.split('.').any(|s| s.contains("ingress"));
        if !in_ingress || !CIDR_KEYS.contains(&key_of(&leaf.path)) {
            continue;
        }
        if !leaf
            .value
            .as_str()
            .is_some_and(|s| WORLD.contains(&s.trim()))
        {
            continue;
        }
        let rule = parent_of(&leaf.path);
        let port = |name: &str| {
            find(leaves, &format!("{rule}.{name}"))
                .and_then(|l| literal(l.value))
                .unwrap_or_default()
        };
        out.push((port("fromport"), port("toport"), leaf));
    }
    out
}

/// World-open ingress of the model on ports the ideal does not open to the world.
fn world_open_ingress_closed<'a>(model: &'a [Leaf], ideal: &'a [Leaf]) -> Vec<(String, &'a Value)> {
    let ideal_open: BTreeSet<(String, String)> = world_open_ingress(ideal)
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    // Without any ingress on the ideal side the rules moved elsewhere (separate resources).
    let ideal_has_ingress = ideal
        .iter()
        .any(|l| l.path.split('.').any(|s| s.contains("ingress")));
    if !ideal_has_ingress {
        return Vec::new();
    }
    // The ideal must keep a rule in the same place that is not open to the world: a rule it
    // dropped, or replaced by one on other ports, may be a different design rather than a fix.
    let closed_in_place = |leaf: &Leaf| {
        let rule = format!("{}.", parent_of(&leaf.path));
        let kept = ideal.iter().any(|l| l.path.starts_with(&rule));
        let still_open = ideal.iter().any(|l| {
            l.path.starts_with(&rule)
                && CIDR_KEYS.contains(&key_of(&l.path))
                && l.value.as_str().is_some_and(|s| WORLD.contains(&s.trim()))
        });
        kept && !still_open
    };
    world_open_ingress(model)
        .into_iter()
        .filter(|(from, to, leaf)| {
            !ideal_open.contains(&(from.clone(), to.clone())) && closed_in_place(leaf)
        })
        .map(|(_, _, leaf)| (leaf.path.clone(), leaf.value))
        .collect()
}

/// `*` grants of allowing policy statements: (what is granted, the value).
fn wildcard_grants<'a>(leaves: &'a [Leaf]) -> Vec<(&'static str, String, &'a Leaf<'a>)> {
    let mut out = Vec::new();
    for leaf in leaves {
        let Some(at) = leaf.path.find("statement") else {
            continue;
        };
        let Some(text) = leaf.value.as_str().map(str::trim) else {
            continue;
        };
        let rest = &leaf.path[at..];
        let what = match key_of(&leaf.path) {
            "action" if text == "*" || text.ends_with(":*") => "action",
            // In a key policy `*` is the key itself.
            "resource" if text == "*" && !leaf.path.starts_with("keypolicy") => "resource",
            _ if rest.contains(".principal") && text == "*" => "principal",
            _ => continue,
        };
        // The statement: the path up to the list item after `statement`.
        let statement_end = rest
            .find(']')
            .map(|i| at + i + 1)
            .unwrap_or(leaf.path.len());
        let statement = &leaf.path[..statement_end];
        let effect = find(leaves, &format!("{statement}.effect")).and_then(|l| literal(l.value));
        if effect.as_deref().is_some_and(|e| e != "allow") {
            continue;
        }
        out.push((what, text.to_string(), leaf));
    }
    out
}

/// The model's `*` grants that the ideal scopes: the ideal names something narrower in the same
/// place and makes that grant nowhere. A statement the ideal leaves out or abbreviates says
/// nothing about its scope.
fn wildcard_grants_scoped<'a>(model: &'a [Leaf], ideal: &'a [Leaf]) -> Vec<(String, &'a Value)> {
    let ideal_grants: BTreeSet<(&str, String)> = wildcard_grants(ideal)
        .into_iter()
        .map(|(what, text, _)| (what, text))
        .collect();
    wildcard_grants(model)
        .into_iter()
        .filter(|(what, text, leaf)| {
            !ideal_grants.contains(&(*what, text.clone())) && find(ideal, &leaf.path).is_some()
        })
        .map(|(_, _, leaf)| (leaf.path.clone(), leaf.value))
        .collect()
}
