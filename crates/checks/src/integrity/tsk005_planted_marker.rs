//! TSK005 planted-marker: an answer carries a marker of an error put there on purpose
//! (`# ISSUE:`, `// BUG:`, "intentional error", "deliberately wrong", ...).
//!
//! Why: a model answer is the model's unedited output; a task whose answer has errors planted by
//! hand (and marked as such) measures the planter, not the model, and its MODEL_FAILURES.md
//! describes the plants. In an ideal answer the same markers mean the "correct" code still holds
//! errors on purpose. Either way a dataset owner must know before training on the task.
//!
//! Example: `Encrypted: false  # ISSUE: encryption disabled on purpose`. Fix: use the model's
//! real output, and an ideal answer without planted errors.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::TextDocument;

use super::{finding, TaskRule};
use crate::CheckInput;

pub const RULE: TaskRule = TaskRule {
    id: "TSK005",
    name: "planted-marker",
    severity: Severity::Medium,
    documentation: "An answer carries a marker of an error planted on purpose (`# ISSUE:`, \"intentional error\").",
    check: Some(check),
};

/// Comment tags that mark a planted error; matched case-sensitively in upper case.
const TAGS: &[&str] = &["ISSUE:", "BUG:", "ERROR:", "FLAW:", "MISTAKE:"];

/// Phrases that say an error is on purpose; matched on lower-cased text.
const PHRASES: &[&str] = &[
    "intentional error",
    "intentionally wrong",
    "intentionally incorrect",
    "intentionally missing",
    "intentionally broken",
    "intentional bug",
    "intentional mistake",
    "intentional flaw",
    "intentional defect",
    "intentionally introduced",
    "simulated model response",
    "deliberate error",
    "deliberately wrong",
    "deliberately incorrect",
    "deliberately missing",
    "deliberate mistake",
    "deliberate bug",
    "planted error",
    "injected error",
    "introduced error",
];

/// The first line of `text` that carries a marker, and the marker.
pub fn planted_marker(text: &str) -> Option<(usize, &'static str)> {
    for (i, line) in text.lines().enumerate() {
        let comment = ["#", "//", "/*", "<!--", "--"]
            .iter()
            .filter_map(|c| line.find(c).map(|at| &line[at + c.len()..]))
            .next();
        if let Some(after) = comment {
            let after = after.trim_start();
            if let Some(tag) = TAGS.iter().find(|t| after.starts_with(**t)) {
                return Some((i + 1, tag));
            }
        }
        let lower = line.to_ascii_lowercase();
        if let Some(p) = PHRASES.iter().find(|p| lower.contains(**p)) {
            return Some((i + 1, p));
        }
    }
    None
}

fn report(doc: &TextDocument, side: Side) -> Option<Finding> {
    let (line, marker) = planted_marker(&doc.text)?;
    let whose = match side {
        Side::Model => "the model answer",
        _ => "the ideal answer",
    };
    Some(finding(
        &RULE,
        side,
        FindingStatus::Standing,
        &doc.path,
        Some(line),
        format!("{whose} carries a marker of a planted error (\"{marker}\")"),
        "Use the model's unedited output and an ideal answer without planted errors.",
    ))
}

fn check(input: &CheckInput) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(model) = input.task.final_model_response() {
        out.extend(report(model, Side::Model));
    }
    if let Some(ideal) = &input.task.ideal_response {
        out.extend(report(ideal, Side::Ideal));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_comments_and_phrases() {
        assert_eq!(
            planted_marker("a: 1\nEncrypted: false  # ISSUE: no encryption\n"),
            Some((2, "ISSUE:"))
        );
        assert_eq!(
            planted_marker("const x = 1; // This is an intentional error\n"),
            Some((1, "intentional error"))
        );
        // A word in prose or a name is not a tag.
        assert_eq!(
            planted_marker("Issue: none found.\nIssueTracker: yes\n"),
            None
        );
    }
}
