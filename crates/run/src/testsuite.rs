//! Finding a project's unit and integration tests, whatever the platform: pytest files
//! (tests/unit, tests/integration, test_*.py) and Jest files (test/*.unit.test.ts,
//! test/*.int.test.ts, ...). The test language is that of the test files, not of the stack:
//! a CloudFormation task may be tested with Jest or with pytest.

use std::path::Path;

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
