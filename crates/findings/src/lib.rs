//! The verdict vocabulary shared by every check and every report: [`Checkpoint`] results and
//! [`Finding`]s. Checks produce them, the analysis classifies them, reports render them; none of
//! those stages defines its own.

use iacgrade_task::Evidence;
use serde::{Deserialize, Serialize};

/// The result of one checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    /// Not checked: the input needed is absent or a tool is missing. Never counted as passed.
    Skip,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Warn => "warn",
            CheckStatus::Skip => "skip",
        }
    }
}

/// One of the pipeline's validation checkpoints (A–L), evaluated on one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// "A" ... "L".
    pub id: String,
    pub name: String,
    pub status: CheckStatus,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// How bad a finding is (DESIGN.md, "Findings").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// Whether a finding is a failure of the model that the ideal answer fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    /// In the model answer, gone in the ideal one: a model failure.
    Fixed,
    /// In both: reported, not counted as a model failure.
    Standing,
    /// Only in the ideal answer.
    Regression,
    /// No ideal answer to compare with.
    Unfixed,
}

/// Which answer a finding was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Model,
    Ideal,
    Task,
}

/// One defect, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id (`API001`).
    pub rule: String,
    /// Rule name (`unknown-sdk-symbol`).
    pub name: String,
    pub severity: Severity,
    /// A, B or C as the scoring guide defines them.
    pub category: String,
    pub status: FindingStatus,
    pub side: Side,
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
    pub model_snippet: Option<String>,
    pub ideal_snippet: Option<String>,
    pub root_cause: Option<String>,
    pub fix: Option<String>,
    pub docs: Option<String>,
    /// The other places where the same defect occurs (an invented name used again), in the
    /// order of the code; `file` and `line` above are the first. One mistake is one finding,
    /// however often the code repeats it.
    #[serde(default)]
    pub also_at: Vec<Place>,
}

impl Finding {
    /// Whether the finding is at this line of this file, at its own place or one of its others.
    pub fn is_at(&self, file: &str, line: usize) -> bool {
        (self.file == file && self.line == Some(line))
            || self
                .also_at
                .iter()
                .any(|p| p.file == file && p.line == line)
    }
}

/// A place in a file of one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}
