//! Real AWS credentials in the caller's environment never reach a stage, unless the run
//! targets the real account explicitly. The stage here is a unit test that dumps its
//! environment to a file of the (kept) workspace.
//!
//! This file is its own test binary: it sets process-wide environment variables.

mod common;

use std::collections::BTreeMap;

use iacgrade_run::{run_side, AwsTarget, RunOptions, RunSide, Stage, StageStatus};

const DUMP_TEST: &str = r#"import json
import os


def test_dump_environment():
    with open("env-dump.json", "w", encoding="utf-8") as handle:
        json.dump(dict(os.environ), handle)
"#;

fn stage_environment(aws: AwsTarget) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            (
                "metadata.json",
                r#"{"platform": "pulumi", "language": "py"}"#,
            ),
            ("lib/PROMPT.md", "Print the environment."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("tests/unit/test_env.py", DUMP_TEST),
        ],
    );
    let task = iacgrade_task::load_task(dir.path());
    let options = RunOptions {
        stages: vec![Stage::Unit],
        keep_workspace: true,
        aws,
        tools: common::tools(),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let unit = report.stage(Stage::Unit).expect("unit stage");
    assert_eq!(unit.status, StageStatus::Passed, "{unit:?}");
    let workspace = report.workspace.expect("workspace");
    let dump = std::fs::read_to_string(workspace.join("env-dump.json")).expect("env dump");
    std::fs::remove_dir_all(workspace.parent().expect("root")).expect("cleanup");
    serde_json::from_str(&dump).expect("json")
}

#[test]
fn caller_credentials_reach_a_stage_only_with_the_real_account_option() {
    if !common::tools_present(&["pytest"]) {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let credentials = home.path().join("credentials");
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = AKIAFROMFILE0000\n",
    )
    .expect("write");
    for (key, value) in [
        ("AWS_ACCESS_KEY_ID", "AKIAREALCALLER00000"),
        ("AWS_SECRET_ACCESS_KEY", "real-secret-of-the-caller"),
        ("AWS_SESSION_TOKEN", "real-session-token"),
        ("AWS_PROFILE", "production"),
    ] {
        std::env::set_var(key, value);
    }
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials);

    let env = stage_environment(AwsTarget::Emulator);
    assert_eq!(
        env.get("AWS_ACCESS_KEY_ID").map(String::as_str),
        Some("testing")
    );
    assert_eq!(
        env.get("AWS_SECRET_ACCESS_KEY").map(String::as_str),
        Some("testing")
    );
    assert!(!env.contains_key("AWS_SESSION_TOKEN"));
    assert!(!env.contains_key("AWS_PROFILE"));
    let creds_file = env
        .get("AWS_SHARED_CREDENTIALS_FILE")
        .expect("credentials file set");
    assert_ne!(creds_file, &credentials.display().to_string());
    assert!(env.contains_key("AWS_CONFIG_FILE"));
    assert!(env
        .get("AWS_ENDPOINT_URL")
        .is_some_and(|u| u.starts_with("http://127.0.0.1:")));
    assert!(!env
        .values()
        .any(|v| v.contains("AKIAREALCALLER") || v.contains("real-secret")));

    let env = stage_environment(AwsTarget::RealAccount);
    assert_eq!(
        env.get("AWS_ACCESS_KEY_ID").map(String::as_str),
        Some("AKIAREALCALLER00000")
    );
    assert_eq!(
        env.get("AWS_PROFILE").map(String::as_str),
        Some("production")
    );
    assert!(!env.contains_key("AWS_ENDPOINT_URL"));
}
