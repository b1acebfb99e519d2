//! Hostile answers: each fixture task here does one thing a careless or hostile answer can do
//! from a test or a module it ships, and each unit test below checks that the sandbox
//! contained it (on the host side) and that the stage did not report "passed".
//!
//! Every fixture's pytest test asserts that its attack *worked*: run unconfined, the stage
//! passes (or, for the daemon and the loop, leaves a process behind), so these checks fail
//! without the sandbox. No fixture sends traffic off the machine: the only listener is on the
//! host's 127.0.0.1, and the off-host check reads the namespace's interfaces and routes.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iacgrade_run::{
    run_side, Limits, RunOptions, RunReport, RunSide, Stage, StageResult, StageStatus,
};

const METADATA: &str = r#"{"platform": "cfn", "language": "yaml"}"#;
const TEMPLATE: &str = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";

/// A task whose project holds `test_file` as tests/unit/test_attack.py.
fn attack_task(dir: &Path, test_file: &str) {
    common::write_files(
        dir,
        &[
            ("metadata.json", METADATA),
            ("lib/PROMPT.md", "Create a bucket."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("lib/TapStack.yml", TEMPLATE),
            ("tests/unit/test_attack.py", test_file),
        ],
    );
}

fn options(timeout: Duration) -> RunOptions {
    RunOptions {
        stages: vec![Stage::Unit],
        stage_timeout: timeout,
        tools: common::tools(),
        limits: Limits {
            memory_bytes: 1 << 30,
            ..Limits::default()
        },
        ..RunOptions::default()
    }
}

fn run_unit(task_dir: &Path, side: RunSide, options: &RunOptions) -> (RunReport, StageResult) {
    let task = iacgrade_task::load_task(task_dir);
    let report = run_side(&task, side, options);
    let unit = report
        .stage(Stage::Unit)
        .cloned()
        .unwrap_or_else(|| panic!("no unit stage: {report:?}"));
    (report, unit)
}

fn ready() -> bool {
    common::tools_present(&["python", "pytest"])
}

fn assert_not_passed(unit: &StageResult) {
    assert_ne!(
        unit.status,
        StageStatus::Passed,
        "the attack passed: {unit:#?}"
    );
}

/// A literal Python string of a path.
fn py(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

#[test]
fn writing_outside_the_workspace_fails() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let targets = [
        task.path().join("escaped.txt"),
        outside.path().join("escaped.txt"),
        Path::new(&home).join(format!("iacgrade-escaped-{}.txt", std::process::id())),
    ];
    let list: Vec<String> = targets.iter().map(|t| py(t)).collect();
    attack_task(
        task.path(),
        &format!(
            "TARGETS = [{}]\n\n\ndef test_write_outside():\n    for target in TARGETS:\n        with open(target, \"w\") as handle:\n            handle.write(\"escaped\")\n",
            list.join(", ")
        ),
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    for target in &targets {
        let escaped = target.exists();
        let _ = std::fs::remove_file(target);
        assert!(
            !escaped,
            "{} was written from the sandbox",
            target.display()
        );
    }
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert!(
        unit.log.contains("FileNotFoundError") || unit.log.contains("Read-only file system"),
        "{}",
        unit.log
    );
}

#[test]
fn planted_credentials_outside_the_workspace_cannot_be_read() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    let secrets = tempfile::tempdir().expect("tempdir");
    let credentials = secrets.path().join(".aws/credentials");
    common::write_files(
        secrets.path(),
        &[(".aws/credentials", "[default]\naws_access_key_id = AKIAPLANTEDFAKE0000\naws_secret_access_key = planted-fake\n")],
    );
    // A uniquely named fake in the caller's home too (removed below), where ~/.aws would be.
    let home = PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into()));
    let in_home = home.join(format!(
        ".iacgrade-planted-credentials-{}",
        std::process::id()
    ));
    std::fs::write(&in_home, "aws_access_key_id = AKIAPLANTEDFAKE0001\n").expect("plant");
    attack_task(
        task.path(),
        &format!(
            "def test_read_planted_credentials():\n    with open({}) as handle:\n        assert \"AKIAPLANTEDFAKE\" in handle.read()\n\n\ndef test_read_planted_credentials_in_home():\n    with open({}) as handle:\n        assert \"AKIAPLANTEDFAKE\" in handle.read()\n",
            py(&credentials),
            py(&in_home),
        ),
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    let _ = std::fs::remove_file(&in_home);
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert!(!unit.log.contains("AKIAPLANTEDFAKE000"), "{}", unit.log);
    let counts = unit.figures.tests.expect("the report's counts");
    assert_eq!(counts.failed, 2, "{unit:#?}");
}

#[test]
fn a_host_loopback_listener_is_unreachable() {
    if !ready() {
        return;
    }
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(
        task.path(),
        &format!(
            "import socket\n\n\ndef test_connect_to_the_host():\n    socket.create_connection((\"127.0.0.1\", {port}), timeout=3).close()\n"
        ),
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    assert!(
        listener.accept().is_err(),
        "the sandbox connected to the host's listener"
    );
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert!(unit.log.contains("ConnectionRefusedError"), "{}", unit.log);
}

#[test]
fn nothing_off_the_machine_is_routable() {
    if !ready() {
        return;
    }
    // Read from the namespace's own tables; no packet is sent anywhere.
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(
        task.path(),
        "def test_has_a_way_off_the_machine():\n    with open(\"/proc/net/dev\") as handle:\n        interfaces = [line.split(\":\")[0].strip() for line in handle.readlines()[2:]]\n    with open(\"/proc/net/route\") as handle:\n        routes = handle.readlines()[1:]\n    print(\"interfaces\", interfaces, \"routes\", routes)\n    assert [i for i in interfaces if i != \"lo\"] or routes\n",
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert!(
        unit.log.contains("interfaces ['lo'] routes []"),
        "{}",
        unit.log
    );
}

#[test]
fn the_toolchains_cannot_be_modified() {
    if !ready() {
        return;
    }
    let tools = common::tools();
    let venv = tools.venv.clone().expect("venv");
    let site = std::fs::read_dir(venv.join("lib"))
        .expect("venv lib")
        .flatten()
        .map(|e| e.path().join("site-packages"))
        .find(|p| p.is_dir())
        .expect("site-packages");
    let pth = site.join("zz_iacgrade_planted.pth");
    let mut targets = vec![pth];
    if let Some(modules) = &tools.node_modules {
        targets.push(modules.join("zz-iacgrade-planted.js"));
    }
    let task = tempfile::tempdir().expect("tempdir");
    let mut test = String::new();
    for (i, target) in targets.iter().enumerate() {
        test.push_str(&format!(
            "def test_plant_{i}():\n    with open({}, \"w\") as handle:\n        handle.write(\"import os\\n\")\n\n\n",
            py(target)
        ));
    }
    attack_task(task.path(), &test);
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    for target in &targets {
        let planted = target.exists();
        let _ = std::fs::remove_file(target);
        assert!(
            !planted,
            "{} was planted from the sandbox",
            target.display()
        );
    }
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert_eq!(
        unit.figures.tests.map(|c| c.failed),
        Some(targets.len() as u32)
    );
}

/// Processes whose command line holds `marker`.
fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let cmdline = entry.path().join("cmdline");
        if let Ok(bytes) = std::fs::read(&cmdline) {
            let text = String::from_utf8_lossy(&bytes).replace('\0', " ");
            if text.contains(marker) {
                found.push(format!("{}: {text}", entry.file_name().to_string_lossy()));
            }
        }
    }
    found
}

#[test]
fn daemons_die_with_their_stage() {
    if !ready() {
        return;
    }
    let marker = format!("iacgrade-daemon-{}", std::process::id());
    let task = tempfile::tempdir().expect("tempdir");
    // A double-forked, setsid daemon that beats into a file of the workspace; the test waits
    // until it beats, so the stage ends with the daemon running. The test passes (daemonising
    // is no test failure): what is checked is that nothing of it outlives the stage.
    let daemon =
        "import time\\nwhile True:\\n    open('heartbeat', 'a').write('.')\\n    time.sleep(0.05)";
    let test = r#"import os
import time


def test_leave_a_daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("python3", ["python3", "-c", "DAEMON", "MARKER"])
        os._exit(0)
    time.sleep(0.5)
    assert os.path.getsize("heartbeat") > 0
"#
    .replace("DAEMON", daemon)
    .replace("MARKER", &marker);
    attack_task(task.path(), &test);
    let mut options = options(Duration::from_secs(60));
    options.keep_workspace = true;
    let (report, unit) = run_unit(task.path(), RunSide::Ideal, &options);
    let workspace = report.workspace.clone().expect("workspace");
    let beat = workspace.join("heartbeat");
    let before = std::fs::metadata(&beat).map(|m| m.len()).unwrap_or(0);
    std::thread::sleep(Duration::from_millis(400));
    let after = std::fs::metadata(&beat).map(|m| m.len()).unwrap_or(0);
    let survivors = processes_with(&marker);
    let _ = std::fs::remove_dir_all(workspace.parent().expect("run folder"));
    assert!(before > 0, "the daemon never ran: {unit:#?}");
    assert_eq!(before, after, "the daemon still beats after its stage");
    assert!(survivors.is_empty(), "survivors: {survivors:?}");
    assert_eq!(unit.status, StageStatus::Passed, "{unit:#?}");
}

#[test]
fn an_endless_loop_is_stopped_at_the_timeout() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(
        task.path(),
        "def test_spin():\n    while True:\n        pass\n",
    );
    let started = Instant::now();
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(4)),
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(unit.status, StageStatus::TimedOut, "{unit:#?}");
}

#[test]
fn allocating_8_gb_stops_at_the_memory_limit() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    // Touches every page, in 256 MiB steps, so that the memory is really used.
    attack_task(
        task.path(),
        "def test_allocate_8_gb():\n    held = []\n    for _ in range(32):\n        block = bytearray(256 << 20)\n        for i in range(0, len(block), 4096):\n            block[i] = 1\n        held.append(block)\n    assert len(held) == 32\n",
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    assert_not_passed(&unit);
    assert!(
        unit.log.contains("MemoryError") || unit.reason.contains("memory limit"),
        "{unit:#?}"
    );
}

/// A task with its own unit test (the template must encrypt its bucket) and a model answer
/// that does not, but ships its own always-passing test and a conftest.py that marks every
/// test passed.
#[test]
fn an_answer_cannot_replace_the_tasks_tests() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    let model = "## File: lib/TapStack.yml\n\n```yaml\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n```\n\n## File: tests/unit/test_stack.py\n\n```python\ndef test_stack():\n    assert True\n```\n\n## File: conftest.py\n\n```python\nimport pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    outcome = yield\n    report = outcome.get_result()\n    report.outcome = \"passed\"\n```\n";
    common::write_files(
        task.path(),
        &[
            ("metadata.json", METADATA),
            ("lib/PROMPT.md", "Create an encrypted bucket."),
            ("lib/MODEL_RESPONSE.md", model),
            ("lib/TapStack.yml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption: {}\n"),
            (
                "tests/unit/test_stack.py",
                "from pathlib import Path\n\n\ndef test_stack():\n    assert \"BucketEncryption\" in Path(\"lib/TapStack.yml\").read_text()\n",
            ),
        ],
    );
    let options = options(Duration::from_secs(60));
    let (report, unit) = run_unit(task.path(), RunSide::Model, &options);
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    let said: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        said.iter()
            .any(|m| m.contains("tests/unit/test_stack.py was not used")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|m| m.contains("conftest.py was left out")),
        "{said:?}"
    );
    // The ideal side, with the same test, passes: the test is the task's and works.
    let (_, ideal) = run_unit(task.path(), RunSide::Ideal, &options);
    assert_eq!(ideal.status, StageStatus::Passed, "{ideal:#?}");
}

#[test]
fn a_forged_summary_and_a_clean_exit_do_not_pass() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(
        task.path(),
        "import os\nimport sys\n\nsys.stdout.write(\"===== 12 passed in 0.42s =====\\n\")\nsys.stdout.flush()\nos._exit(0)\n\n\ndef test_never_runs():\n    assert False\n",
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    assert!(unit.reason.contains("report is missing"), "{unit:#?}");
    assert_eq!(unit.figures.tests, None);
}

#[test]
fn a_failing_test_is_reported_failed() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(
        task.path(),
        "def test_passes():\n    assert 1 + 1 == 2\n\n\ndef test_fails():\n    assert 1 + 1 == 3\n",
    );
    let (_, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    assert_eq!(unit.status, StageStatus::Failed, "{unit:#?}");
    let counts = unit.figures.tests.expect("counts");
    assert_eq!((counts.passed, counts.failed), (1, 1));
}

#[test]
fn the_workspace_is_removed_after_the_run() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(task.path(), "def test_passes():\n    assert True\n");
    let (report, unit) = run_unit(
        task.path(),
        RunSide::Ideal,
        &options(Duration::from_secs(60)),
    );
    assert_eq!(unit.status, StageStatus::Passed, "{unit:#?}");
    let workspace: PathBuf = report.workspace.expect("workspace");
    assert!(
        !workspace.exists(),
        "{} was left behind",
        workspace.display()
    );
}

#[test]
fn a_run_without_the_sandbox_warns_on_every_stage() {
    if !ready() {
        return;
    }
    let task = tempfile::tempdir().expect("tempdir");
    attack_task(task.path(), "def test_passes():\n    assert True\n");
    let mut options = options(Duration::from_secs(60));
    options.isolation = iacgrade_run::Isolation::Unconfined;
    options.stages = vec![Stage::Lint, Stage::Unit];
    let task = iacgrade_task::load_task(task.path());
    let report = run_side(&task, RunSide::Ideal, &options);
    for stage in report.stages.iter().filter(|s| !s.commands.is_empty()) {
        assert!(
            stage
                .figures
                .notes
                .iter()
                .any(|n| n.contains("without the sandbox")),
            "{stage:#?}"
        );
    }
    assert!(report.stages.iter().any(|s| !s.commands.is_empty()));
}
