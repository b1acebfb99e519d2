//! The model's snippet and the ideal snippet next to each other, lines aligned, with the lines
//! that differ highlighted: removed or changed lines of the model on the left, added or changed
//! lines of the ideal answer on the right. Lines come from a line diff (`similar`); a changed
//! line is a removed line paired with the added line at the same position of its change.

use std::fmt::Write;

use similar::{DiffTag, TextDiff};

use super::html::esc;

/// At most this many rows per snippet view: findings quote a few lines, but a report may carry
/// a whole file.
const MAX_ROWS: usize = 160;

/// One aligned row: the model's line and the ideal line, either absent on a filler row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow<'a> {
    pub model: Option<&'a str>,
    pub ideal: Option<&'a str>,
    /// False for lines both sides share.
    pub changed: bool,
}

/// The rows of the side-by-side view of two snippets.
pub fn aligned_rows<'a>(model: &'a str, ideal: &'a str) -> Vec<DiffRow<'a>> {
    let diff = TextDiff::from_lines(model, ideal);
    let old: Vec<&str> = model.lines().collect();
    let new: Vec<&str> = ideal.lines().collect();
    let mut rows = Vec::new();
    let mut removed: Vec<&str> = Vec::new();
    let mut added: Vec<&str> = Vec::new();
    let flush =
        |rows: &mut Vec<DiffRow<'a>>, removed: &mut Vec<&'a str>, added: &mut Vec<&'a str>| {
            let n = removed.len().max(added.len());
            for i in 0..n {
                rows.push(DiffRow {
                    model: removed.get(i).copied(),
                    ideal: added.get(i).copied(),
                    changed: true,
                });
            }
            removed.clear();
            added.clear();
        };
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                flush(&mut rows, &mut removed, &mut added);
                for (o, n) in old_range.zip(new_range) {
                    rows.push(DiffRow {
                        model: old.get(o).copied(),
                        ideal: new.get(n).copied(),
                        changed: false,
                    });
                }
            }
            DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                removed.extend(old_range.filter_map(|o| old.get(o).copied()));
                added.extend(new_range.filter_map(|n| new.get(n).copied()));
            }
        }
    }
    flush(&mut rows, &mut removed, &mut added);
    rows
}

/// The HTML of a finding's snippets: a two-column diff when both exist, one code block when
/// only one does, nothing when neither does.
pub fn snippet_view(model: Option<&str>, ideal: Option<&str>) -> String {
    let model = model.filter(|s| !s.trim().is_empty());
    let ideal = ideal.filter(|s| !s.trim().is_empty());
    match (model, ideal) {
        (Some(model), Some(ideal)) => two_columns(model, ideal),
        (Some(model), None) => one_column("Model answer", model),
        (None, Some(ideal)) => one_column("Ideal answer", ideal),
        (None, None) => String::new(),
    }
}

fn two_columns(model: &str, ideal: &str) -> String {
    let rows = aligned_rows(model, ideal);
    let mut out = String::from(
        "<table class=\"diff mono\"><thead><tr><th>Model answer</th><th>Ideal answer</th></tr></thead><tbody>",
    );
    for row in rows.iter().take(MAX_ROWS) {
        out.push_str("<tr>");
        for (line, changed_class) in [(row.model, "del"), (row.ideal, "ins")] {
            match line {
                Some(text) if row.changed => {
                    let _ = write!(out, "<td class=\"{changed_class}\">{}</td>", esc(text));
                }
                Some(text) => {
                    let _ = write!(out, "<td>{}</td>", esc(text));
                }
                None => out.push_str("<td class=\"gap\"></td>"),
            }
        }
        out.push_str("</tr>");
    }
    if rows.len() > MAX_ROWS {
        let _ = write!(
            out,
            "<tr class=\"more\"><td colspan=\"2\">\u{2026} {} more line(s) not shown</td></tr>",
            rows.len() - MAX_ROWS
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn one_column(label: &str, code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut shown = lines
        .iter()
        .take(MAX_ROWS)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > MAX_ROWS {
        let _ = write!(
            shown,
            "\n\u{2026} {} more line(s) not shown",
            lines.len() - MAX_ROWS
        );
    }
    format!(
        "<div class=\"meta\">{}</div><pre class=\"code\">{}</pre>",
        esc(label),
        esc(&shown)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_pair_up_and_shared_lines_align() {
        let rows = aligned_rows("a\nb\nc\n", "a\nB\nc\nd\n");
        assert_eq!(
            rows,
            vec![
                DiffRow {
                    model: Some("a"),
                    ideal: Some("a"),
                    changed: false
                },
                DiffRow {
                    model: Some("b"),
                    ideal: Some("B"),
                    changed: true
                },
                DiffRow {
                    model: Some("c"),
                    ideal: Some("c"),
                    changed: false
                },
                DiffRow {
                    model: None,
                    ideal: Some("d"),
                    changed: true
                },
            ]
        );
    }

    #[test]
    fn snippets_without_a_final_newline_still_align() {
        let rows = aligned_rows("x = 1", "x = 2");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].changed);
    }

    #[test]
    fn code_is_escaped() {
        let html = snippet_view(Some("<b>&"), Some("<i>"));
        assert!(html.contains("&lt;b&gt;&amp;"));
        assert!(!html.contains("<b>"));
    }
}
