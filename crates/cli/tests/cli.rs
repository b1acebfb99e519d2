//! The command line as users and CI drive it: exit codes, formats, output files, corpus runs.

use std::path::PathBuf;

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/tasks")
}

fn iacgrade() -> Command {
    let mut cmd = Command::cargo_bin("iacgrade").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn clean_task_exits_zero_and_failing_task_exits_one() {
    iacgrade()
        .args(["check"])
        .arg(fixtures().join("cdk-ts-static-site"))
        .assert()
        .code(0);
    iacgrade()
        .args(["check"])
        .arg(fixtures().join("tf-hcl-mislabelled"))
        .assert()
        .code(1);
}

#[test]
fn missing_directory_is_a_usage_error_naming_the_path() {
    iacgrade()
        .args(["check", "/nonexistent/task/dir"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/nonexistent/task/dir"));
}

#[test]
fn json_output_follows_the_contract() {
    let out = iacgrade()
        .args(["check", "--format", "json"])
        .arg(fixtures().join("cdktf-py-queue"))
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "iacgrade");
    assert_eq!(v["task"]["platform"], "cdktf");
    assert_eq!(v["task"]["language"], "py");
    assert_eq!(v["task"]["recorded_score"], 9.0);
    for key in ["checkpoints", "findings", "requirements", "errors"] {
        assert!(v[key].is_array(), "{key} is an array");
    }
    let ids: Vec<&str> = v["checkpoints"]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["A", "B", "C", "D", "E", "F", "K"]);
}

#[test]
fn output_file_is_written_and_text_has_no_colour_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("report.txt");
    iacgrade()
        .args(["check", "--output"])
        .arg(&target)
        .arg(fixtures().join("cdk-ts-static-site"))
        .assert()
        .code(0)
        .stdout("");
    let text = std::fs::read_to_string(&target).expect("report written");
    assert!(text.contains("Checkpoints"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn corpus_writes_one_json_line_per_task_including_unreadable_ones() {
    let out = iacgrade()
        .args([
            "corpus",
            "--format",
            "jsonl",
            "--jobs",
            "2",
            "--fail-on",
            "never",
        ])
        .arg(fixtures())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let tasks = std::fs::read_dir(fixtures()).expect("fixtures").count();
    assert_eq!(lines.len(), tasks);
    let broken = lines
        .iter()
        .find(|l| l["task"]["id"] == "broken-input")
        .expect("broken task has a line");
    assert!(!broken["errors"].as_array().expect("errors").is_empty());
}

#[test]
fn rules_lists_every_check_and_documents_one() {
    let out = iacgrade().arg("rules").output().expect("runs");
    let list = String::from_utf8(out.stdout).expect("utf-8");
    for id in ["API001", "ENC001", "DIFF001", "PLH001"] {
        assert!(list.contains(id), "{id} listed");
    }
    iacgrade()
        .args(["rules", "api001"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("## Fix"));
    iacgrade().args(["rules", "NOPE999"]).assert().code(2);
}

#[test]
fn review_of_the_example_writes_markdown_and_sarif() {
    let example =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics");
    let out = iacgrade()
        .args(["review", "--format", "markdown"])
        .arg(&example)
        .output()
        .expect("runs");
    let markdown = String::from_utf8(out.stdout).expect("utf-8");
    assert!(markdown.contains("## Critical Failures"));
    assert!(markdown.contains("pulumi.providers.Aws"));
    let out = iacgrade()
        .args(["review", "--format", "sarif"])
        .arg(&example)
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["ruleId"] == "API001"));
}

#[test]
fn review_run_shows_the_models_failing_synth_under_checkpoint_g() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if !repo.join(".venv/bin/python").exists() {
        assert!(
            std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "the Python toolchain is required (tools/install-toolchains.sh)"
        );
        eprintln!("skipped: no .venv; run tools/install-toolchains.sh");
        return;
    }
    let out = iacgrade()
        .current_dir(&repo)
        .args(["review", "--run", "--stages", "synth", "--format", "json"])
        .arg(repo.join("examples/healthcare-analytics"))
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let g = report["checkpoints"]
        .as_array()
        .expect("checkpoints")
        .iter()
        .find(|c| c["id"] == "G")
        .expect("checkpoint G");
    assert_eq!(g["status"], "pass", "the ideal side synthesizes: {g}");
    let message = g["message"].as_str().expect("message");
    assert!(
        message.contains("AttributeError: module 'pulumi' has no attribute 'providers'"),
        "{message}"
    );
}
