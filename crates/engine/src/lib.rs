//! The pipeline, stage after stage, for one task or a corpus of them (DESIGN.md, "The
//! pipeline"). Each stage lives in its own crate; this one only wires them in order and turns
//! their results into a [`Report`].

mod calibration;
mod corpus;
mod execution;
mod existing;
mod judged;
mod review;
mod sides;

use std::path::Path;

use iacgrade_checks::{static_checkpoints, CheckInput};
use iacgrade_report::{ErrorEntry, Report, TaskInfo, ToolInfo, SCHEMA_VERSION};
use iacgrade_task::{load_task, Task};

pub use calibration::{calibration_samples, CorpusSamples};
pub use corpus::{
    cross_task_findings, find_tasks, judge_corpus, judge_tasks, judge_tasks_in_context, set_jobs,
    set_task_time_limit, task_time_limit, Depth, Interruption,
};
pub use review::{review_task, review_task_with, ReviewOptions};
pub use sides::{Side, TaskSides};

/// The result of the static pipeline on one task, with the intermediate results kept for the
/// commands that show them.
pub struct Judgement {
    pub task: Task,
    pub sides: TaskSides,
    pub report: Report,
    /// What the score was computed from (`review` only): calibration reads it.
    pub score_input: Option<iacgrade_score::ScoreInput>,
    /// Why the pipeline did not finish on this task (it panicked or ran past the corpus time
    /// limit); the report then holds only the reason, as an error.
    pub interrupted: Option<Interruption>,
}

/// Runs `check` (checkpoints A–E and K) on the task directory at `path`. Never fails: every
/// problem with the input ends up in `report.errors`.
pub fn check_task(path: &Path) -> Judgement {
    let mut judgement = read_task(path);
    let input = CheckInput {
        task: &judgement.task,
        model: &judgement.sides.model.facts,
        ideal: &judgement.sides.ideal.facts,
    };
    judgement.report.checkpoints = static_checkpoints(&input);
    judgement
}

/// Loads the task and builds both sides (extraction, detection, the resource graphs), with a
/// report that holds only what reading found: the task, the answers and the errors. The first
/// stage of `check` and `review`, and by itself the IR benchmark. Never fails.
pub fn read_task(path: &Path) -> Judgement {
    let task = load_task(path);
    let sides = TaskSides::build(&task);
    let report = reading_report(path, &task, &sides);
    Judgement {
        task,
        sides,
        report,
        score_input: None,
        interrupted: None,
    }
}

/// The judgement of a task the pipeline did not finish: no documents read, one error saying why.
// `&PathBuf`: it is handed to the corpus runner as the fallback for its `PathBuf` items.
#[allow(clippy::ptr_arg)]
pub(crate) fn interrupted_judgement(path: &std::path::PathBuf, why: Interruption) -> Judgement {
    let task = Task::unread(path);
    let sides = TaskSides::build(&task);
    let mut report = reading_report(path, &task, &sides);
    report.errors.push(ErrorEntry {
        file: path.display().to_string(),
        line: None,
        message: why.to_string(),
    });
    Judgement {
        task,
        sides,
        report,
        score_input: None,
        interrupted: Some(why),
    }
}

/// The report of what reading a task found: the task, the answers and the input errors.
fn reading_report(path: &Path, task: &Task, sides: &TaskSides) -> Report {
    let mut errors: Vec<ErrorEntry> = task.diagnostics.iter().map(ErrorEntry::from).collect();
    errors.extend(sides.diagnostics().map(ErrorEntry::from));
    let meta = task.metadata.as_ref();
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo::default(),
        task: TaskInfo {
            path: path.display().to_string(),
            id: task.id.clone(),
            platform: meta.and_then(|m| m.platform).map(|p| p.to_string()),
            language: meta.and_then(|m| m.language).map(|l| l.to_string()),
            recorded_score: meta
                .and_then(|m| m.training_quality.as_ref())
                .map(|s| s.value),
        },
        checkpoints: Vec::new(),
        resources: None,
        findings: Vec::new(),
        suppressions: Vec::new(),
        sources: source_blocks(sides),
        requirements: Vec::new(),
        score: None,
        errors,
        answers: sides.summary(),
        diff: None,
        positives: Vec::new(),
        knowledge_gaps: Vec::new(),
        recommendations: Vec::new(),
        notes: Vec::new(),
        existing: None,
        existing_labels: None,
        judged: true,
        not_judged_reason: None,
        judged_response: judged::judged_response(task),
        run: Vec::new(),
    };
    if let Some(reason) = judged::nothing_to_judge(task, sides) {
        report.set_not_judged(reason);
    }
    report
}

/// Where each file of the two answers starts in its document (project files are on disk).
fn source_blocks(sides: &TaskSides) -> Vec<iacgrade_report::SourceBlock> {
    let mut out = Vec::new();
    for (side, files) in [
        ("model", &sides.model.facts.files),
        ("ideal", &sides.ideal.facts.files),
    ] {
        for file in files
            .iter()
            .filter(|f| f.origin != iacgrade_task::Origin::Project)
        {
            out.push(iacgrade_report::SourceBlock {
                side: side.into(),
                file: file.display_name(),
                document: file.document.clone(),
                first_line: file.first_line,
            });
        }
    }
    out
}
