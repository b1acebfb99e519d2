//! The reference example (examples/healthcare-analytics, Pulumi Python) run for real: the
//! ideal side lints, compiles, synthesizes under Pulumi's mocks and passes its unit tests with
//! coverage; the model side's synth fails on the attribute the model invented.

mod common;

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

fn example() -> iacgrade_task::Task {
    iacgrade_task::load_task(&common::repo_root().join("examples/healthcare-analytics"))
}

#[test]
fn the_ideal_side_passes_lint_build_synth_and_unit_with_coverage() {
    if !common::tools_present(&["ruff", "pytest"]) {
        return;
    }
    let options = RunOptions {
        stages: vec![Stage::Lint, Stage::Build, Stage::Synth, Stage::Unit],
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let report = run_side(&example(), RunSide::Ideal, &options);
    let summary = serde_json::to_string_pretty(&report).expect("json");
    for stage in [Stage::Lint, Stage::Build, Stage::Synth, Stage::Unit] {
        let result = report.stage(stage).expect("stage reported");
        assert_eq!(result.status, StageStatus::Passed, "{stage:?}: {summary}");
    }
    let synth = report.stage(Stage::Synth).expect("synth");
    assert!(
        synth.figures.resources_synthesized.unwrap_or(0) > 20,
        "{summary}"
    );
    let unit = report.stage(Stage::Unit).expect("unit");
    let coverage = unit.figures.coverage.expect("coverage reported");
    assert!(coverage.lines > 50.0, "{summary}");
    assert!(unit
        .figures
        .tests
        .is_some_and(|t| t.passed > 0 && t.failed == 0));
}

#[test]
fn the_model_side_synth_fails_on_the_invented_providers_attribute() {
    // The failure is Pulumi's own AttributeError: it needs the SDK, not only a Python.
    if !common::python_modules_present(&["pulumi", "pulumi_aws"]) {
        return;
    }
    let options = RunOptions {
        stages: vec![Stage::Synth],
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let report = run_side(&example(), RunSide::Model, &options);
    let summary = serde_json::to_string_pretty(&report).expect("json");
    let synth = report.stage(Stage::Synth).expect("synth");
    assert_eq!(synth.status, StageStatus::Failed, "{summary}");
    assert_eq!(
        synth.figures.first_error.as_deref(),
        Some("AttributeError: module 'pulumi' has no attribute 'providers'"),
        "{summary}"
    );
}
