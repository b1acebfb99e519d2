//! `review --run` and `corpus --run`: the run stage's verdicts (checkpoints G, H, I) joined into a
//! review. The ideal side decides each checkpoint's status, since the checkpoints judge the task;
//! the model side's result is added to the message and evidence, since that is where a model's
//! program that does not build or synthesize shows. What the model side's run proves becomes
//! findings of the toolchain family (EXE), selected, suppressed and scored like every other
//! finding.

use std::time::{Duration, Instant};

use iacgrade_findings::{Checkpoint, Finding, FindingStatus, Side};
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
    let timed = |side| {
        let started = Instant::now();
        let run = iacgrade_run::run_side(task, side, options);
        (run, started.elapsed())
    };
    let (ideal, ideal_time) = timed(RunSide::Ideal);
    let (model, model_time) = timed(RunSide::Model);
    let joined = join(checkpoints(&ideal), checkpoints(&model));
    insert_in_order(report, joined);
    report.run = vec![summary(&ideal, ideal_time), summary(&model, model_time)];
    let has_ideal = task.ideal_response.is_some() || task.has_project_tree();
    merge_run_findings(
        findings,
        toolchain_findings(&model, has_ideal.then_some(&ideal)),
    );
}

/// Adds the run's findings to the static ones. A run finding at the place of a finding of the
/// API check joins it as a second proof; when the ideal side passed the stage there, the
/// static finding becomes `fixed` (the ideal does not have the mistake, whatever its text shows
/// of it).
fn merge_run_findings(findings: &mut Vec<Finding>, run_found: Vec<Finding>) {
    for mut finding in run_found {
        let line = finding.line;
        let proven_already = findings.iter_mut().find(|f| {
            f.side == Side::Model
                && f.rule.starts_with("API")
                && line.is_some_and(|l| f.is_at(&finding.file, l))
        });
        if let Some(existing) = proven_already {
            existing.evidence.append(&mut finding.evidence);
            if finding.status == FindingStatus::Fixed && existing.status == FindingStatus::Unfixed {
                existing.status = FindingStatus::Fixed;
            }
            continue;
        }
        iacgrade_analysis::classify::classify(&mut finding);
        findings.push(finding);
    }
}

/// A side's run as the report keeps it: the stages, without their logs.
fn summary(run: &RunReport, took: Duration) -> RunSideSummary {
    RunSideSummary {
        side: run.side.as_str().to_string(),
        duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
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

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_findings::Severity;
    use iacgrade_task::Evidence;

    fn finding(rule: &str, status: FindingStatus, line: usize) -> Finding {
        Finding {
            rule: rule.into(),
            name: "rule-name".into(),
            severity: Severity::Critical,
            category: "C".into(),
            status,
            side: Side::Model,
            file: "lib/tap_stack.py".into(),
            line: Some(line),
            message: "message".into(),
            model_snippet: None,
            ideal_snippet: None,
            root_cause: None,
            fix: None,
            docs: None,
            also_at: Vec::new(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn a_run_proof_at_an_api_finding_joins_it_and_a_passing_ideal_makes_it_fixed() {
        let mut findings = vec![finding("API001", FindingStatus::Unfixed, 21)];
        let mut proof = finding("EXE002", FindingStatus::Fixed, 21);
        proof.evidence = vec![Evidence::new(
            "lib/MODEL_RESPONSE.md",
            Some(37),
            "ImportError",
        )];
        merge_run_findings(&mut findings, vec![proof]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, FindingStatus::Fixed);
        assert_eq!(findings[0].evidence.len(), 1);
    }

    #[test]
    fn a_run_proof_the_ideal_cannot_vouch_for_leaves_the_status_and_elsewhere_is_its_own() {
        let mut findings = vec![finding("API001", FindingStatus::Unfixed, 21)];
        merge_run_findings(
            &mut findings,
            vec![
                finding("EXE002", FindingStatus::Unfixed, 21),
                finding("EXE001", FindingStatus::Fixed, 40),
            ],
        );
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].status, FindingStatus::Unfixed);
        assert_eq!(findings[1].rule, "EXE001");
    }
}
