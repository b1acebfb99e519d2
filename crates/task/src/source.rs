use serde::{Deserialize, Serialize};

/// Where a piece of source text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A code block (or bare document) of lib/MODEL_RESPONSE.md.
    ModelResponse,
    /// A code block (or bare document) of lib/IDEAL_RESPONSE.md.
    IdealResponse,
    /// A file of the task's project tree.
    Project,
}

/// One file of code as later stages see it, whichever document it was taken from.
///
/// Stages after `extract` (detection, the IR front-ends, checks) work on slices of these and
/// never need to know whether the text came from markdown or from disk. `first_line` maps a line
/// of `text` back to the document it came from: line `n` (1-based) of `text` is line
/// `first_line + n - 1` of `document`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// The file's path in the project ("lib/tap_stack.py"), when the answer names one.
    pub path: Option<String>,
    /// The language the author declared (a fence info string such as "python"), verbatim.
    pub declared_language: Option<String>,
    pub text: String,
    pub origin: Origin,
    /// The document the text was taken from, relative to the task ("lib/MODEL_RESPONSE.md").
    pub document: String,
    /// 1-based line of `document` where `text` begins.
    pub first_line: usize,
}

impl SourceFile {
    /// The name to show for this file: its path, or the document and line it was found at.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p.clone(),
            None => format!("{}:{}", self.document, self.first_line),
        }
    }

    /// Line of the source document for a 1-based line of `text`.
    pub fn document_line(&self, line_in_text: usize) -> usize {
        self.first_line + line_in_text.saturating_sub(1)
    }

    /// The file's extension (lower case, without the dot), when it has a path.
    pub fn extension(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        let name = path.rsplit('/').next()?;
        let (_, ext) = name.rsplit_once('.')?;
        Some(ext.to_ascii_lowercase())
    }

    /// Whether the file is a test (by its path: test/ or tests/ folders, `test_*.py`,
    /// `*_test.go`, `*.test.ts`, `*.spec.js`, conftest.py). Tests are judged apart from the
    /// program: an image or a password in a test fixture is not a defect of the stack.
    pub fn is_test(&self) -> bool {
        let Some(path) = self.path.as_deref() else {
            return false;
        };
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        lower.starts_with("test/")
            || lower.starts_with("tests/")
            || lower.contains("/test/")
            || lower.contains("/tests/")
            || lower.contains("__tests__/")
            || name.starts_with("test_")
            || name == "conftest.py"
            || name.contains("_test.")
            || name.contains(".test.")
            || name.contains(".spec.")
    }

    /// Whether the file is prose (markdown, plain text) rather than code or configuration.
    pub fn is_document(&self) -> bool {
        matches!(self.extension().as_deref(), Some("md" | "txt" | "rst"))
            || self
                .declared_language
                .as_deref()
                .is_some_and(|l| matches!(l, "markdown" | "md" | "text" | "txt"))
    }
}
