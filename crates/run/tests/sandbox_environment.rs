//! A secret in the caller's environment, of a name no scrub list knows, does not reach a
//! sandboxed stage; and `HOME` there is an empty folder, not the caller's.
//!
//! This file is its own test binary: it sets a process-wide environment variable.

mod common;

use std::time::Duration;

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

#[test]
fn a_planted_environment_secret_does_not_reach_the_stage() {
    if !common::tools_present(&["python", "pytest"]) {
        return;
    }
    std::env::set_var("IACGRADE_PLANTED_API_KEY", "sk-planted-fake-0000");
    std::env::set_var("OPENAI_API_KEY", "sk-planted-fake-1111");
    let task = tempfile::tempdir().expect("tempdir");
    common::write_files(
        task.path(),
        &[
            ("metadata.json", r#"{"platform": "cfn", "language": "yaml"}"#),
            ("lib/PROMPT.md", "Create a bucket."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("lib/TapStack.yml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
            (
                "tests/unit/test_attack.py",
                "import os\n\n\ndef test_read_planted_variable():\n    assert os.environ[\"IACGRADE_PLANTED_API_KEY\"].startswith(\"sk-\")\n\n\ndef test_read_openai_key():\n    assert os.environ[\"OPENAI_API_KEY\"].startswith(\"sk-\")\n\n\ndef test_home_is_the_callers():\n    assert os.listdir(os.environ[\"HOME\"])\n",
            ),
        ],
    );
    let report = run_side(
        &iacgrade_task::load_task(task.path()),
        RunSide::Ideal,
        &RunOptions {
            stages: vec![Stage::Unit],
            stage_timeout: Duration::from_secs(60),
            tools: common::tools(),
            ..RunOptions::default()
        },
    );
    let unit = report.stage(Stage::Unit).expect("unit stage");
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert_eq!(unit.figures.tests.map(|c| c.failed), Some(3), "{unit:#?}");
    assert!(!unit.log.contains("sk-planted-fake"), "{}", unit.log);
}
