//! The request's markdown as a list of [`Segment`]s: headings, list items (with their nesting)
//! and paragraphs, each with the file and line it starts at and the headings it sits under.
//!
//! Fenced code blocks are skipped (examples are not requirements). A line that is only bold
//! text or ends with a colon and is followed by a list (`**Constraints:**`) acts as a heading.
//! Continuation lines of a list item or paragraph are joined to it.

use serde::Serialize;

use crate::text::plain;

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// `#` headings (level 1–6) and heading-like lines (level 7).
    Heading {
        level: usize,
    },
    /// A bullet or numbered item; depth 0 is the outermost.
    ListItem {
        depth: usize,
    },
    Paragraph,
}

/// One block of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    /// The text with markup removed (`**`, backticks), on one line.
    pub text: String,
    /// The first line as written.
    pub raw: String,
    pub file: String,
    /// 1-based line where the segment starts.
    pub line: usize,
    /// The headings above the segment, outermost first (plain text).
    pub headings: Vec<String>,
    /// For a nested list item, the text of the item it sits under.
    pub parent: Option<String>,
    /// Whether the raw text carries bold emphasis.
    pub emphasised: bool,
}

fn list_marker(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    for bullet in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some((indent, rest));
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 4 {
        let rest = &t[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((indent, rest));
        }
    }
    // Lettered items: "a) ...", "(a) ..."
    let mut chars = t.chars();
    if let (Some(c), Some(')'), Some(' ')) = (chars.next(), chars.next(), chars.next()) {
        if c.is_ascii_lowercase() {
            return Some((indent, &t[3..]));
        }
    }
    None
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &t[hashes..];
        if rest.is_empty() || rest.starts_with(' ') {
            return Some((hashes, rest.trim().trim_end_matches('#').trim()));
        }
    }
    None
}

/// A line that works as a heading: only bold text (`**Constraints**`), or short text ending
/// with a colon (`Constraints:`), when a list follows.
fn pseudo_heading(line: &str, next: Option<&str>) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 80 || list_marker(line).is_some() {
        return false;
    }
    let next_is_list = next.is_some_and(|n| list_marker(n).is_some() || n.trim().is_empty());
    let bold_only = t.starts_with("**")
        && (t.ends_with("**") || t.ends_with("**:") || t.ends_with(":**"))
        && t.matches("**").count() == 2;
    let colon = t.ends_with(':') && t.split_whitespace().count() <= 8;
    (bold_only || colon) && next_is_list
}

/// Splits one request document into segments.
pub fn segments(file: &str, text: &str) -> Vec<Segment> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Segment> = Vec::new();
    let mut headings: Vec<(usize, String)> = Vec::new();
    // Open list items: (indent, index in out).
    let mut open_items: Vec<(usize, usize)> = Vec::new();
    let mut in_fence: Option<&str> = None;
    let mut paragraph_open = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let number = i + 1;
        i += 1;
        let trimmed = line.trim();
        if let Some(fence) = in_fence {
            if trimmed.starts_with(fence) {
                in_fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = Some(if trimmed.starts_with("```") {
                "```"
            } else {
                "~~~"
            });
            paragraph_open = false;
            continue;
        }
        if trimmed.is_empty() {
            paragraph_open = false;
            continue;
        }
        if trimmed.chars().all(|c| matches!(c, '-' | '=' | '*' | '_')) && trimmed.len() >= 3 {
            paragraph_open = false;
            continue;
        }
        let next = lines.get(i).copied();
        let heading_found = heading(line).map(|(l, t)| (l, t.to_string())).or_else(|| {
            pseudo_heading(line, next).then(|| (7, trimmed.trim_end_matches(':').to_string()))
        });
        if let Some((level, title)) = heading_found {
            let title = plain(&title).trim_end_matches(':').trim().to_string();
            headings.retain(|(l, _)| *l < level);
            out.push(Segment {
                kind: SegmentKind::Heading { level },
                text: title.clone(),
                raw: trimmed.to_string(),
                file: file.to_string(),
                line: number,
                headings: headings.iter().map(|(_, t)| t.clone()).collect(),
                parent: None,
                emphasised: trimmed.contains("**"),
            });
            headings.push((level, title));
            open_items.clear();
            paragraph_open = false;
            continue;
        }
        if let Some((indent, rest)) = list_marker(line) {
            open_items.retain(|(open_indent, _)| *open_indent < indent);
            let parent = open_items.last().map(|(_, idx)| out[*idx].text.clone());
            out.push(Segment {
                kind: SegmentKind::ListItem {
                    depth: open_items.len(),
                },
                text: plain(rest),
                raw: trimmed.to_string(),
                file: file.to_string(),
                line: number,
                headings: headings.iter().map(|(_, t)| t.clone()).collect(),
                parent,
                emphasised: rest.contains("**"),
            });
            open_items.push((indent, out.len() - 1));
            paragraph_open = false;
            continue;
        }
        // A continuation of the open list item (indented) or paragraph.
        let indent = line.len() - line.trim_start().len();
        if let Some((open_indent, idx)) = open_items.last().copied() {
            if indent > open_indent {
                let seg = &mut out[idx];
                seg.text = format!("{} {}", seg.text, plain(trimmed));
                continue;
            }
        }
        open_items.clear();
        if paragraph_open {
            if let Some(seg) = out.last_mut() {
                seg.text = format!("{} {}", seg.text, plain(trimmed));
                continue;
            }
        }
        out.push(Segment {
            kind: SegmentKind::Paragraph,
            text: plain(trimmed),
            raw: trimmed.to_string(),
            file: file.to_string(),
            line: number,
            headings: headings.iter().map(|(_, t)| t.clone()).collect(),
            parent: None,
            emphasised: trimmed.contains("**"),
        });
        paragraph_open = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_paragraphs() {
        let text = "# Title\n\nIntro line one\ncontinues here.\n\n## Constraints\n- first\n  - nested\n    more of nested\n2. numbered\n\n```\n- not an item\n```\n**Rules:**\n- bold heading item\n";
        let segs = segments("lib/PROMPT.md", text);
        let kinds: Vec<_> = segs.iter().map(|s| (s.kind, s.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (SegmentKind::Heading { level: 1 }, "Title"),
                (SegmentKind::Paragraph, "Intro line one continues here."),
                (SegmentKind::Heading { level: 2 }, "Constraints"),
                (SegmentKind::ListItem { depth: 0 }, "first"),
                (SegmentKind::ListItem { depth: 1 }, "nested more of nested"),
                (SegmentKind::ListItem { depth: 0 }, "numbered"),
                (SegmentKind::Heading { level: 7 }, "Rules"),
                (SegmentKind::ListItem { depth: 0 }, "bold heading item"),
            ]
        );
        assert_eq!(segs[4].parent.as_deref(), Some("first"));
        assert_eq!(segs[4].headings, vec!["Title", "Constraints"]);
        assert_eq!(segs[7].line, 16);
    }
}
