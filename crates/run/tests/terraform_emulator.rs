//! Terraform for real: providers installed offline from a local mirror, `terraform validate`
//! with a partial `backend "s3" {}`, `terraform apply` against the emulator with the outputs
//! written to cfn-outputs/flat-outputs.json, and `terraform destroy` at the end. A provider
//! version the mirror lacks makes the build "not checked", never failed.

mod common;

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

fn options(stages: &[Stage]) -> RunOptions {
    RunOptions {
        stages: stages.to_vec(),
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(400),
        environment_suffix: Some("tfrun".into()),
        ..RunOptions::default()
    }
}

/// A task of the documents only, whose ideal answer is `hcl`.
fn task_with_ideal(dir: &std::path::Path, hcl: &str) -> iacgrade_task::Task {
    std::fs::create_dir_all(dir.join("lib")).expect("mkdir");
    std::fs::write(
        dir.join("metadata.json"),
        r#"{"platform": "tf", "language": "hcl"}"#,
    )
    .expect("write");
    std::fs::write(dir.join("lib/PROMPT.md"), "A bucket.\n").expect("write");
    std::fs::write(
        dir.join("lib/IDEAL_RESPONSE.md"),
        format!("## File: lib/main.tf\n\n```hcl\n{hcl}```\n"),
    )
    .expect("write");
    iacgrade_task::load_task(dir)
}

#[test]
fn the_ideal_side_validates_applies_to_the_emulator_and_is_destroyed() {
    if !common::tools_present(&["terraform", "moto_server"]) {
        return;
    }
    let task = iacgrade_task::load_task(&common::fixture("tf-undeclared-reference"));
    let report = run_side(
        &task,
        RunSide::Ideal,
        &options(&[Stage::Build, Stage::Deploy]),
    );
    let summary = serde_json::to_string_pretty(&report).expect("json");
    let build = report.stage(Stage::Build).expect("build");
    if build.status == StageStatus::NotChecked {
        eprintln!("skipped: {}", build.reason);
        return;
    }
    assert_eq!(build.status, StageStatus::Passed, "{summary}");
    assert!(build.reason.contains("hashicorp/aws "), "{summary}");
    let deploy = report.stage(Stage::Deploy).expect("deploy");
    assert_eq!(deploy.status, StageStatus::Passed, "{summary}");
    assert!(deploy.figures.outputs.contains_key("vpc_id"), "{summary}");
    assert!(
        deploy
            .figures
            .outputs
            .get("queue_url")
            .is_some_and(|u| u.contains("work-tfrun")),
        "{summary}"
    );
    assert_eq!(deploy.figures.stack_deleted, Some(true), "{summary}");
}

#[test]
fn a_provider_version_the_mirror_lacks_is_not_checked() {
    if !common::tools_present(&["terraform"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let task = task_with_ideal(
        dir.path(),
        "terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 3.0\"\n    }\n  }\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
    );
    let report = run_side(&task, RunSide::Ideal, &options(&[Stage::Build]));
    let build = report.stage(Stage::Build).expect("build");
    assert_eq!(build.status, StageStatus::NotChecked, "{build:#?}");
    assert!(
        build
            .reason
            .contains("hashicorp/aws ~> 3.0 not available offline")
            || build.reason.contains("registry unreachable"),
        "{build:#?}"
    );
}
