//! Text made safe for the places it lands in a Markdown document: table cells, headings, prose
//! and fenced code blocks. Report fields are written by rules and by the analysis; they can hold
//! pipes, newlines, backtick runs and angle brackets, and none of them may break the document.

/// A table cell: one line, pipes escaped, backslashes kept literal.
pub fn table_cell(text: &str) -> String {
    let one_line = single_line(text);
    let mut out = String::with_capacity(one_line.len());
    for c in one_line.chars() {
        match c {
            '|' => out.push_str("\\|"),
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        // An empty cell is valid, but a visible dash reads better than nothing.
        return "—".to_string();
    }
    prose(&out)
}

/// A heading: one line, at most `max_chars` characters, cut at a word boundary with an
/// ellipsis. Returns the text and whether it was shortened.
pub fn heading(text: &str, max_chars: usize) -> (String, bool) {
    let one_line = single_line(text);
    if one_line.chars().count() <= max_chars {
        return (prose(&one_line), false);
    }
    let cut: String = one_line.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => cut[..i].to_string(),
        _ => cut,
    };
    let cut = cut.trim_end_matches([',', ';', ':', '.', ' ']);
    (prose(&format!("{cut}…")), true)
}

/// Running text: `<` before a letter, `/` or `!` is escaped so that `Output<string>` is not taken
/// for an HTML tag and swallowed; everything else is left as written, so the raw document stays
/// as readable as the rendered one.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_alphabetic() || next == '/' || next == '!' || next == '?' {
                    out.push('\\');
                }
            }
        }
        out.push(c);
    }
    out
}

/// Text whose line breaks and runs of whitespace become single spaces.
pub fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An inline code span that holds `text` whatever backticks it contains (CommonMark: a span
/// opened by N backticks closes at the next run of exactly N).
pub fn code_span(text: &str) -> String {
    let text = single_line(text);
    let ticks = "`".repeat(longest_backtick_run(&text) + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

/// A fenced code block: the fence is one backtick longer than the longest backtick run inside
/// (and at least three), so no line of the snippet can close it early.
pub fn code_block(text: &str, language: Option<&str>) -> String {
    let fence = "`".repeat((longest_backtick_run(text) + 1).max(3));
    let body = text.trim_end_matches(['\n', '\r']);
    let info = language.unwrap_or("");
    format!("{fence}{info}\n{body}\n{fence}\n")
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// The fence info string for a file, from its extension: what GitHub and most renderers
/// highlight. Unknown extensions fall back to the task's language, then to no info string.
pub fn fence_language(file: &str, task_language: Option<&str>) -> Option<&'static str> {
    let name = file.rsplit('/').next().unwrap_or(file);
    // "lib/MODEL_RESPONSE.md:42" names a block of an answer by its first line: no extension.
    let name = match name.rsplit_once(':') {
        Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) => head,
        _ => name,
    };
    let by_extension = name
        .rsplit_once('.')
        .and_then(|(_, ext)| language_of(&ext.to_ascii_lowercase()));
    if name.ends_with(".md") {
        return task_language.and_then(language_of);
    }
    by_extension.or_else(|| task_language.and_then(language_of))
}

fn language_of(short: &str) -> Option<&'static str> {
    Some(match short {
        "py" | "python" => "python",
        "ts" | "typescript" => "typescript",
        "js" | "mjs" | "cjs" | "javascript" => "javascript",
        "go" => "go",
        "java" => "java",
        "tf" | "hcl" | "tfvars" => "hcl",
        "yaml" | "yml" => "yaml",
        "json" => "json",
        "sh" | "bash" => "bash",
        "toml" => "toml",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_and_newlines_stay_inside_their_cell() {
        assert_eq!(table_cell("a | b\nc"), "a \\| b c");
        assert_eq!(table_cell(""), "—");
    }

    #[test]
    fn fence_outgrows_backtick_runs_in_the_snippet() {
        let block = code_block("x = ```y```\n````\n", Some("python"));
        assert!(block.starts_with("`````python\n"));
        assert!(block.ends_with("\n`````\n"));
    }

    #[test]
    fn code_span_survives_backticks() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn headings_are_cut_at_a_word() {
        let (text, cut) = heading("one two three four five six", 14);
        assert!(cut);
        assert_eq!(text, "one two three…");
    }

    #[test]
    fn angle_brackets_before_letters_are_escaped() {
        assert_eq!(prose("Output<string> a < b"), "Output\\<string> a < b");
    }

    #[test]
    fn fence_language_from_extension_then_task() {
        assert_eq!(fence_language("lib/tap_stack.py", None), Some("python"));
        assert_eq!(fence_language("main.tf", Some("py")), Some("hcl"));
        assert_eq!(
            fence_language("lib/MODEL_RESPONSE.md:42", Some("ts")),
            Some("typescript")
        );
        assert_eq!(fence_language("Dockerfile", None), None);
    }
}
