//! `corpus --run`: both sides of every task through the toolchains, with the stages' results in
//! each report, and the result cache keyed by the run's settings and the toolchains.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn iacgrade() -> Command {
    let mut cmd = Command::cargo_bin("iacgrade").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// cfn-lint is installed in the repository's toolchains (else the test is skipped, or fails
/// when IACGRADE_REQUIRE_TOOLS=1).
fn cfn_lint_installed() -> bool {
    let found = repo().join(".venv/bin/cfn-lint").exists();
    if !found {
        assert_ne!(
            std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref(),
            Ok("1"),
            "IACGRADE_REQUIRE_TOOLS=1 and cfn-lint is not installed"
        );
        eprintln!("skipped: no .venv; run tools/install-toolchains.sh");
    }
    found
}

fn copy_task(name: &str, to: &Path) {
    let from = repo().join("fixtures/tasks").join(name);
    let mut stack = vec![from.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            let target = to.join(name).join(path.strip_prefix(&from).expect("below"));
            if path.is_dir() {
                std::fs::create_dir_all(&target).expect("folder");
                stack.push(path);
            } else {
                std::fs::create_dir_all(target.parent().expect("parent")).expect("folder");
                std::fs::copy(&path, &target).expect("copy");
            }
        }
    }
}

/// Runs `corpus` from the repository (where the toolchains are found) and returns its JSON
/// lines and standard error.
fn corpus(root: &Path, extra: &[&str]) -> (Vec<serde_json::Value>, String) {
    let output = iacgrade()
        .current_dir(repo())
        .arg("corpus")
        .arg(root)
        .args(["--format", "jsonl", "--fail-on", "never"])
        .args(extra)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let lines = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (lines, stderr)
}

#[test]
fn every_task_gets_both_sides_stages_and_the_cache_keys_the_run() {
    if !cfn_lint_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("corpus");
    copy_task("cfn-json-answer-writes-docs", &root);
    copy_task("cfn-yaml-broken-metadata", &root);
    let cache = dir.path().join("cache");
    let cache = cache.to_str().expect("utf-8 path");
    let run = [
        "--run", "--stages", "build", "--jobs", "2", "--cache", cache,
    ];

    let (first, stderr) = corpus(&root, &run);
    assert_eq!(first.len(), 2, "{stderr}");
    for report in &first {
        let sides: Vec<&str> = report["run"]
            .as_array()
            .expect("the run's summary")
            .iter()
            .map(|s| s["side"].as_str().expect("side"))
            .collect();
        assert_eq!(sides, ["ideal", "model"], "{report}");
        let build = &report["run"][0]["stages"][0];
        assert_eq!(build["stage"], "build");
        assert!(build["duration_ms"].is_u64());
        assert!(
            report["checkpoints"]
                .as_array()
                .expect("checkpoints")
                .iter()
                .any(|c| c["id"] == "G"),
            "checkpoint G joins the review: {report}"
        );
    }
    assert!(stderr.contains("cache: 0 hits, 2 misses"), "{stderr}");

    // The same run again: every task from the cache, the same results.
    let (second, stderr) = corpus(&root, &run);
    assert!(stderr.contains("cache: 2 hits, 0 misses"), "{stderr}");
    assert_eq!(first, second);

    // A static review never takes a run's result, nor a run with other stages.
    let (_, stderr) = corpus(&root, &["--cache", cache]);
    assert!(stderr.contains("cache: 0 hits, 2 misses"), "{stderr}");
    let other_stages = ["--run", "--stages", "lint,build", "--cache", cache];
    let (_, stderr) = corpus(&root, &other_stages);
    assert!(stderr.contains("cache: 0 hits, 2 misses"), "{stderr}");

    // A changed answer runs that task again, and only it.
    let answer = root.join("cfn-yaml-broken-metadata/lib/MODEL_RESPONSE.md");
    let mut text = std::fs::read_to_string(&answer).expect("answer");
    text.push_str("\nOne more sentence.\n");
    std::fs::write(&answer, text).expect("written");
    let (_, stderr) = corpus(&root, &run);
    assert!(stderr.contains("cache: 1 hits, 1 misses"), "{stderr}");
}

#[test]
fn run_and_checks_only_do_not_go_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = iacgrade()
        .args(["corpus", "--run", "--checks-only"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--checks-only"));
}

/// The Kubernetes recipe's shard command, with the run arguments it passes, is a command line
/// `corpus` accepts (it gets as far as looking for the corpus folder).
#[test]
fn the_kubernetes_recipes_run_arguments_are_accepted() {
    let manifest = std::fs::read_to_string(repo().join("deploy/kubernetes/indexed-job.yaml"))
        .expect("the recipe");
    let mut lines = manifest.lines();
    lines
        .by_ref()
        .find(|l| l.trim() == "- name: IACGRADE_ARGS")
        .expect("IACGRADE_ARGS is set");
    let value = lines.next().expect("its value").trim();
    let value = value
        .strip_prefix("value: \"")
        .and_then(|v| v.strip_suffix('"'))
        .expect("a quoted value");
    assert!(value.contains("--run"), "{value}");
    let dir = tempfile::tempdir().expect("temp dir");
    let output = iacgrade()
        .arg("corpus")
        .arg(dir.path().join("no-corpus"))
        .args(["--format", "jsonl", "--fail-on", "never", "--shard", "0/4"])
        .args(value.split_whitespace())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a directory"), "{stderr}");
}
