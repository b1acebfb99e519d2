//! Links and special files in a task: the task folder may be a link; inside it, a link that
//! stays in the task is followed and one that leaves it is refused with a diagnostic naming
//! it; FIFOs are never opened.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use iacgrade_task::load_task;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn messages(task: &iacgrade_task::Task, file: &str) -> Vec<String> {
    task.diagnostics
        .iter()
        .filter(|d| d.file == file)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn links_inside_the_task_are_followed_and_links_out_of_it_refused() {
    let base = tempfile::tempdir().expect("tempdir");
    let outside = base.path().join("outside");
    write(&outside, "secret.txt", "SECRET");
    write(&outside, "lib/tap-stack.ts", "SECRET CODE");
    let task = base.path().join("task");
    write(
        &task,
        "metadata.json",
        r#"{"platform":"cdk","language":"ts"}"#,
    );
    write(&task, "docs/prompt.md", "Build a bucket.");
    write(&task, "lib/MODEL_RESPONSE.md", "answer");
    write(&task, "src/stack.ts", "export class Stack {}");
    symlink("../docs/prompt.md", task.join("lib/PROMPT.md")).expect("link");
    symlink(
        outside.join("secret.txt"),
        task.join("lib/IDEAL_RESPONSE.md"),
    )
    .expect("link");
    symlink("../src/stack.ts", task.join("lib/stack.ts")).expect("link");
    symlink(outside.join("secret.txt"), task.join("lib/config.json")).expect("link");
    symlink(outside.join("lib"), task.join("vendor")).expect("link");
    symlink("missing.txt", task.join("lib/dangling.txt")).expect("link");

    let loaded = load_task(&task);
    assert_eq!(loaded.prompts.len(), 1, "{:?}", loaded.diagnostics);
    assert_eq!(loaded.prompts[0].text, "Build a bucket.");
    assert!(loaded.ideal_response.is_none());
    let ideal = messages(&loaded, "lib/IDEAL_RESPONSE.md");
    assert_eq!(ideal.len(), 1, "{ideal:?}");
    assert!(ideal[0].contains("outside the task"), "{ideal:?}");
    assert!(
        ideal[0].contains("secret.txt"),
        "the diagnostic names the target: {ideal:?}"
    );
    assert!(messages(&loaded, "lib/config.json")[0].contains("outside the task"));
    assert!(messages(&loaded, "vendor")[0].contains("outside the task"));
    assert!(messages(&loaded, "lib/dangling.txt")[0].contains("link to nothing"));
    let files: Vec<&str> = loaded
        .project_files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert!(files.contains(&"lib/stack.ts"), "{files:?}");
    assert!(files.contains(&"src/stack.ts"), "{files:?}");
    for file in &loaded.project_files {
        assert!(
            !file.text.as_deref().unwrap_or("").contains("SECRET"),
            "{}",
            file.path
        );
    }
}

#[test]
fn the_task_folder_itself_may_be_a_link() {
    let base = tempfile::tempdir().expect("tempdir");
    let real = base.path().join("real");
    write(
        &real,
        "metadata.json",
        r#"{"platform":"tf","language":"hcl"}"#,
    );
    write(&real, "lib/PROMPT.md", "prompt");
    write(&real, "lib/MODEL_RESPONSE.md", "answer");
    write(&real, "lib/main.tf", "# code");
    let link = base.path().join("Pr42");
    symlink(&real, &link).expect("link");
    let loaded = load_task(&link);
    assert_eq!(loaded.id, "Pr42");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.project_files.len(), 1);
}

#[test]
fn a_lib_folder_that_leads_out_of_the_task_is_not_read() {
    let base = tempfile::tempdir().expect("tempdir");
    let outside = base.path().join("outside");
    write(&outside, "PROMPT.md", "SECRET");
    let task = base.path().join("task");
    write(
        &task,
        "metadata.json",
        r#"{"platform":"tf","language":"hcl"}"#,
    );
    symlink(&outside, task.join("lib")).expect("link");
    let loaded = load_task(&task);
    assert!(loaded.prompts.is_empty());
    assert!(messages(&loaded, "lib")[0].contains("outside the task"));
}

#[test]
fn fifos_are_never_opened() {
    let base = tempfile::tempdir().expect("tempdir");
    let task = base.path().join("task");
    std::fs::create_dir_all(task.join("lib")).expect("mkdir");
    for rel in [
        "metadata.json",
        "lib/PROMPT.md",
        "lib/MODEL_RESPONSE.md",
        "lib/main.tf",
    ] {
        let status = std::process::Command::new("mkfifo")
            .arg(task.join(rel))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }
    // Opening any of them for reading would block this test for ever.
    let loaded = load_task(&task);
    for rel in ["metadata.json", "lib/PROMPT.md", "lib/MODEL_RESPONSE.md"] {
        let found = messages(&loaded, rel);
        assert!(
            found.iter().any(|m| m.contains("is not a regular file")),
            "{rel}: {:?}",
            loaded.diagnostics
        );
    }
    assert!(loaded.project_files.is_empty());
}
