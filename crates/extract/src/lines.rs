//! A document as numbered lines, the unit every other part of extraction works in.
//!
//! Markdown answers arrive with LF or CRLF endings (and the odd lone CR); every later step wants
//! one line per entry without its terminator, and a line number that maps back to the document.

/// The lines of a text, without their terminators. Line `i` of the slice is line `i + 1` of the
/// document. A final line terminator does not start a new, empty line: "a\nb\n" has two lines.
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

/// The text of a run of lines, joined with LF and ending with one LF (as files on disk do).
pub(crate) fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let capacity = lines.iter().map(|l| l.as_ref().len() + 1).sum();
    let mut text = String::with_capacity(capacity);
    for line in lines {
        text.push_str(line.as_ref());
        text.push('\n');
    }
    text
}

/// Leading spaces and tabs of a line, counted as characters (a tab counts as one: fences are
/// indented with spaces in practice, and content lines are stripped by the same count).
pub(crate) fn indent_width(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

/// The line without up to `width` leading spaces or tabs: content of an indented fence (a fence
/// inside a list item) is indented like the fence, and that indentation is not part of the code.
pub(crate) fn strip_indent(line: &str, width: usize) -> &str {
    let mut rest = line;
    for _ in 0..width {
        match rest.strip_prefix([' ', '\t']) {
            Some(r) => rest = r,
            None => break,
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_final_newline_do_not_add_lines() {
        assert_eq!(split_lines("a\r\nb\r\n"), vec!["a", "b"]);
        assert_eq!(split_lines("a\nb"), vec!["a", "b"]);
        assert_eq!(split_lines(""), Vec::<&str>::new());
        assert_eq!(split_lines("\n"), vec![""]);
    }

    #[test]
    fn strip_indent_removes_at_most_the_fence_indent() {
        assert_eq!(strip_indent("      x", 3), "   x");
        assert_eq!(strip_indent(" x", 3), "x");
        assert_eq!(strip_indent("\tx", 3), "x");
    }
}
