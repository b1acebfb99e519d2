//! TSK001 ideal-identical-to-model: the ideal answer is the model answer again — the same
//! document, or the same code in every block.
//!
//! Why: a task's training value is the difference between what the model wrote and what it
//! should have written. An ideal answer that repeats the model answer shows no correction, so
//! every failure the task's MODEL_FAILURES.md describes is unsupported by the task itself, and a
//! task scored on it teaches nothing. Usually a copy step went wrong when the task was assembled.
//!
//! Example: `lib/IDEAL_RESPONSE.md` and `lib/MODEL_RESPONSE.md` hold the same template, byte for
//! byte apart from trailing spaces. Fix: put the corrected, deployed code in
//! `lib/IDEAL_RESPONSE.md` (or drop the task if the model answer needed no correction).
//!
//! References: the pipeline's checkpoint on the ideal response
//! (`../reference/pipeline/`), which requires the ideal answer to be the code that deployed.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::Origin;

use super::{comparable_text, finding, TaskRule};
use crate::CheckInput;

pub const RULE: TaskRule = TaskRule {
    id: "TSK001",
    name: "ideal-identical-to-model",
    severity: Severity::High,
    documentation: "The ideal answer repeats the model answer (the same document, or the same code in every block): the task shows no correction.",
    check: Some(check),
};

/// The code blocks an answer document gave, in order, as compared.
fn answer_code(files: &[iacgrade_task::SourceFile], origin: Origin) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.origin == origin)
        .map(|f| comparable_text(&f.text))
        .filter(|t| !t.is_empty())
        .collect()
}

fn check(input: &CheckInput) -> Vec<Finding> {
    let (Some(model), Some(ideal)) = (
        input.task.final_model_response(),
        input.task.ideal_response.as_ref(),
    ) else {
        return Vec::new();
    };
    let model_text = comparable_text(&model.text);
    if model_text.is_empty() {
        return Vec::new();
    }
    let message = if model_text == comparable_text(&ideal.text) {
        format!(
            "{} is the same document as {}: the task shows no correction",
            ideal.path, model.path
        )
    } else {
        let model_code = answer_code(&input.model.files, Origin::ModelResponse);
        let ideal_code = answer_code(&input.ideal.files, Origin::IdealResponse);
        if model_code.is_empty() || model_code != ideal_code {
            return Vec::new();
        }
        format!(
            "every code block of {} is the same as in {} ({} block(s)); only the prose differs",
            ideal.path,
            model.path,
            model_code.len()
        )
    };
    vec![finding(
        &RULE,
        Side::Task,
        FindingStatus::Standing,
        &ideal.path,
        None,
        message,
        "Put the corrected, deployed code in the ideal answer, or drop the task if the model answer needed no correction.",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrity::fixtures::{facts, task};

    #[test]
    fn the_same_document_or_the_same_code_is_reported() {
        let answer = "Here it is.\n\n```yaml\nResources:\n  Box:\n    Type: AWS::SQS::Queue\n```\n";
        let t = task(
            "Make a queue.",
            Some(answer),
            Some(&format!("{answer}  \n")),
        );
        let none = facts(&[], None);
        let input = CheckInput {
            task: &t,
            model: &none,
            ideal: &none,
        };
        let found = check(&input);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("same document"),
            "{}",
            found[0].message
        );

        // Other prose, the same code.
        let t = task(
            "Make a queue.",
            Some(answer),
            Some("Fixed version below.\n"),
        );
        let code = "Resources:\n  Box:\n    Type: AWS::SQS::Queue";
        let model = facts(&[("lib/TapStack.yml", code, Origin::ModelResponse)], None);
        let ideal = facts(&[("lib/TapStack.yml", code, Origin::IdealResponse)], None);
        let found = check(&CheckInput {
            task: &t,
            model: &model,
            ideal: &ideal,
        });
        assert!(found[0].message.contains("only the prose differs"));

        // Changed code: nothing to report.
        let changed = facts(
            &[(
                "lib/TapStack.yml",
                "Resources:\n  Box:\n    Type: AWS::SNS::Topic",
                Origin::IdealResponse,
            )],
            None,
        );
        assert!(check(&CheckInput {
            task: &t,
            model: &model,
            ideal: &changed
        })
        .is_empty());
    }
}
