//! The `extract` stage: an answer's markdown becomes the code files it contains.
//!
//! [`extract_answer`] reads lib/MODEL_RESPONSE.md or lib/IDEAL_RESPONSE.md and returns one
//! [`SourceFile`] per code block, with the file path the answer gives it (from a heading, a label
//! line, the block's first comment or the fence's info string), the declared language, the code
//! and the markdown line where the code starts. It also says what form the answer takes
//! ([`AnswerForm`]): fenced code, a bare template pasted without fences, prose only, an unfilled
//! placeholder, or nothing at all.
//!
//! Decisions later stages rely on:
//! - **Every block is kept**, shell sessions, command output and directory trees included, with
//!   their declared language: later stages filter by language or path, nothing is lost here —
//!   except a block the answer itself labels as the wrong version it corrects (`**Original
//!   Issue** (from MODEL_RESPONSE):`, `**Incorrect:**`; see `quoted`): that is the model's code
//!   quoted, not the answer's, and it is left out with a diagnostic naming its line.
//! - **A file shown in several blocks stays several [`SourceFile`]s**, in document order, each
//!   with the same path and its own `first_line`, so every line still maps back to the markdown.
//!   Joining them would invent line numbers; a consumer that wants one text per path concatenates.
//! - **A markdown block without a path whose content has fences is read as an answer inside the
//!   answer**: its inner blocks are extracted (with their own headings and labels) instead of the
//!   markdown block itself. A markdown block with a path (README.md) is one file.
//! - **A bare document is one file without a path**, from line 1 — unless lines in it name files
//!   ("# provider.tf", "bin/tap.ts"): then it is split there into one file per name. A naming
//!   comment ("# provider.tf") stays the first line of its file; a naming line that is not code
//!   ("bin/tap.ts") is left out. Text before the first name is a file without a path when it holds
//!   code, and is dropped when it is only prose ("Here is the code:").
//! - **Text is normalised to LF line endings** and ends with one LF; the indentation of an indented
//!   fence (inside a list item) is removed from its lines.
//! - **TypeScript/JavaScript template literals escaped for the markdown** (`` \`a-\${b}\` ``,
//!   common in answers written by tools) are read as the templates they stand for, outside
//!   strings and comments only; lines keep their numbers.
//! - Nothing panics on input and the work is linear in the size of the document; anything odd
//!   (an unterminated fence, a block ended by the next opening fence) becomes a [`Diagnostic`]
//!   naming the document and line.

mod bare;
mod escaped_templates;
mod family;
mod fence;
mod label;
mod lines;
mod locate;
mod path;
mod placeholder;
mod quoted;

use iacgrade_task::{Diagnostic, Origin, SourceFile, TextDocument};
use serde::Serialize;

use crate::fence::{is_markdown_language, parse_fence_line, scan_blocks, Repair};
use crate::lines::{join_lines, split_lines, strip_indent};
use crate::locate::locate_paths;

/// How deep markdown blocks inside markdown blocks are opened; deeper ones are kept whole.
const MAX_NESTING: usize = 4;

/// The shape of an answer document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerForm {
    /// Markdown with at least one fenced code block.
    Fenced,
    /// No fences: the whole document is one piece of code (a template, an HCL file, a program).
    Bare,
    /// Text without code: an answer that describes instead of delivering.
    ProseOnly,
    /// An unfilled template ("Insert here the Model Response", "TODO", a single short line).
    Placeholder,
    /// Nothing but whitespace.
    Empty,
}

/// What was taken out of one answer document.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    /// The code files, in document order.
    pub files: Vec<SourceFile>,
    pub form: AnswerForm,
    /// How many fenced blocks the files came from (0 for a bare document, whose files are parts
    /// of the document itself). Markdown blocks that were opened count by their inner blocks.
    pub blocks: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Turns an answer's markdown into its code files. Never fails; see the crate documentation.
pub fn extract_answer(document: &TextDocument, origin: Origin) -> Extraction {
    let lines = split_lines(&document.text);
    let mut collector = Collector {
        document: &document.path,
        origin,
        line_count: lines.len(),
        files: Vec::new(),
        blocks: 0,
        diagnostics: Vec::new(),
    };
    if document.text.trim().is_empty() {
        return collector.finish(AnswerForm::Empty);
    }
    collector.extract_fenced(&lines, 0, 0);
    if collector.blocks > 0 {
        return collector.finish(AnswerForm::Fenced);
    }
    if bare::is_bare_code(&document.text, &lines) {
        for segment in bare::bare_segments(&lines) {
            let text = code_text(
                &lines[segment.start..segment.end],
                None,
                segment.path.as_deref(),
            );
            collector.files.push(SourceFile {
                path: segment.path,
                declared_language: None,
                text,
                origin,
                document: document.path.clone(),
                first_line: (segment.start + 1).min(lines.len()),
            });
        }
        return collector.finish(AnswerForm::Bare);
    }
    if placeholder::is_placeholder(&document.text) {
        return collector.finish(AnswerForm::Placeholder);
    }
    collector.finish(AnswerForm::ProseOnly)
}

/// The text of a file's lines; TypeScript/JavaScript with its markdown-escaped template
/// delimiters read as the delimiters they stand for (see [`escaped_templates`]).
fn code_text(lines: &[&str], language: Option<&str>, path: Option<&str>) -> String {
    let text = join_lines(lines);
    if family::is_script(language, path) {
        if let Some(unescaped) = escaped_templates::unescape_template_delimiters(&text) {
            return unescaped;
        }
    }
    text
}

/// The nearest non-blank line above the fence at `open`, unless it is itself a fence.
fn intro_line<'l>(lines: &[&'l str], open: usize) -> Option<&'l str> {
    let line = lines[..open.min(lines.len())]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())?;
    (!line.trim_start().starts_with("```") && !line.trim_start().starts_with("~~~"))
        .then_some(*line)
}

/// Gathers files and diagnostics while blocks (and blocks inside markdown blocks) are read.
struct Collector<'a> {
    document: &'a str,
    origin: Origin,
    /// Lines of the whole document, to keep `first_line` inside it.
    line_count: usize,
    files: Vec<SourceFile>,
    blocks: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Collector<'_> {
    /// Extracts the fenced blocks of `lines`, whose first line is line `line_offset + 1` of the
    /// document; `depth` counts the markdown blocks around them.
    fn extract_fenced(&mut self, lines: &[&str], line_offset: usize, depth: usize) {
        let blocks = scan_blocks(lines);
        let paths = locate_paths(lines, &blocks);
        for (block, path) in blocks.iter().zip(paths) {
            let language = block.fence.language();
            if let Some(repair) = block.repair {
                let message = match repair {
                    Repair::RunsToEnd => {
                        "code block is never closed; it was taken to the end of the document"
                    }
                    Repair::ClosedByShorterFence => {
                        "code block is only closed by a shorter fence; it was taken to end there"
                    }
                    Repair::EndedByNextBlock => {
                        "code block is not closed before the next one opens; it was ended there"
                    }
                    Repair::ClosedAtEndOfLine => {
                        "code block is closed at the end of a code line (\"}```\"); the fence should stand on its own line"
                    }
                };
                self.diagnostics.push(Diagnostic::at_line(
                    self.document,
                    line_offset + block.open + 1,
                    message,
                ));
            }
            let mut content: Vec<&str> = lines[block.content_start..block.content_end]
                .iter()
                .map(|line| strip_indent(line, block.fence.indent))
                .collect();
            content.extend(
                block
                    .tail(lines)
                    .map(|t| strip_indent(t, block.fence.indent)),
            );
            let nested_answer = path.is_none()
                && is_markdown_language(language.as_deref())
                && depth < MAX_NESTING
                && content.iter().any(|line| parse_fence_line(line).is_some());
            if nested_answer {
                self.extract_fenced(&content, line_offset + block.content_start, depth + 1);
                continue;
            }
            if let Some(intro) = intro_line(lines, block.open) {
                if quoted::labels_quoted_mistake(intro) {
                    self.diagnostics.push(Diagnostic::at_line(
                        self.document,
                        line_offset + block.open + 1,
                        format!(
                            "code block labelled as the wrong version ({}) is quoted code, not read as part of the answer",
                            intro.trim()
                        ),
                    ));
                    continue;
                }
            }
            self.blocks += 1;
            let first_line = (line_offset + block.content_start + 1).min(self.line_count.max(1));
            let text = code_text(&content, language.as_deref(), path.as_deref());
            self.files.push(SourceFile {
                path,
                declared_language: language,
                text,
                origin: self.origin,
                document: self.document.to_string(),
                first_line,
            });
        }
    }

    fn finish(self, form: AnswerForm) -> Extraction {
        Extraction {
            files: self.files,
            form,
            blocks: self.blocks,
            diagnostics: self.diagnostics,
        }
    }
}
