//! TSK006 truncated-model-answer: the model answer stops inside a code block — its last fence
//! never closes — so the code it was writing is cut off mid-construct.
//!
//! Why: a cut-off program does not parse, build or deploy, whatever the code before the cut
//! does well. It is the model's failure (the answer ran out of length), critical, and `fixed`
//! when the ideal answer has complete code. Reported as a finding so it counts, not only as an
//! input problem of the document.
//!
//! Example: a MODEL_RESPONSE.md whose last lines are ```` ```typescript ```` followed by half a
//! class and no closing fence. Fix: a complete answer — split a long answer into files, or
//! regenerate with room for the whole program.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::Origin;

use super::{finding, TaskRule};
use crate::CheckInput;

pub const RULE: TaskRule = TaskRule {
    id: "TSK006",
    name: "truncated-model-answer",
    severity: Severity::Critical,
    documentation:
        "The model answer stops inside a code block that never closes: the code is cut off.",
    check: Some(check),
};

/// Lines of code after the last opening fence that needs a close, when the document ends
/// before it closes: the line of the fence and how many code lines follow it.
pub fn unclosed_last_fence(text: &str) -> Option<(usize, usize)> {
    let mut open: Option<(usize, char, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let rest = line.trim_start();
        let Some(c) = rest.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let len = rest.chars().take_while(|x| *x == c).count();
        if len < 3 {
            continue;
        }
        match open {
            Some((_, oc, olen)) if oc == c && len >= olen && rest[len..].trim().is_empty() => {
                open = None;
            }
            Some(_) => {}
            None => open = Some((i + 1, c, len)),
        }
    }
    let (at, _, _) = open?;
    let code_lines = text
        .lines()
        .skip(at)
        .filter(|l| !l.trim().is_empty())
        .count();
    // A bare fence at the very end with nothing after it is a stray, not a cut.
    (code_lines >= 3).then_some((at, code_lines))
}

fn check(input: &CheckInput) -> Vec<Finding> {
    let Some(model) = input.task.final_model_response() else {
        return Vec::new();
    };
    let Some((at, lines)) = unclosed_last_fence(&model.text) else {
        return Vec::new();
    };
    let ideal_complete = input.task.ideal_response.as_ref().map(|ideal| {
        unclosed_last_fence(&ideal.text).is_none()
            && input
                .ideal
                .files
                .iter()
                .any(|f| f.origin == Origin::IdealResponse)
    });
    let status = match ideal_complete {
        Some(true) => FindingStatus::Fixed,
        Some(false) => FindingStatus::Standing,
        None if !input.ideal.files.is_empty() => FindingStatus::Fixed,
        None => FindingStatus::Unfixed,
    };
    let mut f = finding(
        &RULE,
        Side::Model,
        status,
        &model.path,
        Some(at),
        format!(
            "the model answer ends inside the code block opened at line {at} ({lines} lines, no closing fence): the code is cut off"
        ),
        "Give the complete program; split a long answer into files.",
    );
    f.category = "A".into();
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_that_ends_inside_a_block() {
        let cut = "Intro\n\n```ts\nconst a = 1;\n```\n\nMore\n\n```ts\nclass Stack {\n  constructor() {\n    new Bucket(this, 'b', {\n";
        assert_eq!(unclosed_last_fence(cut), Some((9, 3)));
        let whole = "```ts\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```\nDone.\n";
        assert_eq!(unclosed_last_fence(whole), None);
        // A longer closing fence closes; an inner shorter one does not.
        let nested = "````md\n```ts\nx\n```\n````\n";
        assert_eq!(unclosed_last_fence(nested), None);
    }
}
