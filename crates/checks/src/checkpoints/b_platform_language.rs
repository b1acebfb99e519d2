//! Checkpoint B — platform–language compatibility.
//!
//! The metadata's platform and language must form a pair of the pipeline's compatibility matrix
//! (cdk: ts, js, py, java, go; cdktf: ts, py, go, java; pulumi: ts, js, py, java, go; tf: hcl;
//! cfn: yaml, json; cicd: yaml, yml; analysis: py). Subject labels that demand a platform
//! ("CI/CD Pipeline" → cicd, the analysis labels → analysis) must agree with it. A task whose
//! pair is outside the matrix cannot be built by the pipeline's templates: the checkpoint fails
//! and lists the valid languages.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::{Evidence, Task};

use super::vocabulary::LABEL_PLATFORMS;

pub fn check(task: &Task) -> Checkpoint {
    let name = "Platform-language compatibility";
    let Some(meta) = &task.metadata else {
        return super::checkpoint(
            "B",
            name,
            CheckStatus::Skip,
            "not checked: no readable metadata.json",
            Vec::new(),
        );
    };
    let (Some(platform), Some(language)) = (meta.platform, meta.language) else {
        let what = match (meta.platform, meta.language) {
            (None, None) => "platform and language",
            (None, _) => "platform",
            _ => "language",
        };
        return super::checkpoint(
            "B",
            name,
            CheckStatus::Fail,
            format!("metadata.json has no valid {what}"),
            Vec::new(),
        );
    };
    let pair = Evidence::new(
        "metadata.json",
        None,
        format!("platform \"{platform}\", language \"{language}\""),
    );
    if !platform.languages().iter().any(|l| l.same_as(language)) {
        let valid: Vec<&str> = platform.languages().iter().map(|l| l.as_str()).collect();
        return super::checkpoint(
            "B",
            name,
            CheckStatus::Fail,
            format!(
                "{platform}/{language} is not a valid pair; {platform} takes {}",
                valid.join(", ")
            ),
            vec![pair],
        );
    }
    let conflicts: Vec<Evidence> = meta
        .subject_labels
        .iter()
        .filter_map(|label| {
            let (_, required) = LABEL_PLATFORMS.iter().find(|(l, _)| l == label)?;
            (*required != platform).then(|| {
                Evidence::new(
                    "metadata.json",
                    None,
                    format!("subject label \"{label}\" requires platform {required}"),
                )
            })
        })
        .collect();
    if !conflicts.is_empty() {
        let message = format!(
            "{platform}/{language} is valid, but {} subject label(s) require another platform",
            conflicts.len()
        );
        let mut evidence = vec![pair];
        evidence.extend(conflicts);
        return super::checkpoint("B", name, CheckStatus::Fail, message, evidence);
    }
    super::checkpoint(
        "B",
        name,
        CheckStatus::Pass,
        format!("{platform}/{language} is in the compatibility matrix"),
        vec![pair],
    )
}
