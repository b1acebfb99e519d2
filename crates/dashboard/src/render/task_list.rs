//! tasks.html: every task in one sortable, filterable table, each linking to its page, so a
//! dataset owner can go from any number on the index to the tasks behind it.

use std::fmt::Write;

use super::html::{esc, page, signed, Script};
use super::index_page::root_nav;
use super::{count_cell, score_cell};
use crate::aggregate::CorpusAggregates;

/// The whole task list page.
pub fn render_task_list(aggregates: &CorpusAggregates) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>All tasks</h1><p class=\"lead\">{} task(s). Click a column to sort; choose filters \
         (they combine, and the address of the page keeps them) or type to filter by id, \
         platform or language. A task matches the severity, rule and status filters when one of \
         its findings matches all of them.</p><section class=\"card\">\
         <div class=\"filters\" id=\"filters\" data-list=\"tasks\"></div>\
         <p class=\"filter-count\" id=\"filter-count\"></p><div class=\"filter\">\
         <input type=\"search\" data-filter=\"task-table\" placeholder=\"Filter tasks\" \
         aria-label=\"Filter tasks\"></div><div class=\"scroll\"><table class=\"data sortable\" \
         id=\"task-table\"><thead><tr><th>Task</th><th>Platform</th><th>Language</th>\
         <th class=\"num\" title=\"checkpoints failed\">Checks failed</th>\
         <th class=\"num\" title=\"checkpoints with a warning\">Checks warned</th>\
         <th class=\"num\" title=\"model failures of critical severity\">Critical</th>\
         <th class=\"num\" title=\"model failures of high severity\">High</th>\
         <th class=\"num\" title=\"model failures of medium severity\">Medium</th>\
         <th class=\"num\" title=\"model failures of low severity\">Low</th>\
         <th class=\"num\">Computed</th><th class=\"num\">Recorded</th>\
         <th class=\"num\" title=\"computed minus recorded\">Difference</th>\
         <th class=\"num\">Errors</th></tr></thead><tbody>",
        aggregates.tasks
    );
    for (index, row) in aggregates.rows.iter().enumerate() {
        let _ = write!(
            body,
            "<tr data-t=\"{index}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>{}{}",
            esc(&row.page),
            esc(&row.id),
            esc(&row.platform),
            esc(&row.language),
            count_cell(row.checkpoints_failed),
            count_cell(row.checkpoints_warned),
        );
        for count in &row.failures[..4] {
            body.push_str(&count_cell(*count));
        }
        body.push_str(&score_cell(row.computed));
        body.push_str(&score_cell(row.recorded));
        match (row.computed, row.recorded) {
            (Some(c), Some(r)) => {
                let _ = write!(
                    body,
                    "<td class=\"num\" data-v=\"{}\">{}</td>",
                    c - r,
                    signed(c - r)
                );
            }
            _ => body.push_str("<td class=\"num zero\" data-v=\"\">\u{2013}</td>"),
        }
        body.push_str(&count_cell(row.errors));
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table></div></section>");
    page(
        "All tasks \u{b7} iacgrade",
        &root_nav(),
        &body,
        Script::Filters,
    )
}
