//! TSK003 duplicate-across-tasks (corpus mode): the task's model answer, or its
//! MODEL_FAILURES.md, is the same document as another task's.
//!
//! Why: a model answer shared by two tasks with different requests cannot be an answer to both;
//! a MODEL_FAILURES.md shared by two tasks describes at most one of them — its failures were
//! copied, not found. Either way the task's labels (and the score built on them) are not about
//! this task. Only a corpus run sees it: each task's documents are hashed and compared with
//! every other task's.
//!
//! Example: `cfn-yaml/Pr100/lib/MODEL_FAILURES.md` and `tf-hcl/Pr200/lib/MODEL_FAILURES.md` hold
//! the same text. Fix: write the task's own failure analysis from its own answers (or
//! regenerate the model answer for this request).

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};

use super::{finding, TaskRule};

pub const DUPLICATE_ACROSS_TASKS: TaskRule = TaskRule {
    id: "TSK003",
    name: "duplicate-across-tasks",
    severity: Severity::High,
    documentation: "The model answer or MODEL_FAILURES.md is the same document as another task's (corpus mode).",
    check: None,
};

/// Which document is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DuplicateDocument {
    ModelResponse,
    ModelFailures,
}

impl DuplicateDocument {
    pub const ALL: [DuplicateDocument; 2] = [
        DuplicateDocument::ModelResponse,
        DuplicateDocument::ModelFailures,
    ];

    pub fn path(self) -> &'static str {
        match self {
            DuplicateDocument::ModelResponse => "lib/MODEL_RESPONSE.md",
            DuplicateDocument::ModelFailures => "lib/MODEL_FAILURES.md",
        }
    }
}

/// The finding for a task whose `document` is the same as the tasks in `others` (their paths
/// relative to the corpus, at least one).
pub fn duplicate_finding(document: DuplicateDocument, others: &[String]) -> Finding {
    let named: Vec<&str> = others.iter().take(3).map(String::as_str).collect();
    let more = others.len().saturating_sub(named.len());
    let list = if more > 0 {
        format!("{} and {more} more", named.join(", "))
    } else {
        named.join(", ")
    };
    let what = match document {
        DuplicateDocument::ModelResponse => "the model answer",
        DuplicateDocument::ModelFailures => "the failure analysis",
    };
    finding(
        &DUPLICATE_ACROSS_TASKS,
        Side::Task,
        FindingStatus::Standing,
        document.path(),
        None,
        format!("{what} is the same document as in {list}"),
        match document {
            DuplicateDocument::ModelResponse => {
                "Regenerate the model answer for this task's own request."
            }
            DuplicateDocument::ModelFailures => {
                "Write the task's own failure analysis from its own answers."
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_other_tasks() {
        let others: Vec<String> = ["a/Pr1", "b/Pr2", "c/Pr3", "d/Pr4"]
            .map(String::from)
            .into();
        let f = duplicate_finding(DuplicateDocument::ModelFailures, &others);
        assert_eq!(f.file, "lib/MODEL_FAILURES.md");
        assert_eq!(
            f.message,
            "the failure analysis is the same document as in a/Pr1, b/Pr2, c/Pr3 and 1 more"
        );
    }
}
