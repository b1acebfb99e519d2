//! Checkpoint E — platform code compliance.
//!
//! The corrected code (the ideal answer, completed by the project files) must be written for the
//! platform and in the language metadata.json declares: a CDK task in CDKTF, or a TypeScript task in
//! JavaScript, is a different task. The decision comes from the code itself (imports and
//! constructs), with the line that decided as evidence. The model answer is detected too and
//! reported in the message: a model that answered on the wrong platform has failed critically,
//! but that is the model's failure, not the task's, so it does not change this checkpoint.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::Evidence;

use crate::{CheckInput, SideFacts};

pub fn check(input: &CheckInput) -> Checkpoint {
    let name = "Platform code compliance";
    let meta = input.task.metadata.as_ref();
    let (Some(platform), Some(language)) =
        (meta.and_then(|m| m.platform), meta.and_then(|m| m.language))
    else {
        return super::checkpoint(
            "E",
            name,
            CheckStatus::Skip,
            "not checked: metadata.json has no valid platform and language",
            Vec::new(),
        );
    };
    let model_note = model_note(input.model, platform, language);
    let Some(ideal) = &input.ideal.detected else {
        let why = if input.ideal.files.is_empty() {
            "the ideal answer holds no code"
        } else {
            "no platform could be told from the ideal code"
        };
        return super::checkpoint(
            "E",
            name,
            CheckStatus::Warn,
            format!("not checked: {why}{model_note}"),
            Vec::new(),
        );
    };
    let evidence: Vec<Evidence> = ideal.evidence.clone();
    if ideal.platform == platform && ideal.language.same_as(language) {
        super::checkpoint(
            "E",
            name,
            CheckStatus::Pass,
            format!("ideal code is {platform}/{language} as declared{model_note}"),
            evidence,
        )
    } else {
        super::checkpoint(
            "E",
            name,
            CheckStatus::Fail,
            format!(
                "metadata declares {platform}/{language} but the ideal code is {}/{}{model_note}",
                ideal.platform, ideal.language
            ),
            evidence,
        )
    }
}

fn model_note(
    model: &SideFacts,
    platform: iacgrade_task::Platform,
    language: iacgrade_task::Language,
) -> String {
    match &model.detected {
        Some(d) if d.platform == platform && d.language.same_as(language) => {
            "; the model answer matches".into()
        }
        Some(d) => format!(
            "; the model answer is {}/{}{}",
            d.platform,
            d.language,
            d.evidence
                .first()
                .map(|e| format!(
                    " ({}{}: {})",
                    e.file,
                    e.line.map(|l| format!(":{l}")).unwrap_or_default(),
                    e.text
                ))
                .unwrap_or_default()
        ),
        None if model.files.is_empty() => "; the model answer holds no code".into(),
        None => "; no platform could be told from the model answer".into(),
    }
}
