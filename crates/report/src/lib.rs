//! The `report` stage: a [`Report`] is the judgement of one task in the shape of the JSON
//! contract (DESIGN.md, schema_version 1); renderers turn it into text or JSON and never reach
//! back into the analysis.

mod contract;
mod escape;
mod github;
mod junit;
mod markdown;
mod place;
mod sarif;
mod summary;
mod text;
mod write;

pub use contract::{
    AnswerFacts, AnswerSummary, DiffSummary, ErrorEntry, ExistingComparison, ExistingLabel,
    ExistingMatch, FileDiffCounts, JudgedResponse, LabelVerdict, LabelledFailure, Positive, Report,
    Requirement, ResourceCounts, ResourceDiffCounts, RunSideSummary, RunStageSummary, Score,
    ScoreStep, SourceBlock, TaskInfo, ToolInfo, SCHEMA_VERSION,
};
pub use escape::escape_controls;
pub use github::{escape_data, escape_property, render_github};
pub use junit::{junit_testsuite, render_junit, xml_escape, JunitCounts, JunitLog};
pub use markdown::{impact_line, impact_of, render_markdown, Impact};
pub use place::{user_place, UserPlace};
pub use sarif::{
    render_sarif, render_sarif_with, RuleCatalog, RuleDoc, INFORMATION_URI, RULES_DOC_URL,
    SARIF_SCHEMA_URI,
};
pub use summary::{CorpusSummary, GroupSummary};
pub use text::{render_text, TextStyle};
pub use write::{write_atomically, AtomicFile};

/// How many of a repeated finding's other places (`also_at`) the text and markdown reports name
/// before counting the rest.
const OTHER_PLACES_SHOWN: usize = 8;

/// A repeated finding's other places as the text and markdown reports list them: the first
/// [`OTHER_PLACES_SHOWN`], each written by `write`, then how many more; `None` when it has none.
pub(crate) fn other_places(
    finding: &iacgrade_findings::Finding,
    write: impl Fn(&iacgrade_findings::Place) -> String,
) -> Option<String> {
    if finding.also_at.is_empty() {
        return None;
    }
    let named: Vec<String> = finding
        .also_at
        .iter()
        .take(OTHER_PLACES_SHOWN)
        .map(write)
        .collect();
    let mut list = named.join(", ");
    let rest = finding.also_at.len().saturating_sub(OTHER_PLACES_SHOWN);
    if rest > 0 {
        list.push_str(&format!(" and {rest} more"));
    }
    Some(list)
}
