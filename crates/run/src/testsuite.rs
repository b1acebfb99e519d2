//! Finding a project's unit and integration tests, whatever the platform: pytest files
//! (tests/unit, tests/integration, test_*.py) and Jest files (test/*.unit.test.ts,
//! test/*.int.test.ts, ...). The test language is that of the test files, not of the stack:
//! a CloudFormation task may be tested with Jest or with pytest.

use std::path::{Path, PathBuf};

use iacgrade_task::{Diagnostic, Task};

use crate::options::RunSide;
use crate::report::TestCounts;
use crate::workspace::{FileContent, WorkspacePlan};

/// The runner a set of tests needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestRunner {
    Pytest,
    Jest,
}

/// Which tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestKind {
    Unit,
    Integration,
}

/// The test files of one kind, with their runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestSet {
    pub runner: TestRunner,
    pub files: Vec<String>,
}

/// True for a file that Jest or pytest would collect.
fn runner_of(path: &str) -> Option<TestRunner> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let in_test_dir = path.starts_with("test/") || path.starts_with("tests/");
    if name.ends_with(".py") {
        let test_named =
            (name.starts_with("test_") || name.ends_with("_test.py")) && name != "test_helpers.py";
        return (test_named && (in_test_dir || !path.contains('/'))).then_some(TestRunner::Pytest);
    }
    let jest_ext = [".ts", ".js", ".tsx", ".mjs", ".cjs"]
        .iter()
        .any(|e| name.ends_with(e))
        && !name.ends_with(".d.ts");
    let jest_named = name.contains(".test.") || name.contains(".spec.");
    (jest_ext && jest_named && in_test_dir).then_some(TestRunner::Jest)
}

fn kind_of(path: &str) -> TestKind {
    let lower = path.to_ascii_lowercase();
    let integration = lower.contains("integration")
        || lower.contains(".int.")
        || lower.contains("/int/")
        || lower.contains("_int_")
        || lower.ends_with("_int.py")
        || lower.contains("e2e");
    if integration {
        TestKind::Integration
    } else {
        TestKind::Unit
    }
}

/// The tests of `kind` among the project's `files`; `None` when there are none. When both
/// runners have tests of this kind, the one with more files wins.
pub fn find_tests(files: &[String], kind: TestKind) -> Option<TestSet> {
    let mut pytest = Vec::new();
    let mut jest = Vec::new();
    for f in files {
        if kind_of(f) != kind {
            continue;
        }
        match runner_of(f) {
            Some(TestRunner::Pytest) => pytest.push(f.clone()),
            Some(TestRunner::Jest) => jest.push(f.clone()),
            None => {}
        }
    }
    let (runner, files) = if pytest.len() >= jest.len() {
        (TestRunner::Pytest, pytest)
    } else {
        (TestRunner::Jest, jest)
    };
    (!files.is_empty()).then_some(TestSet { runner, files })
}

/// True for a file that decides what a test run checks or how its result is told: test files,
/// pytest's conftest.py and config, Jest's config.
pub fn is_test_harness(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("test/")
        || path.starts_with("tests/")
        || name == "conftest.py"
        || name == "pytest.ini"
        || (name.starts_with("jest.config.") && !name.ends_with(".md"))
        || runner_of(path).is_some()
}

/// Where a side's tests come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestOrigin {
    /// The task's project tree.
    Task,
    /// The answer itself: the task ships no tests (a documents-only task's model side).
    Answer,
}

/// Keeps the task's own tests in charge of the model side: an answer's file that would
/// replace one of the task's test files, its conftest.py or its runner config is replaced
/// by the task's, and one that would add such a file next to the task's tests is left out —
/// an answer must not grade itself. When the task has no tests at all, the answer's tests
/// are all there is, and the returned origin says so.
pub fn keep_task_tests(
    plan: &mut WorkspacePlan,
    task: &Task,
    side: RunSide,
) -> (TestOrigin, Vec<Diagnostic>) {
    let task_has_tests = task
        .project_files
        .iter()
        .any(|f| runner_of(&f.path).is_some());
    let mut diagnostics = Vec::new();
    if side == RunSide::Ideal || !task_has_tests {
        let from_answer = side == RunSide::Model
            && plan
                .files
                .iter()
                .any(|f| matches!(f.content, FileContent::Text(_)) && runner_of(&f.path).is_some());
        let origin = if from_answer {
            TestOrigin::Answer
        } else {
            TestOrigin::Task
        };
        return (origin, diagnostics);
    }
    let source = plan.source.clone();
    plan.files.retain_mut(|file| {
        if !matches!(file.content, FileContent::Text(_)) || !is_test_harness(&file.path) {
            return true;
        }
        if task.has_project_file(&file.path) {
            file.content = FileContent::CopyFrom(task.root.join(&file.path));
            diagnostics.push(Diagnostic::new(
                &source,
                format!(
                    "the answer's {} was not used: the task's own file runs (an answer does not replace the task's tests)",
                    file.path
                ),
            ));
            true
        } else {
            diagnostics.push(Diagnostic::new(
                &source,
                format!(
                    "the answer's {} was left out: the task's own tests decide the result",
                    file.path
                ),
            ));
            false
        }
    });
    (TestOrigin::Task, diagnostics)
}

/// A fresh path for a test runner's report, in a folder of the run with a random name: the
/// answer's code cannot have a file waiting there, and the report is read from there only.
pub fn fresh_report_path(scratch: &Path, file_name: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(scratch)?;
    let dir = tempfile::Builder::new()
        .prefix("report-")
        .tempdir_in(scratch)?
        .keep();
    Ok(dir.join(file_name))
}

/// What a test runner's report says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportedTests {
    pub counts: TestCounts,
    /// Tests the runner collected and ran (passed, failed, skipped).
    pub total: u32,
}

/// Reads pytest's JUnit XML report (`--junitxml`): the sums over its `<testsuite>` elements.
pub fn read_junit(path: &Path) -> Result<ReportedTests, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("no report ({e})"))?;
    let doc = roxmltree::Document::parse(&text).map_err(|e| format!("invalid report: {e}"))?;
    let suites: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    if suites.is_empty() {
        return Err("invalid report: no <testsuite>".to_string());
    }
    let mut total = 0u32;
    let mut failed = 0u32;
    let mut skipped = 0u32;
    for suite in suites {
        let number = |name: &str| -> Result<u32, String> {
            match suite.attribute(name) {
                None => Ok(0),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| format!("invalid report: {name}=\"{v}\"")),
            }
        };
        total = total.saturating_add(number("tests")?);
        failed = failed
            .saturating_add(number("failures")?)
            .saturating_add(number("errors")?);
        skipped = skipped.saturating_add(number("skipped")?);
    }
    Ok(ReportedTests {
        counts: TestCounts {
            passed: total.saturating_sub(failed).saturating_sub(skipped),
            failed,
            skipped,
        },
        total,
    })
}

/// Reads Jest's JSON report (`--json --outputFile`). Suites that failed to run (a syntax
/// error, a module that throws at import) count as failed tests.
pub fn read_jest_json(path: &Path) -> Result<ReportedTests, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("no report ({e})"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("invalid report: {e}"))?;
    let number = |key: &str| -> Result<u32, String> {
        json.get(key)
            .and_then(serde_json::Value::as_u64)
            .map(|n| n.min(u32::MAX as u64) as u32)
            .ok_or_else(|| format!("invalid report: no {key}"))
    };
    let total = number("numTotalTests")?;
    let passed = number("numPassedTests")?;
    let failed = number("numFailedTests")?;
    let pending = number("numPendingTests").unwrap_or(0) + number("numTodoTests").unwrap_or(0);
    let broken_suites = number("numRuntimeErrorTestSuites").unwrap_or(0);
    Ok(ReportedTests {
        counts: TestCounts {
            passed,
            failed: failed.saturating_add(broken_suites),
            skipped: pending,
        },
        total,
    })
}

/// The verdict of a test stage from its runner's report and its exit: passed only when the
/// report exists, is valid, counts at least one test and no failure, and the runner exited 0.
/// `Err` is the reason of a failed stage.
pub fn judge_report(
    report: &Result<ReportedTests, String>,
    exited_cleanly: bool,
    what: &str,
) -> Result<String, String> {
    let reported = match report {
        Ok(r) => r,
        Err(e) => {
            return Err(format!(
            "{what}: the runner's report is missing or invalid ({e}), so no result can be trusted"
        ))
        }
    };
    let c = reported.counts;
    let summary = format!("{} passed, {} failed", c.passed, c.failed);
    if reported.total == 0 {
        return Err(format!("{what}: no test ran"));
    }
    if c.failed > 0 {
        return Err(format!("{what} failed: {summary}"));
    }
    if !exited_cleanly {
        return Err(format!(
            "{what} failed: the runner did not exit cleanly although its report shows {summary}"
        ));
    }
    if c.passed == 0 {
        return Err(format!("{what}: every test was skipped"));
    }
    Ok(format!("{what} passed: {summary}"))
}

/// Lines of test files that mock AWS or read no live outputs: integration tests must run
/// against what was deployed (checkpoint I). Returns "file:line: text" evidence.
pub fn mocking_evidence(project: &Path, files: &[String]) -> Vec<String> {
    const MOCKS: &[&str] = &[
        "jest.mock(",
        "sinon",
        "Mockito",
        "unittest.mock",
        "from unittest import mock",
        "MagicMock",
        "mock_aws",
        "from moto",
        "import moto",
        "aws-sdk-client-mock",
        "@mock_",
    ];
    let mut evidence = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(project.join(f)) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if MOCKS.iter().any(|m| line.contains(m)) {
                evidence.push(format!("{f}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    evidence
}

/// True when some test file reads the deploy outputs file.
pub fn reads_outputs_file(project: &Path, files: &[String]) -> bool {
    files.iter().any(|f| {
        std::fs::read_to_string(project.join(f))
            .map(|t| t.contains("flat-outputs.json") || t.contains("cfn-outputs"))
            .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_junit_and_jest_reports() {
        let dir = tempfile::tempdir().expect("tempdir");
        let junit = dir.path().join("r.xml");
        std::fs::write(&junit, r#"<?xml version="1.0"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5"></testsuite></testsuites>"#).expect("write");
        let r = read_junit(&junit).expect("junit");
        assert_eq!(r.total, 5);
        assert_eq!(
            r.counts,
            TestCounts {
                passed: 2,
                failed: 2,
                skipped: 1
            }
        );
        std::fs::write(&junit, "3 passed in 0.1s").expect("write");
        assert!(read_junit(&junit).is_err());
        assert!(read_junit(&dir.path().join("missing.xml")).is_err());
        let jest = dir.path().join("r.json");
        std::fs::write(&jest, r#"{"numTotalTests":3,"numPassedTests":3,"numFailedTests":0,"numPendingTests":0,"numRuntimeErrorTestSuites":1,"success":false}"#).expect("write");
        let r = read_jest_json(&jest).expect("jest");
        assert_eq!(r.counts.failed, 1);
        assert!(judge_report(&Ok(r), true, "unit tests").is_err());
    }

    #[test]
    fn a_stage_passes_only_on_a_clean_report_and_exit() {
        let ok = Ok(ReportedTests {
            counts: TestCounts {
                passed: 2,
                failed: 0,
                skipped: 0,
            },
            total: 2,
        });
        assert!(judge_report(&ok, true, "t").is_ok());
        assert!(judge_report(&ok, false, "t").is_err());
        assert!(judge_report(&Err("no report".into()), true, "t").is_err());
        let none = Ok(ReportedTests {
            counts: TestCounts::default(),
            total: 0,
        });
        assert!(judge_report(&none, true, "t").is_err());
    }

    fn files(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn separates_unit_and_integration_tests_of_both_runners() {
        let all = files(&[
            "tests/unit/test_tap_stack.py",
            "tests/integration/test_tap_stack.py",
            "tests/__init__.py",
            "test/tap-stack.unit.test.ts",
            "test/tap-stack.int.test.ts",
            "lib/tap_stack.py",
            "tests/unit/conftest.py",
        ]);
        let unit = find_tests(&all, TestKind::Unit).expect("unit tests");
        assert_eq!(unit.runner, TestRunner::Pytest);
        assert_eq!(unit.files, ["tests/unit/test_tap_stack.py"]);
        let integ = find_tests(&all, TestKind::Integration).expect("integration tests");
        assert_eq!(integ.files, ["tests/integration/test_tap_stack.py"]);
        let jest_only = files(&["test/tap-stack.unit.test.ts", "test/tap-stack.int.test.ts"]);
        let integ = find_tests(&jest_only, TestKind::Integration).expect("jest integration");
        assert_eq!(integ.runner, TestRunner::Jest);
        assert_eq!(integ.files, ["test/tap-stack.int.test.ts"]);
        assert_eq!(find_tests(&files(&["lib/a.py"]), TestKind::Unit), None);
    }
}
