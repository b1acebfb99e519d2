//! `iacgrade calibrate` on the fixture tasks, and the shipped calibrated policy through
//! `review --policy`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use iacgrade_score::Policy;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn iacgrade() -> Command {
    let mut cmd = Command::cargo_bin("iacgrade").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn review_score(task: &Path, policy: &Path) -> serde_json::Value {
    let v = json_of(
        iacgrade()
            .args([
                "review",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--policy",
            ])
            .arg(policy)
            .arg(task),
    );
    v["score"].clone()
}

#[test]
fn calibrate_writes_a_policy_review_can_use_and_its_samples_refit_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let policy = dir.path().join("fitted.toml");
    let samples = dir.path().join("samples.json");
    let report = json_of(
        iacgrade()
            .args(["calibrate", "--folds", "2,3", "--format", "json", "--out"])
            .arg(&policy)
            .arg("--save-samples")
            .arg(&samples)
            .arg(root().join("fixtures/tasks")),
    );
    // The fixture tasks that record a score (one of them as a string).
    assert_eq!(report["samples"], 5, "{report:#}");
    let folds: Vec<u64> = report["cross_validated"]
        .as_array()
        .expect("array")
        .iter()
        .map(|cv| cv["folds"].as_u64().expect("folds"))
        .collect();
    assert_eq!(folds, [2, 3]);
    for key in ["constant_9", "constant_median", "default_policy"] {
        assert!(report[key]["mae"].is_number(), "{key}");
    }

    let fitted = Policy::from_file(&policy).expect("the written policy reads");
    assert_eq!(fitted.name, "calibrated");
    let task = root().join("fixtures/tasks/cdktf-py-queue");
    let score = review_score(&task, &policy);
    assert_eq!(score["policy"], "calibrated");
    assert!(score["value"].is_number());

    // The samples file gives the same fit without reviewing the tasks again.
    let again = json_of(
        iacgrade()
            .args(["calibrate", "--folds", "2,3", "--format", "json"])
            .arg(&samples),
    );
    assert_eq!(again, report);
}

#[test]
fn calibrate_rejects_one_fold_and_a_folder_without_recorded_scores() {
    iacgrade()
        .args(["calibrate", "--folds", "1"])
        .arg(root().join("fixtures/tasks"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at least 2 folds"));
    let dir = tempfile::tempdir().expect("tempdir");
    iacgrade()
        .arg("calibrate")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no task with a recorded score"));
}

/// The shipped calibrated policy reads, scores the example task through `review`, and every
/// step of that score is a setting of the file.
#[test]
fn shipped_calibrated_policy_scores_the_example_task() {
    let path = root().join("policies/calibrated.toml");
    let policy = Policy::from_file(&path).expect("policies/calibrated.toml reads");
    let score = review_score(&root().join("examples/healthcare-analytics"), &path);
    assert_eq!(score["policy"], "calibrated");
    let steps = score["steps"].as_array().expect("steps");
    assert_eq!(steps[0]["delta"].as_f64(), Some(policy.base));
    let sum: f64 = steps
        .iter()
        .map(|s| s["delta"].as_f64().expect("delta"))
        .sum();
    let value = score["value"].as_f64().expect("value");
    assert!((sum - value).abs() < 1e-6, "{sum} vs {value}");
    assert!((0.0..=10.0).contains(&value) && value.fract() == 0.0);
    // The example declares pulumi/py: the step is there exactly when the policy weighs it.
    let weighed = policy
        .task
        .platforms
        .get("pulumi-py")
        .is_some_and(|w| *w != 0.0);
    let has_step = steps.iter().any(|s| s["step"] == "task:platform:pulumi-py");
    assert_eq!(weighed, has_step, "{score:#}");
}
