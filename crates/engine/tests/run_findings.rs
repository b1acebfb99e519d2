//! `review --run` on the reference task: the model's program fails under Pulumi's mocks with
//! the AttributeError of the attribute the API check already reports. It stays one finding, the
//! static API001, now carrying the run's words as its second proof, and the score is unchanged.

use std::path::PathBuf;

use iacgrade_engine::{review_task, review_task_with, ReviewOptions};
use iacgrade_findings::{FindingStatus, Severity};
use iacgrade_run::{RunOptions, Stage, ToolPaths};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The tools' Python can import the Pulumi SDK (else the test is skipped, or fails when
/// IACGRADE_REQUIRE_TOOLS=1).
fn pulumi_installed(tools: &ToolPaths) -> bool {
    let found = tools.find("python").is_some_and(|python| {
        std::process::Command::new(python)
            .args(["-c", "import pulumi, pulumi_aws"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !found {
        assert_ne!(
            std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref(),
            Ok("1"),
            "IACGRADE_REQUIRE_TOOLS=1 and the Pulumi SDK is not installed"
        );
        eprintln!("skipped: the Pulumi SDK is not installed (run tools/install-toolchains.sh)");
    }
    found
}

#[test]
fn the_synth_error_joins_the_api_finding_and_the_score_stays() {
    let tools = ToolPaths::discover(&repo_root());
    if !pulumi_installed(&tools) {
        return;
    }
    let example = repo_root().join("examples/healthcare-analytics");
    let before = review_task(&example).report;
    let options = RunOptions {
        stages: vec![Stage::Build, Stage::Synth],
        tools,
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let judgement = review_task_with(
        &example,
        &ReviewOptions {
            run: Some(options),
            ..ReviewOptions::default()
        },
    );
    let report = &judgement.report;
    assert_eq!(
        report.findings.len(),
        before.findings.len(),
        "{:#?}",
        report.findings
    );
    assert_eq!(
        report.score.as_ref().map(|s| s.value),
        before.score.as_ref().map(|s| s.value)
    );
    let proven: Vec<_> = report
        .findings
        .iter()
        .filter(|f| !f.evidence.is_empty())
        .collect();
    assert_eq!(proven.len(), 1, "{:#?}", report.findings);
    let api = proven[0];
    assert_eq!(api.rule, "API001");
    assert_eq!(api.severity, Severity::Critical);
    assert_eq!(api.status, FindingStatus::Fixed);
    let evidence = &api.evidence[0];
    assert_eq!(evidence.file, "lib/MODEL_RESPONSE.md");
    assert!(
        evidence
            .text
            .contains("AttributeError: module 'pulumi' has no attribute 'providers'"),
        "{evidence:?}"
    );
}
