//! The corpus dashboard: a folder of self-contained HTML pages over the reports of many tasks,
//! for the dataset owner who looks at thousands of tasks at a time (DESIGN.md, user 2).
//!
//! `index.html` shows tasks per platform, checkpoint outcomes per platform, findings by rule and
//! severity, the SDK names models invent most, computed against recorded scores (and the tasks
//! where they disagree most), and agreement with the tasks' own MODEL_FAILURES.md.
//! `tasks.html` lists every task and `findings.html` every finding, both filtered in the page by
//! platform, severity, rule, status and failed checkpoint (the index's numbers link to exactly
//! the tasks and findings behind them); `errors.html` lists the tasks with input errors;
//! `findings.csv` exports the findings. `tasks/<platform>-<id>.html` shows one task's
//! checkpoints and findings, with the model's and the ideal snippet side by side, each finding
//! linked to its line in `files/<platform>-<id>/<path>.html`, the file of the task folder.
//!
//! Pages open from disk: inline CSS, charts as inline SVG, a small inline script for sorting
//! tables, nothing loaded from the network. Everything taken from a report is HTML-escaped.
//!
//! ```no_run
//! # fn reports() -> Vec<iacgrade_report::Report> { Vec::new() }
//! let summary = iacgrade_dashboard::write_dashboard(&reports(), std::path::Path::new("dash"))?;
//! println!("open {}", summary.index.display());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! For a corpus run, [`DashboardBuilder`] takes reports one at a time and keeps only aggregates.

pub mod aggregate;
mod builder;
pub mod csv_export;
pub mod finding_rows;
pub mod page_names;
mod render;
pub mod source_files;
pub mod task_report;
pub mod vocabulary;

use std::path::Path;

pub use aggregate::CorpusAggregates;
pub use builder::{DashboardBuilder, DashboardSummary};
pub use finding_rows::{FILTER_DATA_FILE, FINDINGS_CSV_FILE};
pub use render::error_list::ERROR_LIST_FILE;
pub use render::finding_list::FINDING_LIST_FILE;
pub use render::index_page::{INDEX_FILE, TASK_LIST_FILE};
pub use task_report::TaskReport;

/// Writes the dashboard of `reports` into `out_dir` (created when absent).
pub fn write_dashboard(
    reports: &[iacgrade_report::Report],
    out_dir: &Path,
) -> std::io::Result<DashboardSummary> {
    let mut builder = DashboardBuilder::new(out_dir)?;
    for report in reports {
        builder.add(report)?;
    }
    builder.finish()
}

/// The HTML of one task's page, as the dashboard writes it (links are relative to tasks/).
pub fn render_task_page(report: &TaskReport) -> String {
    render::task_page::render_task_page(report)
}

/// The HTML of the index page for the given aggregates.
pub fn render_index(aggregates: &CorpusAggregates) -> String {
    render::index_page::render_index(aggregates)
}
