//! Recognising an answer that is code without any markdown around it.
//!
//! Some answers are a CloudFormation template, a Terraform file or a program pasted as the whole
//! document, with no fences ("AWSTemplateFormatVersion: ..." on line 1, or "# main.tf" followed
//! by HCL blocks). Each non-blank line is classed as code, prose or neither (comments, short
//! words); the document is bare code when code lines clearly outnumber prose lines. A JSON
//! document that parses is bare code whatever its lines look like.
//!
//! Markdown headings and code comments both start with "#", so such lines count as neither.

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
    fn prose_is_not_bare() {
        assert!(!bare(
            "# Model Response\n\nThe template creates a VPC with two subnets and a bucket.\nIt encrypts everything with a customer managed key, as asked.\n\n- **VPC**: two subnets\n- **S3**: versioned bucket\n"
        ));
        assert!(!bare("Insert here the model response"));
    }
}
