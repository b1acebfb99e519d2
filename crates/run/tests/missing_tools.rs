//! Without any tool installed, nothing passes by default: every stage that needs a tool is
//! "not checked", and checkpoints G, H and I are skipped, never passed.

mod common;

use iacgrade_run::{checkpoints, run_side, RunOptions, RunSide, Stage, StageStatus, ToolPaths};

#[test]
fn missing_tools_make_stages_not_checked_and_checkpoints_skipped() {
    let task = iacgrade_task::load_task(&common::fixture("cfn-ecs-service"));
    let options = RunOptions {
        stages: Stage::ALL.to_vec(),
        tools: ToolPaths {
            venv: None,
            node_modules: None,
            use_path: false,
            ..ToolPaths::default()
        },
        environment_suffix: Some("snap".into()),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let statuses: Vec<(Stage, StageStatus, String)> = report
        .stages
        .iter()
        .map(|s| (s.stage, s.status, s.reason.clone()))
        .collect();
    insta::assert_json_snapshot!("missing_tools_stages", statuses);
    insta::assert_json_snapshot!("missing_tools_checkpoints", checkpoints(&report));
    assert!(
        report.workspace.as_ref().is_some_and(|w| !w.exists()),
        "the workspace is removed after the run"
    );
}
