//! Helpers shared by the integration tests that call real tools.
// Each test binary uses a part of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use iacgrade_run::ToolPaths;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The tools tools/install-toolchains.sh installed, then `PATH`.
pub fn tools() -> ToolPaths {
    ToolPaths::discover(&repo_root())
}

/// True when every tool is installed. Otherwise the test is skipped with a printed reason —
/// unless IACGRADE_REQUIRE_TOOLS=1 (set by CI), where a missing tool is a failure.
pub fn tools_present(needed: &[&str]) -> bool {
    let paths = tools();
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|t| paths.find(t).is_none())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "missing tools: {} (run tools/install-toolchains.sh)",
        missing.join(", ")
    );
    if std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("IACGRADE_REQUIRE_TOOLS=1 and {message}");
    }
    eprintln!("skipped: {message}");
    false
}

/// True when the tools' Python imports every module of `modules` (the Pulumi SDK, say); skipped
/// or failed as [`tools_present`] is.
pub fn python_modules_present(modules: &[&str]) -> bool {
    if !tools_present(&["python"]) {
        return false;
    }
    let Some(python) = tools().find("python") else {
        return false;
    };
    let missing: Vec<&str> = modules
        .iter()
        .copied()
        .filter(|m| {
            !std::process::Command::new(&python)
                .args(["-c", &format!("import {m}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "{} cannot import {} (run tools/install-toolchains.sh)",
        python.display(),
        missing.join(", ")
    );
    if std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("IACGRADE_REQUIRE_TOOLS=1 and {message}");
    }
    eprintln!("skipped: {message}");
    false
}

/// The fixture task folder `name` under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes `files` (path, text) under `root`.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().expect("paths have a parent")).expect("mkdir");
        std::fs::write(target, text).expect("write");
    }
}
