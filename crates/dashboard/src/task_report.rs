//! The dashboard's reading of one task's report: a deserialize-side mirror of the JSON contract
//! (`iacgrade_report::Report`, schema_version 1).
//!
//! The dashboard renders from this mirror, never from `Report` itself, so that a report in
//! memory and a line of a `--format jsonl` file go through the same code. Every field is
//! optional on the way in: an absent or `null` part (a score before scoring ran, a task that
//! could not be read and has only `errors`) reads as empty, and values this version does not
//! know (a new severity, a new status) are kept as the strings they are.

use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default, so that `"findings": null` is an empty list.
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// One task's judgement, as the dashboard reads it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskReport {
    #[serde(deserialize_with = "nullable")]
    pub schema_version: u32,
    #[serde(deserialize_with = "nullable")]
    pub tool: ToolView,
    #[serde(deserialize_with = "nullable")]
    pub task: TaskView,
    #[serde(deserialize_with = "nullable")]
    pub checkpoints: Vec<CheckpointView>,
    pub resources: Option<ResourceCountsView>,
    #[serde(deserialize_with = "nullable")]
    pub findings: Vec<FindingView>,
    /// Findings accepted in the answer or by a baseline, each naming its finding by index.
    #[serde(deserialize_with = "nullable")]
    pub suppressions: Vec<SuppressionView>,
    /// Where each file taken from an answer document starts in it.
    #[serde(deserialize_with = "nullable")]
    pub sources: Vec<SourceView>,
    #[serde(deserialize_with = "nullable")]
    pub requirements: Vec<RequirementView>,
    pub score: Option<ScoreView>,
    #[serde(deserialize_with = "nullable")]
    pub errors: Vec<ErrorView>,
    #[serde(deserialize_with = "nullable")]
    pub answers: AnswersView,
    pub diff: Option<DiffView>,
    #[serde(deserialize_with = "nullable")]
    pub positives: Vec<PositiveView>,
    #[serde(deserialize_with = "nullable")]
    pub knowledge_gaps: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub recommendations: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub notes: Vec<String>,
    pub existing: Option<ExistingView>,
    /// The verdicts on the labelled failures (`review --existing`); absent otherwise.
    #[serde(deserialize_with = "nullable")]
    pub existing_labels: Vec<ExistingLabelView>,
    /// False when there was no model answer to judge; absent in older reports (judged).
    pub judged: Option<bool>,
    /// Why the task was not judged, naming the file.
    pub not_judged_reason: Option<String>,
}

impl TaskReport {
    /// Reads a report of the JSON contract (one line of a JSONL file, or a whole JSON file).
    pub fn from_json(text: &str) -> Result<TaskReport, serde_json::Error> {
        serde_json::from_str(text).map(TaskReport::with_suppressions_attached)
    }

    /// Reads a report in memory through its JSON form, so it is read exactly as a file would be.
    pub fn from_report(report: &iacgrade_report::Report) -> Result<TaskReport, serde_json::Error> {
        serde_json::to_value(report)
            .and_then(serde_json::from_value)
            .map(TaskReport::with_suppressions_attached)
    }

    /// Gives each suppressed finding its suppression (the first, when there are several), so
    /// that every part of the dashboard sees the same status for it.
    fn with_suppressions_attached(mut self) -> TaskReport {
        for suppression in &self.suppressions {
            if let Some(finding) = self.findings.get_mut(suppression.finding) {
                if finding.suppression.is_none() {
                    finding.suppression = Some(suppression.clone());
                }
            }
        }
        self
    }

    /// Whether there was a model answer to judge (reports that do not say were judged).
    pub fn is_judged(&self) -> bool {
        self.judged.unwrap_or(true)
    }

    /// Why the task has input problems: its load errors (`file:line: message`) and why it was
    /// not judged. Empty for a task read and judged without trouble.
    pub fn input_problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .errors
            .iter()
            .map(|e| {
                let place = match e.line {
                    Some(line) if !e.file.is_empty() => format!("{}:{line}", e.file),
                    _ => e.file.clone(),
                };
                if place.is_empty() {
                    e.message.clone()
                } else {
                    format!("{place}: {}", e.message)
                }
            })
            .collect();
        if !self.is_judged() {
            problems.push(match self.not_judged_reason.as_deref() {
                Some(reason) if !reason.trim().is_empty() => format!("not judged: {reason}"),
                _ => "not judged".to_string(),
            });
        }
        problems
    }

    /// The platform, or "unknown" when metadata did not give one.
    pub fn platform(&self) -> &str {
        match self.task.platform.as_deref() {
            Some(p) if !p.trim().is_empty() => p,
            _ => "unknown",
        }
    }

    /// The score iacgrade computed, when a scoring policy ran and gave a finite value.
    pub fn computed_score(&self) -> Option<f64> {
        self.score
            .as_ref()
            .map(|s| s.value)
            .filter(|v| v.is_finite())
    }

    /// The score recorded in metadata.json, when present and finite.
    pub fn recorded_score(&self) -> Option<f64> {
        self.task.recorded_score.filter(|v| v.is_finite())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ToolView {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub version: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskView {
    #[serde(deserialize_with = "nullable")]
    pub path: String,
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    pub platform: Option<String>,
    pub language: Option<String>,
    pub recorded_score: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CheckpointView {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    /// pass, fail, warn or skip.
    #[serde(deserialize_with = "nullable")]
    pub status: String,
    #[serde(deserialize_with = "nullable")]
    pub message: String,
    #[serde(deserialize_with = "nullable")]
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct EvidenceView {
    #[serde(deserialize_with = "nullable")]
    pub file: String,
    pub line: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ResourceCountsView {
    #[serde(deserialize_with = "nullable")]
    pub model: usize,
    #[serde(deserialize_with = "nullable")]
    pub ideal: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FindingView {
    #[serde(deserialize_with = "nullable")]
    pub rule: String,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    /// critical, high, medium or low.
    #[serde(deserialize_with = "nullable")]
    pub severity: String,
    #[serde(deserialize_with = "nullable")]
    pub category: String,
    /// fixed, standing, regression or unfixed.
    #[serde(deserialize_with = "nullable")]
    pub status: String,
    /// model, ideal or task.
    #[serde(deserialize_with = "nullable")]
    pub side: String,
    #[serde(deserialize_with = "nullable")]
    pub file: String,
    pub line: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    pub message: String,
    pub model_snippet: Option<String>,
    pub ideal_snippet: Option<String>,
    pub root_cause: Option<String>,
    pub fix: Option<String>,
    pub docs: Option<String>,
    /// The other places of the same mistake.
    #[serde(deserialize_with = "nullable")]
    pub also_at: Vec<PlaceView>,
    /// The report's suppression of this finding, when it has one (from `suppressions`).
    #[serde(skip)]
    pub suppression: Option<SuppressionView>,
}

impl FindingView {
    /// The status the dashboard shows and counts by: `suppressed` for a finding accepted in
    /// the answer or by a baseline (never a model failure), the report's status otherwise.
    pub fn shown_status(&self) -> &str {
        if self.suppression.is_some() {
            "suppressed"
        } else {
            &self.status
        }
    }
}

/// A finding accepted in the answer (`iacgrade: ignore[CODE] reason`, CloudFormation
/// `Metadata`) or recorded in a baseline.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SuppressionView {
    /// Index of the finding in the report's `findings`.
    #[serde(deserialize_with = "nullable")]
    pub finding: usize,
    /// in_source or baseline (kept as written when unknown).
    #[serde(deserialize_with = "nullable")]
    pub kind: String,
    pub justification: Option<String>,
    pub file: Option<String>,
    pub line: Option<usize>,
}

impl SuppressionView {
    /// How the finding was accepted, in words.
    pub fn describe(&self) -> String {
        let how = match self.kind.as_str() {
            "in_source" => "suppressed in the answer".to_string(),
            "baseline" => "recorded in the baseline".to_string(),
            other => format!("suppressed ({other})"),
        };
        let place = match (&self.file, self.line) {
            (Some(file), Some(line)) if !file.is_empty() => format!(" at {file}:{line}"),
            (Some(file), None) if !file.is_empty() => format!(" in {file}"),
            _ => String::new(),
        };
        match self
            .justification
            .as_deref()
            .filter(|j| !j.trim().is_empty())
        {
            Some(reason) => format!("{how}{place}: {reason}"),
            None => format!("{how}{place}, no reason given"),
        }
    }
}

/// A file of an answer, as findings name it, and where its text starts in the answer document.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SourceView {
    /// model or ideal.
    #[serde(deserialize_with = "nullable")]
    pub side: String,
    #[serde(deserialize_with = "nullable")]
    pub file: String,
    /// The document, relative to the task.
    #[serde(deserialize_with = "nullable")]
    pub document: String,
    /// The document line of the file's first line.
    #[serde(deserialize_with = "nullable")]
    pub first_line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PlaceView {
    #[serde(deserialize_with = "nullable")]
    pub file: String,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RequirementView {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub text: String,
    /// met, unmet or unknown.
    #[serde(deserialize_with = "nullable")]
    pub model: String,
    #[serde(deserialize_with = "nullable")]
    pub ideal: String,
    #[serde(deserialize_with = "nullable")]
    pub evidence: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ScoreView {
    /// Null in JSON when the value was not finite; read as NaN and treated as absent.
    #[serde(deserialize_with = "nan_when_null")]
    pub value: f64,
    #[serde(deserialize_with = "nullable")]
    pub policy: String,
    #[serde(deserialize_with = "nullable")]
    pub steps: Vec<ScoreStepView>,
}

/// serde_json writes a non-finite float as `null`; such a score is no score.
fn nan_when_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ScoreStepView {
    #[serde(deserialize_with = "nullable")]
    pub step: String,
    #[serde(deserialize_with = "nullable")]
    pub delta: f64,
    #[serde(deserialize_with = "nullable")]
    pub why: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ErrorView {
    #[serde(deserialize_with = "nullable")]
    pub file: String,
    pub line: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AnswersView {
    pub model: Option<AnswerFactsView>,
    pub ideal: Option<AnswerFactsView>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AnswerFactsView {
    #[serde(deserialize_with = "nullable")]
    pub form: String,
    #[serde(deserialize_with = "nullable")]
    pub blocks: usize,
    #[serde(deserialize_with = "nullable")]
    pub files_with_path: usize,
    pub detected_platform: Option<String>,
    pub detected_language: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DiffView {
    #[serde(deserialize_with = "nullable")]
    pub files: FileDiffView,
    #[serde(deserialize_with = "nullable")]
    pub resources: ResourceDiffView,
    #[serde(deserialize_with = "nullable")]
    pub symbols_only_in_model: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub symbols_only_in_ideal: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub unchanged_share: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FileDiffView {
    #[serde(deserialize_with = "nullable")]
    pub paired: usize,
    #[serde(deserialize_with = "nullable")]
    pub identical: usize,
    #[serde(deserialize_with = "nullable")]
    pub changed: usize,
    #[serde(deserialize_with = "nullable")]
    pub renamed: usize,
    #[serde(deserialize_with = "nullable")]
    pub only_in_ideal: usize,
    #[serde(deserialize_with = "nullable")]
    pub only_in_model: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ResourceDiffView {
    #[serde(deserialize_with = "nullable")]
    pub matched: usize,
    #[serde(deserialize_with = "nullable")]
    pub changed: usize,
    #[serde(deserialize_with = "nullable")]
    pub only_in_model: usize,
    #[serde(deserialize_with = "nullable")]
    pub only_in_ideal: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PositiveView {
    #[serde(deserialize_with = "nullable")]
    pub text: String,
    pub evidence: Option<String>,
}

/// Agreement with the task's lib/MODEL_FAILURES.md.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ExistingView {
    #[serde(deserialize_with = "nullable")]
    pub labelled: Vec<LabelledFailureView>,
    #[serde(deserialize_with = "nullable")]
    pub found: Vec<ExistingMatchView>,
    /// Indexes into `labelled`.
    #[serde(deserialize_with = "nullable")]
    pub missed: Vec<usize>,
    /// Indexes into the report's `findings`.
    #[serde(deserialize_with = "nullable")]
    pub unlabelled_findings: Vec<usize>,
}

/// One labelled failure with iacgrade's verdict on it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ExistingLabelView {
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    pub severity: Option<String>,
    /// supported, unsupported or outside_answer (kept as written when unknown).
    #[serde(deserialize_with = "nullable")]
    pub verdict: String,
    #[serde(deserialize_with = "nullable")]
    pub reason: String,
    pub matched_finding: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LabelledFailureView {
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    pub severity: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ExistingMatchView {
    /// Index into `labelled`.
    #[serde(deserialize_with = "nullable")]
    pub labelled: usize,
    /// Index into the report's `findings`.
    #[serde(deserialize_with = "nullable")]
    pub finding: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_nulls_and_missing_parts_reads_as_empty() {
        let report = TaskReport::from_json(
            r#"{"task":{"id":"t1","platform":null},"findings":null,"score":null,
                "checkpoints":[{"id":"A","status":"pass","evidence":null}]}"#,
        )
        .expect("lenient");
        assert_eq!(report.task.id, "t1");
        assert_eq!(report.platform(), "unknown");
        assert!(report.findings.is_empty());
        assert_eq!(report.checkpoints[0].status, "pass");
        assert_eq!(report.computed_score(), None);
    }

    #[test]
    fn a_null_score_value_is_no_score() {
        let report = TaskReport::from_json(r#"{"score":{"value":null,"policy":"p","steps":[]}}"#)
            .expect("lenient");
        assert_eq!(report.computed_score(), None);
    }

    #[test]
    fn a_suppressed_finding_shows_as_suppressed() {
        let report = TaskReport::from_json(
            r#"{"findings":[{"rule":"ENC001","status":"fixed"},{"rule":"LOG001","status":"fixed"}],
                "suppressions":[{"finding":1,"kind":"in_source","justification":"kept on purpose",
                                 "file":"lib/a.ts","line":3},{"finding":9,"kind":"baseline"}]}"#,
        )
        .expect("lenient");
        assert_eq!(report.findings[0].shown_status(), "fixed");
        assert_eq!(report.findings[1].shown_status(), "suppressed");
        assert_eq!(
            report.findings[1]
                .suppression
                .as_ref()
                .map(|s| s.describe()),
            Some("suppressed in the answer at lib/a.ts:3: kept on purpose".to_string())
        );
    }

    #[test]
    fn a_task_not_judged_has_an_input_problem() {
        let report = TaskReport::from_json(
            r#"{"judged":false,"not_judged_reason":"lib/MODEL_RESPONSE.md holds no code",
                "errors":[{"file":"metadata.json","line":2,"message":"bad JSON"}]}"#,
        )
        .expect("lenient");
        assert_eq!(
            report.input_problems(),
            [
                "metadata.json:2: bad JSON",
                "not judged: lib/MODEL_RESPONSE.md holds no code"
            ]
        );
        assert!(TaskReport::from_json("{}").expect("reads").is_judged());
    }

    #[test]
    fn unknown_severities_are_kept_as_written() {
        let report = TaskReport::from_json(r#"{"findings":[{"rule":"X1","severity":"info"}]}"#)
            .expect("lenient");
        assert_eq!(report.findings[0].severity, "info");
    }
}
