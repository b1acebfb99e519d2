//! HTML building blocks: escaping, the page shell every page shares (inline CSS, optional
//! inline script), number formatting and badges. Everything taken from a report goes through
//! [`esc`]: reports carry model-written code, and none of it may become markup.

use std::fmt::{self, Write};

/// The dashboard's style sheet, inlined into every page so pages open from disk with no other
/// file and no network.
const STYLE: &str = include_str!("../../assets/dashboard.css");

/// Sorting and filtering of tables (our own code), inlined into the pages that have tables.
const TABLE_SCRIPT: &str = include_str!("../../assets/tables.js");

/// The filters of the task and finding lists (our own code), inlined into those two pages.
const FILTER_SCRIPT: &str = include_str!("../../assets/filters.js");

/// Text escaped for HTML element content and double- or single-quoted attribute values.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            let entity = match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            };
            f.write_str(entity)?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// Escapes text for HTML content or a quoted attribute value.
pub fn esc(text: &str) -> Esc<'_> {
    Esc(text)
}

/// Escaped text in which each `quoted` span (the rules quote names between backticks) becomes
/// `<code>`; an unclosed backtick stays as written.
pub fn with_code(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    // With an odd number of backticks the last one opens nothing.
    let closed = if pieces.len().is_multiple_of(2) {
        pieces.len() - 1
    } else {
        pieces.len()
    };
    let mut out = String::with_capacity(text.len() + 16);
    for (i, piece) in pieces.iter().enumerate() {
        if i >= closed {
            out.push('`');
            out.push_str(&esc(piece).to_string());
        } else if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", esc(piece)));
        } else {
            out.push_str(&esc(piece).to_string());
        }
    }
    out
}

/// Escaped text of a long qualified name with a line-break opportunity (`<wbr>`) after each
/// `.`, `/` and `::`, so `aws-cdk-lib.aws_route53.CfnHealthCheck.port` wraps between its parts.
pub fn breakable(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 16);
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        out.push_str(&esc(c.encode_utf8(&mut [0; 4])).to_string());
        let ends_part = matches!(c, '.' | '/') || (c == ':' && chars.peek() != Some(&':'));
        if ends_part && chars.peek().is_some() {
            out.push_str("<wbr>");
        }
    }
    out
}

/// A link target: only an absolute http(s) URL with no spaces or quotes is one; anything else
/// (`javascript:`, prose) is not.
pub fn docs_href(docs: &str) -> Option<&str> {
    let docs = docs.trim();
    let is_web = docs.starts_with("https://") || docs.starts_with("http://");
    (is_web && !docs.contains(char::is_whitespace) && !docs.contains(['<', '>', '"', '\'']))
        .then_some(docs)
}

/// Escaped text in which every http(s) URL becomes a link (a rule's docs may list several,
/// separated by spaces or `·`). Punctuation that ends a sentence is kept out of the link.
pub fn linkify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let url_end = word.trim_end_matches(['.', ',', ';', ')']).len();
        match docs_href(&word[..url_end]) {
            Some(href) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>{}",
                    esc(href),
                    esc(href),
                    esc(&word[url_end..])
                );
            }
            None => {
                let _ = write!(out, "{}", esc(word));
            }
        }
    }
    out
}

/// Which script a page carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    None,
    /// Sortable and filterable tables.
    Tables,
    /// Sortable tables and the list filters, over the data of filter-data.js (a page at the
    /// dashboard's root).
    Filters,
}

/// A navigation entry of the header: its label and its link, relative to the page.
pub struct NavLink<'a> {
    pub label: &'a str,
    pub href: &'a str,
}

/// A whole page: doctype, inline style, header with navigation, `body` as given.
pub fn page(title: &str, nav: &[NavLink<'_>], body: &str, script: Script) -> String {
    let mut out = String::with_capacity(STYLE.len() + body.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // An empty icon, so the browser asks the disk for no favicon.
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    out.push_str(&format!("<title>{}</title>\n<style>\n", esc(title)));
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">");
    out.push_str("<span class=\"brand\">iacgrade</span><nav>");
    for link in nav {
        out.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            esc(link.href),
            esc(link.label)
        ));
    }
    out.push_str("</nav></div></header>\n<main class=\"wrap\">\n");
    push_with_line_breaks(&mut out, body);
    out.push_str("</main>\n");
    if script == Script::Filters {
        let _ = writeln!(
            out,
            "<script src=\"{}\"></script>",
            crate::finding_rows::FILTER_DATA_FILE
        );
    }
    if matches!(script, Script::Tables | Script::Filters) {
        out.push_str("<script>\n");
        out.push_str(TABLE_SCRIPT);
        out.push_str("</script>\n");
    }
    if script == Script::Filters {
        out.push_str("<script>\n");
        out.push_str(FILTER_SCRIPT);
        out.push_str("</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Closing tags after which a line break changes nothing on screen: breaking the markup there
/// keeps the page source (and the snapshots of it) readable, one table row to a line.
const BREAK_AFTER: [&str; 8] = [
    "</tr>",
    "</thead>",
    "</table>",
    "</section>",
    "</h1>",
    "</h2>",
    "</h3>",
    "</svg>",
];

/// Appends `body`, with a line break after each tag of [`BREAK_AFTER`]. Report text inside the
/// body is escaped, so these tags can only be the page's own.
fn push_with_line_breaks(out: &mut String, body: &str) {
    let mut rest = body;
    while let Some(at) = rest.find("</") {
        let tag = BREAK_AFTER.iter().find(|t| rest[at..].starts_with(**t));
        let end = at + tag.map_or(2, |t| t.len());
        out.push_str(&rest[..end]);
        if tag.is_some() && !rest[end..].starts_with('\n') {
            out.push('\n');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if !out.ends_with('\n') {
        out.push('\n');
    }
}

/// A score or other decimal: whole numbers without decimals, others with one.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// A signed delta: `+2`, `−1.5`, `0`.
pub fn signed(value: f64) -> String {
    if value > 0.0 {
        format!("+{}", number(value))
    } else if value < 0.0 {
        format!("\u{2212}{}", number(-value))
    } else {
        "0".to_string()
    }
}

/// An optional score, or a dash.
pub fn maybe_number(value: Option<f64>) -> String {
    value.map(number).unwrap_or_else(|| "\u{2013}".into())
}

/// `part` of `whole` as a whole percentage, or a dash when `whole` is zero.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "\u{2013}".into()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

/// A coloured label (`<span class="badge sev-high">high</span>`); `class` comes from the
/// vocabulary, never from a report.
pub fn badge(class: &str, text: &str) -> String {
    format!("<span class=\"badge {class}\">{}</span>", esc(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("plain text").to_string(), "plain text");
    }

    #[test]
    fn quoted_names_become_code_and_stay_escaped() {
        assert_eq!(
            with_code("module `a<b>` has no `c`"),
            "module <code>a&lt;b&gt;</code> has no <code>c</code>"
        );
        assert_eq!(with_code("an `open <quote>"), "an `open &lt;quote&gt;");
        assert_eq!(with_code("plain"), "plain");
    }

    #[test]
    fn qualified_names_break_between_their_parts() {
        assert_eq!(breakable("a.b/c::D"), "a.<wbr>b/<wbr>c::<wbr>D");
        assert_eq!(breakable("<x>."), "&lt;x&gt;.");
    }

    #[test]
    fn every_url_of_a_docs_list_becomes_a_link() {
        assert_eq!(
            linkify("https://a.example/x · https://b.example/y."),
            "<a href=\"https://a.example/x\" rel=\"noopener noreferrer\">https://a.example/x</a> \u{b7} \
             <a href=\"https://b.example/y\" rel=\"noopener noreferrer\">https://b.example/y</a>."
        );
        assert_eq!(linkify("see <the> guide"), "see &lt;the&gt; guide");
        assert_eq!(linkify("javascript:alert(1)"), "javascript:alert(1)");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            docs_href(" https://docs.aws.amazon.com/x "),
            Some("https://docs.aws.amazon.com/x")
        );
        assert_eq!(docs_href("javascript:alert(1)"), None);
        assert_eq!(docs_href("see the guide"), None);
        assert_eq!(docs_href("https://x.y/a b"), None);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(8.0), "8");
        assert_eq!(number(7.25), "7.2");
        assert_eq!(signed(-1.5), "\u{2212}1.5");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(1, 0), "\u{2013}");
    }
}
