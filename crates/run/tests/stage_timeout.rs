//! A stage that hangs is stopped at its timeout and reported as timed out, and the run goes on.

mod common;

use std::time::{Duration, Instant};

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

#[test]
fn a_hanging_unit_test_is_stopped_at_the_stage_timeout() {
    if !common::tools_present(&["pytest"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            ("metadata.json", r#"{"platform": "pulumi", "language": "py"}"#),
            ("lib/PROMPT.md", "Sleep."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("lib/__init__.py", ""),
            ("lib/stack.py", "VALUE = 1\n"),
            (
                "tests/unit/test_sleeps.py",
                "import time\n\nfrom lib.stack import VALUE\n\n\ndef test_sleeps():\n    time.sleep(120)\n    assert VALUE == 1\n",
            ),
        ],
    );
    let task = iacgrade_task::load_task(dir.path());
    let options = RunOptions {
        stages: vec![Stage::Build, Stage::Unit],
        stage_timeout: Duration::from_secs(4),
        tools: common::tools(),
        ..RunOptions::default()
    };
    let started = Instant::now();
    let report = run_side(&task, RunSide::Ideal, &options);
    let unit = report.stage(Stage::Unit).expect("unit stage");
    assert_eq!(unit.status, StageStatus::TimedOut, "{unit:?}");
    assert!(unit.reason.contains("timeout"), "{}", unit.reason);
    assert!(
        unit.duration_ms >= 4000 && unit.duration_ms < 15_000,
        "{}",
        unit.duration_ms
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(
        report.stage(Stage::Build).map(|s| s.status),
        Some(StageStatus::Passed)
    );
}
