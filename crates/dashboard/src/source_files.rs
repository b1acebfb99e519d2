//! The files behind the findings: where a finding is in the task folder (the answer document
//! and its line for code taken from an answer, the project file otherwise), and reading that
//! file so the dashboard can show it whole with an anchor on every line.
//!
//! Only files inside the task folder are read (a path with `..` or a link that leads out of it
//! is not followed), only regular files, and only up to [`MAX_FILE_BYTES`]: a report is input,
//! and its paths are not trusted to stay where they should.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::page_names::safe_name;
use crate::task_report::{FindingView, TaskReport};

/// The folder of the file pages, relative to the dashboard's root.
pub const FILES_DIR: &str = "files";

/// The largest file shown whole; a larger one gets no page (its findings keep their place as
/// text).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// A file of the task folder (relative to it, with `/`) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlace {
    pub file: String,
    pub line: usize,
}

/// Where a finding's `file` and `line` are in the task folder: the answer document when the
/// report's `sources` say the file was taken from one (or the label is `document:first_line`),
/// the file itself otherwise.
pub fn place_in_task(
    report: &TaskReport,
    side: &str,
    label: &str,
    line: Option<usize>,
) -> FilePlace {
    let label = normalise(label);
    // Task findings name no side: the ideal side's blocks first, as the checkpoints judge the
    // task, then the model's.
    let sides: &[&str] = match side {
        "model" => &["model"],
        "ideal" => &["ideal"],
        _ => &["ideal", "model"],
    };
    let block = sides.iter().find_map(|side| {
        report
            .sources
            .iter()
            .find(|b| b.side == *side && normalise(&b.file) == label)
    });
    if let Some(block) = block {
        return FilePlace {
            file: normalise(&block.document),
            line: block.first_line.max(1) + line.unwrap_or(1).max(1) - 1,
        };
    }
    if let Some((document, first_line)) = block_of_document(&label) {
        return FilePlace {
            file: document.to_string(),
            line: first_line + line.unwrap_or(1).max(1) - 1,
        };
    }
    FilePlace {
        file: label,
        line: line.unwrap_or(1).max(1),
    }
}

/// `lib/MODEL_RESPONSE.md:40`: a block of a document that starts at line 40.
fn block_of_document(label: &str) -> Option<(&str, usize)> {
    let (document, first_line) = label.rsplit_once(':')?;
    if document.is_empty()
        || first_line.is_empty()
        || !first_line.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let first_line: usize = first_line.parse().ok()?;
    (first_line >= 1).then_some((document, first_line))
}

/// Forward slashes, no leading `./`.
fn normalise(path: &str) -> String {
    let mut path = path.trim().replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

/// The text of `relative` in the task folder `root`, when it is a regular file inside the
/// folder and small enough to show.
pub fn read_task_file(root: &Path, relative: &str) -> Option<String> {
    if relative.is_empty() || Path::new(relative).is_absolute() {
        return None;
    }
    let root = std::fs::canonicalize(root).ok()?;
    let path = std::fs::canonicalize(root.join(relative)).ok()?;
    if !path.starts_with(&root) {
        return None;
    }
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The file pages of one task: which file of the task folder each page shows.
#[derive(Debug, Default)]
pub struct TaskFiles {
    /// File of the task folder to its page, relative to the dashboard's root.
    pages: BTreeMap<String, String>,
}

impl TaskFiles {
    /// The page of `file`, when it has one.
    pub fn page_of(&self, file: &str) -> Option<&str> {
        self.pages.get(file).map(String::as_str)
    }

    /// The link to `place` from a page in a folder one level below the root (`tasks/`).
    pub fn link_from_task_page(&self, place: &FilePlace) -> Option<String> {
        self.page_of(&place.file)
            .map(|page| format!("../{page}#L{}", place.line))
    }

    /// The link to `place` from a page at the dashboard's root.
    pub fn link_from_root(&self, place: &FilePlace) -> Option<String> {
        self.page_of(&place.file)
            .map(|page| format!("{page}#L{}", place.line))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pages.iter().map(|(f, p)| (f.as_str(), p.as_str()))
    }
}

/// The files of a task the findings point into, each with the page it gets: `files/<task
/// page's stem>/<path>.html`, every part of the path made safe, unique within the task even on
/// a file system that ignores case.
pub fn plan_task_files(report: &TaskReport, task_page: &str) -> Vec<(String, String)> {
    let stem = task_page
        .rsplit('/')
        .next()
        .unwrap_or(task_page)
        .trim_end_matches(".html");
    let mut files: Vec<String> = Vec::new();
    let mut push = |place: FilePlace| {
        if !place.file.is_empty() && !files.contains(&place.file) {
            files.push(place.file);
        }
    };
    for finding in &report.findings {
        for place in finding_places(report, finding) {
            push(place);
        }
    }
    let mut taken = HashSet::new();
    files
        .into_iter()
        .map(|file| {
            let parts: Vec<String> = file
                .split('/')
                .filter(|p| !p.is_empty())
                .map(safe_name)
                .collect();
            let base = format!("{FILES_DIR}/{stem}/{}", parts.join("/"));
            let mut page = format!("{base}.html");
            let mut n = 1;
            while !taken.insert(page.to_ascii_lowercase()) {
                n += 1;
                page = format!("{base}-{n}.html");
            }
            (file, page)
        })
        .collect()
}

/// A finding's own place and the places of its `also_at`, in the task folder.
pub fn finding_places(report: &TaskReport, finding: &FindingView) -> Vec<FilePlace> {
    let mut places = vec![place_in_task(
        report,
        &finding.side,
        &finding.file,
        finding.line,
    )];
    for other in &finding.also_at {
        places.push(place_in_task(
            report,
            &finding.side,
            &other.file,
            other.line,
        ));
    }
    places
}

/// Reads the planned files of a task; those that cannot be shown are left out.
pub fn read_task_files(
    root: &Path,
    planned: Vec<(String, String)>,
) -> Vec<(String, String, String)> {
    planned
        .into_iter()
        .filter_map(|(file, page)| read_task_file(root, &file).map(|text| (file, page, text)))
        .collect()
}

/// Records the pages written for a task.
pub fn task_files_of(written: impl IntoIterator<Item = (String, String)>) -> TaskFiles {
    TaskFiles {
        pages: written.into_iter().collect(),
    }
}

/// The folder of a task, as its report names it.
pub fn task_root(report: &TaskReport) -> Option<PathBuf> {
    let path = report.task.path.trim();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task_report::SourceView;

    fn report_with_source() -> TaskReport {
        TaskReport {
            sources: vec![SourceView {
                side: "model".into(),
                file: "lib/tap_stack.py".into(),
                document: "lib/MODEL_RESPONSE.md".into(),
                first_line: 40,
            }],
            ..TaskReport::default()
        }
    }

    #[test]
    fn code_of_an_answer_is_placed_in_its_document() {
        let report = report_with_source();
        assert_eq!(
            place_in_task(&report, "model", "lib/tap_stack.py", Some(3)),
            FilePlace {
                file: "lib/MODEL_RESPONSE.md".into(),
                line: 42
            }
        );
        // The ideal side's file of the same name is the project's own.
        assert_eq!(
            place_in_task(&report, "ideal", "lib/tap_stack.py", Some(3)),
            FilePlace {
                file: "lib/tap_stack.py".into(),
                line: 3
            }
        );
        assert_eq!(
            place_in_task(&report, "model", "lib/MODEL_RESPONSE.md:62", Some(8)),
            FilePlace {
                file: "lib/MODEL_RESPONSE.md".into(),
                line: 69
            }
        );
    }

    #[test]
    fn only_files_inside_the_task_folder_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let task = dir.path().join("task");
        std::fs::create_dir_all(task.join("lib")).expect("mkdir");
        std::fs::write(task.join("lib/a.py"), "x = 1\n").expect("write");
        std::fs::write(dir.path().join("secret"), "outside").expect("write");
        assert_eq!(
            read_task_file(&task, "lib/a.py").as_deref(),
            Some("x = 1\n")
        );
        assert_eq!(read_task_file(&task, "../secret"), None);
        assert_eq!(read_task_file(&task, "/etc/hostname"), None);
        assert_eq!(read_task_file(&task, "lib"), None);
        assert_eq!(read_task_file(&task, "missing.py"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), task.join("link"))
                .expect("symlink");
            assert_eq!(read_task_file(&task, "link"), None);
        }
    }

    #[test]
    fn file_pages_are_safe_and_unique_per_task() {
        let mut report = report_with_source();
        report.findings = vec![
            FindingView {
                side: "model".into(),
                file: "lib/tap_stack.py".into(),
                line: Some(2),
                ..FindingView::default()
            },
            FindingView {
                side: "task".into(),
                file: "../<x>/Stack.ts".into(),
                line: Some(1),
                ..FindingView::default()
            },
            FindingView {
                side: "task".into(),
                file: "../<x>/stack.ts".into(),
                line: Some(1),
                ..FindingView::default()
            },
        ];
        let planned = plan_task_files(&report, "tasks/cdk-Pr1.html");
        assert_eq!(
            planned,
            [
                (
                    "lib/MODEL_RESPONSE.md".to_string(),
                    "files/cdk-Pr1/lib/MODEL_RESPONSE.md.html".to_string()
                ),
                (
                    "../<x>/Stack.ts".to_string(),
                    "files/cdk-Pr1/_./_x_/Stack.ts.html".to_string()
                ),
                (
                    "../<x>/stack.ts".to_string(),
                    "files/cdk-Pr1/_./_x_/stack.ts-2.html".to_string()
                ),
            ]
        );
    }
}
