//! Hostile and broken corpora: every task still gets exactly one result, a panicking or
//! blocking task does not stop the run, task content cannot drive the terminal, and written
//! files and folders are whole and respect the umask.

use std::path::Path;

use assert_cmd::Command;

fn iacgrade() -> Command {
    let mut cmd = Command::cargo_bin("iacgrade").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A small CloudFormation task; `key` is the name of the bucket's logical id.
fn cfn_task(dir: &Path, key: &str) {
    write(
        dir,
        "metadata.json",
        r#"{"platform":"cfn","language":"yaml","po_id":"x"}"#,
    );
    write(
        dir,
        "lib/PROMPT.md",
        "Create an S3 bucket with CloudFormation.\n",
    );
    let template = format!(
        "```yaml\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n  {key}:\n    Type: AWS::S3::Bucket\n```\n"
    );
    write(dir, "lib/MODEL_RESPONSE.md", &template);
    write(dir, "lib/IDEAL_RESPONSE.md", &template);
}

fn jsonl(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn a_panicking_task_gets_an_error_line_and_the_run_goes_on() {
    let corpus = tempfile::tempdir().expect("tempdir");
    for name in ["a-task", "b-task", "c-task"] {
        cfn_task(&corpus.path().join(name), "Logs");
    }
    let out = iacgrade()
        .env("IACGRADE_TEST_PANIC_IN_TASK", "b-task")
        .args(["corpus", "--format", "jsonl"])
        .arg(corpus.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(3),
        "a task that was not judged is a failure"
    );
    let lines = jsonl(&out.stdout);
    assert_eq!(lines.len(), 3);
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["task"]["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["a-task", "b-task", "c-task"]);
    let errors = lines[1]["errors"].to_string();
    assert!(errors.contains("test panic requested for task"), "{errors}");
    assert!(!lines[2]["checkpoints"]
        .as_array()
        .expect("array")
        .is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 task(s) could not be judged"));
}

#[cfg(unix)]
#[test]
fn a_task_of_fifos_gets_its_line_without_blocking() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let task = corpus.path().join("fifo-task");
    std::fs::create_dir_all(task.join("lib")).expect("mkdir");
    for rel in [
        "metadata.json",
        "lib/PROMPT.md",
        "lib/MODEL_RESPONSE.md",
        "lib/stack.ts",
    ] {
        let status = std::process::Command::new("mkfifo")
            .arg(task.join(rel))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }
    let out = iacgrade()
        .args(["corpus", "--format", "jsonl", "--fail-on", "never"])
        .arg(corpus.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let lines = jsonl(&out.stdout);
    assert_eq!(lines.len(), 1);
    let errors = lines[0]["errors"].to_string();
    for rel in ["metadata.json", "lib/PROMPT.md", "lib/MODEL_RESPONSE.md"] {
        assert!(
            errors.contains(&format!(
                "\"file\":\"{rel}\",\"message\":\"is not a regular file"
            )),
            "{rel}: {errors}"
        );
    }
}

#[test]
fn escape_sequences_in_a_key_and_a_folder_name_come_out_escaped() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let folder = "task\u{1b}]0;owned\u{7}";
    // A YAML key with a line-erasing sequence (quoted, as YAML wants control characters).
    cfn_task(&corpus.path().join(folder), "\"Logs\\e[2K\\rFake\"");
    for format in ["text", "markdown", "summary"] {
        let out = iacgrade()
            .args(["corpus", "--format", format])
            .arg(corpus.path())
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
            .collect();
        assert!(
            bad.is_empty(),
            "{format}: control characters {bad:?} in\n{text}"
        );
        if format != "summary" {
            assert!(text.contains("task\\x1b]0;owned\\x07"), "{format}:\n{text}");
        }
    }
    let out = iacgrade()
        .args(["review", "--format", "text"])
        .arg(corpus.path().join(folder))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("task\\x1b]0;owned\\x07"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[cfg(unix)]
#[test]
fn output_files_respect_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = tempfile::tempdir().expect("tempdir");
    cfn_task(&corpus.path().join("t"), "Logs");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let report = out_dir.path().join("out.jsonl");
    let dashboard = out_dir.path().join("dash");
    // umask 022: files 0644, folders 0755.
    let script = format!(
        "umask 022 && \"$0\" corpus {c} --fail-on never --format jsonl -o {r} && \"$0\" corpus {c} --fail-on never --format html -o {d}",
        c = corpus.path().display(),
        r = report.display(),
        d = dashboard.display()
    );
    let bin = assert_cmd::cargo::cargo_bin("iacgrade");
    let status = std::process::Command::new("sh")
        .args(["-c", &script])
        .arg(bin)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("sh runs");
    assert!(status.success());
    let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&report), 0o644);
    assert_eq!(mode(&dashboard), 0o755);
    assert_eq!(mode(&dashboard.join("index.html")), 0o644);
}
