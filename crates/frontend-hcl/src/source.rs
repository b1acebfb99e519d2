//! Reading one file's text into HCL bodies, with recovery.
//!
//! The whole text is parsed first. When that fails, the text is cut into top-level pieces — a
//! piece starts at each line that opens a top-level block at column 0 (`resource`, `data`,
//! `module`, `variable`, `output`, `locals`, `provider`, `terraform`) — and every piece is parsed
//! on its own, so one broken block costs that block at most. A broken piece is then retried with
//! the line the parser stopped at blanked out (a merge-conflict marker, a half-written argument,
//! a line of prose), or with a `}` added at its end when the text ran out inside it (a truncated
//! answer), a few times; what then parses is kept, and the lines skipped are reported next to
//! the syntax error.

use std::borrow::Cow;

use hcl_edit::structure::Body;

/// Keywords that open a top-level Terraform block; a line starting with one starts a piece.
const TOP_LEVEL_BLOCKS: &[&str] = &[
    "resource",
    "data",
    "module",
    "variable",
    "output",
    "locals",
    "provider",
    "terraform",
];

/// A parsed piece of a file: its body, the text it was parsed from (spans point into it) and the
/// line of the file where that text starts.
pub(crate) struct Chunk<'a> {
    pub body: Body,
    /// The file's text, or a repaired copy of a piece of it (same lines).
    pub text: Cow<'a, str>,
    pub first_line: usize,
    line_starts: Vec<usize>,
}

impl Chunk<'_> {
    /// The 1-based file line of a byte offset into the chunk's text.
    pub fn line_of(&self, offset: usize) -> usize {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        self.first_line + index.saturating_sub(1)
    }

    /// The source text of a span, trimmed; empty when the span is unknown.
    pub fn source(&self, span: Option<std::ops::Range<usize>>) -> &str {
        span.and_then(|r| self.text.get(r))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// The parsed pieces of a text and the parse errors met, as (file line, message).
pub(crate) struct ParsedFile<'a> {
    pub chunks: Vec<Chunk<'a>>,
    pub errors: Vec<(usize, String)>,
}

fn chunk(body: Body, text: Cow<'_, str>, first_line: usize) -> Chunk<'_> {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    Chunk {
        body,
        text,
        first_line,
        line_starts,
    }
}

/// Parses `text`, recovering per top-level block when the whole does not parse.
pub(crate) fn parse_text(text: &str) -> ParsedFile<'_> {
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => ParsedFile {
            chunks: vec![chunk(body, Cow::Borrowed(text), 1)],
            errors: Vec::new(),
        },
        Err(whole) => {
            let mut parsed = ParsedFile {
                chunks: Vec::new(),
                errors: Vec::new(),
            };
            let starts = piece_starts(text);
            for (index, &(start, first_line)) in starts.iter().enumerate() {
                let end = starts.get(index + 1).map_or(text.len(), |next| next.0);
                let piece = &text[start..end];
                match hcl_edit::parser::parse_body(piece) {
                    Ok(body) => parsed
                        .chunks
                        .push(chunk(body, Cow::Borrowed(piece), first_line)),
                    Err(err) => {
                        parsed.errors.push((
                            first_line + err.location().line().saturating_sub(1),
                            format!("HCL syntax error: {}", err.message()),
                        ));
                        if let Some((body, repaired, note)) = repair(piece, &err, first_line) {
                            parsed
                                .chunks
                                .push(chunk(body, Cow::Owned(repaired), first_line));
                            parsed.errors.push((first_line, note));
                        }
                    }
                }
            }
            if parsed.errors.is_empty() {
                parsed.errors.push((
                    whole.location().line(),
                    format!("HCL syntax error: {}", whole.message()),
                ));
            }
            parsed
        }
    }
}

/// How many repairs one piece may get before it is given up.
const MAX_REPAIRS: usize = 6;

/// Retries a piece that does not parse: the line the parser stopped at is blanked out, or, when
/// it stopped past the last line, a `}` is added. Returns the body, the repaired text and a note
/// saying what was done, when the piece then parses.
fn repair(
    piece: &str,
    first_error: &hcl_edit::parser::Error,
    first_line: usize,
) -> Option<(Body, String, String)> {
    let mut text = piece.to_string();
    let mut skipped: Vec<usize> = Vec::new();
    let mut closed = 0;
    let mut error_line = first_error.location().line();
    // Text cut off inside a block leaves braces open: close them first.
    let open = text
        .matches('{')
        .count()
        .saturating_sub(text.matches('}').count());
    if open > 0 && open <= MAX_REPAIRS {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&"}\n".repeat(open));
        closed = open;
        match hcl_edit::parser::parse_body(&text) {
            Ok(body) => {
                let note =
                    format!("the block was read with {closed} missing `}}` assumed at its end");
                return Some((body, text, note));
            }
            Err(err) => error_line = err.location().line(),
        }
    }
    for _ in 0..MAX_REPAIRS {
        let line_count = text.lines().count();
        let past_end = error_line > line_count
            || text
                .lines()
                .skip(error_line.saturating_sub(1))
                .all(|l| l.trim().is_empty());
        if past_end {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("}\n");
            closed += 1;
        } else if error_line <= 1 || !blank_line(&mut text, error_line) {
            return None;
        } else {
            skipped.push(first_line + error_line - 1);
        }
        match hcl_edit::parser::parse_body(&text) {
            Ok(body) => {
                let mut what = Vec::new();
                if !skipped.is_empty() {
                    let lines: Vec<String> = skipped.iter().map(usize::to_string).collect();
                    what.push(format!("line {} skipped", lines.join(", ")));
                }
                if closed > 0 {
                    what.push(format!("{closed} missing `}}` assumed at its end"));
                }
                let note = format!("the block was read with {}", what.join(" and "));
                return Some((body, text, note));
            }
            Err(err) => error_line = err.location().line(),
        }
    }
    None
}

/// Replaces the characters of 1-based line `line` with spaces; false when there is no such line.
fn blank_line(text: &mut String, line: usize) -> bool {
    let Some(start) = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .try_fold(0usize, |a, l| a.checked_add(l))
    else {
        return false;
    };
    let Some(rest) = text.get(start..) else {
        return false;
    };
    let len = rest.find('\n').unwrap_or(rest.len());
    if len == 0 {
        return false;
    }
    let blank = " ".repeat(len);
    text.replace_range(start..start + len, &blank);
    true
}

/// Where pieces start, as (byte offset, 1-based line): the start of the text, then every line
/// opening a top-level block.
fn piece_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![(0, 1)];
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if offset > 0 && opens_top_level_block(line) {
            starts.push((offset, index + 1));
        }
        offset += line.len();
    }
    starts
}

/// Whether a line opens a top-level block the way Terraform writes one: the keyword at column 0,
/// the labels it takes in quotes (two for `resource`/`data`, one for `module`, `variable`,
/// `output`, `provider`, none for `locals`/`terraform`), then `{`. Prose and shell lines that
/// merely start with a keyword (`terraform init`) do not.
fn opens_top_level_block(line: &str) -> bool {
    let Some(keyword) = TOP_LEVEL_BLOCKS.iter().find(|k| {
        line.strip_prefix(**k)
            .is_some_and(|rest| rest.starts_with([' ', '\t', '{', '"']))
    }) else {
        return false;
    };
    let labels = match *keyword {
        "resource" | "data" => 2,
        "locals" | "terraform" => 0,
        _ => 1,
    };
    let mut rest = line[keyword.len()..].trim_start();
    for _ in 0..labels {
        let Some(quoted) = rest.strip_prefix('"') else {
            return false;
        };
        let Some(end) = quoted.find('"') else {
            return false;
        };
        rest = quoted[end + 1..].trim_start();
    }
    rest.starts_with('{')
}

/// The text with every line that is only `...` (an answer leaving content out) turned into a
/// comment of the same length, so the blocks around it parse; `None` when there is none.
pub(crate) fn without_elisions(text: &str) -> Option<String> {
    let is_elision = |line: &str| {
        let t = line.trim();
        t.len() >= 3 && t.chars().all(|c| c == '.' || c == '…') || t == "…"
    };
    if !text.lines().any(is_elision) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if is_elision(line) {
            let body = line.trim_end_matches(['\n', '\r']);
            let ending = &line[body.len()..];
            let indent = body.len() - body.trim_start().len();
            out.push_str(&body[..indent]);
            out.push('#');
            out.push_str(&body[indent..].chars().skip(1).collect::<String>());
            out.push_str(ending);
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

/// Whether text declares Terraform blocks at all (a line opening a top-level block).
pub(crate) fn has_top_level_block(text: &str) -> bool {
    text.lines().any(opens_top_level_block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_block_costs_only_its_bad_line() {
        let text = "resource \"a\" \"x\" {\n  v = 1\n}\n\nresource \"a\" \"y\" {\n  v = \n  w = 2\n}\nvariable \"z\" {}\n";
        let parsed = parse_text(text);
        assert_eq!(parsed.chunks.len(), 3);
        assert_eq!(parsed.chunks[2].first_line, 9);
        assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].0, 6);
        assert_eq!(parsed.errors[1].1, "the block was read with line 6 skipped");
        let repaired = &parsed.chunks[1];
        assert_eq!(repaired.body.get_attribute("w").map(|_| ()), None);
        let block = repaired.body.blocks().next().expect("block");
        assert!(block.body.get_attribute("w").is_some());
        assert_eq!(repaired.line_of(repaired.text.find("w =").expect("w")), 7);
    }

    #[test]
    fn truncated_blocks_are_closed() {
        let parsed = parse_text("resource \"a\" \"x\" {\n  tags = {\n    a = 1\n");
        assert_eq!(parsed.chunks.len(), 1);
        assert!(
            parsed.errors[1].1.contains("2 missing `}` assumed"),
            "{:?}",
            parsed.errors
        );
    }

    #[test]
    fn merge_conflict_markers_are_skipped() {
        let text =
            "resource \"a\" \"x\" {\n<<<<<<< HEAD\n  v = 1\n=======\n  v = 2\n>>>>>>> main\n}\n";
        let parsed = parse_text(text);
        assert_eq!(parsed.chunks.len(), 1, "{:?}", parsed.errors);
    }

    #[test]
    fn elision_lines_become_comments() {
        let text = "resource \"a\" \"b\" {\n  x = 1\n  ...\n}\n";
        let cleaned = without_elisions(text).expect("cleaned");
        assert_eq!(cleaned.lines().count(), text.lines().count());
        assert!(parse_text(&cleaned).errors.is_empty());
        assert!(without_elisions("a = 1\n").is_none());
    }

    #[test]
    fn block_openings() {
        assert!(opens_top_level_block("resource \"aws_s3_bucket\" \"b\" {"));
        assert!(opens_top_level_block("variable \"x\" {}"));
        assert!(opens_top_level_block("locals {"));
        assert!(!opens_top_level_block("terraform init"));
        assert!(!opens_top_level_block(
            "resource \"aws_s3_bucket\" is the bucket"
        ));
        assert!(!opens_top_level_block("  resource \"a\" \"b\" {"));
    }

    #[test]
    fn lines_of_offsets() {
        let parsed = parse_text("a = 1\n\nb = 2\n");
        let c = &parsed.chunks[0];
        assert_eq!(c.line_of(0), 1);
        assert_eq!(c.line_of(7), 3);
    }
}
