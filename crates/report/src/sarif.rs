//! The reports of one or more tasks as one SARIF 2.1.0 log, for code-scanning annotations in CI.
//!
//! Shape (one run, tool `iacgrade`):
//! - `tool.driver.rules`: the distinct rules of all findings, sorted by id, each with its name, a
//!   short and a full description, `help` (text and markdown: the rule's documentation from the
//!   registry, given as a [`RuleCatalog`], else the finding's docs), `helpUri` (the rule's
//!   section of docs/rules.md when the registry knows it, else the finding's `docs` when that is
//!   an absolute URI; never an invented address), a default level (the highest severity any of
//!   its findings has), `security-severity` and `tags`. Failing and warning checkpoints add
//!   rules `CHK-A` ... `CHK-L`.
//! - `results`: one per finding, whatever its status; level error for critical and high, warning
//!   for medium, note for low; `partialFingerprints` (the baseline's line-independent
//!   fingerprint); `baselineState` with the ideal answer as the baseline of the model's (a
//!   failure of the model `new`, a standing finding `unchanged`, a regression `absent`; a
//!   finding of the `--baseline` file `unchanged`); `suppressions` of kind `inSource` with the
//!   written reason for a finding suppressed in the answer. The status is also in `properties`.
//!   Then one per checkpoint that failed (level error) or warned (level warning), located at its
//!   first piece of evidence; passed and skipped checkpoints are not results.
//! - Locations: every result has one, with `region.startLine`, in a file the user has (see
//!   `place`): code taken from an answer document is located in the document at its line, a
//!   project file at its own line. `artifactLocation.uri` is relative to its task directory,
//!   percent-encoded, with `uriBaseId` naming the task directory (`TASKROOT` for a single task,
//!   `TASKROOT1`, `TASKROOT2`, ... in report order otherwise). `run.originalUriBaseIds` maps each
//!   id to the task directory: a `file://` URI when the task path is absolute, else a
//!   description naming the path.
//!
//! The output depends only on the reports: same reports, same JSON.

mod location;

pub(crate) use location::file_position;

use std::collections::BTreeMap;

use iacgrade_findings::{
    fingerprint, stable_hash, CheckStatus, Checkpoint, Finding, FindingStatus, Severity,
    SuppressionKind,
};
use serde_json::{json, Map, Value};

use crate::place::{fallback_place, user_place, UserPlace};
use crate::Report;
use location::{absolute_file_uri, physical_location};

/// The generated rule documentation; each rule has an anchor named by its lower-case id.
pub const RULES_DOC_URL: &str = "https://github.com/iacgrade/iacgrade/blob/main/docs/rules.md";

/// What the rule registry says about one rule, for the SARIF rule entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleDoc {
    pub name: String,
    /// The documentation in markdown (what it checks, why, example, fix, references).
    pub documentation: String,
    /// The check it belongs to (api, policy, comparison, checkpoint, ...).
    pub check: String,
}

/// Rule documentation by rule id.
pub type RuleCatalog = BTreeMap<String, RuleDoc>;

/// `security-severity` as code scanning reads it (0–10: critical from 9, high from 7, medium
/// from 4).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

/// The documentation's first paragraph, as one line: the rule's full description.
fn first_paragraph(markdown: &str) -> Option<String> {
    let paragraph: Vec<&str> = markdown
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with('#'))
        .take_while(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

/// The `$schema` every SARIF 2.1.0 log names.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where people learn about the tool.
pub const INFORMATION_URI: &str = "https://github.com/iacgrade/iacgrade";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn enum_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Whether `text` is an absolute URI as `helpUri` requires (a scheme, a colon, something after).
fn is_absolute_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A rule as the driver describes it, gathered over the findings.
struct RuleEntry {
    name: String,
    description: String,
    help_uri: Option<String>,
    help_text: Option<String>,
    /// The most severe level any result of the rule has.
    severity: Option<Severity>,
    level: &'static str,
    /// The check the rule belongs to, for `tags`.
    check: String,
}

fn finding_rule(f: &Finding) -> RuleEntry {
    let docs = f.docs.as_deref().map(str::trim).filter(|d| !d.is_empty());
    RuleEntry {
        name: f.name.clone(),
        description: describe_rule_name(&f.name, &f.rule),
        help_uri: docs.filter(|d| is_absolute_uri(d)).map(str::to_string),
        help_text: docs.filter(|d| !is_absolute_uri(d)).map(str::to_string),
        severity: Some(f.severity),
        level: level(f.severity),
        check: family_of(&f.rule),
    }
}

/// The letters of a rule id (`API001` → `api`), when the registry does not say.
fn family_of(id: &str) -> String {
    id.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// `unknown-sdk-symbol` → "Unknown sdk symbol"; the id when there is no name.
fn describe_rule_name(name: &str, id: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    if words.is_empty() {
        return id.to_string();
    }
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => id.to_string(),
    }
}

fn checkpoint_rule_id(c: &Checkpoint) -> String {
    format!("CHK-{}", c.id)
}

fn checkpoint_level(status: CheckStatus) -> Option<&'static str> {
    match status {
        CheckStatus::Fail => Some("error"),
        CheckStatus::Warn => Some("warning"),
        CheckStatus::Pass | CheckStatus::Skip => None,
    }
}

fn base_id(index: usize, total: usize) -> String {
    if total == 1 {
        "TASKROOT".to_string()
    } else {
        format!("TASKROOT{}", index + 1)
    }
}

/// Renders the reports as one SARIF 2.1.0 log with one run, the rules described by the
/// findings alone.
pub fn render_sarif(reports: &[Report]) -> Value {
    render_sarif_with(reports, &RuleCatalog::new())
}

/// Renders the reports as one SARIF 2.1.0 log with one run; rules found in `catalog` get its
/// documentation as `help` and a `helpUri` into the generated rule docs.
pub fn render_sarif_with(reports: &[Report], catalog: &RuleCatalog) -> Value {
    let mut rules: BTreeMap<String, RuleEntry> = BTreeMap::new();
    for report in reports {
        for f in &report.findings {
            let entry = rules
                .entry(f.rule.clone())
                .or_insert_with(|| finding_rule(f));
            // Severity orders critical first: keep the most severe level seen.
            if entry.severity.is_none_or(|s| f.severity < s) {
                entry.severity = Some(f.severity);
                entry.level = level(f.severity);
            }
        }
        for c in &report.checkpoints {
            if checkpoint_level(c.status).is_some() {
                rules
                    .entry(checkpoint_rule_id(c))
                    .or_insert_with(|| RuleEntry {
                        name: format!("checkpoint-{}", c.id.to_ascii_lowercase()),
                        description: format!("Checkpoint {}: {}", c.id, c.name),
                        help_uri: None,
                        help_text: None,
                        severity: None,
                        level: "error",
                        check: "checkpoint".into(),
                    });
            }
        }
    }
    let index_of: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();

    let mut results = Vec::new();
    let mut base_ids = Map::new();
    // A task with nothing to judge is told as a tool notification, not as a clean result.
    let mut notifications = Vec::new();
    for (i, report) in reports.iter().enumerate() {
        let base = base_id(i, reports.len());
        base_ids.insert(base.clone(), task_root(&report.task.path));
        if !report.judged {
            let reason = report
                .not_judged_reason
                .clone()
                .unwrap_or_else(|| "there is no model answer to judge".to_string());
            notifications.push(json!({
                "descriptor": {"id": "not-judged"},
                "level": "error",
                "message": {"text": format!("Task {} not judged: {reason}", report.task.id)},
                "properties": {"task": report.task.id, "judged": false},
            }));
        }
        for (index_in_report, f) in report.findings.iter().enumerate() {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": result_message(f)},
            });
            if let Some(&index) = index_of.get(f.rule.as_str()) {
                result["ruleIndex"] = json!(index);
            }
            // A mistake repeated in several places is one result with every place, as a fix
            // is needed at each of them (SARIF 2.1.0, 3.27.12); each place is where the user
            // has it (the answer document's line for code taken from an answer).
            let locations: Vec<Value> = std::iter::once((f.file.as_str(), f.line))
                .chain(f.also_at.iter().map(|p| (p.file.as_str(), Some(p.line))))
                .map(|(file, line)| user_place(report, f.side, file, line))
                .filter_map(|place| user_location(&place, &base))
                .map(|loc| json!({ "physicalLocation": loc }))
                .collect();
            if !locations.is_empty() {
                result["locations"] = Value::Array(locations);
            }
            result["partialFingerprints"] = json!({ "iacgrade/v1": fingerprint(f) });
            let baselined = report
                .suppressions_of(index_in_report)
                .any(|s| s.kind == SuppressionKind::Baseline);
            result["baselineState"] = json!(baseline_state(f.status, baselined));
            let in_source: Vec<Value> = report
                .suppressions_of(index_in_report)
                .filter(|s| s.kind == SuppressionKind::InSource)
                .map(|s| match &s.justification {
                    Some(j) => json!({"kind": "inSource", "justification": j}),
                    None => json!({"kind": "inSource"}),
                })
                .collect();
            if !in_source.is_empty() {
                result["suppressions"] = Value::Array(in_source);
            }
            result["properties"] = json!({
                "severity": f.severity.as_str(),
                "category": f.category,
                "status": enum_text(&f.status),
                "side": enum_text(&f.side),
                "task": report.task.id,
            });
            results.push(result);
        }
        for c in &report.checkpoints {
            let Some(level) = checkpoint_level(c.status) else {
                continue;
            };
            let id = checkpoint_rule_id(c);
            let mut result = json!({
                "ruleId": id,
                "level": level,
                "message": {"text": checkpoint_message(c)},
            });
            if let Some(&index) = index_of.get(id.as_str()) {
                result["ruleIndex"] = json!(index);
            }
            let place = c
                .evidence
                .iter()
                .find(|e| !e.file.trim().is_empty())
                .map(|e| user_place(report, iacgrade_findings::Side::Task, &e.file, e.line))
                .unwrap_or_else(|| fallback_place(report));
            if let Some(loc) = user_location(&place, &base) {
                result["locations"] = json!([{ "physicalLocation": loc }]);
            }
            let hash = stable_hash(&[&id, &report.task.id]);
            result["partialFingerprints"] = json!({ "iacgrade/v1": format!("{hash:016x}") });
            result["properties"] = json!({
                "checkpoint": c.id,
                "status": c.status.as_str(),
                "task": report.task.id,
            });
            results.push(result);
        }
    }

    let rules: Vec<Value> = rules
        .into_iter()
        .map(|(id, rule)| {
            let doc = catalog.get(&id);
            rule_json(id, rule, doc)
        })
        .collect();
    // The tool that judged the tasks, as the reports say (the first one: a run has one tool).
    let tool = reports.first().map(|r| r.tool.clone()).unwrap_or_default();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": tool.name,
                "version": tool.version,
                "semanticVersion": tool.version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    });
    if !base_ids.is_empty() {
        run["originalUriBaseIds"] = Value::Object(base_ids);
    }
    if !notifications.is_empty() {
        run["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        }]);
    }
    json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

fn rule_json(id: String, rule: RuleEntry, doc: Option<&RuleDoc>) -> Value {
    let documentation = doc
        .map(|d| d.documentation.trim())
        .filter(|d| !d.is_empty());
    let full = documentation
        .and_then(first_paragraph)
        .unwrap_or_else(|| rule.description.clone());
    let mut value = json!({
        "id": id,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": rule.level},
    });
    // The registry's documentation first, then the rule's own link; no address is made up.
    let help_uri = doc
        .map(|_| format!("{RULES_DOC_URL}#{}", id.to_ascii_lowercase()))
        .or(rule.help_uri);
    if let Some(uri) = help_uri {
        value["helpUri"] = json!(uri);
    }
    let help_text = documentation
        .map(str::to_string)
        .or(rule.help_text)
        .unwrap_or_else(|| full.clone());
    value["help"] = json!({ "text": help_text, "markdown": help_text });
    let check = doc
        .map(|d| d.check.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or(rule.check);
    let mut properties = json!({ "tags": ["iac", check] });
    if let Some(severity) = rule.severity {
        properties["security-severity"] = json!(security_severity(severity));
        properties["severity"] = json!(severity.as_str());
    }
    value["properties"] = properties;
    value
}

/// Where a result stands against the ideal answer: the ideal is the baseline the model answer
/// is compared with, so a failure of the model is `new`, a finding of both answers `unchanged`
/// and one of the ideal alone `absent` (from the judged answer); a finding recorded in the
/// `--baseline` file is `unchanged` whatever its status.
fn baseline_state(status: FindingStatus, baselined: bool) -> &'static str {
    if baselined {
        return "unchanged";
    }
    match status {
        FindingStatus::Fixed | FindingStatus::Unfixed => "new",
        FindingStatus::Standing => "unchanged",
        FindingStatus::Regression => "absent",
    }
}

/// The `physicalLocation` of a place the user has.
fn user_location(place: &UserPlace, base: &str) -> Option<Value> {
    physical_location(&place.file, Some(place.line), base)
}

/// The finding's message, then its fix: what a code-scanning annotation shows.
fn result_message(f: &Finding) -> String {
    let message = f.message.trim();
    let message = if message.is_empty() {
        f.name.as_str()
    } else {
        message
    };
    match f.fix.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(fix) if message.ends_with(['.', '!', '?']) => format!("{message} Fix: {fix}"),
        Some(fix) => format!("{message}. Fix: {fix}"),
        None => message.to_string(),
    }
}

fn checkpoint_message(c: &Checkpoint) -> String {
    let message = c.message.trim();
    if message.is_empty() {
        format!("Checkpoint {} ({}) {}", c.id, c.name, c.status.as_str())
    } else {
        format!("Checkpoint {} ({}): {message}", c.id, c.name)
    }
}

/// The `originalUriBaseIds` entry of a task directory.
fn task_root(path: &str) -> Value {
    match absolute_file_uri(path) {
        Some(uri) => json!({ "uri": uri }),
        None => json!({ "description": {"text": format!("The task directory {path}")} }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_uris_are_told_from_other_text() {
        assert!(is_absolute_uri("https://docs.aws.amazon.com/x"));
        assert!(!is_absolute_uri("see the AWS docs"));
        assert!(!is_absolute_uri("docs/rules/API001.md"));
        assert!(!is_absolute_uri("https://a b"));
    }

    #[test]
    fn rule_names_read_as_sentences() {
        assert_eq!(
            describe_rule_name("unknown-sdk-symbol", "API001"),
            "Unknown sdk symbol"
        );
        assert_eq!(describe_rule_name("", "API001"), "API001");
    }
}
