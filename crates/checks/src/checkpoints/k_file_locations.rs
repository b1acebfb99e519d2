//! Checkpoint K — file locations.
//!
//! The pipeline's CI rejects a task whose files lie outside the allowed places: the folders
//! bin/, lib/, test/ and tests/, and the root files metadata.json, cdk.json, cdktf.json,
//! Pulumi.yaml, tap.py, tap.go, package.json and package-lock.json. Files that every task
//! template already carries (requirements.txt, tsconfig.json, jest.config.js, go.mod, pom.xml,
//! ...) are tolerated and listed. Any other file of the project tree fails the checkpoint, with
//! the place it belongs where one is known (README.md → lib/README.md). Paths that the ideal
//! answer tells the user to create in a forbidden place (docs/, scripts/, .github/, a document at
//! the root) are warnings: the answer would lead to a rejected task. Answers name most files
//! relative to lib/, so a bare "main.tf" is not flagged.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::{Evidence, Task};

use crate::CheckInput;

const ALLOWED_FOLDERS: &[&str] = &["bin", "lib", "test", "tests"];
const ALLOWED_ROOT_FILES: &[&str] = &[
    "metadata.json",
    "cdk.json",
    "cdktf.json",
    "Pulumi.yaml",
    "tap.py",
    "tap.go",
    "package.json",
    "package-lock.json",
];
/// Files the task templates ship at the root; a task does not add them, so CI does not see them.
const TEMPLATE_ROOT_FILES: &[&str] = &[
    "requirements.txt",
    "Pipfile",
    "Pipfile.lock",
    "pyproject.toml",
    "setup.cfg",
    "pytest.ini",
    ".pylintrc",
    ".flake8",
    "tsconfig.json",
    "jest.config.js",
    "jest.config.ts",
    ".eslintrc.js",
    ".eslintrc.json",
    ".eslintrc",
    "eslint.config.js",
    "eslint.config.mjs",
    ".prettierrc",
    ".prettierrc.json",
    ".gitignore",
    ".npmignore",
    "go.mod",
    "go.sum",
    "pom.xml",
    "build.gradle",
    "settings.gradle",
    "gradlew",
    "gradle.properties",
    "cdk.context.json",
    "Pulumi.dev.yaml",
    "babel.config.js",
];

/// Where a misplaced file belongs.
fn correct_place(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "README.md" | "PROMPT.md" | "MODEL_RESPONSE.md" | "IDEAL_RESPONSE.md"
        | "MODEL_FAILURES.md" => Some(format!("lib/{name}")),
        _ if path.starts_with("docs/")
            || path.starts_with(".github/")
            || path.starts_with("scripts/") =>
        {
            Some("not allowed in a task".into())
        }
        _ if !path.contains('/') => None,
        _ => Some(format!("lib/{path}")),
    }
}

pub enum Placement {
    Allowed,
    Template,
    Misplaced,
}

pub fn placement(path: &str) -> Placement {
    let path = path.trim_start_matches("./");
    match path.split_once('/') {
        Some((top, _)) if ALLOWED_FOLDERS.contains(&top) => Placement::Allowed,
        Some((top, _)) if top.starts_with('.') && top != ".github" => Placement::Template,
        Some(_) => Placement::Misplaced,
        None if ALLOWED_ROOT_FILES.contains(&path) => Placement::Allowed,
        None if TEMPLATE_ROOT_FILES.contains(&path) => Placement::Template,
        None => Placement::Misplaced,
    }
}

pub fn check(input: &CheckInput) -> Checkpoint {
    let name = "File locations";
    let task: &Task = input.task;
    let mut misplaced = Vec::new();
    let mut template = Vec::new();
    for file in &task.project_files {
        match placement(&file.path) {
            Placement::Allowed => {}
            Placement::Template => template.push(file.path.clone()),
            Placement::Misplaced => {
                let text = match correct_place(&file.path) {
                    Some(place) => format!("{} (belongs in {place})", file.path),
                    None => format!("{} (not an allowed root file)", file.path),
                };
                misplaced.push(Evidence::new(&file.path, None, text));
            }
        }
    }
    // Paths the ideal answer names; the model answer is judged elsewhere.
    let mut answer_paths = Vec::new();
    for file in &input.ideal.files {
        let Some(path) = &file.path else { continue };
        if !clearly_misplaced(path) || task.has_project_file(path) {
            continue;
        }
        {
            if answer_paths
                .iter()
                .any(|e: &Evidence| e.text.starts_with(path.as_str()))
            {
                continue;
            }
            let text = match correct_place(path) {
                Some(place) => format!("{path} (belongs in {place})"),
                None => format!("{path} (not an allowed root file)"),
            };
            answer_paths.push(Evidence::new(&file.document, Some(file.first_line), text));
        }
    }

    if !misplaced.is_empty() {
        let message = format!(
            "{} file(s) outside the allowed locations; CI would reject the task",
            misplaced.len()
        );
        misplaced.extend(answer_paths);
        return super::checkpoint("K", name, CheckStatus::Fail, message, misplaced);
    }
    let template_note = if template.is_empty() {
        String::new()
    } else {
        format!("; template files tolerated: {}", template.join(", "))
    };
    if !answer_paths.is_empty() {
        let message = format!(
            "project files in place{template_note}; the ideal answer names {} path(s) outside the allowed locations",
            answer_paths.len()
        );
        return super::checkpoint("K", name, CheckStatus::Warn, message, answer_paths);
    }
    let message = if task.project_files.is_empty() {
        "no project files besides the task documents; the documents are in place".to_string()
    } else {
        format!(
            "all {} project file(s) in allowed locations{template_note}",
            task.project_files.len()
        )
    };
    super::checkpoint("K", name, CheckStatus::Pass, message, Vec::new())
}

/// Answers name most files relative to lib/ ("main.tf", "tap_stack.py", "modules/vpc/main.tf"),
/// so only paths that cannot be meant that way are flagged: the folders the pipeline forbids and
/// documents written at the root.
fn clearly_misplaced(path: &str) -> bool {
    const FORBIDDEN_DIRS: &[&str] = &["docs", "scripts", ".github", "config", ".vscode", ".idea"];
    if path.contains("://") || path.starts_with('/') || path.starts_with('~') || path.contains(' ')
    {
        return false;
    }
    match path.split_once('/') {
        Some((top, _)) => FORBIDDEN_DIRS.contains(&top),
        None => path.ends_with(".md"),
    }
}
