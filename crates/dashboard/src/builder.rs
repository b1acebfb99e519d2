//! Building a dashboard one report at a time: each task's page is written as soon as its report
//! arrives and only the aggregates are kept, so a corpus run never holds thousands of full
//! reports in memory. `finish` writes index.html and tasks.html.

use std::io;
use std::path::{Path, PathBuf};

use crate::aggregate::CorpusAggregates;
use crate::page_names::{PageNames, TASKS_DIR};
use crate::render::index_page::{render_index, INDEX_FILE, TASK_LIST_FILE};
use crate::render::task_list::render_task_list;
use crate::render::task_page::render_task_page;
use crate::task_report::TaskReport;

/// What a finished dashboard holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardSummary {
    /// The index page, to open in a browser.
    pub index: PathBuf,
    pub tasks: usize,
    pub files_written: usize,
    pub bytes_written: u64,
}

/// Writes a dashboard into a folder, one report at a time.
#[derive(Debug)]
pub struct DashboardBuilder {
    out_dir: PathBuf,
    names: PageNames,
    aggregates: CorpusAggregates,
    files_written: usize,
    bytes_written: u64,
}

impl DashboardBuilder {
    /// Creates `out_dir` and its tasks/ folder when absent. Pages of an earlier run in the same
    /// folder are overwritten when their task comes again, and otherwise left alone.
    pub fn new(out_dir: &Path) -> io::Result<DashboardBuilder> {
        let tasks = out_dir.join(TASKS_DIR);
        std::fs::create_dir_all(&tasks).map_err(|e| with_path(&tasks, e))?;
        Ok(DashboardBuilder {
            out_dir: out_dir.to_path_buf(),
            names: PageNames::default(),
            aggregates: CorpusAggregates::default(),
            files_written: 0,
            bytes_written: 0,
        })
    }

    /// Adds the report of one task: writes its page and counts it.
    pub fn add(&mut self, report: &iacgrade_report::Report) -> io::Result<()> {
        let view = TaskReport::from_report(report).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("report of task {}: {e}", report.task.id),
            )
        })?;
        self.add_task(&view).map(|_| ())
    }

    /// Adds a report already read (from a JSONL line, say); returns its page's path relative to
    /// the dashboard's root.
    pub fn add_task(&mut self, report: &TaskReport) -> io::Result<String> {
        let page = self.names.assign(report.platform(), &report.task.id);
        self.write(&page, &render_task_page(report))?;
        self.aggregates.add(report, &page);
        Ok(page)
    }

    /// What has been counted so far.
    pub fn aggregates(&self) -> &CorpusAggregates {
        &self.aggregates
    }

    /// Writes index.html and tasks.html.
    pub fn finish(mut self) -> io::Result<DashboardSummary> {
        let index = render_index(&self.aggregates);
        self.write(INDEX_FILE, &index)?;
        let list = render_task_list(&self.aggregates);
        self.write(TASK_LIST_FILE, &list)?;
        Ok(DashboardSummary {
            index: self.out_dir.join(INDEX_FILE),
            tasks: self.aggregates.tasks,
            files_written: self.files_written,
            bytes_written: self.bytes_written,
        })
    }

    fn write(&mut self, relative: &str, html: &str) -> io::Result<()> {
        let path = self.out_dir.join(relative);
        std::fs::write(&path, html).map_err(|e| with_path(&path, e))?;
        self.files_written += 1;
        self.bytes_written += html.len() as u64;
        Ok(())
    }
}

/// An I/O error that names the file it concerns.
fn with_path(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}
