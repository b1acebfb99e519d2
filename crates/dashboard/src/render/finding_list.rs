//! findings.html: every finding of the corpus, filtered in the page by platform, severity,
//! rule, status, failed checkpoint and invented name (the filters live in the URL's fragment,
//! so the index links to exactly the findings behind each of its numbers). The rows are made
//! by the page's script from filter-data.js; findings.csv holds them all for a spreadsheet.

use super::html::{page, Script};
use super::index_page::root_nav;
use crate::finding_rows::FINDINGS_CSV_FILE;

/// The file name of the finding list, at the dashboard's root.
pub const FINDING_LIST_FILE: &str = "findings.html";

/// The whole finding list page; `findings` is how many there are.
pub fn render_finding_list(findings: usize) -> String {
    let body = format!(
        "<h1>All findings</h1><p class=\"lead\">{findings} finding(s). Choose filters to narrow \
         the list; they combine, and the address of the page keeps them, so a filtered list can \
         be linked. Model failures are fixed and unfixed findings; suppressed ones were accepted \
         in the answer or by a baseline and count as none. <a href=\"{FINDINGS_CSV_FILE}\" \
         download>Download every finding as CSV</a>.</p><section class=\"card\">\
         <div class=\"filters\" id=\"filters\" data-list=\"findings\"></div>\
         <p class=\"filter-count\" id=\"filter-count\"></p>\
         <noscript><p class=\"empty\">The list needs JavaScript; findings.csv holds every \
         finding.</p></noscript><div class=\"scroll\"><table class=\"data sortable\" \
         id=\"finding-table\"><thead><tr><th>Task</th><th>Platform</th><th>Rule</th>\
         <th>Severity</th><th>Status</th><th>Where</th><th>Message</th></tr></thead><tbody>\
         </tbody></table></div><button type=\"button\" class=\"more\" id=\"show-more\" hidden>\
         Show all</button></section>"
    );
    page(
        "All findings \u{b7} iacgrade",
        &root_nav(),
        &body,
        Script::Filters,
    )
}
