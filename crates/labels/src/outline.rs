//! The outline of a Markdown document: its lines (code blocks marked, so nothing inside a fence
//! is read as structure), its ATX headings as a tree, and the body lines of each heading.
//!
//! Failure documents are written by hand and by models; fences are sometimes left open. A fence
//! that never closes is taken for a stray line, not as swallowing the rest of the document.

use std::ops::Range;

/// One line of the document.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    pub text: &'a str,
    /// Inside a fenced code block, or one of its fence lines.
    pub code: bool,
}

/// One ATX heading (`## Title`) and what it spans.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: usize,
    /// The heading text, closing `#`s removed.
    pub text: String,
    /// Index of the heading line in [`Outline::lines`].
    pub at: usize,
    /// Lines after the heading up to the next heading of any level.
    pub body: Range<usize>,
    /// Indexes into [`Outline::headings`] of the headings nested directly under this one.
    pub children: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Outline<'a> {
    pub lines: Vec<Line<'a>>,
    pub headings: Vec<Heading>,
    /// Headings with no parent.
    pub roots: Vec<usize>,
    /// Lines before the first heading.
    pub preamble: Range<usize>,
}

/// The fence a line opens or closes: its character and length, when it is one.
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let len = rest.chars().take_while(|x| *x == c).count();
    if len < 3 {
        return None;
    }
    Some((c, len, rest[len..].trim()))
}

/// Which lines are code: fence pairs found first, so an unclosed fence marks nothing.
fn code_lines(lines: &[&str]) -> Vec<bool> {
    let mut code = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if let Some((c, len, info)) = fence_of(lines[i]) {
            // A backtick fence's info string may not hold a backtick.
            if c == '`' && info.contains('`') {
                i += 1;
                continue;
            }
            let close = (i + 1..lines.len()).find(|&j| {
                fence_of(lines[j])
                    .is_some_and(|(c2, len2, rest)| c2 == c && len2 >= len && rest.is_empty())
            });
            if let Some(j) = close {
                // A document wrapped in a ```markdown fence is still markdown: only the fence
                // lines are code.
                let markdown = matches!(info.to_ascii_lowercase().as_str(), "markdown" | "md");
                if markdown {
                    code[i] = true;
                    code[j] = true;
                } else {
                    for flag in &mut code[i..=j] {
                        *flag = true;
                    }
                }
                i = if markdown { i + 1 } else { j + 1 };
                continue;
            }
        }
        i += 1;
    }
    code
}

/// The heading a line is, outside code: level and text.
fn heading_of(line: &str) -> Option<(usize, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let after = &rest[level..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let text = after.trim();
    // Closing sequence: "## Title ##".
    let text = match text.trim_end_matches('#') {
        t if t.ends_with(' ') || t.is_empty() => t.trim_end(),
        _ => text,
    };
    Some((level, text.to_string()))
}

/// The level of a setext underline (`===` → 1, `---` → 2), when the line is one.
fn setext_level(line: &str) -> Option<usize> {
    let t = line.trim();
    if t.len() < 3 || line.len() - line.trim_start().len() > 3 {
        return None;
    }
    if t.chars().all(|c| c == '=') {
        Some(1)
    } else if t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// Whether a line can be the text of a setext heading: plain paragraph text, not a list item,
/// quote, table row or heading.
fn can_be_setext_text(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && line.len() - line.trim_start().len() <= 3
        && !t.starts_with(['-', '*', '+', '>', '|', '#', '`', '~'])
        && !t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Reads the outline of `text`.
pub fn outline(text: &str) -> Outline<'_> {
    let raw: Vec<&str> = text.lines().collect();
    let code = code_lines(&raw);
    let lines: Vec<Line> = raw
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            number: i + 1,
            text: t,
            code: code[i],
        })
        .collect();

    let mut headings: Vec<Heading> = Vec::new();
    let mut skip_underline = false;
    for (i, line) in lines.iter().enumerate() {
        if line.code || std::mem::take(&mut skip_underline) {
            continue;
        }
        // "Title" over "-----" (a single-line paragraph: the line before is blank or absent).
        let setext = lines
            .get(i + 1)
            .filter(|next| !next.code && can_be_setext_text(line.text))
            .and_then(|next| setext_level(next.text))
            .filter(|_| i == 0 || lines[i - 1].text.trim().is_empty() || lines[i - 1].code)
            .map(|level| (level, line.text.trim().to_string()));
        if setext.is_some() {
            skip_underline = true;
        }
        if let Some((level, text)) = heading_of(line.text).or(setext) {
            if let Some(previous) = headings.last_mut() {
                previous.body.end = i;
            }
            headings.push(Heading {
                level,
                text,
                at: i,
                body: i + 1..lines.len(),
                children: Vec::new(),
            });
        }
    }
    let preamble = 0..headings.first().map_or(lines.len(), |h| h.at);

    let mut roots = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for index in 0..headings.len() {
        let level = headings[index].level;
        while stack
            .last()
            .is_some_and(|&top| headings[top].level >= level)
        {
            stack.pop();
        }
        match stack.last() {
            Some(&parent) => headings[parent].children.push(index),
            None => roots.push(index),
        }
        stack.push(index);
    }
    Outline {
        lines,
        headings,
        roots,
        preamble,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_form_a_tree_and_code_hides_structure() {
        let doc = "# Title\n## A\n```\n## not a heading\n```\n### A1\n## B\ntext\n";
        let o = outline(doc);
        let texts: Vec<&str> = o.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["Title", "A", "A1", "B"]);
        assert_eq!(o.roots, [0]);
        assert_eq!(o.headings[0].children, [1, 3]);
        assert_eq!(o.headings[1].children, [2]);
        assert_eq!(o.headings[3].body, 7..8);
        assert!(o.lines[3].code);
    }

    #[test]
    fn an_unclosed_fence_swallows_nothing() {
        let o = outline("## A\n```python\nx = 1\n## B\n");
        assert_eq!(o.headings.len(), 2);
        assert!(!o.lines[1].code);
    }

    #[test]
    fn setext_headings_and_markdown_fences() {
        let o =
            outline("```markdown\nSummary\n-------\ntext\n\nDetected Failures\n=====\n1) x\n```\n");
        let texts: Vec<&str> = o.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["Summary", "Detected Failures"]);
        assert_eq!(o.headings[1].level, 1);
        assert!(!o.lines[7].code);
        // A rule under a paragraph of several lines is no heading here.
        assert!(outline("one\ntwo\n---\n").headings.is_empty());
    }

    #[test]
    fn closing_hashes_and_hashtags() {
        assert_eq!(heading_of("## Title ##"), Some((2, "Title".into())));
        assert_eq!(heading_of("#hashtag"), None);
        assert_eq!(heading_of("    ## indented code"), None);
    }
}
