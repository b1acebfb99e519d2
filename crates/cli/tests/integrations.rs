//! The integrations as users run them: `run` started from a folder outside the repository finds
//! the toolchains, `doctor` reports, the pre-commit hook reviews the task folders of changed
//! files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository")
}

fn iacgrade(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_iacgrade"));
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("IACGRADE_TOOLCHAINS")
        // An empty data folder: what is found comes from the places the test means.
        .env("XDG_DATA_HOME", cwd.join("data"));
    cmd
}

/// The repository's venv (tools/install-toolchains.sh), or `None` when it is not installed and
/// the tools are not required.
fn repository_venv() -> Option<PathBuf> {
    let venv = repository().join(".venv");
    if venv.join("bin/python").is_file() {
        return Some(venv);
    }
    assert!(
        std::env::var_os("IACGRADE_REQUIRE_TOOLS").is_none(),
        "IACGRADE_REQUIRE_TOOLS is set and .venv is not installed (tools/install-toolchains.sh)"
    );
    eprintln!("skipped: .venv is not installed (run tools/install-toolchains.sh)");
    None
}

/// `run --stages build` of the bundled example (Pulumi, Python: the build compiles every module
/// with the venv's python) from `cwd`; the report's text.
fn build_the_example(cmd: &mut Command) -> String {
    let example = repository().join("examples/healthcare-analytics");
    let output = cmd
        .arg("run")
        .arg(&example)
        .args(["--side", "ideal", "--stages", "build", "--no-sandbox"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{stdout}\n{stderr}"
    );
    stdout
}

fn build_line(report: &str) -> &str {
    report
        .lines()
        .find(|l| l.trim_start().starts_with("build "))
        .unwrap_or_else(|| panic!("no build stage in\n{report}"))
}

#[test]
fn run_from_another_working_directory_uses_the_repository_above_the_binary() {
    let Some(venv) = repository_venv() else {
        return;
    };
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let report = build_the_example(&mut iacgrade(elsewhere.path()));
    assert!(
        report.contains(&format!(
            "python tools: {} (the repository above the iacgrade binary)",
            venv.display()
        )),
        "{report}"
    );
    let build = build_line(&report);
    assert!(!build.contains("not installed"), "{build}");
    assert!(build.contains("passed"), "{build}");
}

#[test]
fn run_uses_the_toolchains_folder_it_is_given() {
    let Some(venv) = repository_venv() else {
        return;
    };
    let elsewhere = tempfile::tempdir().expect("tempdir");
    // A folder in the layout of `iacgrade setup --prefix`, its venv the repository's.
    let toolchains = elsewhere.path().join("toolchains");
    std::fs::create_dir_all(&toolchains).expect("mkdir");
    std::os::unix::fs::symlink(&venv, toolchains.join("venv")).expect("link");
    let mut cmd = iacgrade(elsewhere.path());
    cmd.env("IACGRADE_TOOLCHAINS", &toolchains);
    let report = build_the_example(&mut cmd);
    assert!(
        report.contains(&format!(
            "python tools: {} (--toolchains / IACGRADE_TOOLCHAINS)",
            toolchains.join("venv").display()
        )),
        "{report}"
    );
    let build = build_line(&report);
    assert!(build.contains("passed"), "{build}");
}

#[test]
fn a_toolchains_folder_that_holds_none_is_a_usage_error() {
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let output = iacgrade(elsewhere.path())
        .arg("run")
        .arg(repository().join("examples/healthcare-analytics"))
        .args([
            "--stages",
            "build",
            "--no-sandbox",
            "--toolchains",
            "nothing-here",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("nothing-here holds no toolchains"),
        "{stderr}"
    );
}

#[test]
fn doctor_reports_every_section_and_exits_zero_without_strict() {
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let output = iacgrade(elsewhere.path())
        .arg("doctor")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8_lossy(&output.stdout);
    for section in ["toolchains", "sandbox", "terraform", "emulator", "stages"] {
        assert!(
            report.lines().any(|l| l == section),
            "no {section} section in\n{report}"
        );
    }
    assert!(report.contains("Pulumi (py)"), "{report}");
}

#[test]
fn the_pre_commit_hook_reviews_each_changed_task_once() {
    let repo = repository();
    let task = "fixtures/tasks/cdk-ts-static-site";
    let output = Command::new("bash")
        .current_dir(&repo)
        .env("IACGRADE", env!("CARGO_BIN_EXE_iacgrade"))
        .env("NO_COLOR", "1")
        .arg("tools/pre-commit-review.sh")
        .args(["--fail-on", "never", "--format", "json", "--"])
        .arg(format!("{task}/lib/MODEL_RESPONSE.md"))
        .arg(format!("{task}/metadata.json"))
        .arg("README.md")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON report");
    assert_eq!(report["schema_version"], 1);
    assert!(
        report["task"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("cdk-ts-static-site")),
        "{}",
        report["task"]
    );
}

#[test]
fn setup_writes_its_pins_and_names_the_install_it_would_run() {
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let prefix = elsewhere.path().join("toolchains");
    let output = iacgrade(elsewhere.path())
        .args(["setup", "--python-only", "--dry-run", "--prefix"])
        .arg(&prefix)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let command = String::from_utf8_lossy(&output.stdout);
    let script = prefix.join("pins/tools/install-toolchains.sh");
    assert_eq!(
        command.trim(),
        format!(
            "bash {} --python-only --prefix {}",
            script.display(),
            prefix.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&script).expect("the script"),
        std::fs::read_to_string(repository().join("tools/install-toolchains.sh")).expect("read")
    );
    // The script reads its pins beside itself; its usage parses the flags setup passes.
    let usage = Command::new("bash")
        .arg(&script)
        .arg("--no-such-flag")
        .output()
        .expect("runs");
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("[--prefix DIR]"));
}

#[test]
fn setup_installs_into_iacgrade_toolchains_when_no_prefix_is_given() {
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let folder = elsewhere.path().join("from-env");
    let output = iacgrade(elsewhere.path())
        .env("IACGRADE_TOOLCHAINS", &folder)
        .args(["setup", "--dry-run"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(&format!("--prefix {}", folder.display()))
    );
    // Without either, the data folder.
    let output = iacgrade(elsewhere.path())
        .args(["setup", "--dry-run"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains(&format!(
        "--prefix {}",
        elsewhere.path().join("data/iacgrade/toolchains").display()
    )));
}
