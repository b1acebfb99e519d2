//! What the dashboard keeps of a corpus: counts and small bounded lists, never whole reports,
//! so a corpus of thousands of tasks is summarised in little memory. Each part is its own
//! module; [`CorpusAggregates::add`] feeds one task's report to all of them.

mod agreement;
mod checkpoints;
mod findings;
mod invented_apis;
mod label_verdicts;
mod scores;

use std::collections::BTreeMap;

use serde::Serialize;

pub use agreement::{LabelAgreement, UNSPECIFIED};
pub use checkpoints::{CheckTally, CheckpointRates};
pub use findings::{FindingTally, RuleTally, StatusTally};
pub use invented_apis::{invented_name, invented_name_of, InventedApi, InventedApis};
pub use label_verdicts::{LabelVerdicts, VERDICTS};
pub use scores::{ScoreComparison, ScoreDisagreement, ScoreHistogram, DISAGREEMENTS_SHOWN};

use crate::task_report::TaskReport;
use crate::vocabulary::{is_model_failure, severity_rank, SEVERITIES};

/// Totals of one platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlatformTotals {
    pub tasks: usize,
    /// Tasks per language (`unknown` when metadata gave none).
    pub languages: BTreeMap<String, usize>,
    /// Tasks with input problems: errors in their report (an unreadable metadata.json, a
    /// missing answer, ...) or no model answer to judge.
    pub with_errors: usize,
    /// Model failures (fixed and unfixed findings) over the platform's tasks.
    pub model_failures: usize,
    /// Tasks with a computed score.
    pub scored: usize,
}

/// One line of the task list: enough to sort and filter tasks, and to link to their page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskRow {
    /// The task page, relative to the dashboard's root.
    pub page: String,
    pub id: String,
    pub platform: String,
    pub language: String,
    pub checkpoints_failed: usize,
    pub checkpoints_warned: usize,
    /// Model failures by severity: critical, high, medium, low, then any other.
    pub failures: [usize; 5],
    pub computed: Option<f64>,
    pub recorded: Option<f64>,
    pub errors: usize,
    /// The ids of the checkpoints the task fails (`?` for one without an id).
    pub failed_checkpoints: Vec<String>,
    /// Whether there was a model answer to judge.
    pub judged: bool,
}

impl TaskRow {
    fn of(report: &TaskReport, page: &str) -> TaskRow {
        let mut failures = [0usize; 5];
        for finding in report
            .findings
            .iter()
            .filter(|f| is_model_failure(f.shown_status()))
        {
            failures[severity_rank(&finding.severity).min(SEVERITIES.len())] += 1;
        }
        let count = |status: &str| {
            report
                .checkpoints
                .iter()
                .filter(|c| c.status == status)
                .count()
        };
        TaskRow {
            page: page.to_string(),
            id: report.task.id.clone(),
            platform: report.platform().to_string(),
            language: report
                .task
                .language
                .clone()
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| "unknown".into()),
            checkpoints_failed: count("fail"),
            checkpoints_warned: count("warn"),
            failures,
            computed: report.computed_score(),
            recorded: report.recorded_score(),
            errors: report.errors.len(),
            failed_checkpoints: report
                .checkpoints
                .iter()
                .filter(|c| c.status == "fail")
                .map(|c| checkpoint_id(&c.id).to_string())
                .collect(),
            judged: report.is_judged(),
        }
    }

    /// Input errors, or no model answer to judge.
    pub fn has_input_problems(&self) -> bool {
        self.errors > 0 || !self.judged
    }

    /// Both a computed and a recorded score.
    pub fn has_both_scores(&self) -> bool {
        self.computed.is_some() && self.recorded.is_some()
    }

    pub fn model_failures(&self) -> usize {
        self.failures.iter().sum()
    }
}

/// Everything the index and the task list show, built one report at a time.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CorpusAggregates {
    pub tasks: usize,
    /// The iacgrade versions that wrote the reports.
    pub tool_versions: BTreeMap<String, usize>,
    pub platforms: BTreeMap<String, PlatformTotals>,
    pub checkpoints: CheckpointRates,
    pub findings: FindingTally,
    pub invented_apis: InventedApis,
    pub scores: ScoreComparison,
    pub agreement: LabelAgreement,
    pub label_verdicts: LabelVerdicts,
    pub rows: Vec<TaskRow>,
    /// The tasks with input problems, with their reasons, in the order they came.
    pub input_problems: Vec<InputProblem>,
}

/// A task with input errors or without a model answer to judge, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputProblem {
    /// The task page, relative to the dashboard's root.
    pub page: String,
    pub id: String,
    pub platform: String,
    pub reasons: Vec<String>,
}

/// A checkpoint's id as the dashboard groups by it: `?` for one without an id.
pub fn checkpoint_id(id: &str) -> &str {
    if id.trim().is_empty() {
        "?"
    } else {
        id
    }
}

impl CorpusAggregates {
    /// Counts one task; `page` is its page's path relative to the dashboard's root.
    pub fn add(&mut self, report: &TaskReport, page: &str) {
        self.tasks += 1;
        if !report.tool.version.is_empty() {
            *self
                .tool_versions
                .entry(report.tool.version.clone())
                .or_default() += 1;
        }
        let row = TaskRow::of(report, page);
        let platform = self.platforms.entry(row.platform.clone()).or_default();
        platform.tasks += 1;
        *platform.languages.entry(row.language.clone()).or_default() += 1;
        platform.with_errors += usize::from(row.has_input_problems());
        if row.has_input_problems() {
            self.input_problems.push(InputProblem {
                page: page.to_string(),
                id: row.id.clone(),
                platform: row.platform.clone(),
                reasons: report.input_problems(),
            });
        }
        platform.model_failures += row.model_failures();
        platform.scored += usize::from(row.computed.is_some());
        self.checkpoints.add(report);
        self.findings.add(report);
        self.invented_apis.add(report);
        self.scores.add(report, page);
        self.agreement.add(report);
        self.label_verdicts.add(report);
        self.rows.push(row);
    }

    pub fn tasks_with_errors(&self) -> usize {
        self.platforms.values().map(|p| p.with_errors).sum()
    }

    pub fn model_failures(&self) -> usize {
        self.platforms.values().map(|p| p.model_failures).sum()
    }

    /// Tasks that fail at least one checkpoint.
    pub fn tasks_failing_a_checkpoint(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !r.failed_checkpoints.is_empty())
            .count()
    }

    /// Platforms, most tasks first, then by name.
    pub fn platforms_by_size(&self) -> Vec<(&str, &PlatformTotals)> {
        let mut rows: Vec<(&str, &PlatformTotals)> = self
            .platforms
            .iter()
            .map(|(name, totals)| (name.as_str(), totals))
            .collect();
        rows.sort_by(|a, b| b.1.tasks.cmp(&a.1.tasks).then(a.0.cmp(b.0)));
        rows
    }
}
