//! The verdicts on the task's own labelled failures (`review --existing`) as a Markdown table.

use std::fmt::Write;

use super::escape::table_cell;
use super::location;
use crate::{ExistingLabel, LabelVerdict, Report};

/// "2 supported, 1 unsupported, 0 outside the answer".
pub fn verdict_counts(labels: &[ExistingLabel]) -> String {
    LabelVerdict::ALL
        .iter()
        .map(|v| {
            let n = labels.iter().filter(|l| l.verdict == *v).count();
            format!("{n} {}", verdict_words(*v))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn verdict_words(v: LabelVerdict) -> &'static str {
    match v {
        LabelVerdict::Supported => "supported",
        LabelVerdict::Unsupported => "unsupported",
        LabelVerdict::OutsideAnswer => "outside the answer",
    }
}

/// The finding a label is paired with, as `RULE at file:line`.
pub fn matched(report: &Report, label: &ExistingLabel) -> Option<String> {
    let f = report.findings.get(label.matched_finding?)?;
    Some(format!("{} at {}", f.rule, location(f)))
}

pub fn verified_labels(out: &mut String, report: &Report, labels: &[ExistingLabel]) {
    let _ = writeln!(out, "## Verification of the task's MODEL_FAILURES.md\n");
    if labels.is_empty() {
        let _ = writeln!(out, "The document lists no failure.\n");
        return;
    }
    let _ = writeln!(
        out,
        "Each failure the document lists, checked against the answers: {}.\n",
        verdict_counts(labels)
    );
    let _ = writeln!(
        out,
        "| Line | Failure in the document | Severity | Verdict | Evidence | Finding |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    for l in labels {
        let finding = matched(report, l).unwrap_or_else(|| "—".into());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            l.line,
            table_cell(&l.title),
            table_cell(l.severity.as_deref().unwrap_or("—")),
            verdict_words(l.verdict),
            table_cell(&l.reason),
            table_cell(&finding)
        );
    }
    let _ = writeln!(out);
}
