//! `review --run`: the run stage's verdicts (checkpoints G, H, I) joined into a review. The ideal
//! side decides each checkpoint's status, since the checkpoints judge the task; the model side's
//! result is added to the message and evidence, since that is where a model's program that does
//! not build or synthesize shows.

use iacgrade_findings::Checkpoint;
use iacgrade_report::Report;
use iacgrade_run::{checkpoints, RunOptions, RunReport, RunSide};

use crate::Judgement;

/// Runs both sides with `options` and adds G, H and I to the report (before K, in id order).
pub fn add_run_checkpoints(judgement: &mut Judgement, options: &RunOptions) -> [RunReport; 2] {
    let ideal = iacgrade_run::run_side(&judgement.task, RunSide::Ideal, options);
    let model = iacgrade_run::run_side(&judgement.task, RunSide::Model, options);
    let joined = join(checkpoints(&ideal), checkpoints(&model));
    insert_in_order(&mut judgement.report, joined);
    [ideal, model]
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
