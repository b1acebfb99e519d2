//! `review --existing`: the task's own lib/MODEL_FAILURES.md, each failure verified against the
//! answers and paired with iacgrade's finding at the same place or name.

use crate::Judgement;

/// Adds the verified labels and the comparison to the report; nothing when the task has no
/// MODEL_FAILURES.md.
pub(crate) fn add_existing(judgement: &mut Judgement) {
    let Some(doc) = &judgement.task.model_failures else {
        return;
    };
    let labels = iacgrade_labels::parse_labels(doc);
    // A multi-turn task's labels often describe an earlier turn's answer: every turn's code is
    // the model's.
    let task = &judgement.task;
    let mut model_files = judgement.sides.model.facts.files.clone();
    let earlier = task.model_responses.len().saturating_sub(1);
    for response in &task.model_responses[..earlier] {
        let extraction =
            iacgrade_extract::extract_answer(response, iacgrade_task::Origin::ModelResponse);
        model_files.extend(extraction.files);
    }
    let answers = iacgrade_labels::Answers {
        model: &model_files,
        ideal: &judgement.sides.ideal.facts.files,
    };
    let report = &mut judgement.report;
    let verified = iacgrade_labels::verify_labels(&labels, &answers, &report.findings);
    let labelled: Vec<_> = labels.into_iter().map(|l| l.failure).collect();
    report.existing = Some(iacgrade_labels::compare(
        &labelled,
        &verified,
        &report.findings,
    ));
    report.existing_labels = Some(verified);
}
