//! Checkpoints G, H and I of the pipeline (reference/pipeline/validation-checkpoints.md),
//! judged from what a run measured:
//! - **G, build quality gate**: lint, build and synth all pass;
//! - **H, test coverage**: unit tests pass with 100% statement, function and line coverage;
//! - **I, integration test quality**: integration tests read cfn-outputs/flat-outputs.json,
//!   mock nothing, and pass against the deployment.
//!
//! What could not be checked here (a tool not installed) is `skip`, never `pass`.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::{Evidence, Platform};

use crate::options::Stage;
use crate::report::{RunReport, StageResult, StageStatus};

/// The coverage the pipeline requires, in percent.
pub const REQUIRED_COVERAGE: f64 = 100.0;

pub fn checkpoints(report: &RunReport) -> Vec<Checkpoint> {
    vec![build_gate(report), coverage(report), integration(report)]
}

fn checkpoint(id: &str, name: &str, status: CheckStatus, message: String) -> Checkpoint {
    Checkpoint {
        id: id.to_string(),
        name: name.to_string(),
        status,
        message,
        evidence: Vec::new(),
    }
}

/// Evidence for a stage that did not pass: its first error line.
fn evidence_of(result: &StageResult) -> Option<Evidence> {
    result
        .figures
        .first_error
        .as_ref()
        .map(|e| Evidence::new(format!("run:{}", result.stage.as_str()), None, e.clone()))
}

fn build_gate(report: &RunReport) -> Checkpoint {
    const NAME: &str = "Build quality gate";
    let stages: Vec<&StageResult> = [Stage::Lint, Stage::Build, Stage::Synth]
        .iter()
        .filter_map(|s| report.stage(*s))
        .collect();
    if stages.is_empty() {
        return checkpoint(
            "G",
            NAME,
            CheckStatus::Skip,
            "not run: lint, build and synth were not requested".into(),
        );
    }
    let failed: Vec<&&StageResult> = stages
        .iter()
        .filter(|s| matches!(s.status, StageStatus::Failed | StageStatus::TimedOut))
        .collect();
    let not_checked: Vec<&&StageResult> = stages
        .iter()
        .filter(|s| s.status == StageStatus::NotChecked)
        .collect();
    let summary = stages
        .iter()
        .map(|s| format!("{} {}", s.stage.as_str(), s.status.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut cp = if !failed.is_empty() {
        let first = failed[0];
        checkpoint(
            "G",
            NAME,
            CheckStatus::Fail,
            format!("{summary}: {}", first.reason),
        )
    } else if !not_checked.is_empty() {
        checkpoint(
            "G",
            NAME,
            CheckStatus::Skip,
            format!("{summary}: {}", not_checked[0].reason),
        )
    } else if stages.iter().all(|s| s.status == StageStatus::Skipped) {
        checkpoint(
            "G",
            NAME,
            CheckStatus::Skip,
            format!("{summary}: nothing applicable to run"),
        )
    } else {
        checkpoint("G", NAME, CheckStatus::Pass, summary)
    };
    cp.evidence = failed.iter().filter_map(|s| evidence_of(s)).collect();
    cp
}

fn coverage(report: &RunReport) -> Checkpoint {
    const NAME: &str = "Test coverage";
    let Some(unit) = report.stage(Stage::Unit) else {
        return checkpoint(
            "H",
            NAME,
            CheckStatus::Skip,
            "not run: the unit stage was not requested".into(),
        );
    };
    let mut cp = match unit.status {
        StageStatus::NotChecked | StageStatus::Skipped => {
            checkpoint("H", NAME, CheckStatus::Skip, unit.reason.clone())
        }
        StageStatus::Failed | StageStatus::TimedOut => {
            checkpoint("H", NAME, CheckStatus::Fail, unit.reason.clone())
        }
        StageStatus::Passed => match unit.figures.coverage {
            Some(c) if c.lowest() >= REQUIRED_COVERAGE => checkpoint(
                "H",
                NAME,
                CheckStatus::Pass,
                format!("{}; coverage {}%", unit.reason, c.lines),
            ),
            Some(c) => checkpoint(
                "H",
                NAME,
                CheckStatus::Fail,
                format!(
                    "{}; coverage {}% (lowest figure), below the required {REQUIRED_COVERAGE}%",
                    unit.reason,
                    c.lowest()
                ),
            ),
            None if report.platform == Some(Platform::Cfn) => checkpoint(
                "H",
                NAME,
                CheckStatus::Pass,
                format!("{}; a template has no code to cover", unit.reason),
            ),
            None => checkpoint(
                "H",
                NAME,
                CheckStatus::Warn,
                format!(
                    "{}; coverage not measured (no code measured, or no coverage tool)",
                    unit.reason
                ),
            ),
        },
    };
    if let Some(e) = evidence_of(unit) {
        if unit.status != StageStatus::Passed {
            cp.evidence.push(e);
        }
    }
    cp
}

fn integration(report: &RunReport) -> Checkpoint {
    const NAME: &str = "Integration test quality";
    let Some(integ) = report.stage(Stage::Integration) else {
        return checkpoint(
            "I",
            NAME,
            CheckStatus::Skip,
            "not run: the integration stage was not requested".into(),
        );
    };
    let mocking = &integ.figures.mocking;
    if !mocking.is_empty() {
        let mut cp = checkpoint(
            "I",
            NAME,
            CheckStatus::Fail,
            format!(
                "integration tests mock AWS ({} place(s)): they prove nothing about the deployment",
                mocking.len()
            ),
        );
        cp.evidence = mocking
            .iter()
            .take(5)
            .map(|m| {
                let (place, text) = m.split_once(": ").unwrap_or((m.as_str(), ""));
                let (file, line) = place.rsplit_once(':').unwrap_or((place, ""));
                Evidence::new(file, line.parse().ok(), text)
            })
            .collect();
        return cp;
    }
    let mut cp = match integ.status {
        StageStatus::Passed if integ.figures.reads_outputs == Some(false) => checkpoint(
            "I",
            NAME,
            CheckStatus::Warn,
            format!(
                "{}; but no test reads cfn-outputs/flat-outputs.json",
                integ.reason
            ),
        ),
        StageStatus::Passed => checkpoint("I", NAME, CheckStatus::Pass, integ.reason.clone()),
        StageStatus::Failed | StageStatus::TimedOut => {
            checkpoint("I", NAME, CheckStatus::Fail, integ.reason.clone())
        }
        StageStatus::NotChecked | StageStatus::Skipped => {
            checkpoint("I", NAME, CheckStatus::Skip, integ.reason.clone())
        }
    };
    if integ.status != StageStatus::Passed {
        cp.evidence.extend(evidence_of(integ));
    }
    cp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::RunSide;
    use crate::report::Coverage;

    fn report(platform: Platform, stages: Vec<StageResult>) -> RunReport {
        RunReport {
            side: RunSide::Model,
            platform: Some(platform),
            language: None,
            workspace: None,
            aws: "emulator".into(),
            stages,
            diagnostics: Vec::new(),
            sources: Vec::new(),
        }
    }

    fn stage(stage: Stage, status: StageStatus, reason: &str) -> StageResult {
        StageResult::new(stage, status, reason)
    }

    fn statuses(r: &RunReport) -> Vec<CheckStatus> {
        checkpoints(r).into_iter().map(|c| c.status).collect()
    }

    #[test]
    fn a_failed_synth_fails_g_with_its_first_error_as_evidence() {
        let mut synth = stage(Stage::Synth, StageStatus::Failed, "the program failed");
        synth.figures.first_error = Some("AttributeError: no attribute 'providers'".into());
        let r = report(
            Platform::Pulumi,
            vec![
                stage(Stage::Lint, StageStatus::Passed, "ruff check passed"),
                synth,
            ],
        );
        let g = &checkpoints(&r)[0];
        assert_eq!(g.status, CheckStatus::Fail);
        assert_eq!(
            g.evidence[0].text,
            "AttributeError: no attribute 'providers'"
        );
        insta::assert_json_snapshot!(checkpoints(&r));
    }

    #[test]
    fn coverage_below_100_fails_h_and_100_passes() {
        let mut unit = stage(Stage::Unit, StageStatus::Passed, "unit tests passed");
        unit.figures.coverage = Some(Coverage {
            lines: 100.0,
            statements: Some(100.0),
            functions: Some(97.5),
            branches: None,
        });
        let r = report(Platform::Cdk, vec![unit.clone()]);
        assert_eq!(statuses(&r)[1], CheckStatus::Fail);
        unit.figures.coverage = Some(Coverage {
            lines: 100.0,
            ..Coverage::default()
        });
        let r = report(Platform::Cdk, vec![unit.clone()]);
        assert_eq!(statuses(&r)[1], CheckStatus::Pass);
        unit.figures.coverage = None;
        assert_eq!(
            statuses(&report(Platform::Cdk, vec![unit.clone()]))[1],
            CheckStatus::Warn
        );
        assert_eq!(
            statuses(&report(Platform::Cfn, vec![unit]))[1],
            CheckStatus::Pass
        );
    }

    #[test]
    fn mocked_integration_tests_fail_i_even_when_they_pass() {
        let mut integ = stage(Stage::Integration, StageStatus::Passed, "8 passed");
        integ.figures.mocking = vec!["test/a.int.test.ts:3: jest.mock('aws-sdk')".into()];
        let r = report(Platform::Cdk, vec![integ]);
        let i = &checkpoints(&r)[2];
        assert_eq!(i.status, CheckStatus::Fail);
        assert_eq!(i.evidence[0].file, "test/a.int.test.ts");
        assert_eq!(i.evidence[0].line, Some(3));
    }

    #[test]
    fn not_checked_is_never_a_pass() {
        let r = report(
            Platform::Tf,
            vec![
                stage(Stage::Lint, StageStatus::Passed, "fmt passed"),
                stage(
                    Stage::Build,
                    StageStatus::NotChecked,
                    "not checked: terraform not installed",
                ),
                stage(
                    Stage::Unit,
                    StageStatus::NotChecked,
                    "not checked: pytest not installed",
                ),
                stage(Stage::Integration, StageStatus::NotChecked, "not checked"),
            ],
        );
        assert_eq!(
            statuses(&r),
            [CheckStatus::Skip, CheckStatus::Skip, CheckStatus::Skip]
        );
        assert_eq!(
            statuses(&report(Platform::Tf, vec![])),
            [CheckStatus::Skip, CheckStatus::Skip, CheckStatus::Skip]
        );
    }
}
