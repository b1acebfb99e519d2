//! Finding the fenced code blocks of a markdown document.
//!
//! This is a hand-written line scanner rather than a CommonMark parser (pulldown-cmark was
//! considered) because answers written by models break CommonMark in ways whose intent is plain:
//! - a ```` ```markdown ```` block (a README) that holds ```` ```bash ```` blocks fenced with the
//!   same three backticks. CommonMark closes the outer block at the first inner closing fence and
//!   turns the rest of the README into prose and the final fence into a new, unterminated block.
//!   We count inner fences that carry a language as opening a nested block instead.
//! - fences indented four or more spaces inside deeply nested list items, which CommonMark reads
//!   as indented code containing literal backticks.
//! - a last block whose closing fence was cut off: we take it to the end of the document and say so.
//!
//! Everything else follows CommonMark: backtick or tilde fences of three or more characters; a
//! block closes at a fence of the same character, at least as long, with nothing after it. The
//! scan looks at every line once, so it is linear in the size of the document.

use crate::lines::indent_width;

/// An opening or closing fence line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FenceLine {
    /// '`' or '~'.
    pub ch: char,
    /// How many fence characters the line has (3 or more).
    pub len: usize,
    /// Leading whitespace before the fence, in characters.
    pub indent: usize,
    /// What follows the fence characters, trimmed ("python", "ts title=lib/x.ts", "").
    pub info: String,
}

/// A fenced block, by line indices (0-based) of the document it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FencedBlock {
    /// Index of the opening fence line.
    pub open: usize,
    /// Index of the first content line (`open + 1`).
    pub content_start: usize,
    /// Index one past the last content line: the closing fence, or the line count when the
    /// block was never closed. With [`Repair::ClosedAtEndOfLine`], the line at this index is
    /// content too, up to the fence at its end (see [`FencedBlock::tail`]).
    pub content_end: usize,
    /// Whether a closing fence was found.
    pub closed: bool,
    pub fence: FenceLine,
    /// How the end of a malformed block was decided, when it was not a proper closing fence.
    pub repair: Option<Repair>,
}

/// How the scanner ended a block that had no proper closing fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repair {
    /// No closing fence at all: the block runs to the end of the document.
    RunsToEnd,
    /// Only a shorter fence ("``````python" ... "```") closes it.
    ClosedByShorterFence,
    /// Another fence with a language opened inside a code block ("```yaml" ... "```yaml"): the
    /// first block was never closed, and ends where the second begins.
    EndedByNextBlock,
    /// The fence closes at the end of the last code line ("}```"): that line, less the fence,
    /// is the block's last line of content.
    ClosedAtEndOfLine,
}

impl FencedBlock {
    /// The code before the fence on a line that ends the block ("}```" gives "}"), if any.
    pub fn tail<'a>(&self, lines: &[&'a str]) -> Option<&'a str> {
        if self.repair != Some(Repair::ClosedAtEndOfLine) {
            return None;
        }
        let line = lines.get(self.content_end)?.trim_end();
        Some(line.trim_end_matches(self.fence.ch))
    }

    /// Index of the last line that belongs to the block (its closing fence, or the last line).
    pub fn last_line(&self) -> usize {
        if self.closed && self.repair != Some(Repair::EndedByNextBlock) {
            self.content_end
        } else {
            self.content_end.saturating_sub(1).max(self.open)
        }
    }
}

/// Reads a line as a fence, if it is one.
pub(crate) fn parse_fence_line(line: &str) -> Option<FenceLine> {
    let indent = indent_width(line);
    let rest = line.trim_start_matches([' ', '\t']);
    let ch = rest.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = rest.chars().take_while(|c| *c == ch).count();
    if len < 3 {
        return None;
    }
    // The fence characters are ASCII, so `len` characters are `len` bytes.
    let info = rest[len..].trim();
    Some(FenceLine {
        ch,
        len,
        indent,
        info: info.to_string(),
    })
}

impl FenceLine {
    /// The declared language: the first word of the info string, lower-cased. For backtick
    /// fences the word ends at a backtick too ("```python```" declares "python").
    pub fn language(&self) -> Option<String> {
        let word = self.info.split_whitespace().next()?;
        let word = if self.ch == '`' {
            word.split('`').next().unwrap_or("")
        } else {
            word
        };
        let word = word.trim_start_matches('{').trim_start_matches('.');
        if word.is_empty() {
            None
        } else {
            Some(word.to_lowercase())
        }
    }

    /// True when this line can close a block opened by `open`.
    fn closes(&self, open: &FenceLine) -> bool {
        self.ch == open.ch && self.len >= open.len && self.info.is_empty()
    }

    /// True when this line, met inside a markdown block opened by `open`, opens a nested block
    /// that the same kind of fence will close.
    fn opens_nested(&self, open: &FenceLine) -> bool {
        self.ch == open.ch && self.len >= open.len && !self.info.is_empty()
    }
}

/// True for a line of code that ends with the closing fence ("}```"), a slip models make.
/// Only backtick fences count: "~~~" ends lines of ASCII art.
fn ends_with_closing_fence(line: &str, open: &FenceLine) -> bool {
    if open.ch != '`' {
        return false;
    }
    let line = line.trim_end();
    let code = line.trim_end_matches('`');
    let fence_len = line.len() - code.len();
    fence_len >= open.len && !code.trim().is_empty()
}

/// True for the languages whose blocks hold markdown, whose own fences may be nested.
pub(crate) fn is_markdown_language(language: Option<&str>) -> bool {
    matches!(language, Some("markdown" | "md" | "mdx"))
}

/// Every fenced block of the document, in order. Blocks never overlap; text outside them is prose.
pub(crate) fn scan_blocks(lines: &[&str]) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(open) = parse_fence_line(lines[index]) else {
            index += 1;
            continue;
        };
        let block = block_from(lines, index, open);
        index = match block.repair {
            Some(Repair::EndedByNextBlock) => block.content_end,
            _ => block.content_end + 1,
        };
        blocks.push(block);
    }
    blocks
}

/// The block opened by `open` on line `index`: up to its closing fence, or repaired.
fn block_from(lines: &[&str], index: usize, open: FenceLine) -> FencedBlock {
    let language = open.language();
    let nests = is_markdown_language(language.as_deref());
    // A fence with a language inside a block of code (not markdown, not an unlabelled block
    // that may hold a markdown sample) means the block was left open.
    let ends_at_next_opening = !nests && language.is_some();
    let mut depth = 0usize;
    let mut shorter_close = None;
    let mut end = None;
    for (offset, line) in lines[index + 1..].iter().enumerate() {
        let line_index = index + 1 + offset;
        let Some(fence) = parse_fence_line(line) else {
            if depth == 0 && ends_with_closing_fence(line, &open) {
                end = Some((line_index, true, Some(Repair::ClosedAtEndOfLine)));
                break;
            }
            continue;
        };
        if fence.closes(&open) {
            if depth == 0 {
                end = Some((line_index, true, None));
                break;
            }
            depth -= 1;
        } else if fence.opens_nested(&open) {
            if nests {
                depth += 1;
            } else if ends_at_next_opening {
                end = Some((line_index, false, Some(Repair::EndedByNextBlock)));
                break;
            }
        } else if shorter_close.is_none() && fence.ch == open.ch && fence.info.is_empty() {
            shorter_close = Some(line_index);
        }
    }
    let (content_end, closed, repair) = match (end, shorter_close) {
        (Some(end), _) => end,
        (None, Some(close)) => (close, true, Some(Repair::ClosedByShorterFence)),
        (None, None) => (lines.len(), false, Some(Repair::RunsToEnd)),
    };
    FencedBlock {
        open: index,
        content_start: index + 1,
        content_end,
        closed,
        fence: open,
        repair,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repairs(text: &str) -> Vec<Option<Repair>> {
        let lines: Vec<&str> = text.lines().collect();
        scan_blocks(&lines).into_iter().map(|b| b.repair).collect()
    }

    #[test]
    fn a_new_opening_fence_ends_an_unclosed_code_block() {
        let text = "```yaml\na: 1\n```yaml\nb: 2\n```\n";
        assert_eq!(spans(text), vec![(1, 2, false), (3, 4, true)]);
        assert_eq!(repairs(text), vec![Some(Repair::EndedByNextBlock), None]);
    }

    #[test]
    fn a_fence_at_the_end_of_a_code_line_closes_the_block() {
        let text = "```json\n{\n}```\n\n### cdk.json\n```json\n{}\n```\n";
        let lines: Vec<&str> = text.lines().collect();
        let blocks = scan_blocks(&lines);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].repair, Some(Repair::ClosedAtEndOfLine));
        assert_eq!(blocks[0].tail(&lines), Some("}"));
        assert_eq!(blocks[0].last_line(), 2);
        assert_eq!(blocks[1].content_start, 6);
    }

    #[test]
    fn a_shorter_fence_closes_a_block_nothing_else_closes() {
        let text = "``````python\nx = 1\n```\nprose\n";
        assert_eq!(spans(text), vec![(1, 2, true)]);
        assert_eq!(repairs(text), vec![Some(Repair::ClosedByShorterFence)]);
    }

    fn spans(text: &str) -> Vec<(usize, usize, bool)> {
        let lines: Vec<&str> = text.lines().collect();
        scan_blocks(&lines)
            .into_iter()
            .map(|b| (b.content_start, b.content_end, b.closed))
            .collect()
    }

    #[test]
    fn backtick_and_tilde_fences() {
        assert_eq!(
            spans("a\n```py\nx\n```\n~~~\ny\n~~~\n"),
            vec![(2, 3, true), (5, 6, true)]
        );
    }

    #[test]
    fn longer_fence_holds_shorter_ones() {
        let text = "````md\n```py\nx\n```\n````\n";
        assert_eq!(spans(text), vec![(1, 4, true)]);
    }

    #[test]
    fn markdown_block_nests_same_length_fences_with_a_language() {
        let text = "```markdown\n# README\n```bash\nnpm i\n```\ndone\n```\nafter\n";
        assert_eq!(spans(text), vec![(1, 6, true)]);
    }

    #[test]
    fn non_markdown_block_closes_at_first_bare_fence() {
        let text = "```\n```bash\nx\n```\nprose\n";
        assert_eq!(spans(text), vec![(1, 3, true)]);
    }

    #[test]
    fn unterminated_block_runs_to_the_end() {
        assert_eq!(spans("```ts\nconst a = 1;\n"), vec![(1, 2, false)]);
    }

    #[test]
    fn closing_fence_needs_same_character_and_no_info() {
        assert_eq!(spans("~~~\n```\n~~~ x\n~~~~\n"), vec![(1, 3, true)]);
    }

    #[test]
    fn language_is_first_word_lower_cased() {
        let fence = parse_fence_line("  ```TypeScript title=x").expect("fence");
        assert_eq!(fence.language().as_deref(), Some("typescript"));
        assert_eq!(fence.indent, 2);
        let fence = parse_fence_line("```python```").expect("fence");
        assert_eq!(fence.language().as_deref(), Some("python"));
        assert_eq!(parse_fence_line("``not").map(|f| f.len), None);
    }
}
