use iacgrade_findings::{Checkpoint, Finding};
use serde::Serialize;

/// The JSON contract's version: fields are added, never renamed or removed.
pub const SCHEMA_VERSION: u32 = 1;

/// The judgement of one task, exactly as `--format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub task: TaskInfo,
    pub checkpoints: Vec<Checkpoint>,
    /// Resource counts per side; null until the resource model has been built.
    pub resources: Option<ResourceCounts>,
    pub findings: Vec<Finding>,
    pub requirements: Vec<Requirement>,
    /// Null until a scoring policy has run.
    pub score: Option<Score>,
    pub errors: Vec<ErrorEntry>,
    /// What was taken from each answer (an extension of the contract).
    pub answers: AnswerSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: "iacgrade",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskInfo {
    pub path: String,
    pub id: String,
    /// Normalised platform from metadata.json, null when unknown.
    pub platform: Option<String>,
    pub language: Option<String>,
    /// The recorded training-quality score on the 0–10 scale, null when absent or unreadable.
    pub recorded_score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceCounts {
    pub model: usize,
    pub ideal: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub id: String,
    pub text: String,
    pub model: String,
    pub ideal: String,
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub value: f64,
    pub policy: String,
    pub steps: Vec<ScoreStep>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreStep {
    pub step: String,
    pub delta: f64,
    pub why: String,
}

/// A problem with the input: the file it concerns (relative to the task), the line where known.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorEntry {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl From<&iacgrade_task::Diagnostic> for ErrorEntry {
    fn from(d: &iacgrade_task::Diagnostic) -> Self {
        ErrorEntry {
            file: d.file.clone(),
            line: d.line,
            message: d.message.clone(),
        }
    }
}

/// What extraction and detection made of each answer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnswerSummary {
    pub model: Option<AnswerFacts>,
    pub ideal: Option<AnswerFacts>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerFacts {
    /// fenced, bare, prose_only, placeholder or empty.
    pub form: String,
    pub blocks: usize,
    /// Blocks whose file path the answer names.
    pub files_with_path: usize,
    pub detected_platform: Option<String>,
    pub detected_language: Option<String>,
}
