//! Choosing the file path of each fenced block from the candidates around it.
//!
//! Candidates, strongest first (the first that fits the block's language wins):
//! 1. a path in the fence's info string ("```ts title=lib/x.ts");
//! 2. a label line that is nothing but a path, just before the block ("**lib/x.ts**");
//! 3. the heading directly above the block, with no other block in between ("## File: lib/x.py");
//! 4. a path mentioned on a line just before the block ("Create `lib/x.ts`:");
//! 5. the block's first comment ("# lib/x.py");
//! 6. the heading of a section whose previous block already took that heading's path, when this
//!    block's language is known and matches the path (a file shown in several parts);
//! 7. a path in an enclosing heading ("### Stack (lib/stack.ts)" above "#### 1. Table"), when the
//!    block's language is known and matches the path.
//!
//! A candidate that names one of the task's own documents ("# IDEAL_RESPONSE.md") only counts for
//! a markdown block. When the winner is a bare file name and another candidate is a longer path
//! ending in it ("tap_stack.py" vs "lib/tap_stack.py"), the longer one is taken.

use crate::family::{fits, matches};
use crate::fence::{is_markdown_language, parse_fence_line, FencedBlock};
use crate::label::{
    label_line_path, path_in_first_comment, path_in_info, paths_in_heading, paths_in_label_line,
};
use crate::lines::strip_indent;
use crate::path::is_task_document;

/// How many non-blank lines before a block are read as its label.
const LABEL_LINES: usize = 2;

/// An ATX heading outside every block, with the paths it names.
#[derive(Debug, Clone)]
struct Heading {
    line: usize,
    /// 1 for "#", 6 for "######".
    level: usize,
    paths: Vec<String>,
}

/// The path chosen for each block (same order as `blocks`), `None` when nothing names its file.
pub(crate) fn locate_paths(lines: &[&str], blocks: &[FencedBlock]) -> Vec<Option<String>> {
    let headings = headings_outside_blocks(lines, blocks);
    let mut heading_index = 0;
    // The headings enclosing the current position, outermost first (indices into `headings`).
    let mut enclosing: Vec<usize> = Vec::new();
    let mut chosen: Vec<Option<String>> = Vec::with_capacity(blocks.len());
    // The heading (by line) whose path the previous block took, for multi-part files.
    let mut continued: Option<(usize, String)> = None;
    let mut previous_end = 0;
    for block in blocks {
        while heading_index < headings.len() && headings[heading_index].line < block.open {
            let level = headings[heading_index].level;
            while enclosing
                .last()
                .is_some_and(|&i| headings[i].level >= level)
            {
                enclosing.pop();
            }
            enclosing.push(heading_index);
            heading_index += 1;
        }
        let section = heading_index.checked_sub(1).map(|i| &headings[i]);
        let direct = section.filter(|h| h.line >= previous_end);
        let language = block.fence.language();
        let language = language.as_deref();
        let content: Vec<&str> = lines[block.content_start..block.content_end]
            .iter()
            .take(8)
            .map(|l| strip_indent(l, block.fence.indent))
            .collect();

        let mut candidates: Vec<String> = Vec::new();
        candidates.extend(path_in_info(&block.fence.info));
        let label_lines = label_lines_before(lines, block.open, previous_end);
        candidates.extend(label_lines.iter().filter_map(|l| label_line_path(l)));
        if let Some(heading) = direct {
            candidates.extend(heading.paths.iter().cloned());
        }
        for line in &label_lines {
            candidates.extend(paths_in_label_line(line));
        }
        candidates.extend(path_in_first_comment(&content));
        if let (Some(heading), Some((line, path))) = (section, &continued) {
            if heading.line == *line && direct.is_none() && matches(language, path) {
                candidates.push(path.clone());
            }
        }
        // "### Stack (lib/stack.ts)" over "#### 1. Table": the parts of one file.
        for &outer in enclosing.iter().rev().skip(1) {
            candidates.extend(
                headings[outer]
                    .paths
                    .iter()
                    .filter(|p| matches(language, p))
                    .cloned(),
            );
        }

        let acceptable: Vec<&String> = candidates
            .iter()
            .filter(|p| fits(language, p))
            .filter(|p| !is_task_document(p) || is_markdown_language(language))
            .collect();
        let path = acceptable.first().map(|first| {
            let longer = acceptable
                .iter()
                .filter(|p| !first.contains('/') && p.ends_with(&format!("/{first}")))
                .max_by_key(|p| p.len());
            longer.map_or_else(|| (*first).clone(), |p| (*p).clone())
        });

        continued = match (&path, section) {
            (Some(p), Some(h)) if h.paths.contains(p) => Some((h.line, p.clone())),
            (_, Some(h)) if continued.as_ref().is_some_and(|(l, _)| *l == h.line) => continued,
            _ => None,
        };
        chosen.push(path);
        previous_end = block.last_line() + 1;
    }
    chosen
}

/// The non-blank lines just before a block (nearest first), up to [`LABEL_LINES`], not reaching
/// back past the previous block, a heading (headings have their own rule) or a thematic break.
fn label_lines_before<'a>(lines: &[&'a str], open: usize, previous_end: usize) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut index = open;
    while index > previous_end && found.len() < LABEL_LINES {
        index -= 1;
        let line = lines[index].trim();
        if line.is_empty() {
            continue;
        }
        if heading_text(lines[index]).is_some()
            || is_thematic_break(line)
            || parse_fence_line(line).is_some()
        {
            break;
        }
        found.push(lines[index]);
    }
    found
}

/// Headings outside blocks, in document order.
fn headings_outside_blocks(lines: &[&str], blocks: &[FencedBlock]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut block_iter = blocks.iter().peekable();
    for (index, line) in lines.iter().enumerate() {
        while block_iter.peek().is_some_and(|b| b.last_line() < index) {
            block_iter.next();
        }
        if block_iter
            .peek()
            .is_some_and(|b| b.open <= index && index <= b.last_line())
        {
            continue;
        }
        if let Some(text) = heading_text(line) {
            headings.push(Heading {
                line: index,
                level: heading_level(line),
                paths: paths_in_heading(text),
            });
        }
    }
    headings
}

/// The text of an ATX heading ("## x" → "x"), indented at most three spaces.
pub(crate) fn heading_text(line: &str) -> Option<&str> {
    let indent = line.chars().take_while(|c| *c == ' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let after = &rest[hashes..];
    if after.is_empty() {
        return Some("");
    }
    if after.starts_with([' ', '\t']) {
        Some(after.trim())
    } else {
        None
    }
}

/// The number of "#" of an ATX heading line.
fn heading_level(line: &str) -> usize {
    line.trim_start().chars().take_while(|c| *c == '#').count()
}

/// "---", "***", "___" (a markdown thematic break), which separates a label from what follows.
fn is_thematic_break(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '-')
            || compact.chars().all(|c| c == '*')
            || compact.chars().all(|c| c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_atx_only() {
        assert_eq!(heading_text("## File: x.py"), Some("File: x.py"));
        assert_eq!(heading_text("#hashtag"), None);
        assert_eq!(heading_text("    # indented code"), None);
        assert_eq!(heading_text("#"), Some(""));
    }
}
