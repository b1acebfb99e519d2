//! Checkpoint F — environment suffix and destroyability.
//!
//! Test stacks of many tasks are deployed side by side in one account, so every physical name
//! must carry the environment suffix (`bucket-${environmentSuffix}`), and every stack must be
//! destroyable afterwards. The checkpoint reads the ideal side's resource graph:
//! - the share of named resources whose name has a suffix placeholder (a placeholder whose text
//!   mentions "suffix", or the Pulumi stack name) must reach the threshold (80% by default);
//!   resources without a physical name are not counted, except Pulumi resources, which are
//!   auto-named from their logical name;
//! - names with hard-coded environment words (`prod-`, `-dev`, `staging-`, ...) are listed;
//! - Retain or Snapshot deletion policies, `RemovalPolicy.RETAIN`, deletion protection and
//!   `prevent_destroy` block the teardown and are listed.
//!
//! A share below the threshold fails; hard-coded environments or retention policies alone warn.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_ir::{Resource, ResourceGraph, TemplatePart, Value};
use iacgrade_task::Evidence;

use crate::CheckInput;

/// The share of named resources that must carry the suffix.
pub const DEFAULT_SUFFIX_THRESHOLD: f64 = 0.8;

const ENVIRONMENT_WORDS: &[&str] = &[
    "prod",
    "production",
    "dev",
    "development",
    "stage",
    "staging",
    "qa",
    "uat",
];

/// The name a resource gets in the cloud, when the code decides it.
pub fn physical_name(resource: &Resource) -> Option<&Value> {
    if let Some(name) = &resource.name {
        return Some(name);
    }
    let autonamed = resource
        .options
        .iter()
        .any(|(k, v)| k == "physical_name_from_logical_name" && v.as_bool() == Some(true));
    autonamed.then_some(&resource.logical_name)
}

/// Whether a value is built with the environment suffix.
pub fn has_suffix(value: &Value) -> bool {
    value.placeholders().iter().any(|p| {
        let p = p.to_ascii_lowercase();
        p.contains("suffix") || p.contains("get_stack") || p.contains("getstack")
    })
}

/// The literal text of a name, without its placeholders.
fn literal_text(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::Template(parts) => parts
            .iter()
            .filter_map(|p| match p {
                TemplatePart::Text(t) => Some(t.as_str()),
                TemplatePart::Placeholder(_) => None,
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn hardcoded_environment(value: &Value) -> Option<&'static str> {
    let text = literal_text(value).to_ascii_lowercase();
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|word| ENVIRONMENT_WORDS.iter().find(|w| **w == word).copied())
}

/// Why a resource would survive `destroy`, if it would.
pub fn retention(resource: &Resource) -> Option<String> {
    for (key, value) in &resource.options {
        let text = value.render();
        let lower = text.to_ascii_lowercase();
        match key.as_str() {
            "DeletionPolicy" | "UpdateReplacePolicy"
                if lower == "retain" || lower == "snapshot" || lower == "retainexceptoncreate" =>
            {
                return Some(format!("{key}: {text}"))
            }
            "removal_policy" if lower.contains("retain") || lower.contains("snapshot") => {
                return Some(format!("removal policy {text}"))
            }
            "deletion_protection" | "prevent_destroy" if value.as_bool() == Some(true) => {
                return Some(format!("{key} = true"))
            }
            _ => {}
        }
    }
    None
}

fn evidence(resource: &Resource, text: String) -> Evidence {
    Evidence::new(resource.span.file.clone(), Some(resource.span.line), text)
}

pub fn check(input: &CheckInput) -> Checkpoint {
    check_graph(&input.ideal.graph, DEFAULT_SUFFIX_THRESHOLD)
}

/// Checkpoint F on one graph, with the share threshold given (0–1).
pub fn check_graph(graph: &ResourceGraph, threshold: f64) -> Checkpoint {
    let name = "Environment suffix";
    if graph.resources.is_empty() {
        return super::checkpoint(
            "F",
            name,
            CheckStatus::Skip,
            "not checked: no resources found in the ideal code",
            Vec::new(),
        );
    }
    let mut named = 0usize;
    let mut missing = Vec::new();
    let mut hardcoded = Vec::new();
    let mut retained = Vec::new();
    for r in &graph.resources {
        if let Some(why) = retention(r) {
            retained.push(evidence(
                r,
                format!("{} {}: {why}", r.kind, r.logical_name.render()),
            ));
        }
        let Some(name_value) = physical_name(r) else {
            continue;
        };
        named += 1;
        if !has_suffix(name_value) {
            missing.push(evidence(
                r,
                format!(
                    "{} named \"{}\" without the suffix",
                    r.kind,
                    name_value.render()
                ),
            ));
        }
        if let Some(word) = hardcoded_environment(name_value) {
            hardcoded.push(evidence(
                r,
                format!(
                    "{} name \"{}\" hard-codes the environment \"{word}\"",
                    r.kind,
                    name_value.render()
                ),
            ));
        }
    }
    if named == 0 {
        let mut ev = hardcoded;
        ev.extend(retained);
        let status = if ev.is_empty() {
            CheckStatus::Pass
        } else {
            CheckStatus::Warn
        };
        return super::checkpoint(
            "F",
            name,
            status,
            format!(
                "{} resource(s), none with a physical name set in code; nothing to suffix",
                graph.resources.len()
            ),
            ev,
        );
    }
    let share = (named - missing.len()) as f64 / named as f64;
    let share_text = format!(
        "{}/{} named resources ({:.0}%) carry the suffix",
        named - missing.len(),
        named,
        share * 100.0
    );
    let mut extra = Vec::new();
    if !hardcoded.is_empty() {
        extra.push(format!(
            "{} hard-coded environment name(s)",
            hardcoded.len()
        ));
    }
    if !retained.is_empty() {
        extra.push(format!(
            "{} resource(s) that block teardown",
            retained.len()
        ));
    }
    let message = if extra.is_empty() {
        share_text
    } else {
        format!("{share_text}; {}", extra.join("; "))
    };
    let status = if share + 1e-9 < threshold {
        CheckStatus::Fail
    } else if !hardcoded.is_empty() || !retained.is_empty() {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    let mut ev = missing;
    ev.extend(hardcoded);
    ev.extend(retained);
    super::checkpoint("F", name, status, message, ev)
}
