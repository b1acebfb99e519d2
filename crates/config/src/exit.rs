//! The exit policy: which verdicts fail a CI gate (`--fail-on`).
//!
//! - default (no `--fail-on`): a failed checkpoint, a critical failure of the model, or a task
//!   with no model answer to judge;
//! - `--fail-on critical|high|medium|low`: the same, with model failures of that severity or
//!   worse;
//! - `--fail-on never`: no verdict fails (exit 0; usage and I/O errors still exit 2).
//!
//! A failure of the model is a finding of the model side that is `fixed` (the ideal answer fixes
//! it) or `unfixed` (no ideal code to compare); standing findings (in both answers),
//! regressions (the ideal's own) and task findings do not fail the gate, nor does a finding
//! suppressed in the answer or recorded in the baseline.

use iacgrade_findings::{CheckStatus, FindingStatus, Severity, Side};
use iacgrade_report::Report;
use serde::Deserialize;

/// The least severity of a model failure that fails the gate, or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

impl FailOn {
    pub const NAMES: [&'static str; 5] = ["critical", "high", "medium", "low", "never"];

    pub fn parse(text: &str) -> Option<FailOn> {
        match text.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(FailOn::Critical),
            "high" => Some(FailOn::High),
            "medium" => Some(FailOn::Medium),
            "low" => Some(FailOn::Low),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    fn least_severity(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Never => None,
        }
    }
}

/// Why a report fails the gate, or that it passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitVerdict {
    Pass,
    /// The reason, in a sentence for standard error.
    Fail(String),
}

impl ExitVerdict {
    /// Judges `report` by `fail_on` (`None`: the default policy).
    pub fn of(report: &Report, fail_on: Option<FailOn>) -> ExitVerdict {
        let fail_on = fail_on.unwrap_or(FailOn::Critical);
        let Some(least) = fail_on.least_severity() else {
            return ExitVerdict::Pass;
        };
        let failed: Vec<&str> = report
            .checkpoints
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .map(|c| c.id.as_str())
            .collect();
        if !failed.is_empty() {
            return ExitVerdict::Fail(format!("checkpoint {} failed", failed.join(", ")));
        }
        if !report.judged {
            return ExitVerdict::Fail("there is no model answer to judge".into());
        }
        // Severity orders critical first: "at least high" is critical or high.
        let failures: Vec<&str> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(i, f)| {
                f.side == Side::Model
                    && matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
                    && f.severity <= least
                    && report.suppressions_of(*i).next().is_none()
            })
            .map(|(_, f)| f.rule.as_str())
            .collect();
        if failures.is_empty() {
            return ExitVerdict::Pass;
        }
        let mut rules = failures.clone();
        rules.sort_unstable();
        rules.dedup();
        ExitVerdict::Fail(format!(
            "{} model failure(s) of severity {} or worse ({})",
            failures.len(),
            least.as_str(),
            rules.join(", ")
        ))
    }

    pub fn is_fail(&self) -> bool {
        matches!(self, ExitVerdict::Fail(_))
    }
}
