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
}
