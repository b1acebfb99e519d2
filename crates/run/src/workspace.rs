//! Lays out one side's files in a fresh folder, where the stages run.
//!
//! The ideal side is the task's project tree (read from `task.root`); a task that ships only its
//! documents gets the files of lib/IDEAL_RESPONSE.md instead. The model side is the files of the
//! model's answer, completed with the project's support files it does not provide: manifests,
//! configuration, entry points and tests — everything outside `lib/`, plus `lib/__init__.py`.
//! The answer's code in `lib/` is never mixed with the ideal code.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use iacgrade_task::{Diagnostic, Language, Origin, Platform, SourceFile, Task, TextDocument};

use crate::harness;
use crate::layout::place_unnamed;

use crate::options::RunSide;

/// Files under `lib/` that belong to the project's scaffolding rather than to an answer.
const LIB_SUPPORT_FILES: &[&str] = &["lib/__init__.py", "lib/AWS_REGION"];

/// Folders of a project tree that hold results of an earlier run, never inputs.
const STALE_OUTPUT_DIRS: &[&str] = &["cfn-outputs/", "cdk.out/", "cdktf.out/", "coverage/"];

/// One file to write into the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Relative path, normalised, never escaping the workspace.
    pub path: String,
    pub content: FileContent,
    /// Where the file's text comes from in the answer, for the side's own code.
    pub source: Option<FileSource>,
}

/// Where a file of the workspace comes from: a block of an answer document, or a project
/// file. A tool's complaint about line `n` of the file is about line `first_line + n - 1` of
/// `document`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileSource {
    /// The file's path in the workspace.
    pub path: String,
    /// The name the rest of the review gives the file ([`SourceFile::display_name`]).
    pub name: String,
    pub document: String,
    pub first_line: usize,
}

impl FileSource {
    fn of(path: &str, file: &SourceFile) -> FileSource {
        FileSource {
            path: path.to_string(),
            name: file.display_name(),
            document: file.document.clone(),
            first_line: file.first_line,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    Text(String),
    /// Copied byte for byte from the task's tree.
    CopyFrom(PathBuf),
}

/// The files of one side, and what was wrong with the input on the way.
#[derive(Debug, Clone, Default)]
pub struct WorkspacePlan {
    pub files: Vec<PlannedFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the side's own code came from ("project files", "lib/MODEL_RESPONSE.md").
    pub source: String,
    /// How many files of the side's own code were planned (documents and borrowed support
    /// files not counted): with none, there is nothing to run.
    pub code_files: usize,
}

/// Plans the files of `side`. `extract` turns an answer document into its files; blocks that
/// name no file are placed where the platform keeps its code ([`place_unnamed`]).
pub fn plan_side<F>(
    task: &Task,
    side: RunSide,
    platform: Option<Platform>,
    language: Option<Language>,
    extract: F,
) -> WorkspacePlan
where
    F: Fn(&TextDocument, Origin) -> (Vec<SourceFile>, Vec<Diagnostic>),
{
    let mut plan = WorkspacePlan::default();
    let project_code: Vec<&iacgrade_task::ProjectFile> = task
        .project_files
        .iter()
        .filter(|f| !is_stale_output(&f.path) && f.path != "metadata.json")
        .collect();
    // A project is code: a task whose only extra files are documents (notes, a README) is
    // still judged on its ideal answer; a project's documents go along when it runs.
    let has_project_code = project_code.iter().any(|f| !is_document(&f.path));
    let answer = match side {
        RunSide::Ideal if has_project_code => None,
        RunSide::Ideal => match &task.ideal_response {
            Some(doc) => Some((doc, Origin::IdealResponse)),
            None => {
                plan.diagnostics.push(Diagnostic::new(
                    "lib/IDEAL_RESPONSE.md",
                    "the task has neither project files nor an ideal answer to run",
                ));
                return plan;
            }
        },
        RunSide::Model => match task.final_model_response() {
            Some(doc) => Some((doc, Origin::ModelResponse)),
            None => {
                plan.diagnostics.push(Diagnostic::new(
                    "lib/MODEL_RESPONSE.md",
                    "the task has no model answer to run",
                ));
                return plan;
            }
        },
    };
    let mut written: BTreeSet<String> = BTreeSet::new();
    if let Some((doc, origin)) = answer {
        plan.source = doc.path.clone();
        let (files, diagnostics) = extract(doc, origin);
        plan.diagnostics.extend(diagnostics);
        for file in files.iter().cloned() {
            let Some(raw) = file.path.as_deref() else {
                continue;
            };
            let line = file.first_line;
            match normalise_path(raw).map(|p| home_of_bare_name(p, platform, language)) {
                Some(path) if written.insert(path.clone()) => plan.files.push(PlannedFile {
                    source: Some(FileSource::of(&path, &file)),
                    path,
                    content: FileContent::Text(file.text),
                }),
                Some(path) => plan.diagnostics.push(Diagnostic::at_line(
                    &doc.path,
                    line,
                    format!("{path} is given twice; the first one is used"),
                )),
                None => plan.diagnostics.push(Diagnostic::at_line(
                    &doc.path,
                    line,
                    format!(
                        "path \"{raw}\" climbs out of the project folder; the file is not written"
                    ),
                )),
            }
        }
        let borrowed =
            |p: &str| written.contains(p) || (task.has_project_file(p) && is_support_file(p));
        let project_name = project_name(&task.id);
        let (placed_files, left_out) =
            place_unnamed(&files, platform, language, &borrowed, &project_name);
        for (line, why) in left_out {
            plan.diagnostics
                .push(Diagnostic::at_line(&doc.path, line, why));
        }
        for placed in placed_files {
            plan.diagnostics.push(Diagnostic::at_line(
                &doc.path,
                placed.line,
                format!(
                    "a code block without a file name was run as {} (the platform's convention)",
                    placed.path
                ),
            ));
            written.insert(placed.path.clone());
            plan.files.push(PlannedFile {
                source: Some(FileSource {
                    path: placed.path.clone(),
                    name: format!("{}:{}", doc.path, placed.line),
                    document: doc.path.clone(),
                    first_line: placed.line,
                }),
                path: placed.path,
                content: FileContent::Text(placed.text),
            });
        }
        plan.code_files = plan.files.len();
        let planned: Vec<(String, String)> = plan
            .files
            .iter()
            .filter_map(|f| match &f.content {
                FileContent::Text(t) => Some((f.path.clone(), t.clone())),
                FileContent::CopyFrom(_) => None,
            })
            .collect();
        let supplied_files = {
            let has =
                |p: &str| written.contains(p) || (task.has_project_file(p) && is_support_file(p));
            harness::project_files(platform, language, &planned, &has)
        };
        for supplied in supplied_files {
            plan.diagnostics.push(Diagnostic::new(
                &doc.path,
                format!(
                    "the answer has no {}: the pipeline's standard one was supplied",
                    supplied.path
                ),
            ));
            written.insert(supplied.path.clone());
            plan.files.push(PlannedFile {
                path: supplied.path,
                content: FileContent::Text(supplied.text),
                source: None,
            });
        }
        if written.is_empty() {
            plan.diagnostics.push(Diagnostic::new(
                &doc.path,
                "no code block of the answer names a file or fits the platform's layout; there is nothing to run",
            ));
        }
    } else {
        plan.source = "project files".to_string();
    }
    // The task's own documents go along: tests of a project may read them (a README check,
    // the prompt's requirements), as they would in the task's repository.
    for doc in task_documents(task) {
        if task.root.join(&doc).is_file() && written.insert(doc.clone()) {
            plan.files.push(PlannedFile {
                content: FileContent::CopyFrom(task.root.join(&doc)),
                path: doc,
                source: None,
            });
        }
    }
    for file in project_code {
        let Some(path) = normalise_path(&file.path) else {
            continue;
        };
        let wanted = answer.is_none() || is_support_file(&path);
        if wanted && written.insert(path.clone()) {
            let own_code = answer.is_none();
            if own_code && !is_document(&path) {
                plan.code_files += 1;
            }
            plan.files.push(PlannedFile {
                source: own_code.then(|| FileSource {
                    path: path.clone(),
                    name: file.path.clone(),
                    document: file.path.clone(),
                    first_line: 1,
                }),
                path,
                content: FileContent::CopyFrom(task.root.join(&file.path)),
            });
        }
    }
    plan
}

/// The task documents' paths: metadata, region pin, prompts, answers and failure analysis.
fn task_documents(task: &Task) -> Vec<String> {
    let mut docs = vec!["metadata.json".to_string(), "lib/AWS_REGION".to_string()];
    docs.extend(task.prompts.iter().map(|d| d.path.clone()));
    docs.extend(task.model_responses.iter().map(|d| d.path.clone()));
    docs.extend(task.ideal_response.iter().map(|d| d.path.clone()));
    docs.extend(task.model_failures.iter().map(|d| d.path.clone()));
    docs
}

/// Writes the planned files under `root`. Problems become diagnostics; the rest is written.
pub fn write_plan(plan: &WorkspacePlan, root: &Path) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for file in &plan.files {
        let target = root.join(&file.path);
        if let Some(parent) = target.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                diagnostics.push(Diagnostic::new(
                    &file.path,
                    format!("cannot create its folder in the workspace: {e}"),
                ));
                continue;
            }
        }
        let result = match &file.content {
            FileContent::Text(text) => std::fs::write(&target, text),
            FileContent::CopyFrom(source) => std::fs::copy(source, &target).map(|_| ()),
        };
        if let Err(e) = result {
            diagnostics.push(Diagnostic::new(
                &file.path,
                format!("cannot write it to the workspace: {e}"),
            ));
        }
    }
    diagnostics
}

/// A Pulumi project name from the task's id: lower case letters, digits and hyphens.
fn project_name(task_id: &str) -> String {
    let name: String = task_id
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "project".to_string()
    } else {
        name.to_string()
    }
}

/// Markdown files of a project are documents, never code to run.
fn is_document(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".md")
}

/// Where a file the answer names without a folder belongs in the pipeline's layout: templates,
/// Terraform files and program modules live in lib/, a TypeScript or JavaScript app entry in
/// bin/; Python entries and configuration files stay at the root.
fn home_of_bare_name(
    path: String,
    platform: Option<Platform>,
    language: Option<Language>,
) -> String {
    // The pipeline runs Terraform in lib/: a module folder named from the configuration's
    // own folder ("modules/vpc/main.tf") lives there too.
    if platform == Some(Platform::Tf)
        && !path.starts_with("lib/")
        && (path.ends_with(".tf") || path.ends_with(".tfvars"))
    {
        return format!("lib/{path}");
    }
    if path.contains('/') {
        return path;
    }
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let in_lib = match platform {
        Some(Platform::Cfn) => {
            matches!(ext, "yml" | "yaml" | "json" | "template")
                && !matches!(
                    lower.as_str(),
                    "package.json" | "tsconfig.json" | "package-lock.json"
                )
        }
        Some(Platform::Tf) => {
            matches!(ext, "tf" | "tfvars" | "hcl") && lower != ".terraform.lock.hcl"
        }
        Some(Platform::Cdk | Platform::Cdktf | Platform::Pulumi) => {
            let entry = harness::ENTRY_FILE_NAMES.contains(&lower.as_str())
                || (lower.starts_with("tap.") && language != Some(Language::Py));
            if entry && lower.starts_with("tap.") && language != Some(Language::Py) {
                return format!("bin/{path}");
            }
            !entry
                && matches!(ext, "ts" | "js" | "mjs" | "py")
                && !lower.ends_with(".config.js")
                && !lower.contains(".test.")
                && !lower.starts_with("test_")
        }
        _ => false,
    };
    if in_lib {
        format!("lib/{path}")
    } else {
        path
    }
}

/// A project file the model side borrows when its answer lacks it.
pub fn is_support_file(path: &str) -> bool {
    !path.starts_with("lib/") || LIB_SUPPORT_FILES.contains(&path)
}

fn is_stale_output(path: &str) -> bool {
    STALE_OUTPUT_DIRS.iter().any(|d| path.starts_with(d))
}

/// "./lib/x.py" and "/lib/x.py" → "lib/x.py"; `None` for paths that climb out with "..".
pub fn normalise_path(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('\\', "/");
    let mut parts: Vec<String> = Vec::new();
    for component in Path::new(&raw).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            // "/lib/main.tf" in an answer means the project's lib/, never the machine's root.
            Component::RootDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::ProjectFile;

    fn task_with(files: &[&str]) -> Task {
        let mut task = iacgrade_task::load_task(Path::new("/nonexistent"));
        task.root = PathBuf::from("/task");
        task.diagnostics.clear();
        task.project_files = files
            .iter()
            .map(|p| ProjectFile {
                path: p.to_string(),
                size: 1,
                text: Some(String::new()),
            })
            .collect();
        task.model_responses = vec![TextDocument {
            path: "lib/MODEL_RESPONSE.md".into(),
            text: String::new(),
        }];
        task
    }

    fn source(path: Option<&str>, line: usize) -> SourceFile {
        SourceFile {
            path: path.map(String::from),
            declared_language: None,
            text: "code".into(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: line,
        }
    }

    #[test]
    fn files_named_without_their_folder_go_where_the_pipeline_keeps_them() {
        let home = |p: &str, platform, language| {
            home_of_bare_name(p.to_string(), Some(platform), language)
        };
        assert_eq!(
            home("TapStack.json", Platform::Cfn, None),
            "lib/TapStack.json"
        );
        assert_eq!(home("package.json", Platform::Cfn, None), "package.json");
        assert_eq!(
            home("modules/vpc/main.tf", Platform::Tf, None),
            "lib/modules/vpc/main.tf"
        );
        assert_eq!(home("provider.tf", Platform::Tf, None), "lib/provider.tf");
        let py = Some(Language::Py);
        assert_eq!(home("tap_stack.py", Platform::Cdk, py), "lib/tap_stack.py");
        assert_eq!(home("tap.py", Platform::Cdk, py), "tap.py");
        assert_eq!(
            home("tap.ts", Platform::Cdk, Some(Language::Ts)),
            "bin/tap.ts"
        );
        assert_eq!(home("cdk.json", Platform::Cdk, py), "cdk.json");
    }

    #[test]
    fn paths_never_leave_the_workspace() {
        assert_eq!(normalise_path("./lib/a.py"), Some("lib/a.py".into()));
        assert_eq!(normalise_path("lib\\b.ts"), Some("lib/b.ts".into()));
        assert_eq!(normalise_path("../etc/passwd"), None);
        assert_eq!(normalise_path("/lib/main.tf"), Some("lib/main.tf".into()));
        assert_eq!(normalise_path("lib/../../x"), None);
        assert_eq!(normalise_path(""), None);
    }

    #[test]
    fn the_model_side_borrows_support_files_but_never_ideal_code() {
        let task = task_with(&[
            "Pulumi.yaml",
            "lib/__init__.py",
            "lib/tap_stack.py",
            "lib/network.py",
            "tests/unit/test_stack.py",
            "cfn-outputs/flat-outputs.json",
        ]);
        let plan = plan_side(&task, RunSide::Model, None, None, |_, _| {
            (
                vec![
                    source(Some("lib/tap_stack.py"), 10),
                    source(Some("../evil.py"), 20),
                    source(None, 30),
                ],
                vec![],
            )
        });
        let paths: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "lib/tap_stack.py",
                "Pulumi.yaml",
                "lib/__init__.py",
                "tests/unit/test_stack.py"
            ]
        );
        assert_eq!(plan.files[0].content, FileContent::Text("code".into()));
        let source = plan.files[0]
            .source
            .as_ref()
            .expect("answer files know their block");
        assert_eq!(
            (source.document.as_str(), source.first_line),
            ("lib/MODEL_RESPONSE.md", 10)
        );
        assert_eq!(plan.diagnostics.len(), 1);
        assert_eq!(plan.diagnostics[0].line, Some(20));
    }

    #[test]
    fn the_ideal_side_is_the_project_tree() {
        let task = task_with(&["lib/TapStack.yml", "tests/test_x.py", "metadata.json"]);
        let plan = plan_side(&task, RunSide::Ideal, None, None, |_, _| (vec![], vec![]));
        let paths: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["lib/TapStack.yml", "tests/test_x.py"]);
        assert_eq!(plan.source, "project files");
    }
}
