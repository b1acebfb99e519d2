//! Rendering: aggregates and task reports to HTML pages. Renderers read what they are given and
//! never reach back into the analysis; every page is self-contained (inline CSS, inline SVG,
//! inline script where tables sort) and loads nothing from the network.

pub mod charts;
pub mod error_list;
pub mod file_page;
pub mod finding_list;
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

/// A fragment of the task or finding list that sets its filters: `key=value&...`, each value
/// percent-encoded as the page's script decodes it.
pub(crate) fn filter_fragment(filters: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in filters.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// The link to `list` (tasks.html or findings.html, at the root) filtered by `filters`.
pub(crate) fn filtered_link(list: &str, filters: &[(&str, &str)]) -> String {
    if filters.is_empty() {
        list.to_string()
    } else {
        format!("{list}#{}", filter_fragment(filters))
    }
}

/// A numeric table cell whose number links to the rows behind it (zeros stay plain).
pub(crate) fn count_link_cell(value: usize, href: &str) -> String {
    if value == 0 {
        count_cell(0)
    } else {
        format!(
            "<td class=\"num\" data-v=\"{value}\"><a href=\"{}\">{value}</a></td>",
            html::esc(href)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_links_encode_their_values() {
        assert_eq!(
            filtered_link(
                "findings.html",
                &[("rule", "API001"), ("api", "a b&c=d/<e>")]
            ),
            "findings.html#rule=API001&api=a%20b%26c%3Dd%2F%3Ce%3E"
        );
        assert_eq!(filtered_link("tasks.html", &[]), "tasks.html");
        assert_eq!(
            count_link_cell(3, "tasks.html#a=1&b=2"),
            "<td class=\"num\" data-v=\"3\"><a href=\"tasks.html#a=1&amp;b=2\">3</a></td>"
        );
    }
}
