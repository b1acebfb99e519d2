//! The CloudFormation fixture task runs end to end against the embedded emulator: lint,
//! synth, unit tests, deploy (outputs written), integration tests against the deployment,
//! and the stack deleted afterwards.

mod common;

use iacgrade_findings::CheckStatus;
use iacgrade_run::{checkpoints, run_side, RunOptions, RunSide, Stage, StageStatus, OUTPUTS_FILE};

#[test]
fn the_cfn_fixture_deploys_to_the_emulator_and_its_integration_tests_pass() {
    if !common::tools_present(&["moto_server", "cfn-lint", "pytest"]) {
        return;
    }
    let task = iacgrade_task::load_task(&common::fixture("cfn-ecs-service"));
    let options = RunOptions {
        stages: Stage::ALL.to_vec(),
        keep_workspace: true,
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(180),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let workspace = report.workspace.clone().expect("a workspace");
    let summary = serde_json::to_string_pretty(&report).expect("json");
    let stage = |s: Stage| report.stage(s).expect("stage reported");

    for s in [
        Stage::Lint,
        Stage::Synth,
        Stage::Unit,
        Stage::Deploy,
        Stage::Integration,
    ] {
        assert_eq!(stage(s).status, StageStatus::Passed, "{s:?}: {summary}");
    }
    assert_eq!(stage(Stage::Build).status, StageStatus::Skipped);

    let deploy = &stage(Stage::Deploy).figures;
    assert_eq!(deploy.resources_created.len(), 12, "{summary}");
    assert!(deploy.not_verified.is_empty(), "{summary}");
    assert_eq!(
        deploy.stack_deleted,
        Some(true),
        "the stack must be gone: {summary}"
    );
    let suffix = deploy
        .outputs
        .get("EnvironmentSuffix")
        .expect("suffix output");
    assert!(deploy.outputs["ClusterName"].ends_with(suffix.as_str()));

    let written = std::fs::read_to_string(workspace.join(OUTPUTS_FILE)).expect("outputs file");
    let flat: serde_json::Value = serde_json::from_str(&written).expect("outputs are JSON");
    assert_eq!(flat["VpcId"], deploy.outputs["VpcId"].as_str());

    let integration = stage(Stage::Integration);
    assert_eq!(
        integration.figures.tests.map(|t| t.passed),
        Some(8),
        "{summary}"
    );
    assert_eq!(integration.figures.reads_outputs, Some(true));

    let statuses: Vec<(String, CheckStatus)> = checkpoints(&report)
        .into_iter()
        .map(|c| (c.id, c.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("G".to_string(), CheckStatus::Pass),
            ("H".to_string(), CheckStatus::Pass),
            ("I".to_string(), CheckStatus::Pass)
        ],
        "{summary}"
    );
    let root = workspace.parent().expect("workspace root");
    std::fs::remove_dir_all(root).expect("remove the kept workspace");
}

#[test]
fn the_model_side_deploys_but_its_integration_tests_find_the_missing_suffix_and_encryption() {
    if !common::tools_present(&["moto_server", "cfn-lint", "pytest"]) {
        return;
    }
    let task = iacgrade_task::load_task(&common::fixture("cfn-ecs-service"));
    let options = RunOptions {
        stages: vec![Stage::Lint, Stage::Deploy, Stage::Integration],
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(180),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Model, &options);
    let summary = serde_json::to_string_pretty(&report).expect("json");
    let stage = |s: Stage| report.stage(s).expect("stage reported");
    assert_eq!(stage(Stage::Lint).status, StageStatus::Passed, "{summary}");
    assert_eq!(
        stage(Stage::Deploy).status,
        StageStatus::Passed,
        "{summary}"
    );
    assert_eq!(stage(Stage::Deploy).figures.stack_deleted, Some(true));
    let integration = stage(Stage::Integration);
    assert_eq!(integration.status, StageStatus::Failed, "{summary}");
    let counts = integration.figures.tests.expect("test counts");
    // The unencrypted bucket, the world-open ingress and the unsuffixed bucket name.
    assert_eq!((counts.passed, counts.failed), (5, 3), "{summary}");
    let i = &checkpoints(&report)[2];
    assert_eq!(i.status, CheckStatus::Fail);
}
