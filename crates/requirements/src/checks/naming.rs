//! "Every resource name includes the environment suffix": the share of named resources whose
//! name carries a suffix placeholder.
//!
//! The name of a resource is its physical name property when the code sets one; on Pulumi
//! (whose first argument names the resource and prefixes its physical name) the logical name
//! counts too. A name carries the suffix when a placeholder, reference or expression in it
//! mentions `suffix`, `env`, `stage` or `environment`. A name built from other placeholders is
//! unknown; only literal names without any placeholder count against the requirement.

use iacgrade_ir::{TemplatePart, Value};

use super::common::evidence;
use super::Item;
use crate::side::SideCode;
use crate::trace::{Outcome, Verdict};

/// Share of known names that must carry the suffix for "met".
pub const MET_SHARE: f64 = 0.8;

fn suffix_like(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    ["suffix", "env", "stage", "environment"]
        .iter()
        .any(|w| t.contains(w))
}

/// Whether a name carries the suffix: Some(true) yes, Some(false) a literal without it, None
/// cannot tell.
fn carries_suffix(name: &Value) -> Option<bool> {
    match name {
        Value::Str(s) => Some(suffix_like_literal(s)),
        Value::Template(parts) => {
            let placeholders: Vec<&String> = parts
                .iter()
                .filter_map(|p| match p {
                    TemplatePart::Placeholder(p) => Some(p),
                    TemplatePart::Text(_) => None,
                })
                .collect();
            if placeholders.iter().any(|p| suffix_like(p)) {
                Some(true)
            } else if placeholders.is_empty() {
                Some(false)
            } else {
                None
            }
        }
        Value::Ref { target, .. } => suffix_like(target).then_some(true),
        Value::Unknown(text) => suffix_like(text).then_some(true),
        _ => None,
    }
}

/// A literal that already contains a concrete environment marker (`-dev`, `-prod`) is not the
/// suffix placeholder: it is a fixed name.
fn suffix_like_literal(_s: &str) -> bool {
    false
}

pub fn environment_suffix(side: &SideCode, _item: &Item) -> Outcome {
    let pulumi = |r: &iacgrade_ir::Resource| {
        r.source_type.starts_with("aws:") || r.source_type.starts_with("awsx:")
    };
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut unknown = 0usize;
    for r in side.declared() {
        let mut names: Vec<&Value> = Vec::new();
        if let Some(n) = &r.name {
            names.push(n);
        }
        if pulumi(r) {
            names.push(&r.logical_name);
        }
        if names.is_empty() {
            continue;
        }
        let verdicts: Vec<Option<bool>> = names.iter().map(|n| carries_suffix(n)).collect();
        if verdicts.contains(&Some(true)) {
            with.push(r);
        } else if verdicts.iter().all(|v| *v == Some(false)) {
            without.push(r);
        } else {
            unknown += 1;
        }
    }
    let known = with.len() + without.len();
    if known == 0 {
        return Outcome::unknown(if unknown > 0 {
            format!("{unknown} named resource(s), none whose name can be read statically")
        } else {
            "no resource sets a name".to_string()
        });
    }
    let share = with.len() as f64 / known as f64;
    let summary = format!(
        "{} of {} named resources carry the suffix ({:.0}%){}",
        with.len(),
        known,
        share * 100.0,
        if unknown > 0 {
            format!("; {unknown} more cannot be read")
        } else {
            String::new()
        }
    );
    let shown = |rs: &[&iacgrade_ir::Resource], what: &str| {
        rs.iter()
            .take(5)
            .map(|r| {
                let name = r.name.as_ref().unwrap_or(&r.logical_name).render();
                evidence(r, &format!("name `{name}` {what}"))
            })
            .collect::<Vec<_>>()
    };
    if share >= MET_SHARE {
        Outcome::met(summary, shown(&with, "carries the suffix"))
    } else if without.len() > unknown {
        Outcome::unmet(summary, shown(&without, "has no suffix"))
    } else {
        Outcome {
            verdict: Verdict::Unknown,
            why: summary,
            evidence: shown(&without, "has no suffix"),
        }
    }
}
