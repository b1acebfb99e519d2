//! Whether a task has a model answer to judge, and which one.
//!
//! No answer, no verdict: a missing or empty model answer, an answer without code, or code in a
//! language the static front-ends do not read (Go, Java) gives a report that says so, with no
//! findings of the model and no score, instead of a clean bill of health.

use iacgrade_extract::AnswerForm;
use iacgrade_report::JudgedResponse;
use iacgrade_task::{Language, Task};

use crate::sides::TaskSides;

/// Languages the static front-ends read (CloudFormation, Terraform, Python and TypeScript or
/// JavaScript programs).
fn is_read(language: Language) -> bool {
    !matches!(language, Language::Go | Language::Java)
}

/// Why the task's model answer cannot be judged, naming the file; `None` when it can.
pub fn nothing_to_judge(task: &Task, sides: &TaskSides) -> Option<String> {
    let Some(document) = task.final_model_response() else {
        return Some("no model answer: lib/MODEL_RESPONSE.md is missing".to_string());
    };
    let file = &document.path;
    if document.text.trim().is_empty() {
        return Some(format!("the model answer {file} is empty"));
    }
    let form = sides.model.extraction.as_ref().map(|e| &e.form);
    let no_code = sides.model.facts.files.is_empty()
        || matches!(
            form,
            Some(AnswerForm::Empty | AnswerForm::ProseOnly | AnswerForm::Placeholder)
        );
    // Shell sessions and command lines ("npm install", "cdktf synth") are not the answer's
    // infrastructure code.
    let only_commands = sides.model.facts.graph.resources.is_empty()
        && sides.model.facts.files.iter().all(|f| {
            f.declared_language.as_deref().is_some_and(|l| {
                matches!(
                    l.to_ascii_lowercase().as_str(),
                    "bash" | "sh" | "shell" | "console" | "zsh" | "text" | "txt" | "plaintext"
                )
            })
        });
    if no_code || only_commands {
        return Some(format!("the model answer {file} has no code"));
    }
    let language = sides
        .model
        .facts
        .detected
        .as_ref()
        .map(|d| d.language)
        .or_else(|| {
            // Without detection, the declared language decides only when nothing was read.
            task.metadata
                .as_ref()
                .and_then(|m| m.language)
                .filter(|_| sides.model.facts.graph.resources.is_empty())
        });
    match language {
        Some(l) if !is_read(l) => Some(format!(
            "the model answer {file} is written in {}, which iacgrade does not analyse",
            language_name(l)
        )),
        _ => None,
    }
}

fn language_name(language: Language) -> &'static str {
    match language {
        Language::Go => "Go",
        Language::Java => "Java",
        _ => "a language the static front-ends do not read",
    }
}

/// The model answer that is judged (the last turn's), with the request it answers.
pub fn judged_response(task: &Task) -> Option<JudgedResponse> {
    let document = task.final_model_response()?;
    let turns = task.model_responses.len().max(task.prompts.len()).max(1);
    let turn = task.model_responses.len().max(1);
    Some(JudgedResponse {
        file: document.path.clone(),
        prompt: task.prompts.last().map(|p| p.path.clone()),
        turn,
        turns,
    })
}
