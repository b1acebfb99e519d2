//! Rendering: aggregates and task reports to HTML pages. Renderers read what they are given and
//! never reach back into the analysis; every page is self-contained (inline CSS, inline SVG,
//! inline script where tables sort) and loads nothing from the network.

pub mod charts;
pub mod html;
pub mod index_page;
pub mod snippet_diff;
pub mod task_list;
pub mod task_page;

/// A numeric table cell that sorts by its value and greys out zeros.
pub(crate) fn count_cell(value: usize) -> String {
    if value == 0 {
        "<td class=\"num zero\" data-v=\"0\">0</td>".to_string()
    } else {
        format!("<td class=\"num\" data-v=\"{value}\">{value}</td>")
    }
}

/// A numeric table cell for an optional score; empty ones sort as text, after the numbers.
pub(crate) fn score_cell(value: Option<f64>) -> String {
    match value {
        Some(v) => format!("<td class=\"num\" data-v=\"{v}\">{}</td>", html::number(v)),
        None => "<td class=\"num zero\" data-v=\"\">\u{2013}</td>".to_string(),
    }
}
