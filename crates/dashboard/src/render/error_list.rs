//! errors.html: the tasks with input problems, each with its reasons: errors met while reading
//! it (an unreadable metadata.json, a missing answer) and why a task was not judged (no model
//! answer, an answer without code). These tasks have no findings or score to trust.

use std::fmt::Write;

use super::html::{esc, page, Script};
use super::index_page::root_nav;
use crate::aggregate::CorpusAggregates;

/// The file name of the list of tasks with input problems, at the dashboard's root.
pub const ERROR_LIST_FILE: &str = "errors.html";

/// The whole page.
pub fn render_error_list(aggregates: &CorpusAggregates) -> String {
    let problems = &aggregates.input_problems;
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Tasks with input errors</h1><p class=\"lead\">{} of {} task(s) have errors in their \
         input or no model answer to judge; their findings and scores are incomplete.</p>\
         <section class=\"card\"><div class=\"filter\"><input type=\"search\" \
         data-filter=\"error-table\" placeholder=\"Filter tasks\" aria-label=\"Filter tasks\">\
         </div><div class=\"scroll\"><table class=\"data sortable\" id=\"error-table\"><thead>\
         <tr><th>Task</th><th>Platform</th><th>Reason</th></tr></thead><tbody>",
        problems.len(),
        aggregates.tasks
    );
    for problem in problems {
        let reasons: Vec<String> = problem
            .reasons
            .iter()
            .map(|r| format!("<div>{}</div>", esc(r)))
            .collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"mono\">{}</td></tr>",
            esc(&problem.page),
            esc(if problem.id.trim().is_empty() {
                "(task without id)"
            } else {
                &problem.id
            }),
            esc(&problem.platform),
            reasons.join("")
        );
    }
    if problems.is_empty() {
        body.push_str("<tr><td colspan=\"3\" class=\"empty\">no task has input errors</td></tr>");
    }
    body.push_str("</tbody></table></div></section>");
    page(
        "Tasks with input errors \u{b7} iacgrade",
        &root_nav(),
        &body,
        Script::Tables,
    )
}
