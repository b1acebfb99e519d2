//! The `checks` stage: verdicts on a task that need no tool to run. Checkpoints read the task and
//! the facts of each side (its code files and the platform detected from them); later checks
//! (API, policy rules, requirement trace) read the resource graphs.

pub mod checkpoints;
pub mod integrity;
pub mod source_rules;

use iacgrade_task::{Evidence, Language, Platform, SourceFile, Task};
use serde::Serialize;

pub use checkpoints::static_checkpoints;

/// The platform and language told from one side's code, with the lines that decided.
#[derive(Debug, Clone, Serialize)]
pub struct DetectedPlatform {
    pub platform: Platform,
    pub language: Language,
    pub evidence: Vec<Evidence>,
}

/// What the checks need to know of one side (the model answer, or the ideal answer completed by
/// the project files).
#[derive(Debug, Clone, Default)]
pub struct SideFacts {
    pub files: Vec<SourceFile>,
    pub detected: Option<DetectedPlatform>,
    /// The resources the side's code declares.
    pub graph: iacgrade_ir::ResourceGraph,
}

/// Everything the static checkpoints read.
pub struct CheckInput<'a> {
    pub task: &'a Task,
    pub model: &'a SideFacts,
    pub ideal: &'a SideFacts,
}
