use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::metadata::Metadata;
use crate::source::{Origin, SourceFile};

/// Files larger than this are read only up to this size, with a diagnostic: a task document of
/// many megabytes is a mistake, and reading it whole would let one task starve a corpus run.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Folders of a project tree that hold build output or dependencies, never authored code.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "cdk.out",
    "cdktf.out",
    ".gen",
    ".terraform",
    "__pycache__",
    ".venv",
    "venv",
    ".pytest_cache",
    "dist",
    "build",
    "target",
    "coverage",
    ".mypy_cache",
    ".ruff_cache",
];

/// A markdown document of the task (a prompt, an answer, the failure analysis), as text.
#[derive(Debug, Clone, Serialize)]
pub struct TextDocument {
    /// Path relative to the task directory ("lib/PROMPT.md").
    pub path: String,
    pub text: String,
}

/// A file of the task's project tree (everything but the task documents).
#[derive(Debug, Clone, Serialize)]
pub struct ProjectFile {
    /// Path relative to the task directory, with forward slashes.
    pub path: String,
    pub size: u64,
    /// The text, for files that are text and not too large; `None` for binary files.
    #[serde(skip)]
    pub text: Option<String>,
}

/// A task directory, read.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub root: PathBuf,
    /// The task's name: its directory name ("Pr1342").
    pub id: String,
    pub metadata: Option<Metadata>,
    /// lib/PROMPT.md first, then PROMPT1.md, PROMPT2.md, ... for multi-turn tasks.
    pub prompts: Vec<TextDocument>,
    /// lib/MODEL_RESPONSE.md first, then the numbered ones.
    pub model_responses: Vec<TextDocument>,
    pub ideal_response: Option<TextDocument>,
    pub model_failures: Option<TextDocument>,
    /// The content of lib/AWS_REGION, trimmed.
    pub aws_region: Option<String>,
    pub project_files: Vec<ProjectFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Task {
    /// The model answer of the last turn is the one judged; earlier turns are context.
    pub fn final_model_response(&self) -> Option<&TextDocument> {
        self.model_responses.last()
    }

    pub fn has_project_file(&self, path: &str) -> bool {
        self.project_files.iter().any(|f| f.path == path)
    }

    /// Whether the task carries its project tree, and not only its documents (lib/*.md notes
    /// such as README.md do not make a project).
    pub fn has_project_tree(&self) -> bool {
        self.project_files.iter().any(|f| {
            !(f.path.starts_with("lib/") && !f.path[4..].contains('/') && f.path.ends_with(".md"))
        })
    }

    /// The project's text files as [`SourceFile`]s, for the stages that read code.
    pub fn project_sources(&self) -> Vec<SourceFile> {
        self.project_files
            .iter()
            .filter_map(|f| {
                let text = f.text.as_ref()?;
                Some(SourceFile {
                    path: Some(f.path.clone()),
                    declared_language: None,
                    text: text.clone(),
                    origin: Origin::Project,
                    document: f.path.clone(),
                    first_line: 1,
                })
            })
            .collect()
    }
}

impl Task {
    /// The task at `root` with nothing read: no documents, no files, no diagnostics.
    pub fn unread(root: &Path) -> Task {
        let id = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| root.display().to_string());
        Task {
            root: root.to_path_buf(),
            id,
            metadata: None,
            prompts: Vec::new(),
            model_responses: Vec::new(),
            ideal_response: None,
            model_failures: None,
            aws_region: None,
            project_files: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Reads a task directory. Never fails: a missing directory gives a task with one diagnostic.
///
/// The task folder itself may be a link (a corpus of linked task folders is a common layout).
/// Inside the task, a link whose target lies inside the task is followed; one that leads out of
/// it is not read, with a diagnostic naming it, for the documents and the project files alike.
/// Nothing but regular files is ever opened: a FIFO or a device gets a diagnostic.
pub fn load_task(root: &Path) -> Task {
    let mut task = Task::unread(root);
    if !root.is_dir() {
        let what = if root.exists() {
            "is not a directory; give the path of a task directory"
        } else {
            "does not exist"
        };
        task.diagnostics
            .push(Diagnostic::new(root.display().to_string(), what));
        return task;
    }
    let root_real = match fs::canonicalize(root) {
        Ok(real) => real,
        Err(e) => {
            task.diagnostics.push(Diagnostic::new(
                root.display().to_string(),
                format!("cannot resolve the task folder: {e}"),
            ));
            return task;
        }
    };
    let inside = Inside {
        root,
        real: &root_real,
    };
    let root = &inside;
    let diags = &mut task.diagnostics;

    match read_text(root, "metadata.json", diags) {
        Some(text) => task.metadata = parse_metadata(&text, diags),
        None => diags.push(Diagnostic::new(
            "metadata.json",
            "missing: every task needs metadata.json with platform and language",
        )),
    }

    // Every entry but folders: links and special files are named here and judged by read_text,
    // which says why one is not read instead of leaving the document "missing".
    let lib = match root.resolve("lib") {
        Ok(Some(lib)) => Some(lib),
        // A lib/ that leads out of the task is reported with the project files.
        Ok(None) | Err(_) => None,
    };
    let mut lib_names: Vec<String> = lib
        .and_then(|lib| fs::read_dir(lib).ok())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().map(|t| !t.is_dir()).unwrap_or(false))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    lib_names.sort();

    task.prompts = numbered_documents(root, &lib_names, "PROMPT", diags);
    if task.prompts.is_empty() {
        diags.push(Diagnostic::new(
            "lib/PROMPT.md",
            "missing: the task has no prompt",
        ));
    }
    task.model_responses = numbered_documents(root, &lib_names, "MODEL_RESPONSE", diags);
    if task.model_responses.is_empty() {
        diags.push(Diagnostic::new(
            "lib/MODEL_RESPONSE.md",
            "missing: the task has no model answer to judge",
        ));
    }
    task.ideal_response = read_document(root, "lib/IDEAL_RESPONSE.md", diags);
    task.model_failures = read_document(root, "lib/MODEL_FAILURES.md", diags);
    task.aws_region = read_text(root, "lib/AWS_REGION", diags)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());

    task.project_files = project_files(root, diags);
    task
}

/// The task folder as given (for the paths shown) and as resolved (to tell whether a link
/// stays inside it).
struct Inside<'a> {
    root: &'a Path,
    real: &'a Path,
}

impl Inside<'_> {
    /// The real path of `rel` when it exists and lies inside the task; `Ok(None)` when it does
    /// not exist; a diagnostic naming the link when it leads out of the task.
    fn resolve(&self, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
        self.resolve_path(&self.root.join(rel), rel)
    }

    fn resolve_path(&self, path: &Path, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
        if let Err(e) = fs::symlink_metadata(path) {
            return match e.kind() {
                std::io::ErrorKind::NotFound => Ok(None),
                _ => Err(Diagnostic::new(rel, format!("cannot read: {e}"))),
            };
        }
        match fs::canonicalize(path) {
            Ok(real) if real.starts_with(self.real) => Ok(Some(real)),
            Ok(real) => Err(Diagnostic::new(
                rel,
                format!(
                    "is a link to {}, outside the task; it was not read",
                    real.display()
                ),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Diagnostic::new(
                rel,
                "is a link to nothing (its target does not exist); it was not read",
            )),
            Err(e) => Err(Diagnostic::new(rel, format!("cannot read: {e}"))),
        }
    }
}

/// Opens a regular file for reading, and nothing else: the type is checked before opening,
/// and the file is opened without blocking (a FIFO swapped in meanwhile cannot stall the run)
/// and checked again once open.
fn open_regular(path: &Path) -> std::io::Result<Option<fs::File>> {
    if !fs::metadata(path)?.is_file() {
        return Ok(None);
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Ok(None);
    }
    Ok(Some(file))
}

fn parse_metadata(text: &str, diags: &mut Vec<Diagnostic>) -> Option<Metadata> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => {
            let metadata = Metadata::from_object(map);
            for note in &metadata.notes {
                diags.push(Diagnostic::new("metadata.json", note.clone()));
            }
            Some(metadata)
        }
        Ok(other) => {
            let kind = match other {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            };
            diags.push(Diagnostic::new(
                "metadata.json",
                format!("is {kind}, not a JSON object"),
            ));
            None
        }
        Err(e) => {
            diags.push(Diagnostic::at_line(
                "metadata.json",
                e.line(),
                format!("invalid JSON: {e}"),
            ));
            None
        }
    }
}

/// PROMPT.md, then PROMPT1.md, PROMPT2.md ... in numeric order.
fn numbered_documents(
    root: &Inside,
    lib_names: &[String],
    stem: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TextDocument> {
    let mut found: Vec<(u32, &String)> = lib_names
        .iter()
        .filter_map(|name| {
            let rest = name.strip_prefix(stem)?.strip_suffix(".md")?;
            if rest.is_empty() {
                Some((0, name))
            } else {
                rest.parse::<u32>().ok().map(|n| (n, name))
            }
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .filter_map(|(_, name)| read_document(root, &format!("lib/{name}"), diags))
        .collect()
}

fn read_document(root: &Inside, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<TextDocument> {
    read_text(root, rel, diags).map(|text| TextDocument {
        path: rel.to_string(),
        text,
    })
}

/// Reads a file as text: `None` when it does not exist; otherwise the text, repaired where
/// needed (invalid UTF-8 replaced, NUL bytes removed, tail past the size limit dropped), with a
/// diagnostic for every repair.
fn read_text(root: &Inside, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let path = match root.resolve(rel) {
        Ok(Some(path)) => path,
        Ok(None) => return None,
        Err(diagnostic) => {
            diags.push(diagnostic);
            return None;
        }
    };
    let mut bytes = Vec::new();
    let read = open_regular(&path).and_then(|file| match file {
        Some(f) => {
            let len = f.metadata()?.len();
            f.take(MAX_FILE_BYTES).read_to_end(&mut bytes)?;
            Ok(Some(len))
        }
        None => Ok(None),
    });
    let len = match read {
        Ok(Some(len)) => len,
        Ok(None) => {
            diags.push(Diagnostic::new(
                rel,
                "is not a regular file (a folder, FIFO or device); it was not read",
            ));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::new(rel, format!("cannot read: {e}")));
            return None;
        }
    };
    if len > MAX_FILE_BYTES {
        diags.push(Diagnostic::new(
            rel,
            format!("is {len} bytes; only the first {MAX_FILE_BYTES} were read"),
        ));
    }
    Some(decode_text(rel, bytes, diags))
}

/// Turns bytes into text without losing the rest of the file to one bad byte.
pub(crate) fn decode_text(rel: &str, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> String {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            diags.push(Diagnostic::at_line(
                rel,
                line,
                "invalid UTF-8; bad bytes were replaced with U+FFFD",
            ));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        let count = text.matches('\0').count();
        diags.push(Diagnostic::at_line(
            rel,
            line,
            format!("contains {count} NUL byte(s); they were removed"),
        ));
        text.retain(|c| c != '\0');
    }
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    text
}

fn is_task_document(rel: &str) -> bool {
    if rel == "metadata.json" || rel == "lib/AWS_REGION" {
        return true;
    }
    let Some(name) = rel.strip_prefix("lib/") else {
        return false;
    };
    [
        "PROMPT",
        "MODEL_RESPONSE",
        "IDEAL_RESPONSE",
        "MODEL_FAILURES",
    ]
    .iter()
    .any(|stem| {
        name.strip_prefix(stem)
            .and_then(|r| r.strip_suffix(".md"))
            .is_some_and(|n| n.is_empty() || n.chars().all(|c| c.is_ascii_digit()))
    })
}

fn project_files(root: &Inside, diags: &mut Vec<Diagnostic>) -> Vec<ProjectFile> {
    let mut files = Vec::new();
    // Links are followed so that one inside the task works, and each link is checked where it
    // is met: one that leads out of the task is refused with its subtree. walkdir stops loops.
    let mut walker = walkdir::WalkDir::new(root.root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .and_then(|p| p.strip_prefix(root.root).ok())
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.root.display().to_string());
                // A link whose target is gone: say so, as for the documents.
                let dangling = e
                    .path()
                    .filter(|p| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()))
                    .and_then(|p| root.resolve_path(p, &file).err());
                diags.push(
                    dangling.unwrap_or_else(|| {
                        Diagnostic::new(file.clone(), format!("cannot list: {e}"))
                    }),
                );
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let Ok(rel_path) = entry.path().strip_prefix(root.root) else {
            continue;
        };
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let is_dir = entry.file_type().is_dir();
        if is_dir && SKIPPED_DIRS.contains(&entry.file_name().to_string_lossy().as_ref()) {
            walker.skip_current_dir();
            continue;
        }
        if entry.path_is_symlink() {
            if let Err(diagnostic) = root.resolve_path(entry.path(), &rel) {
                // The documents' own links are reported where the documents are read.
                if !is_task_document(&rel) {
                    diags.push(diagnostic);
                }
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        // Only regular files: FIFOs, sockets and devices are never opened.
        if !entry.file_type().is_file() || is_task_document(&rel) {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let text = if size <= MAX_FILE_BYTES && looks_like_text(&rel) {
            let mut bytes = Vec::new();
            let read = open_regular(entry.path()).and_then(|file| match file {
                Some(f) => f.take(MAX_FILE_BYTES).read_to_end(&mut bytes).map(Some),
                None => Ok(None),
            });
            match read {
                Ok(Some(_)) => Some(decode_text(&rel, bytes, diags)),
                Ok(None) => continue,
                Err(e) => {
                    diags.push(Diagnostic::new(&rel, format!("cannot read: {e}")));
                    None
                }
            }
        } else {
            None
        };
        files.push(ProjectFile {
            path: rel,
            size,
            text,
        });
    }
    files
}

/// Project files worth reading as text: code, templates, configuration and documents.
fn looks_like_text(rel: &str) -> bool {
    const BINARY: &[&str] = &[
        "zip", "gz", "tgz", "jar", "class", "png", "jpg", "jpeg", "gif", "ico", "pdf", "so",
        "dylib", "dll", "exe", "bin", "pyc", "woff", "woff2", "ttf", "lock",
    ];
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !matches!(ext, Some(e) if BINARY.contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("fixture paths have a parent")).expect("mkdir");
        fs::write(path, bytes).expect("write fixture");
    }

    #[test]
    fn missing_directory_gives_one_diagnostic() {
        let task = load_task(Path::new("/nonexistent/iacgrade/task"));
        assert_eq!(task.diagnostics.len(), 1);
        assert!(task.diagnostics[0].message.contains("does not exist"));
    }

    #[test]
    fn reads_documents_in_turn_order_and_separates_project_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(
            d,
            "metadata.json",
            br#"{"platform":"cdk","language":"typescript"}"#,
        );
        write(d, "lib/PROMPT.md", b"Hi");
        write(d, "lib/PROMPT2.md", b"second");
        write(d, "lib/PROMPT10.md", b"tenth");
        write(d, "lib/MODEL_RESPONSE.md", b"answer");
        write(d, "lib/AWS_REGION", b" eu-west-1\n");
        write(d, "lib/tap-stack.ts", b"export class TapStack {}");
        write(d, "node_modules/x/index.js", b"ignored");
        let task = load_task(d);
        let prompts: Vec<_> = task.prompts.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            prompts,
            ["lib/PROMPT.md", "lib/PROMPT2.md", "lib/PROMPT10.md"]
        );
        assert_eq!(task.aws_region.as_deref(), Some("eu-west-1"));
        let files: Vec<_> = task.project_files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(files, ["lib/tap-stack.ts"]);
        let metadata = task.metadata.expect("metadata parsed");
        assert_eq!(metadata.language, Some(crate::Language::Ts));
    }

    #[test]
    fn bad_input_is_repaired_and_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, "metadata.json", b"{\n  \"platform\": \"cdk\",\n}");
        write(d, "lib/PROMPT.md", b"line one\nbad \xff byte");
        write(d, "lib/MODEL_RESPONSE.md", b"a\0b");
        let task = load_task(d);
        let find = |file: &str| {
            task.diagnostics
                .iter()
                .find(|x| x.file == file)
                .unwrap_or_else(|| panic!("no diagnostic for {file}: {:?}", task.diagnostics))
        };
        assert!(find("metadata.json").message.contains("invalid JSON"));
        assert_eq!(find("metadata.json").line, Some(3));
        assert_eq!(find("lib/PROMPT.md").line, Some(2));
        assert!(find("lib/MODEL_RESPONSE.md").message.contains("NUL"));
        assert_eq!(task.model_responses[0].text, "ab");
        assert!(task.prompts[0].text.contains('\u{fffd}'));
        assert!(task.metadata.is_none());
    }

    #[test]
    fn task_without_metadata_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "lib/PROMPT.md", b"Hi");
        let task = load_task(dir.path());
        assert!(task.diagnostics.iter().any(|d| d.file == "metadata.json"));
    }

    proptest::proptest! {
        #[test]
        fn decoding_never_panics_and_never_keeps_nul(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let mut diags = Vec::new();
            let text = decode_text("f", bytes, &mut diags);
            proptest::prop_assert!(!text.contains('\0'));
        }
    }
}
