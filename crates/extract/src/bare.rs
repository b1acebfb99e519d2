//! Recognising an answer that is code without any markdown around it.
//!
//! Some answers are a CloudFormation template, a Terraform file or a program pasted as the whole
//! document, with no fences ("AWSTemplateFormatVersion: ..." on line 1, or "# main.tf" followed
//! by HCL blocks). Each non-blank line is classed as code, prose or neither (comments, short
//! words); the document is bare code when code lines clearly outnumber prose lines. A JSON
//! document that parses is bare code whatever its lines look like.
//!
//! Markdown headings and code comments both start with "#", so such lines count as neither.
//!
//! A bare document may hold several files, each after a line that names it: "# provider.tf" and
//! "# variables.tf" comments in concatenated Terraform, or "bin/tap.ts" / "A) provider.tf" lines
//! left over from an answer whose fences were lost. [`bare_segments`] splits the document there.

use crate::label::{label_line_path, path_in_first_comment};

/// A document is bare code with at least this many code lines...
const MIN_CODE_LINES: usize = 3;
/// ...and at most this share of prose among the lines that are code or prose.
const MAX_PROSE_SHARE: f64 = 0.15;

/// Keywords that start a line of code in the languages answers are written in.
const CODE_KEYWORDS: &[&str] = &[
    "import ",
    "from ",
    "export ",
    "const ",
    "let ",
    "var ",
    "function ",
    "class ",
    "def ",
    "async ",
    "await ",
    "return ",
    "if ",
    "elif ",
    "else",
    "for ",
    "while ",
    "try",
    "except",
    "catch",
    "finally",
    "package ",
    "func ",
    "type ",
    "public ",
    "private ",
    "protected ",
    "static ",
    "final ",
    "new ",
    "resource ",
    "data ",
    "variable ",
    "output ",
    "provider ",
    "module ",
    "locals ",
    "terraform ",
    "interface ",
    "enum ",
    "@",
    "self.",
    "this.",
    "pulumi.",
    "aws.",
    "new ",
    "super(",
    "throw ",
    "raise ",
    "with ",
    "print(",
    "console.",
];

/// Top-level keys that open a CloudFormation template.
const TEMPLATE_KEYS: &[&str] = &[
    "AWSTemplateFormatVersion:",
    "Resources:",
    "Parameters:",
    "Transform:",
    "Conditions:",
    "Mappings:",
    "Outputs:",
    "Metadata:",
];

/// Label lines longer than this are sentences, not file names.
const MAX_LABEL_WORDS: usize = 12;

/// One file of a bare document: lines `start..end` (0-based), named by the line before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub start: usize,
    pub end: usize,
    pub path: Option<String>,
}

/// Splits a bare document at the lines that name a file. Without such lines the whole document
/// is one segment without a path. Text before the first named file is kept as a segment without
/// a path when it holds code, and dropped when it is only prose ("Here is the code:"). The
/// naming lines themselves belong to no segment.
pub(crate) fn bare_segments(lines: &[&str]) -> Vec<Segment> {
    let labels = file_labels(lines);
    if labels.is_empty() {
        return vec![Segment {
            start: 0,
            end: lines.len(),
            path: None,
        }];
    }
    let mut segments = Vec::with_capacity(labels.len() + 1);
    let first_label = labels[0].line;
    let preamble_code = lines[..first_label]
        .iter()
        .filter(|l| classify(l) == LineKind::Code)
        .count();
    if preamble_code >= MIN_CODE_LINES {
        segments.push(Segment {
            start: 0,
            end: first_label,
            path: None,
        });
    }
    for (position, label) in labels.iter().enumerate() {
        let end = labels
            .get(position + 1)
            .map_or(lines.len(), |next| next.line);
        segments.push(Segment {
            start: if label.is_code {
                label.line
            } else {
                label.line + 1
            },
            end,
            path: Some(label.path.clone()),
        });
    }
    segments
}

/// A line of a bare document that names the file the following lines belong to.
#[derive(Debug, Clone)]
struct FileLabel {
    line: usize,
    path: String,
    /// The line is code of that file too (a comment, a docstring) and stays in it.
    is_code: bool,
}

/// The lines naming files, in order. A name repeated on the next non-blank line ("lib/x.py"
/// followed by a comment "# x.py") is one label: the later line, with the longer path.
fn file_labels(lines: &[&str]) -> Vec<FileLabel> {
    let mut labels: Vec<FileLabel> = Vec::new();
    let mut last_content_line: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // "#   ./lib/scripts/setup.sh" inside a comment paragraph is an instruction, not a name.
        let in_comment_paragraph = last_content_line
            .is_some_and(|previous| is_comment_line(lines[previous]) && has_words(lines[previous]));
        let named = if in_comment_paragraph && is_comment_line(line) {
            None
        } else {
            file_named_by(line)
        };
        if let Some(path) = named {
            let label = FileLabel {
                line: index,
                is_code: is_comment_line(line),
                path,
            };
            match labels.last_mut() {
                Some(previous)
                    if Some(previous.line) == last_content_line
                        && same_file(&previous.path, &label.path) =>
                {
                    let path = if label.path.len() >= previous.path.len() {
                        label.path.clone()
                    } else {
                        previous.path.clone()
                    };
                    *previous = FileLabel { path, ..label };
                }
                _ => labels.push(label),
            }
        }
        last_content_line = Some(index);
    }
    labels
}

/// True when a line has letters or digits (a comment with words, not a "# =====" banner).
fn has_words(line: &str) -> bool {
    line.chars().any(char::is_alphanumeric)
}

/// True when two names are the same file, one perhaps with more of its directory.
fn same_file(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!("/{b}")) || b.ends_with(&format!("/{a}"))
}

/// True for a comment or docstring line of the languages bare documents are written in, which
/// stays part of the file it names. A markdown heading ("## x") is not.
fn is_comment_line(line: &str) -> bool {
    let text = line.trim_start();
    ["//", "/*", "\"\"\"", "\'\'\'", "--"]
        .iter()
        .any(|m| text.starts_with(m))
        || (text.starts_with('#') && !text.starts_with("##"))
}

/// The file a line of a bare document names, when the line is such a name ("bin/tap.ts",
/// "A) provider.tf", "## lib/x.ts", "# variables.tf", "// main.ts - entry point"). Quoted
/// strings and list items of code ("\"README.md\",") are values, not names.
fn file_named_by(line: &str) -> Option<String> {
    let text = line.trim();
    if text.is_empty()
        || text.split_whitespace().count() > MAX_LABEL_WORDS
        || text.starts_with(['"', '\''])
        || text.ends_with(',')
    {
        return None;
    }
    label_line_path(text).or_else(|| path_in_first_comment(&[text]))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Code,
    Prose,
    Neither,
}

/// True when the document (already known to have no fenced block) is one piece of code.
pub(crate) fn is_bare_code(text: &str, lines: &[&str]) -> bool {
    let trimmed = text.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<serde_json::Value>(text).is_ok()
    {
        return true;
    }
    let mut code = 0usize;
    let mut prose = 0usize;
    for line in lines {
        match classify(line) {
            LineKind::Code => code += 1,
            LineKind::Prose => prose += 1,
            LineKind::Neither => {}
        }
    }
    if code < MIN_CODE_LINES {
        return false;
    }
    let starts_as_template = lines
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| TEMPLATE_KEYS.iter().any(|k| l.starts_with(k)));
    let share = prose as f64 / (code + prose) as f64;
    share <= MAX_PROSE_SHARE || (starts_as_template && share <= 2.0 * MAX_PROSE_SHARE)
}

/// Classes one line as code, prose or neither.
fn classify(line: &str) -> LineKind {
    let text = line.trim();
    if text.is_empty() {
        return LineKind::Neither;
    }
    if is_markdown_prose(text) {
        return LineKind::Prose;
    }
    if text.starts_with('#') || text.starts_with("//") || text.starts_with("/*") {
        return LineKind::Neither;
    }
    if text.starts_with('*') || text.starts_with("\"\"\"") {
        // Inside a block comment or docstring: not evidence either way.
        return LineKind::Neither;
    }
    if looks_like_code(line, text) {
        return LineKind::Code;
    }
    let words = text.split_whitespace().count();
    if words >= 5 {
        LineKind::Prose
    } else {
        LineKind::Neither
    }
}

/// Markdown that only prose documents have: bold list items, tables, quotes, bold lines,
/// numbered steps in words.
fn is_markdown_prose(text: &str) -> bool {
    text.starts_with("- **")
        || text.starts_with("* **")
        || text.starts_with("**")
        || text.starts_with("> ")
        || (text.starts_with('|') && text.ends_with('|'))
        || is_numbered_sentence(text)
}

/// "1. Create the bucket first" (a numbered step), not "1.5" or "1: value".
fn is_numbered_sentence(text: &str) -> bool {
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && text[digits..].starts_with(". ")
        && text[digits + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic())
        && text.split_whitespace().count() >= 4
}

/// Punctuation, keywords and shapes (YAML keys, JSON members, assignments) of code lines.
fn looks_like_code(line: &str, text: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "{", "}", "(", ")", "[", "]", ";", ",", "=", "=>", "};", "});", "\\",
    ];
    if ENDINGS.iter().any(|e| text.ends_with(e)) {
        return true;
    }
    if CODE_KEYWORDS.iter().any(|k| text.starts_with(k)) {
        return true;
    }
    if is_yaml_key(text) || is_assignment(text) {
        return true;
    }
    // Indented continuation lines (YAML values, arguments) in a document that is code.
    let indented = line.starts_with("  ") || line.starts_with('\t');
    indented && !text.starts_with("- ") && text.split_whitespace().count() <= 6
}

/// "Key: value", "key:", "- Key: value", "\"key\": value" with a key of one word.
fn is_yaml_key(text: &str) -> bool {
    let text = text.strip_prefix("- ").unwrap_or(text);
    let Some((key, rest)) = text.split_once(':') else {
        return false;
    };
    let key = key.trim_matches(['"', '\'']);
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && (rest.is_empty() || rest.starts_with(' '))
        && rest.split_whitespace().count() <= 6
}

/// "name = value" (HCL, Python, TOML) with a one-word name.
fn is_assignment(text: &str) -> bool {
    let Some((name, _)) = text.split_once(" = ") else {
        return false;
    };
    let name = name.trim();
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(text: &str) -> bool {
        let lines: Vec<&str> = text.lines().collect();
        is_bare_code(text, &lines)
    }

    #[test]
    fn templates_and_hcl_are_bare() {
        assert!(bare(
            "AWSTemplateFormatVersion: '2010-09-09'\nDescription: A stack\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
        ));
        assert!(bare(
            "# main.tf\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n"
        ));
        assert!(bare("{\n  \"Resources\": {}\n}\n"));
        assert!(bare(
            "import pulumi\nimport pulumi_aws as aws\n\nbucket = aws.s3.Bucket('b')\n"
        ));
    }

    #[test]
    fn bare_documents_split_at_lines_naming_files() {
        let text = "Here is the code:\n# provider.tf\nprovider \"aws\" {}\n# variables.tf\nvariable \"a\" {}\n";
        let lines: Vec<&str> = text.lines().collect();
        let segments = bare_segments(&lines);
        let found: Vec<(usize, usize, Option<&str>)> = segments
            .iter()
            .map(|s| (s.start, s.end, s.path.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![(1, 3, Some("provider.tf")), (3, 5, Some("variables.tf"))]
        );
        let text = "lib/x.py\n# x.py: the stack\nimport os\n";
        let lines: Vec<&str> = text.lines().collect();
        let segments = bare_segments(&lines);
        assert_eq!(segments.len(), 1);
        assert_eq!(
            (segments[0].start, segments[0].path.as_deref()),
            (1, Some("lib/x.py"))
        );
        // A quoted value in code is not a name.
        let lines = vec!["{", "  \"exclude\": [", "    \"README.md\",", "  ]", "}"];
        assert_eq!(bare_segments(&lines).len(), 1);
        // A path inside a comment paragraph is an instruction.
        let lines = vec![
            "# Run the script:",
            "#   ./lib/setup.sh",
            "variable \"a\" {}",
        ];
        assert_eq!(bare_segments(&lines)[0].path, None);
        let lines = vec!["resource \"a\" \"b\" {", "}"];
        assert_eq!(
            bare_segments(&lines),
            vec![Segment {
                start: 0,
                end: 2,
                path: None
            }]
        );
    }

    #[test]
    fn prose_is_not_bare() {
        assert!(!bare(
            "# Model Response\n\nThe template creates a VPC with two subnets and a bucket.\nIt encrypts everything with a customer managed key, as asked.\n\n- **VPC**: two subnets\n- **S3**: versioned bucket\n"
        ));
        assert!(!bare("Insert here the model response"));
    }
}
