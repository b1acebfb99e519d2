//! What a run found: one [`StageResult`] per stage, with the figures reviewers look for.

use std::collections::BTreeMap;
use std::path::PathBuf;

use iacgrade_task::{Diagnostic, Language, Platform};
use serde::Serialize;

use crate::options::{RunSide, Stage};
pub use crate::workspace::FileSource;

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Passed,
    Failed,
    /// Stopped at the stage timeout; its processes were killed.
    TimedOut,
    /// Could not be checked here: a tool is not installed, the emulator could not start.
    /// Never counted as passed.
    NotChecked,
    /// Not applicable to this task, or an earlier stage it needs did not pass.
    Skipped,
}

impl StageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Passed => "passed",
            StageStatus::Failed => "failed",
            StageStatus::TimedOut => "timed_out",
            StageStatus::NotChecked => "not_checked",
            StageStatus::Skipped => "skipped",
        }
    }
}

/// Unit-test coverage, in percent, as the test runner reported it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Coverage {
    pub lines: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub functions: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branches: Option<f64>,
}

impl Coverage {
    /// The lowest of the figures reported: the one a 100% gate looks at.
    pub fn lowest(&self) -> f64 {
        [self.statements, self.functions]
            .into_iter()
            .flatten()
            .fold(self.lines, f64::min)
    }
}

/// One resource of a deployed stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeployedResource {
    pub logical_id: String,
    pub resource_type: String,
    pub physical_id: String,
    pub status: String,
}

/// Test counts, as the runner reported them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TestCounts {
    pub passed: u32,
    pub failed: u32,
    pub skipped: u32,
}

/// The key figures of a stage; each is present only where the stage measures it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StageFigures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tests: Option<TestCounts>,
    /// Resources the synth registered (Pulumi under mocks) or the template declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources_synthesized: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources_created: Vec<DeployedResource>,
    /// Stack outputs, as written to cfn-outputs/flat-outputs.json.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, String>,
    /// Resource types the emulator accepts without really creating anything: their creation
    /// proves nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_verified: Vec<String>,
    /// Whether the stack was verified gone after the deploy stage deleted it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack_deleted: Option<bool>,
    /// Lines of integration tests that mock AWS ("file:line: text"): such tests prove nothing
    /// about the deployment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mocking: Vec<String>,
    /// Whether the integration tests read cfn-outputs/flat-outputs.json.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reads_outputs: Option<bool>,
    /// Things the run did that a reader should know (a parameter value made up...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The first line of the logs that says what went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

/// The result of one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    pub stage: Stage,
    pub status: StageStatus,
    /// Why it ended so, in one sentence ("not checked: ruff not installed").
    pub reason: String,
    pub duration_ms: u64,
    /// The commands run, as they would be typed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
    /// The end of the combined output of the stage's commands (bounded).
    pub log: String,
    pub figures: StageFigures,
}

impl StageResult {
    pub fn new(stage: Stage, status: StageStatus, reason: impl Into<String>) -> StageResult {
        StageResult {
            stage,
            status,
            reason: reason.into(),
            duration_ms: 0,
            commands: Vec::new(),
            log: String::new(),
            figures: StageFigures::default(),
        }
    }

    pub fn not_checked(stage: Stage, reason: impl Into<String>) -> StageResult {
        StageResult::new(stage, StageStatus::NotChecked, reason)
    }

    pub fn skipped(stage: Stage, reason: impl Into<String>) -> StageResult {
        StageResult::new(stage, StageStatus::Skipped, reason)
    }

    pub fn passed(&self) -> bool {
        self.status == StageStatus::Passed
    }
}

/// Everything one run of one side found.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub side: RunSide,
    pub platform: Option<Platform>,
    pub language: Option<Language>,
    /// The folder the side's files were copied to; it exists after the run only when the
    /// options asked to keep it.
    pub workspace: Option<PathBuf>,
    /// Where the AWS stages went: "emulator" or "real-account".
    pub aws: String,
    pub stages: Vec<StageResult>,
    /// Problems with the input or the run itself (a file that could not be written...).
    pub diagnostics: Vec<Diagnostic>,
    /// Where each file of the side's own code comes from: how a tool's "file:line" is read
    /// back as a place in the answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<FileSource>,
}

impl RunReport {
    pub fn stage(&self, stage: Stage) -> Option<&StageResult> {
        self.stages.iter().find(|s| s.stage == stage)
    }
}
