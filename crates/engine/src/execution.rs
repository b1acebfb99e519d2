//! `review --run`: the run stage's verdicts (checkpoints G, H, I) joined into a review. The ideal
//! side decides each checkpoint's status, since the checkpoints judge the task; the model side's
//! result is added to the message and evidence, since that is where a model's program that does
//! not build or synthesize shows. What the model side's run proves becomes findings of the
//! toolchain family (EXE), scored like every other finding.

use iacgrade_findings::{Checkpoint, Finding, Side};
use iacgrade_report::Report;
use iacgrade_run::{checkpoints, toolchain_findings, RunOptions, RunReport, RunSide};

use crate::Judgement;

/// Runs both sides with `options` and adds G, H and I to the report (before K, in id order).
pub fn add_run_checkpoints(judgement: &mut Judgement, options: &RunOptions) -> [RunReport; 2] {
    let ideal = iacgrade_run::run_side(&judgement.task, RunSide::Ideal, options);
    let model = iacgrade_run::run_side(&judgement.task, RunSide::Model, options);
    let joined = join(checkpoints(&ideal), checkpoints(&model));
    insert_in_order(&mut judgement.report, joined);
    [ideal, model]
}

/// Adds the findings the model side's run proves, compared with the ideal side's run, and
/// scores them with `policy` (the embedded one when `None`). A tool's error at the place of a
/// finding the API check already made adds its words to that finding's evidence: one mistake,
/// one finding, two proofs.
pub fn add_run_findings(
    judgement: &mut Judgement,
    ideal: &RunReport,
    model: &RunReport,
    policy: Option<&iacgrade_score::Policy>,
) {
    let has_ideal = judgement.task.ideal_response.is_some() || judgement.task.has_project_tree();
    let found = toolchain_findings(model, has_ideal.then_some(ideal));
    let mut added: Vec<Finding> = Vec::new();
    for mut finding in found {
        let line = finding.line;
        let proven_already = judgement.report.findings.iter_mut().find(|f| {
            f.side == Side::Model
                && f.rule.starts_with("API")
                && line.is_some_and(|l| f.is_at(&finding.file, l))
        });
        if let Some(existing) = proven_already {
            existing.evidence.append(&mut finding.evidence);
            continue;
        }
        iacgrade_analysis::classify::classify(&mut finding);
        added.push(finding);
    }
    if added.is_empty() {
        return;
    }
    judgement.report.findings.extend(added.iter().cloned());
    if let Some(input) = judgement.score_input.take() {
        let input = input.with_findings(added.iter());
        let policy = policy.unwrap_or_else(|| iacgrade_score::Policy::embedded());
        let score = iacgrade_score::score(&input, policy);
        judgement.report.score = Some(crate::review::report_score(score));
        judgement.score_input = Some(input);
    }
}

fn join(ideal: Vec<Checkpoint>, model: Vec<Checkpoint>) -> Vec<Checkpoint> {
    ideal
        .into_iter()
        .map(|mut c| {
            if let Some(m) = model.iter().find(|m| m.id == c.id) {
                c.message = format!(
                    "ideal: {} ({}); model: {} ({})",
                    c.status.as_str(),
                    c.message,
                    m.status.as_str(),
                    m.message
                );
                c.evidence.extend(m.evidence.iter().cloned().map(|mut e| {
                    e.file = format!("model {}", e.file);
                    e
                }));
            }
            c
        })
        .collect()
}

fn insert_in_order(report: &mut Report, new: Vec<Checkpoint>) {
    report
        .checkpoints
        .retain(|c| !new.iter().any(|n| n.id == c.id));
    report.checkpoints.extend(new);
    report.checkpoints.sort_by(|a, b| a.id.cmp(&b.id));
}
