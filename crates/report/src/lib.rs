//! The `report` stage: a [`Report`] is the judgement of one task in the shape of the JSON
//! contract (DESIGN.md, schema_version 1); renderers turn it into text or JSON and never reach
//! back into the analysis.

mod contract;
mod markdown;
mod sarif;
mod summary;
mod text;
mod write;

pub use contract::{
    AnswerFacts, AnswerSummary, DiffSummary, ErrorEntry, ExistingComparison, ExistingMatch,
    FileDiffCounts, LabelledFailure, Positive, Report, Requirement, ResourceCounts,
    ResourceDiffCounts, Score, ScoreStep, TaskInfo, ToolInfo, SCHEMA_VERSION,
};
pub use markdown::{impact_line, impact_of, render_markdown, Impact};
pub use sarif::{render_sarif, INFORMATION_URI, SARIF_SCHEMA_URI};
pub use summary::{CorpusSummary, GroupSummary};
pub use text::{render_text, TextStyle};
pub use write::write_atomically;

/// How many of a repeated finding's other places (`also_at`) the text and markdown reports name
/// before counting the rest.
pub(crate) const OTHER_PLACES_SHOWN: usize = 8;
