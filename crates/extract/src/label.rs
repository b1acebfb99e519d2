//! Reading file paths out of the text around a code block.
//!
//! Each function here looks at one kind of place an answer names a block's file:
//! - a heading: "## File: lib/x.py", "### `bin/tap.ts`", "## 2. VPC stack (lib/vpc.ts)";
//! - the line(s) just before the block: "**lib/x.ts**", "`lib/x.ts`:", "Create `lib/x.ts`:",
//!   "**File: x**", "A) provider.tf";
//! - the block's first comment: "# lib/x.py", "// File: bin/tap.ts", "<!-- x -->", "-- x.sql";
//! - the fence's info string: "```ts title=lib/x.ts", "```python:lib/x.py".
//!
//! They return every path they find in order; choosing among them (and checking a path against
//! the block's language) is [`crate::locate`]'s job.

use crate::path::normalize_path;

/// Words that introduce a path on a label line or heading ("File: lib/x.ts").
const PATH_PREFIXES: &[&str] = &[
    "from:",
    "file path:",
    "filepath:",
    "file name:",
    "filename:",
    "file:",
    "path:",
    "location:",
    "create",
    "update",
    "updated",
];

/// Paths named by a heading line ("## File: lib/x.py"). Any word of a heading may be a path:
/// headings are short, and [`normalize_path`] rejects ordinary words.
pub(crate) fn paths_in_heading(heading_text: &str) -> Vec<String> {
    let text = strip_decoration(heading_text);
    if let Some(path) = normalize_path(text) {
        return vec![path];
    }
    tokens(text).filter_map(normalize_path).collect()
}

/// Paths named by a line of prose just before a block. The whole line may be the path
/// ("**lib/x.ts**", "A) provider.tf"); otherwise a path written as code or bold counts on a short
/// line or one that ends with a colon ("Here is the updated `lib/x.ts`:"), and a plain word counts
/// only on a short line ending with a colon ("Update lib/x.ts:").
pub(crate) fn paths_in_label_line(line: &str) -> Vec<String> {
    if let Some(path) = label_line_path(line) {
        return vec![path];
    }
    let text = strip_decoration(line);
    let ends_with_colon = line
        .trim_end()
        .trim_end_matches(['*', '_', '`'])
        .trim_end()
        .ends_with(':');
    let words = text.split_whitespace().count();
    let mut paths = Vec::new();
    for token in tokens(text) {
        let marked = token.contains('`') || token.contains("**") || token.starts_with('(');
        if ends_with_colon || (marked && words <= 8) {
            if let Some(path) = normalize_path(token) {
                paths.push(path);
            }
        }
    }
    paths
}

/// The path when the whole label line is one ("**lib/x.ts**", "`lib/x.ts`:", "A) provider.tf"):
/// the most deliberate way an answer names a block's file.
/// After "File:" or inside "<!-- -->" the first word is the path, whatever follows it
/// ("**File: lib/db.ts (Line 63)**", "<!-- index.ts (Main Entry Point) -->").
pub(crate) fn label_line_path(line: &str) -> Option<String> {
    let marked = strip_marks(line);
    let text = strip_prefix_words(marked);
    if let Some(path) = normalize_path(text) {
        return Some(path);
    }
    let introduced = text.len() != marked.len() || line.trim_start().starts_with("<!--");
    if introduced {
        normalize_path(text.split_whitespace().next()?)
    } else {
        None
    }
}

/// The path named by the first comment of a block ("# lib/x.py", "// File: bin/tap.ts",
/// "<!-- README.md -->", "-- schema.sql"). A shebang line and blank lines before it are skipped;
/// only the comment's first word (after "File:") counts, so "# tap_stack.tf - Main resources"
/// names tap_stack.tf while "# Configure the bucket.py module" names nothing.
pub(crate) fn path_in_first_comment<S: AsRef<str>>(content: &[S]) -> Option<String> {
    let mut lines = content
        .iter()
        .map(|l| l.as_ref().trim())
        .filter(|l| !l.is_empty() && !l.starts_with("#!"));
    // A banner ("#####", "// ====") or a lone block-comment opener ("/**") comes before the
    // comment that names the file; look past at most two of them.
    for _ in 0..3 {
        let line = lines.next()?;
        let body = match comment_body(line) {
            Some(body) => body,
            // Inside a "/**" block the next line starts with " * ".
            None => line.strip_prefix('*')?,
        };
        let body = body
            .trim()
            .trim_matches(|c: char| c == '=' || c == '-' || c == '*');
        if !body.chars().any(char::is_alphanumeric) {
            continue;
        }
        let body = strip_prefix_words(body.trim());
        let word = body.split_whitespace().next()?;
        return normalize_path(word);
    }
    None
}

/// A path given in the fence's info string: "ts title=lib/x.ts", "python:lib/x.py",
/// "typescript lib/x.ts".
pub(crate) fn path_in_info(info: &str) -> Option<String> {
    let mut words = info.split_whitespace();
    let first = words.next()?;
    if let Some((_, after)) = first.split_once(':') {
        if let Some(path) = normalize_path(after) {
            return Some(path);
        }
    }
    for word in words {
        let value = match word.split_once('=') {
            Some((key, value)) => {
                let key = key.to_ascii_lowercase();
                if !matches!(
                    key.as_str(),
                    "title" | "file" | "filename" | "path" | "name"
                ) {
                    continue;
                }
                value
            }
            None => word,
        };
        if let Some(path) = normalize_path(value) {
            return Some(path);
        }
    }
    None
}

/// The text of a one-line comment in any of the languages answers use, without its markers.
fn comment_body(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("<!--") {
        return Some(rest.trim_end().trim_end_matches("-->"));
    }
    if let Some(rest) = line.strip_prefix("/*") {
        return Some(
            rest.trim_end()
                .trim_end_matches("*/")
                .trim_start_matches('*'),
        );
    }
    for marker in ["//", "--", "#", ";"] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim_start_matches(marker.chars().next().unwrap_or('#')));
        }
    }
    for quotes in ["\"\"\"", "\'\'\'"] {
        if let Some(rest) = line.strip_prefix(quotes) {
            return Some(rest.trim_end().trim_end_matches(quotes));
        }
    }
    None
}

/// Removes heading marks, list markers, enumerators ("1.", "A)"), emphasis around the whole
/// line, a trailing colon and a leading "File:"-style word, leaving the part that may be a path.
fn strip_decoration(line: &str) -> &str {
    strip_prefix_words(strip_marks(line))
}

/// [`strip_decoration`] less the removal of "File:"-style words.
fn strip_marks(line: &str) -> &str {
    let mut text = line.trim();
    if let Some(rest) = text.strip_prefix("<!--") {
        text = rest.trim_end().trim_end_matches("-->").trim();
    }
    text = text.trim_start_matches('#').trim();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            text = rest.trim_start();
        }
    }
    if let Some(rest) = text.strip_prefix("**") {
        // "**1. storage.py**": the enumerator sits inside the emphasis.
        text = rest.trim_end_matches("**").trim();
    }
    text = strip_enumerator(text);
    text = text.trim_matches('*').trim();
    if text.len() > 2 && text.starts_with('_') && text.ends_with('_') {
        // "_lib/x.py_" is emphasis; "__init__.py" keeps its underscores.
        text = text.trim_matches('_').trim();
    }
    text = text.trim_end_matches(':').trim_end();
    text = text.trim_matches(|c: char| c == '*').trim();
    // "=== lib/tap_stack.py ===" is a banner around the name.
    text.trim_matches('=').trim()
}

/// Drops "1.", "12)", "A)", "b." and "Step 3:" style enumerators at the start of a line.
fn strip_enumerator(text: &str) -> &str {
    let mut rest = text;
    if let Some(after) = strip_ascii_prefix_ci(rest, "step ") {
        rest = after;
    }
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    let skip = if digits > 0 {
        digits
    } else if rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && rest[1..].starts_with([')', '.'])
        && rest[2..].starts_with(' ')
    {
        1
    } else {
        return text;
    };
    let after = &rest[skip..];
    match after.strip_prefix(['.', ')', ':']) {
        Some(after) if after.starts_with(' ') => after.trim_start(),
        _ => text,
    }
}

/// Drops "File:", "Filename:", "Path:" and similar words that introduce a path.
fn strip_prefix_words(text: &str) -> &str {
    let mut rest = text.trim_start_matches('*').trim_start();
    for prefix in PATH_PREFIXES {
        if let Some(after) = strip_ascii_prefix_ci(rest, prefix) {
            // "Create" and "Update" are words of a sentence, not markers: only drop them when
            // a space follows, and keep going so "Create file: x" loses both.
            if !prefix.ends_with(':') && !after.starts_with(' ') {
                continue;
            }
            rest = after.trim_start_matches('*').trim_start();
        }
    }
    rest
}

fn strip_ascii_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// The words of a line, split on whitespace; "(`lib/x.ts`)" stays one word for
/// [`normalize_path`] to unwrap.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_conventions() {
        let cases = [
            ("## File: lib/x.py", "lib/x.py"),
            ("### `bin/tap.ts`", "bin/tap.ts"),
            ("### lib/x.tf", "lib/x.tf"),
            ("## lib/tap_stack.py", "lib/tap_stack.py"),
            ("## 2. VPC stack (lib/vpc-stack.ts)", "lib/vpc-stack.ts"),
            ("## Main.java", "Main.java"),
            ("### **File: `lib/a.ts`**", "lib/a.ts"),
            ("## File: lib\\infra\\api.py", "lib/infra/api.py"),
        ];
        for (line, want) in cases {
            assert_eq!(paths_in_heading(line), vec![want.to_string()], "{line}");
        }
        assert!(paths_in_heading("## Deployment Instructions").is_empty());
        assert!(paths_in_heading("## Node.js setup").is_empty());
    }

    #[test]
    fn label_line_conventions() {
        let cases = [
            ("**lib/x.ts**", "lib/x.ts"),
            ("`lib/x.ts`:", "lib/x.ts"),
            ("Create `lib/x.ts`:", "lib/x.ts"),
            ("**File: x.yml**", "x.yml"),
            ("A) provider.tf", "provider.tf"),
            ("1. **lib/app.py**", "lib/app.py"),
            (
                "Here is the updated `lib/tap-stack.ts` file:",
                "lib/tap-stack.ts",
            ),
            ("Update lib/main.tf:", "lib/main.tf"),
            (
                "<!-- /lib/src/main/java/app/Main.java -->",
                "lib/src/main/java/app/Main.java",
            ),
            ("**1. storage.py**", "storage.py"),
            ("**__main__.py**", "__main__.py"),
            ("=== lib/tap_stack.py ===", "lib/tap_stack.py"),
            ("<!-- index.ts (Main Entry Point) -->", "index.ts"),
            (
                "**File: lib/database-stack.ts (Line 63)**",
                "lib/database-stack.ts",
            ),
            ("_lib/x.py_", "lib/x.py"),
            ("Stack Policy (stack-policy.json)", "stack-policy.json"),
            (
                "Here's the complete tap_stack.py file that implements everything:",
                "tap_stack.py",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(paths_in_label_line(line), vec![want.to_string()], "{line}");
        }
        assert!(paths_in_label_line("Run the tests:").is_empty());
        assert!(paths_in_label_line(
            "This long sentence mentions lib/x.ts in passing and goes on to other matters"
        )
        .is_empty());
    }

    #[test]
    fn first_comment_conventions() {
        let cases = [
            ("# lib/x.py", "lib/x.py"),
            ("// lib/x.ts", "lib/x.ts"),
            ("// File: bin/tap.ts", "bin/tap.ts"),
            ("<!-- README.md -->", "README.md"),
            ("-- schema.sql", "schema.sql"),
            ("# tap_stack.tf - Main resources", "tap_stack.tf"),
            ("/* lib/a.js */", "lib/a.js"),
            ("#!/usr/bin/env node\n// bin/tap.ts", "bin/tap.ts"),
            (
                "####################\n# tap_stack.tf - All in one",
                "tap_stack.tf",
            ),
            (
                "/**\n * ec2-scheduler-stack.ts (Ideal)\n */",
                "ec2-scheduler-stack.ts",
            ),
            ("// === file: versions.tf ===", "versions.tf"),
            ("# From: tap_stack.tf", "tap_stack.tf"),
            ("# __main__.py", "__main__.py"),
            ("\"\"\"lib/x.py\"\"\"", "lib/x.py"),
        ];
        for (text, want) in cases {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(
                path_in_first_comment(&lines).as_deref(),
                Some(want),
                "{text}"
            );
        }
        for text in [
            "# Variables",
            "import os",
            "// Configure the bucket.py module",
            "",
        ] {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(path_in_first_comment(&lines), None, "{text}");
        }
    }

    #[test]
    fn info_string_paths() {
        assert_eq!(
            path_in_info("ts title=lib/x.ts").as_deref(),
            Some("lib/x.ts")
        );
        assert_eq!(path_in_info("python:lib/x.py").as_deref(), Some("lib/x.py"));
        assert_eq!(path_in_info("typescript:payment"), None);
        assert_eq!(path_in_info("python"), None);
    }
}
