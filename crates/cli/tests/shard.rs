//! Sharded corpus runs, `merge`, the result cache and `plan-run`, on a copy of the fixture
//! tasks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/tasks")
}

fn iacgrade() -> Command {
    let mut cmd = Command::cargo_bin("iacgrade").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let relative = entry.strip_prefix(from).expect("below the root");
        let target = to.join(relative);
        if entry.is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::create_dir_all(target.parent().expect("parent")).expect("folder");
            std::fs::copy(&entry, &target).expect("copy");
        }
    }
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() && !out[i].is_symlink() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(&out[i])
                .expect("readable")
                .map(|e| e.expect("entry").path())
                .collect();
            children.sort();
            out.extend(children);
        }
        i += 1;
    }
    out
}

/// A corpus of the fixture tasks in a temporary folder.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("corpus");
    copy_tree(&fixtures(), &root);
    (dir, root)
}

fn corpus_jsonl(root: &Path, extra: &[&str]) -> (String, String) {
    let output = iacgrade()
        .arg("corpus")
        .arg(root)
        // A survey of results: the exit policy is not what these tests check.
        .args(["--format", "jsonl", "--fail-on", "never"])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.code().is_some_and(|c| c == 0 || c == 3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

fn task_paths(jsonl: &str) -> BTreeSet<String> {
    jsonl
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("json line");
            value["task"]["path"].as_str().expect("path").to_string()
        })
        .collect()
}

fn shards(root: &Path, count: usize, dir: &Path) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            let (out, _) = corpus_jsonl(root, &["--shard", &format!("{i}/{count}")]);
            let file = dir.join(format!("shard-{i}.jsonl"));
            std::fs::write(&file, out).expect("written");
            file
        })
        .collect()
}

#[test]
fn shards_are_disjoint_their_merge_is_the_unsharded_run_and_a_new_task_moves_nothing() {
    let (dir, root) = corpus();
    let (full, _) = corpus_jsonl(&root, &[]);
    let files = shards(&root, 4, dir.path());
    let mut seen = BTreeSet::new();
    for file in &files {
        for path in task_paths(&std::fs::read_to_string(file).expect("shard")) {
            assert!(seen.insert(path.clone()), "{path} is in two shards");
        }
    }
    assert_eq!(seen, task_paths(&full));

    let merged = dir.path().join("merged.jsonl");
    iacgrade()
        .arg("merge")
        .arg(&merged)
        .args(&files)
        .arg("--corpus")
        .arg(&root)
        .assert()
        .success()
        .stderr(predicates::str::contains("0 duplicate(s), 0 missing"));
    assert_eq!(std::fs::read_to_string(&merged).expect("merged"), full);

    // A copy of a task joins: every other task stays in its shard, and both copies get the
    // cross-task finding in the shard runs as in the unsharded one.
    let before: Vec<BTreeSet<String>> = files
        .iter()
        .map(|f| task_paths(&std::fs::read_to_string(f).expect("shard")))
        .collect();
    copy_tree(
        &root.join("cdk-ts-static-site"),
        &root.join("cdk-ts-static-site-copy"),
    );
    let (full, _) = corpus_jsonl(&root, &[]);
    let files = shards(&root, 4, dir.path());
    for (old, file) in before.iter().zip(&files) {
        let now = task_paths(&std::fs::read_to_string(file).expect("shard"));
        assert!(now.is_superset(old), "a task left its shard");
        assert!(now.len() <= old.len() + 1);
    }
    iacgrade()
        .arg("merge")
        .arg(&merged)
        .args(&files)
        .assert()
        .success();
    let merged_text = std::fs::read_to_string(&merged).expect("merged");
    assert_eq!(merged_text, full);
    assert_eq!(
        merged_text.matches("\"TSK003\"").count(),
        2,
        "{merged_text}"
    );
}

#[test]
fn merge_names_duplicates_and_missing_tasks() {
    let (dir, root) = corpus();
    let files = shards(&root, 2, dir.path());
    let merged = dir.path().join("merged.jsonl");
    let assert = iacgrade()
        .arg("merge")
        .arg(&merged)
        .arg(&files[0])
        .arg(&files[0])
        .arg("--corpus")
        .arg(&root)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let in_first = task_paths(&std::fs::read_to_string(&files[0]).expect("shard")).len();
    let in_second = task_paths(&std::fs::read_to_string(&files[1]).expect("shard")).len();
    assert_eq!(
        stderr.matches("duplicate: task").count(),
        in_first,
        "{stderr}"
    );
    assert!(stderr.contains("(the same result); kept"), "{stderr}");
    assert_eq!(
        stderr.matches("missing: task").count(),
        in_second,
        "{stderr}"
    );
    assert_eq!(
        task_paths(&std::fs::read_to_string(&merged).expect("merged")).len(),
        in_first
    );
}

#[test]
fn merge_renders_the_corpus_formats_and_refuses_a_line_that_is_not_a_result() {
    let (dir, root) = corpus();
    let files = shards(&root, 2, dir.path());
    let summary = dir.path().join("summary.txt");
    iacgrade()
        .arg("merge")
        .arg(&summary)
        .args(&files)
        .args(["--format", "summary"])
        .assert()
        .success();
    let direct = iacgrade()
        .arg("corpus")
        .arg(&root)
        .args(["--format", "summary"])
        .output()
        .expect("runs");
    assert_eq!(
        std::fs::read_to_string(&summary).expect("summary"),
        String::from_utf8_lossy(&direct.stdout)
    );
    let sarif = dir.path().join("out.sarif");
    iacgrade()
        .arg("merge")
        .arg(&sarif)
        .args(&files)
        .args(["--format", "sarif"])
        .assert()
        .success();
    let direct = iacgrade()
        .arg("corpus")
        .arg(&root)
        .args(["--format", "sarif"])
        .output()
        .expect("runs");
    assert_eq!(
        std::fs::read_to_string(&sarif).expect("sarif").as_bytes(),
        direct.stdout
    );
    let html = dir.path().join("dashboard");
    iacgrade()
        .arg("merge")
        .arg(&html)
        .args(&files)
        .args(["--format", "html"])
        .assert()
        .success();
    assert!(html.join("index.html").is_file());

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"task\": {\"path\": \"x\"}}\nnot json\n").expect("written");
    iacgrade()
        .arg("merge")
        .arg(dir.path().join("never.jsonl"))
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.jsonl:2: not a result line"));
    assert!(!dir.path().join("never.jsonl").exists());
}

#[test]
fn a_second_run_hits_every_task_and_a_changed_task_or_policy_misses() {
    let (dir, root) = corpus();
    let cache = dir.path().join("cache");
    let cache_arg = cache.to_str().expect("utf-8 path");
    let (cold, stderr) = corpus_jsonl(&root, &["--cache", cache_arg]);
    let tasks = task_paths(&cold).len();
    assert!(
        stderr.contains(&format!("cache: 0 hits, {tasks} misses")),
        "{stderr}"
    );
    let (warm, stderr) = corpus_jsonl(&root, &["--cache", cache_arg]);
    assert!(
        stderr.contains(&format!("cache: {tasks} hits, 0 misses")),
        "{stderr}"
    );
    assert_eq!(warm, cold);

    let answer = root.join("cdktf-py-queue/lib/MODEL_RESPONSE.md");
    let mut text = std::fs::read_to_string(&answer).expect("answer");
    text.push_str("\nOne more sentence of prose.\n");
    std::fs::write(&answer, text).expect("written");
    let (_, stderr) = corpus_jsonl(&root, &["--cache", cache_arg]);
    assert!(
        stderr.contains(&format!("cache: {} hits, 1 misses", tasks - 1)),
        "{stderr}"
    );

    let policy = dir.path().join("policy.toml");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies/default.toml"),
        &policy,
    )
    .expect("policy");
    let (_, stderr) = corpus_jsonl(
        &root,
        &[
            "--cache",
            cache_arg,
            "--policy",
            policy.to_str().expect("utf-8"),
        ],
    );
    assert!(
        stderr.contains(&format!("cache: 0 hits, {tasks} misses")),
        "{stderr}"
    );
}

#[test]
fn a_bad_shard_is_a_usage_error_that_says_what_is_expected() {
    let (_dir, root) = corpus();
    iacgrade()
        .arg("corpus")
        .arg(&root)
        .args(["--shard", "4/4"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("below the shard count"));
}

#[test]
fn plan_run_counts_tasks_per_platform_and_uses_recorded_timings() {
    let (dir, root) = corpus();
    let timings = dir.path().join("timings.jsonl");
    let path = root.join("cdk-ts-static-site");
    std::fs::write(
        &timings,
        format!(
            "{}\n",
            serde_json::json!({
                "task": {"path": path.display().to_string()},
                "run": [{"stages": [{"stage": "synth", "duration_ms": 4000}]}]
            })
        ),
    )
    .expect("written");
    let output = iacgrade()
        .arg("plan-run")
        .arg(&root)
        .args(["--workers", "2", "--timings"])
        .arg(&timings)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("; 1 with recorded timings"), "{text}");
    assert!(text.contains("2 worker(s):"), "{text}");
    assert!(text.contains("cdk "), "{text}");
}
