use iacgrade_findings::{Checkpoint, Finding, Suppression};
use serde::{Deserialize, Serialize};

/// The JSON contract's version: fields are added, never renamed or removed.
pub const SCHEMA_VERSION: u32 = 1;

/// The judgement of one task, exactly as `--format json` prints it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub task: TaskInfo,
    pub checkpoints: Vec<Checkpoint>,
    /// Resource counts per side; null until the resource model has been built.
    pub resources: Option<ResourceCounts>,
    pub findings: Vec<Finding>,
    /// Findings accepted in the answer (`iacgrade: ignore[CODE] reason`, CloudFormation
    /// `Metadata`) or recorded in a baseline: each names its finding by index. Suppressed
    /// findings stay in `findings`; they do not count in the score (in-source ones) or the exit
    /// policy (both). An extension of the contract, absent when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Where each file taken from an answer document starts in it, so that a finding's
    /// `file:line` can be shown at its line of the document (an extension of the contract).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceBlock>,
    pub requirements: Vec<Requirement>,
    /// Null until a scoring policy has run.
    pub score: Option<Score>,
    pub errors: Vec<ErrorEntry>,
    /// What was taken from each answer (an extension of the contract).
    pub answers: AnswerSummary,
    /// How the model side differs from the ideal side; null for `check`.
    pub diff: Option<DiffSummary>,
    /// Requirements and practices the model got right.
    pub positives: Vec<Positive>,
    /// What the model did not know, derived from the root causes of its failures.
    pub knowledge_gaps: Vec<String>,
    /// What a trainer or reviewer should do about them.
    pub recommendations: Vec<String>,
    /// Facts a reviewer must know that are neither findings nor checkpoints (a conflict inside
    /// the prompt and which side followed what, a program that cannot run at all, ...).
    pub notes: Vec<String>,
    /// Agreement with the task's own lib/MODEL_FAILURES.md (`review --existing`); null otherwise.
    pub existing: Option<ExistingComparison>,
    /// Each failure of the task's lib/MODEL_FAILURES.md with iacgrade's verdict on it
    /// (`review --existing`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing_labels: Option<Vec<ExistingLabel>>,
    /// Whether there was a model answer to judge: false for a missing or empty answer, an answer
    /// without code, or code in a language the static front-ends do not read. A task that is
    /// not judged has no findings of the model and a null score.
    pub judged: bool,
    /// Why the task was not judged, naming the file; absent when it was judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_judged_reason: Option<String>,
    /// Which model answer was judged: in a multi-turn task, the last turn's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judged_response: Option<JudgedResponse>,
    /// What each side's run of the real toolchains did, stage by stage (`review --run`,
    /// `corpus --run`): status, reason, first error and time. An extension of the contract,
    /// absent when nothing ran; `plan-run` reads the times.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub run: Vec<RunSideSummary>,
}

/// One side's run of the toolchains, as a report keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSideSummary {
    /// `ideal` or `model`.
    pub side: String,
    pub stages: Vec<RunStageSummary>,
    /// The side's whole run: its stages and the time around them (laying out the workspace,
    /// starting the emulator, removing what the run left).
    #[serde(default)]
    pub duration_ms: u64,
}

/// One stage of a side's run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunStageSummary {
    /// lint, build, synth, unit, deploy or integration.
    pub stage: String,
    /// passed, failed, timed_out, not_checked or skipped.
    pub status: String,
    /// Why it ended so, in one sentence.
    pub reason: String,
    /// The first line of the stage's logs that says what went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
    pub duration_ms: u64,
}

/// A file of an answer, as findings name it, and where its text starts in the answer document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceBlock {
    /// model or ideal.
    pub side: String,
    /// The file as findings name it (`lib/tap_stack.py`, `lib/MODEL_RESPONSE.md:42`).
    pub file: String,
    /// The document it was taken from, relative to the task (`lib/MODEL_RESPONSE.md`).
    pub document: String,
    /// The document line of the file's first line.
    pub first_line: usize,
}

impl SourceBlock {
    /// The document and its line for line `line` of this file.
    pub fn document_line(&self, line: usize) -> usize {
        self.first_line + line.max(1) - 1
    }
}

/// The model answer a report judges, and its turn.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JudgedResponse {
    /// lib/MODEL_RESPONSE.md, lib/MODEL_RESPONSE2.md, ...
    pub file: String,
    /// The request it answers (lib/PROMPT2.md for the second turn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// 1-based turn, of `turns`.
    pub turn: usize,
    pub turns: usize,
}

impl Report {
    /// Marks the report as not judged, for `reason` (which names the file): no findings of the
    /// model answer, no score.
    /// The suppressions of the finding at `index` in `findings`.
    pub fn suppressions_of(&self, index: usize) -> impl Iterator<Item = &Suppression> {
        self.suppressions.iter().filter(move |s| s.finding == index)
    }

    /// Whether the finding at `index` is suppressed in the answer (not by a baseline).
    pub fn is_suppressed_in_source(&self, index: usize) -> bool {
        self.suppressions_of(index)
            .any(|s| s.kind == iacgrade_findings::SuppressionKind::InSource)
    }

    pub fn set_not_judged(&mut self, reason: String) {
        self.judged = false;
        self.not_judged_reason = Some(reason);
        self.score = None;
    }
}

/// Counts of the model-vs-ideal comparison.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DiffSummary {
    pub files: FileDiffCounts,
    pub resources: ResourceDiffCounts,
    /// SDK names used by one side only (imports, classes, functions).
    pub symbols_only_in_model: Vec<String>,
    pub symbols_only_in_ideal: Vec<String>,
    /// Share of the model's lines that the ideal answer kept unchanged (0–1), over paired files.
    pub unchanged_share: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileDiffCounts {
    pub paired: usize,
    pub identical: usize,
    pub changed: usize,
    pub renamed: usize,
    /// In the ideal side only (added by the fix, or shown only by the project).
    pub only_in_ideal: usize,
    /// In the model answer only, with no counterpart anywhere: reported, not counted as removed.
    pub only_in_model: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResourceDiffCounts {
    pub matched: usize,
    /// Matched, with at least one property added, removed or changed.
    pub changed: usize,
    pub only_in_model: usize,
    pub only_in_ideal: usize,
}

/// Something the model got right.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Positive {
    pub text: String,
    pub evidence: Option<String>,
}

/// How iacgrade's findings compare with the failures a task's MODEL_FAILURES.md lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExistingComparison {
    /// Failures the document lists, with their impact level as written.
    pub labelled: Vec<LabelledFailure>,
    /// Labelled failures matched by a finding (indexes into `labelled`, and the finding's rule).
    pub found: Vec<ExistingMatch>,
    /// Labelled failures no finding matches.
    pub missed: Vec<usize>,
    /// Fixed findings the document does not list (indexes into `findings`).
    pub unlabelled_findings: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LabelledFailure {
    pub title: String,
    /// critical, high, medium or low, when the document says.
    pub severity: Option<String>,
    pub line: usize,
}

/// iacgrade's verdict on one labelled failure: whether the answers show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelVerdict {
    /// The quoted or described model code is in the model answer and the ideal changes it.
    Supported,
    /// The quoted code is not in the model answer, the ideal keeps it, or nothing the label
    /// says can be found in the answers.
    Unsupported,
    /// About tests, documentation, CI, packaging files the answer does not hold, or the deploy
    /// environment.
    OutsideAnswer,
}

impl LabelVerdict {
    pub const ALL: [LabelVerdict; 3] = [
        LabelVerdict::Supported,
        LabelVerdict::Unsupported,
        LabelVerdict::OutsideAnswer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LabelVerdict::Supported => "supported",
            LabelVerdict::Unsupported => "unsupported",
            LabelVerdict::OutsideAnswer => "outside_answer",
        }
    }
}

/// One labelled failure, verified against the answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExistingLabel {
    pub title: String,
    /// critical, high, medium or low, when the document says.
    pub severity: Option<String>,
    pub verdict: LabelVerdict,
    /// The evidence for the verdict, in a sentence.
    pub reason: String,
    /// Index into `findings` of iacgrade's finding at the same place or on the same name.
    pub matched_finding: Option<usize>,
    /// The label's line in lib/MODEL_FAILURES.md.
    pub line: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExistingMatch {
    pub labelled: usize,
    pub finding: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
}

/// Reads the tool of a stored report (a line of a JSONL file). This build's own name and version
/// are the same static strings it writes; another version's (a report made by an older build)
/// is kept once per distinct value for the rest of the process.
impl<'de> Deserialize<'de> for ToolInfo {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct StoredTool {
            name: String,
            version: String,
        }
        let stored = StoredTool::deserialize(deserializer)?;
        Ok(ToolInfo {
            name: interned(stored.name),
            version: interned(stored.version),
        })
    }
}

fn interned(text: String) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let own = ToolInfo::default();
    if text == own.name {
        return own.name;
    }
    if text == own.version {
        return own.version;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = seen.get(text.as_str()) {
        return known;
    }
    let kept: &'static str = Box::leak(text.into_boxed_str());
    seen.insert(kept);
    kept
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: "iacgrade",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskInfo {
    pub path: String,
    pub id: String,
    /// Normalised platform from metadata.json, null when unknown.
    pub platform: Option<String>,
    pub language: Option<String>,
    /// The recorded training-quality score on the 0–10 scale, null when absent or unreadable.
    pub recorded_score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceCounts {
    pub model: usize,
    pub ideal: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Requirement {
    pub id: String,
    pub text: String,
    pub model: String,
    pub ideal: String,
    pub evidence: String,
    /// How the request asks for it: must, must_not, should, may, example, environment or
    /// conditional (an extension of the contract; absent in reports that predate it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    /// For a conditional requirement, its condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Score {
    pub value: f64,
    pub policy: String,
    pub steps: Vec<ScoreStep>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreStep {
    pub step: String,
    pub delta: f64,
    pub why: String,
}

/// A problem with the input: the file it concerns (relative to the task), the line where known.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorEntry {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AnswerSummary {
    pub model: Option<AnswerFacts>,
    pub ideal: Option<AnswerFacts>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnswerFacts {
    /// fenced, bare, prose_only, placeholder or empty.
    pub form: String,
    pub blocks: usize,
    /// Blocks whose file path the answer names.
    pub files_with_path: usize,
    pub detected_platform: Option<String>,
    pub detected_language: Option<String>,
}
