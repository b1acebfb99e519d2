//! The corpus summary: many reports folded into a few tables a dataset owner reads first —
//! tasks per platform, checkpoint pass rates, the model's failures by severity, and how the
//! computed scores compare with the recorded ones.
//!
//! Reports are added one at a time and dropped, so a corpus of any size folds in constant
//! memory. Groups are the platform and language the task's metadata records (`unknown` when it
//! records none), so the tables line up with how datasets are split.

use std::collections::BTreeMap;
use std::fmt::Write;

use iacgrade_findings::{CheckStatus, FindingStatus, Severity, Side};
use serde::Serialize;

use crate::Report;

/// Everything counted for one platform/language group.
#[derive(Debug, Default, Clone, Serialize)]
pub struct GroupSummary {
    pub tasks: usize,
    /// Tasks with at least one error (unreadable file, invalid JSON, ...).
    pub tasks_with_errors: usize,
    /// Model failures (findings on the model side that the ideal side fixed, or that have no
    /// ideal side to compare with) by severity: critical, high, medium, low.
    pub model_failures: [usize; 4],
    /// Tasks with at least one model failure of each severity.
    pub tasks_with_failure: [usize; 4],
    /// Findings present on both sides (reported, not counted as failures).
    pub standing: usize,
    /// Per checkpoint id: tasks where it passed, and tasks where it was checked (not skipped).
    pub checkpoints: BTreeMap<String, (usize, usize)>,
    /// Tasks with both a computed and a recorded score.
    pub scored: usize,
    /// Sum of |computed − recorded| over the scored tasks.
    pub absolute_error: f64,
    /// Scored tasks where computed and recorded differ by at most one point.
    pub within_one: usize,
}

/// The summary of a corpus run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct CorpusSummary {
    pub groups: BTreeMap<String, GroupSummary>,
}

fn severity_slot(severity: Severity) -> usize {
    match severity {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low => 3,
    }
}

impl CorpusSummary {
    pub fn new() -> CorpusSummary {
        CorpusSummary::default()
    }

    /// Folds one task's report into the summary.
    pub fn add(&mut self, report: &Report) {
        let group = format!(
            "{}/{}",
            report.task.platform.as_deref().unwrap_or("unknown"),
            report.task.language.as_deref().unwrap_or("unknown")
        );
        let g = self.groups.entry(group).or_default();
        g.tasks += 1;
        if !report.errors.is_empty() {
            g.tasks_with_errors += 1;
        }
        let mut seen = [false; 4];
        for finding in &report.findings {
            if finding.side != Side::Model {
                continue;
            }
            match finding.status {
                FindingStatus::Fixed | FindingStatus::Unfixed => {
                    let slot = severity_slot(finding.severity);
                    g.model_failures[slot] += 1;
                    seen[slot] = true;
                }
                FindingStatus::Standing => g.standing += 1,
                FindingStatus::Regression => {}
            }
        }
        for (count, hit) in g.tasks_with_failure.iter_mut().zip(seen) {
            *count += usize::from(hit);
        }
        for checkpoint in &report.checkpoints {
            let entry = g.checkpoints.entry(checkpoint.id.clone()).or_default();
            match checkpoint.status {
                CheckStatus::Skip => {}
                CheckStatus::Pass => {
                    entry.0 += 1;
                    entry.1 += 1;
                }
                CheckStatus::Fail | CheckStatus::Warn => entry.1 += 1,
            }
        }
        if let (Some(computed), Some(recorded)) = (&report.score, report.task.recorded_score) {
            let error = (computed.value - recorded).abs();
            g.scored += 1;
            g.absolute_error += error;
            if error <= 1.0 {
                g.within_one += 1;
            }
        }
    }

    /// All groups together.
    pub fn total(&self) -> GroupSummary {
        let mut total = GroupSummary::default();
        for g in self.groups.values() {
            total.tasks += g.tasks;
            total.tasks_with_errors += g.tasks_with_errors;
            for i in 0..4 {
                total.model_failures[i] += g.model_failures[i];
                total.tasks_with_failure[i] += g.tasks_with_failure[i];
            }
            total.standing += g.standing;
            for (id, (passed, checked)) in &g.checkpoints {
                let entry = total.checkpoints.entry(id.clone()).or_default();
                entry.0 += passed;
                entry.1 += checked;
            }
            total.scored += g.scored;
            total.absolute_error += g.absolute_error;
            total.within_one += g.within_one;
        }
        total
    }

    /// The tables as plain text: one row per group and a total row.
    pub fn render_text(&self) -> String {
        let total = self.total();
        let rows: Vec<(&str, &GroupSummary)> = self
            .groups
            .iter()
            .map(|(name, g)| (name.as_str(), g))
            .chain(std::iter::once(("total", &total)))
            .collect();
        let mut out = String::new();

        let _ = writeln!(
            out,
            "Model failures by severity (findings the ideal answer fixed; tasks with one in brackets)"
        );
        let _ = writeln!(
            out,
            "{:<22} {:>6} {:>15} {:>15} {:>15} {:>15} {:>9}",
            "platform/language", "tasks", "critical", "high", "medium", "low", "standing"
        );
        for (name, g) in &rows {
            let cells: Vec<String> = (0..4)
                .map(|i| format!("{} ({})", g.model_failures[i], g.tasks_with_failure[i]))
                .collect();
            let _ = writeln!(
                out,
                "{:<22} {:>6} {:>15} {:>15} {:>15} {:>15} {:>9}",
                name, g.tasks, cells[0], cells[1], cells[2], cells[3], g.standing
            );
        }

        let ids: Vec<&String> = total.checkpoints.keys().collect();
        if !ids.is_empty() {
            let _ = writeln!(
                out,
                "\nCheckpoint pass rate (passed / checked; skipped checks are not counted)"
            );
            let _ = write!(out, "{:<22}", "platform/language");
            for id in &ids {
                let _ = write!(out, " {id:>6}");
            }
            out.push('\n');
            for (name, g) in &rows {
                let _ = write!(out, "{name:<22}");
                for id in &ids {
                    let cell = match g.checkpoints.get(*id) {
                        Some((passed, checked)) if *checked > 0 => {
                            format!("{:.0}%", 100.0 * *passed as f64 / *checked as f64)
                        }
                        _ => "-".to_string(),
                    };
                    let _ = write!(out, " {cell:>6}");
                }
                out.push('\n');
            }
        }

        if total.scored > 0 {
            let _ = writeln!(out, "\nScore against the recorded training quality");
            let _ = writeln!(
                out,
                "{:<22} {:>6} {:>6} {:>10}",
                "platform/language", "scored", "MAE", "within ±1"
            );
            for (name, g) in &rows {
                if g.scored == 0 {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "{:<22} {:>6} {:>6.2} {:>9.0}%",
                    name,
                    g.scored,
                    g.absolute_error / g.scored as f64,
                    100.0 * g.within_one as f64 / g.scored as f64
                );
            }
        }
        if total.tasks_with_errors > 0 {
            let _ = writeln!(
                out,
                "\n{} of {} tasks have errors (see each task's report)",
                total.tasks_with_errors, total.tasks
            );
        }
        // Group names come from the tasks' metadata.
        crate::escape_controls(&out).into_owned()
    }
}
