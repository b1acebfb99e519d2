//! The per-finding files of the dashboard, written as reports arrive so that no finding stays
//! in memory: `filter-data.js` (the data the filters of tasks.html and findings.html work on)
//! and `findings.csv` (the export).
//!
//! filter-data.js sets `window.IACGRADE_DATA = {findings: [...], tasks: [...]}`; the layout
//! of a row is written at the top of assets/filters.js. It is a script file beside the pages,
//! not JSON, because a page opened from disk may load a script but not fetch a file.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use serde_json::json;

use crate::aggregate::{invented_name_of, TaskRow};
use crate::csv_export::{write_csv_row, CSV_COLUMNS};
use crate::source_files::{place_in_task, TaskFiles};
use crate::task_report::TaskReport;

/// The script with the filters' data, at the dashboard's root.
pub const FILTER_DATA_FILE: &str = "filter-data.js";
/// The CSV export of every finding, at the dashboard's root.
pub const FINDINGS_CSV_FILE: &str = "findings.csv";

/// Both per-finding files, open while reports arrive.
#[derive(Debug)]
pub struct FindingFiles {
    data: BufWriter<File>,
    csv: BufWriter<File>,
    findings: usize,
}

impl FindingFiles {
    /// Starts both files (new files in a folder made for this run).
    pub fn create(data: File, csv: File) -> io::Result<FindingFiles> {
        let mut files = FindingFiles {
            data: BufWriter::new(data),
            csv: BufWriter::new(csv),
            findings: 0,
        };
        files
            .data
            .write_all(b"\"use strict\";\nwindow.IACGRADE_DATA = {findings: [\n")?;
        write_csv_row(&mut files.csv, &CSV_COLUMNS)?;
        Ok(files)
    }

    /// Appends the findings of the task at `task_index` of the task list.
    pub fn add(
        &mut self,
        task_index: usize,
        report: &TaskReport,
        files: &TaskFiles,
    ) -> io::Result<()> {
        for finding in &report.findings {
            let place = place_in_task(report, &finding.side, &finding.file, finding.line);
            let shown_place = match finding.line {
                Some(line) if !finding.file.is_empty() => format!("{}:{line}", finding.file),
                _ => finding.file.clone(),
            };
            let suppression = finding
                .suppression
                .as_ref()
                .map(|s| s.describe())
                .unwrap_or_default();
            let row = json!([
                task_index,
                finding.rule,
                finding.name,
                finding.severity,
                finding.shown_status(),
                finding.side,
                shown_place,
                files.link_from_root(&place).unwrap_or_default(),
                finding.message,
                invented_name_of(finding).unwrap_or_default(),
                suppression,
            ]);
            serde_json::to_writer(&mut self.data, &row)?;
            self.data.write_all(b",\n")?;
            let line = finding.line.map(|l| l.to_string()).unwrap_or_default();
            let suppression_kind = finding
                .suppression
                .as_ref()
                .map(|s| s.kind.as_str())
                .unwrap_or("");
            let suppression_reason = finding
                .suppression
                .as_ref()
                .and_then(|s| s.justification.as_deref())
                .unwrap_or("");
            let cells: [&str; 17] = [
                &report.task.id,
                &report.task.path,
                report.platform(),
                report.task.language.as_deref().unwrap_or(""),
                &finding.rule,
                &finding.name,
                &finding.severity,
                &finding.category,
                finding.shown_status(),
                suppression_kind,
                suppression_reason,
                &finding.side,
                &finding.file,
                &line,
                &finding.message,
                finding.fix.as_deref().unwrap_or(""),
                finding.docs.as_deref().unwrap_or(""),
            ];
            write_csv_row(&mut self.csv, &cells)?;
            self.findings += 1;
        }
        Ok(())
    }

    /// Ends both files with the task list; returns the bytes written and the findings counted.
    pub fn finish(mut self, rows: &[TaskRow]) -> io::Result<(u64, usize)> {
        self.data.write_all(b"],\ntasks: [\n")?;
        for row in rows {
            let task = json!([
                row.page,
                row.id,
                row.platform,
                row.language,
                row.failed_checkpoints,
                u8::from(row.has_input_problems()),
                u8::from(row.has_both_scores()),
            ]);
            serde_json::to_writer(&mut self.data, &task)?;
            self.data.write_all(b",\n")?;
        }
        self.data.write_all(b"]};\n")?;
        let data = self.data.into_inner().map_err(|e| e.into_error())?;
        let csv = self.csv.into_inner().map_err(|e| e.into_error())?;
        let bytes = data.metadata()?.len() + csv.metadata()?.len();
        Ok((bytes, self.findings))
    }
}
