//! TSK002 ideal-without-code: `lib/IDEAL_RESPONSE.md` holds no code — prose, a placeholder or
//! nothing — so the ideal answer cannot show what the correction is.
//!
//! Why: every status iacgrade gives ("fixed" means the ideal side has code for the same place
//! and it differs there) and every labelled failure of MODEL_FAILURES.md needs the corrected code
//! to be checked against. Without it the task's failures are claims nobody can verify. When the
//! project's files supply the code, the ideal document is still incomplete: a reader of the task
//! sees no corrected answer. High when no code exists on the ideal side at all; medium when the
//! project's files stand in for it.
//!
//! Example: an ideal answer that reads "The final implementation is in lib/ and was deployed
//! successfully." Fix: put the deployed code in `lib/IDEAL_RESPONSE.md`, with each file's path.
//!
//! References: the pipeline's task layout (`../reference/pipeline/`), where
//! `lib/IDEAL_RESPONSE.md` holds the corrected answer in the same form as the model's.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::Origin;

use super::{finding, TaskRule};
use crate::CheckInput;

pub const RULE: TaskRule = TaskRule {
    id: "TSK002",
    name: "ideal-without-code",
    severity: Severity::High,
    documentation:
        "The ideal answer document holds no code: the correction cannot be seen or checked.",
    check: Some(check),
};

fn check(input: &CheckInput) -> Vec<Finding> {
    let Some(ideal) = input.task.ideal_response.as_ref() else {
        return Vec::new();
    };
    let shows_code = input
        .ideal
        .files
        .iter()
        .any(|f| f.origin == Origin::IdealResponse && !f.text.trim().is_empty());
    if shows_code {
        return Vec::new();
    }
    let project_code = input
        .ideal
        .files
        .iter()
        .filter(|f| f.origin == Origin::Project && !f.is_document() && !f.is_test())
        .count();
    let mut f = finding(
        &RULE,
        Side::Task,
        FindingStatus::Standing,
        &ideal.path,
        None,
        if project_code > 0 {
            format!(
                "{} holds no code; only the project's {project_code} file(s) show the corrected answer",
                ideal.path
            )
        } else {
            format!(
                "{} holds no code and the task has no project files: no corrected answer to compare with",
                ideal.path
            )
        },
        "Put the deployed code in the ideal answer, each block with its file's path.",
    );
    if project_code > 0 {
        f.severity = Severity::Medium;
    }
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrity::fixtures::{facts, task};

    #[test]
    fn prose_only_ideal_is_reported_and_project_code_lowers_it() {
        let t = task(
            "Make a queue.",
            Some("x"),
            Some("The stack was deployed and works."),
        );
        let none = facts(&[], None);
        let found = check(&CheckInput {
            task: &t,
            model: &none,
            ideal: &none,
        });
        assert_eq!(found[0].severity, Severity::High);

        let project = facts(
            &[("lib/tap-stack.ts", "new Queue(this, 'q');", Origin::Project)],
            None,
        );
        let found = check(&CheckInput {
            task: &t,
            model: &none,
            ideal: &project,
        });
        assert_eq!(found[0].severity, Severity::Medium);

        let shown = facts(
            &[(
                "lib/tap-stack.ts",
                "new Queue(this, 'q');",
                Origin::IdealResponse,
            )],
            None,
        );
        assert!(check(&CheckInput {
            task: &t,
            model: &none,
            ideal: &shown
        })
        .is_empty());
    }
}
