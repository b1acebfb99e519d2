//! Task integrity: checks a dataset owner needs before a task is trusted as training data —
//! the ideal answer is a real correction of the model answer, neither answer carries marks of
//! having been doctored, the request and the answers speak of the same platform, the model
//! answer is complete, and (in corpus mode) no task copies another's documents. Each rule is
//! one file with its documentation in its doc comment; ids start with `TSK`.
//!
//! Most of these findings are about the task, not the model (`side: task`, status `standing`:
//! reported, never counted as a model failure). A truncated model answer is the exception: the
//! model's code cannot build, which is the model's failure.

mod tsk001_ideal_identical_to_model;
mod tsk002_ideal_without_code;
mod tsk003_duplicate_across_tasks;
mod tsk004_request_platform_mismatch;
mod tsk005_planted_marker;
mod tsk006_truncated_model_answer;

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};

use crate::CheckInput;

pub use tsk003_duplicate_across_tasks::{
    duplicate_finding, DuplicateDocument, DUPLICATE_ACROSS_TASKS,
};
pub use tsk004_request_platform_mismatch::requested_platform;
pub use tsk005_planted_marker::planted_marker;
pub use tsk006_truncated_model_answer::unclosed_last_fence;

/// A rule on the task as a whole.
pub struct TaskRule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub documentation: &'static str,
    /// `None` for rules that need the whole corpus (TSK003).
    pub check: Option<fn(&CheckInput) -> Vec<Finding>>,
}

pub const TASK_RULES: &[TaskRule] = &[
    tsk001_ideal_identical_to_model::RULE,
    tsk002_ideal_without_code::RULE,
    DUPLICATE_ACROSS_TASKS,
    tsk004_request_platform_mismatch::RULE,
    tsk005_planted_marker::RULE,
    tsk006_truncated_model_answer::RULE,
];

/// Every integrity rule that reads one task.
pub fn check_integrity(input: &CheckInput) -> Vec<Finding> {
    TASK_RULES
        .iter()
        .filter_map(|r| r.check)
        .flat_map(|check| check(input))
        .collect()
}

/// A finding of an integrity rule.
fn finding(
    rule: &TaskRule,
    side: Side,
    status: FindingStatus,
    file: &str,
    line: Option<usize>,
    message: String,
    fix: &str,
) -> Finding {
    Finding {
        rule: rule.id.into(),
        name: rule.name.into(),
        severity: rule.severity,
        category: "C".into(),
        status,
        side,
        file: file.into(),
        line,
        message,
        model_snippet: None,
        ideal_snippet: None,
        root_cause: None,
        fix: Some(fix.into()),
        docs: None,
        also_at: Vec::new(),
        evidence: Vec::new(),
    }
}

/// A document's text as compared for identity: lines trimmed at the end, blank lines at the
/// start and end dropped, line endings unified.
pub fn comparable_text(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
pub(crate) mod fixtures {
    use iacgrade_task::{Language, Origin, Platform, SourceFile, Task, TextDocument};

    use crate::{DetectedPlatform, SideFacts};

    pub fn document(path: &str, text: &str) -> TextDocument {
        TextDocument {
            path: path.into(),
            text: text.into(),
        }
    }

    pub fn task(prompt: &str, model: Option<&str>, ideal: Option<&str>) -> Task {
        Task {
            root: "/tmp/Pr1".into(),
            id: "Pr1".into(),
            metadata: None,
            prompts: vec![document("lib/PROMPT.md", prompt)],
            model_responses: model
                .map(|m| vec![document("lib/MODEL_RESPONSE.md", m)])
                .unwrap_or_default(),
            ideal_response: ideal.map(|i| document("lib/IDEAL_RESPONSE.md", i)),
            model_failures: None,
            aws_region: None,
            project_files: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// One side's facts: its files and the platform its code is taken to be written for.
    pub fn facts(files: &[(&str, &str, Origin)], platform: Option<Platform>) -> SideFacts {
        let files: Vec<SourceFile> = files
            .iter()
            .map(|(path, text, origin)| SourceFile {
                path: Some((*path).into()),
                declared_language: None,
                text: (*text).into(),
                origin: *origin,
                document: match origin {
                    Origin::ModelResponse => "lib/MODEL_RESPONSE.md".into(),
                    Origin::IdealResponse => "lib/IDEAL_RESPONSE.md".into(),
                    Origin::Project => (*path).into(),
                },
                first_line: 3,
            })
            .collect();
        SideFacts {
            files,
            detected: platform.map(|platform| DetectedPlatform {
                platform,
                language: Language::Ts,
                evidence: Vec::new(),
            }),
            graph: Default::default(),
        }
    }
}
