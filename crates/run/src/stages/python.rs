//! Python: ruff (or pylint) for lint, `python -m py_compile` for build, pytest with
//! pytest-cov for tests.

use crate::context::{RunContext, StageRecorder};
use crate::figures::python_coverage;
use crate::process::Outcome;
use crate::report::{StageResult, StageStatus};
use crate::testsuite::{fresh_report_path, judge_report, read_junit, TestKind};

/// The rules ruff checks when the project configures none.
const DEFAULT_RUFF_RULES: &str = "E4,E7,E9,F";

fn has_ruff_config(ctx: &RunContext) -> bool {
    ctx.has_file("ruff.toml")
        || ctx.has_file(".ruff.toml")
        || std::fs::read_to_string(ctx.project.join("pyproject.toml"))
            .is_ok_and(|t| t.contains("[tool.ruff"))
}

/// `ruff check`, or pylint with the pipeline's 7.0 threshold when only pylint is installed.
pub fn lint(ctx: &RunContext, rec: StageRecorder) -> StageResult {
    let mut rec = rec;
    let files = ctx.files_with(&["py"]);
    if files.is_empty() {
        return rec.finish(StageStatus::Skipped, "no Python files to lint");
    }
    if let Some(ruff) = ctx.tools.find("ruff") {
        let mut cmd = ctx
            .command(ruff)
            .args(["check", "--no-cache", "--output-format", "concise"]);
        if !has_ruff_config(ctx) {
            // Without a project config, the errors a Python linter has always flagged
            // (pyflakes and pycodestyle's error classes), not a release's newest style rules.
            cmd = cmd.args(["--isolated", "--select", DEFAULT_RUFF_RULES]);
            rec.note(format!(
                "the project has no ruff config: rules {DEFAULT_RUFF_RULES}"
            ));
        }
        let cmd = cmd.args(files);
        let run = rec.run(ctx, "ruff", &cmd);
        return rec.finish_with(&run, "ruff check");
    }
    if let Some(pylint) = ctx.tools.find("pylint") {
        let cmd = ctx.command(pylint).arg("--fail-under=7.0").args(files);
        let run = rec.run(ctx, "pylint", &cmd);
        return rec.finish_with(&run, "pylint (score ≥ 7.0)");
    }
    rec.finish(StageStatus::NotChecked, "not checked: ruff not installed")
}

/// Every Python file compiles.
pub fn build(ctx: &RunContext, rec: StageRecorder) -> StageResult {
    let mut rec = rec;
    let files = ctx.files_with(&["py"]);
    if files.is_empty() {
        return rec.finish(StageStatus::Skipped, "no Python files to compile");
    }
    let Some(python) = ctx.tools.python() else {
        return rec.finish(StageStatus::NotChecked, "not checked: python not installed");
    };
    let cmd = ctx.command(python).args(["-m", "py_compile"]).args(files);
    let run = rec.run(ctx, "py_compile", &cmd);
    rec.finish_with(&run, "python -m py_compile")
}

/// Runs pytest on `files`; for unit tests with coverage of the project's code.
pub fn pytest(
    ctx: &RunContext,
    mut rec: StageRecorder,
    files: &[String],
    kind: TestKind,
) -> StageResult {
    let Some(python) = ctx.tools.python() else {
        return rec.finish(StageStatus::NotChecked, "not checked: python not installed");
    };
    if ctx.tools.find("pytest").is_none() {
        return rec.finish(StageStatus::NotChecked, "not checked: pytest not installed");
    }
    let mut cmd = ctx
        .command(python.clone())
        .args(["-m", "pytest", "-p", "no:cacheprovider", "-rfE"])
        .arg(format!("--rootdir={}", ctx.project.display()));
    let coverage_json = ctx.scratch.join("coverage-python.json");
    let source = coverage_source(ctx);
    let with_coverage =
        kind == TestKind::Unit && source.is_some() && has_pytest_cov(ctx, &mut rec, &python);
    if let (true, Some(source)) = (with_coverage, source) {
        cmd = cmd
            .arg(format!("--cov={source}"))
            .arg(format!("--cov-report=json:{}", coverage_json.display()))
            .arg("--cov-report=term")
            // The gate is judged from the figure (checkpoint H), not by failing the run.
            .arg("--cov-fail-under=0");
    }
    // The result is read from the JUnit report, never from the log: an answer can print a
    // fake summary and exit 0, but it cannot make pytest write a passing report.
    let junit = match fresh_report_path(&ctx.scratch, "pytest.xml") {
        Ok(p) => p,
        Err(e) => {
            return rec.finish(
                StageStatus::NotChecked,
                format!("not checked: cannot prepare the report folder: {e}"),
            )
        }
    };
    cmd = cmd.arg(format!("--junitxml={}", junit.display()));
    cmd = cmd.args(files.iter().cloned());
    let what = match kind {
        TestKind::Unit => "unit tests (pytest)",
        TestKind::Integration => "integration tests (pytest)",
    };
    let label = match kind {
        TestKind::Unit => "pytest-unit",
        TestKind::Integration => "pytest-integration",
    };
    let run = rec.run(ctx, label, &cmd);
    let report = read_junit(&junit);
    rec.figures.tests = report.as_ref().ok().map(|r| r.counts);
    if with_coverage {
        rec.figures.coverage = python_coverage(&coverage_json);
    }
    finish_tests(ctx, rec, &run, &report, what)
}

/// A test stage's result from its runner's report (see [`judge_report`]); a run stopped at
/// the deadline or a limit, or not started, is reported as such.
pub fn finish_tests(
    ctx: &RunContext,
    rec: StageRecorder,
    run: &crate::process::CommandRun,
    report: &Result<crate::testsuite::ReportedTests, String>,
    what: &str,
) -> StageResult {
    let origin = match ctx.test_origin {
        crate::testsuite::TestOrigin::Answer => {
            " (the answer's own tests: the task ships none to hold it to)"
        }
        crate::testsuite::TestOrigin::Task => "",
    };
    match &run.outcome {
        Outcome::Exited(code) => match judge_report(report, *code == 0, what) {
            Ok(reason) => rec.finish(StageStatus::Passed, format!("{reason}{origin}")),
            Err(reason) => rec.finish(StageStatus::Failed, format!("{reason}{origin}")),
        },
        _ => {
            let mut result = rec.finish_with(run, what);
            result.reason.push_str(origin);
            result
        }
    }
}

/// What coverage measures: lib/ when it holds Python code, else the project's top-level
/// program files; `None` when there is no code besides the tests (a template's tests).
fn coverage_source(ctx: &RunContext) -> Option<&'static str> {
    let files = ctx.files_with(&["py"]);
    if files.iter().any(|f| f.starts_with("lib/")) {
        Some("lib")
    } else if files
        .iter()
        .any(|f| !f.contains('/') && !f.starts_with("test_") && f != "conftest.py")
    {
        Some(".")
    } else {
        None
    }
}

fn has_pytest_cov(ctx: &RunContext, rec: &mut StageRecorder, python: &std::path::Path) -> bool {
    let probe = ctx.command(python).args(["-c", "import pytest_cov"]);
    let log = ctx.logs_dir().join("probe-pytest-cov.log");
    let run = crate::process::run_command(&probe, &log, rec.deadline);
    if !run.outcome.success() {
        rec.note("pytest-cov not installed: coverage not measured");
    }
    run.outcome.success()
}
