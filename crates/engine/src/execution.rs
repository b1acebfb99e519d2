//! `review --run` and `corpus --run`: the run stage's verdicts (checkpoints G, H, I) joined into a
//! review. The ideal side decides each checkpoint's status, since the checkpoints judge the task;
//! the model side's result is added to the message and evidence, since that is where a model's
//! program that does not build or synthesize shows. What the model side's run proves becomes
//! findings of the toolchain family (EXE), selected, suppressed and scored like every other
//! finding.

use iacgrade_findings::{Checkpoint, Finding, Side};
use iacgrade_report::{Report, RunSideSummary, RunStageSummary};
use iacgrade_run::{checkpoints, toolchain_findings, RunOptions, RunReport, RunSide};
use iacgrade_task::Task;

/// Runs both sides of `task` with `options`, adds checkpoints G, H and I and the stage summaries
/// to `report`, and adds the findings the model side's run proves to `findings`. A tool's error
/// at the place of a finding the API check already made adds its words to that finding's
/// evidence: one mistake, one finding, two proofs.
pub(crate) fn run_and_prove(
    task: &Task,
    report: &mut Report,
    findings: &mut Vec<Finding>,
    options: &RunOptions,
) {
    let ideal = iacgrade_run::run_side(task, RunSide::Ideal, options);
    let model = iacgrade_run::run_side(task, RunSide::Model, options);
    let joined = join(checkpoints(&ideal), checkpoints(&model));
    insert_in_order(report, joined);
    report.run = vec![summary(&ideal), summary(&model)];
    let has_ideal = task.ideal_response.is_some() || task.has_project_tree();
    for mut finding in toolchain_findings(&model, has_ideal.then_some(&ideal)) {
        let line = finding.line;
        let proven_already = findings.iter_mut().find(|f| {
            f.side == Side::Model
                && f.rule.starts_with("API")
                && line.is_some_and(|l| f.is_at(&finding.file, l))
        });
        if let Some(existing) = proven_already {
            existing.evidence.append(&mut finding.evidence);
            continue;
        }
        iacgrade_analysis::classify::classify(&mut finding);
        findings.push(finding);
    }
}

/// A side's run as the report keeps it: the stages, without their logs.
fn summary(run: &RunReport) -> RunSideSummary {
    RunSideSummary {
        side: run.side.as_str().to_string(),
        stages: run
            .stages
            .iter()
            .map(|s| RunStageSummary {
                stage: s.stage.as_str().to_string(),
                status: s.status.as_str().to_string(),
                reason: s.reason.clone(),
                first_error: s.figures.first_error.clone(),
                duration_ms: s.duration_ms,
            })
            .collect(),
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
