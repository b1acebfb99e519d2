//! A CDK app whose Lambda function's code is a file asset deploys to the emulator: the deploy
//! stage publishes the asset to the bucket the template names, as `cdk deploy` publishes it to
//! the bootstrap bucket, before it creates the stack.

mod common;

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

#[test]
fn a_lambda_function_from_an_asset_folder_deploys() {
    if !common::tools_present(&["moto_server", "cdk", "python"]) {
        return;
    }
    let task = iacgrade_task::load_task(&common::fixture("cdk-ts-lambda-asset"));
    let options = RunOptions {
        stages: vec![Stage::Synth, Stage::Deploy],
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let summary = serde_json::to_string_pretty(&report).expect("json");
    let deploy = report.stage(Stage::Deploy).expect("deploy reported");
    assert_eq!(deploy.status, StageStatus::Passed, "{summary}");
    assert!(
        deploy
            .figures
            .resources_created
            .iter()
            .any(|r| r.resource_type == "AWS::Lambda::Function"),
        "{summary}"
    );
    assert!(
        deploy
            .commands
            .iter()
            .any(|c| c.contains("publish_cdk_assets.py")),
        "{summary}"
    );
    assert!(
        deploy.figures.outputs.contains_key("FunctionName"),
        "{summary}"
    );
}
