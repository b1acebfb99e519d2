//! Building a dashboard one report at a time: each task's page (and the pages of the files its
//! findings point into) is written as soon as its report arrives, its findings are appended to
//! filter-data.js and findings.csv, and only the aggregates are kept, so a corpus run never
//! holds thousands of full reports, or their findings, in memory. `finish` writes index.html,
//! tasks.html, findings.html and errors.html.
//!
//! The pages go into a fresh temporary folder beside the target, created for this run (so no
//! file or link of anyone else's is ever written through), and `finish` puts the whole folder in
//! place of the old dashboard at once: a run that is killed or fails leaves the old dashboard
//! whole, never a mix of old and new pages.

use std::io;
use std::path::{Path, PathBuf};

use crate::aggregate::CorpusAggregates;
use crate::finding_rows::{FindingFiles, FILTER_DATA_FILE, FINDINGS_CSV_FILE};
use crate::page_names::{PageNames, TASKS_DIR};
use crate::render::error_list::{render_error_list, ERROR_LIST_FILE};
use crate::render::file_page::render_file_page;
use crate::render::finding_list::{render_finding_list, FINDING_LIST_FILE};
use crate::render::index_page::{render_index, INDEX_FILE, TASK_LIST_FILE};
use crate::render::task_list::render_task_list;
use crate::render::task_page::render_task_page_linked;
use crate::source_files::{plan_task_files, read_task_files, task_files_of, task_root, TaskFiles};
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
    /// Where the pages are written until `finish` moves the folder to `out_dir`; removed when
    /// the builder is dropped unfinished.
    staging: tempfile::TempDir,
    names: PageNames,
    aggregates: CorpusAggregates,
    /// filter-data.js and findings.csv, written a task at a time.
    finding_files: Option<FindingFiles>,
    files_written: usize,
    bytes_written: u64,
}

impl DashboardBuilder {
    /// Starts a dashboard that `finish` puts at `out_dir`. `out_dir` may exist when it is empty
    /// or holds an earlier dashboard (an index.html), which `finish` replaces whole.
    pub fn new(out_dir: &Path) -> io::Result<DashboardBuilder> {
        let Some(name) = out_dir.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: name a folder of its own for the dashboard",
                    out_dir.display()
                ),
            ));
        };
        check_replaceable(out_dir)?;
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| with_path(&parent, e))?;
        let mut builder = tempfile::Builder::new();
        let prefix = format!(".{}.", name.to_string_lossy());
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The folder of any new folder (0777 less the umask), not a temporary's 0700.
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let staging = builder
            .tempdir_in(&parent)
            .map_err(|e| with_path(&parent, e))?;
        let tasks = staging.path().join(TASKS_DIR);
        std::fs::create_dir(&tasks).map_err(|e| with_path(&tasks, e))?;
        let create = |name: &str| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(staging.path().join(name))
                .map_err(|e| with_path(&out_dir.join(name), e))
        };
        let finding_files =
            FindingFiles::create(create(FILTER_DATA_FILE)?, create(FINDINGS_CSV_FILE)?)
                .map_err(|e| with_path(&out_dir.join(FILTER_DATA_FILE), e))?;
        Ok(DashboardBuilder {
            out_dir: out_dir.to_path_buf(),
            staging,
            names: PageNames::default(),
            aggregates: CorpusAggregates::default(),
            finding_files: Some(finding_files),
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
        let index = self.aggregates.rows.len();
        let page = self.names.assign(report.platform(), &report.task.id);
        let files = self.write_task_files(report, &page)?;
        self.write(&page, &render_task_page_linked(report, &files))?;
        self.aggregates.add(report, &page);
        if let Some(finding_files) = self.finding_files.as_mut() {
            finding_files
                .add(index, report, &files)
                .map_err(|e| with_path(&self.out_dir.join(FILTER_DATA_FILE), e))?;
        }
        Ok(page)
    }

    /// Writes a page for each file of the task folder its findings point into (when the folder
    /// is at hand and the file can be shown); returns which files got one.
    fn write_task_files(&mut self, report: &TaskReport, page: &str) -> io::Result<TaskFiles> {
        let Some(root) = task_root(report).filter(|r| r.is_dir()) else {
            return Ok(TaskFiles::default());
        };
        let planned = plan_task_files(report, page);
        let mut written = Vec::new();
        for (file, file_page, text) in read_task_files(&root, planned) {
            let depth = file_page.matches('/').count();
            let html = render_file_page(&report.task.id, page, &file, &text, depth);
            self.write(&file_page, &html)?;
            written.push((file, file_page));
        }
        Ok(task_files_of(written))
    }

    /// What has been counted so far.
    pub fn aggregates(&self) -> &CorpusAggregates {
        &self.aggregates
    }

    /// Writes index.html, tasks.html, findings.html and errors.html, and ends the data files.
    pub fn finish(mut self) -> io::Result<DashboardSummary> {
        let index = render_index(&self.aggregates);
        self.write(INDEX_FILE, &index)?;
        let list = render_task_list(&self.aggregates);
        self.write(TASK_LIST_FILE, &list)?;
        let errors = render_error_list(&self.aggregates);
        self.write(ERROR_LIST_FILE, &errors)?;
        if let Some(finding_files) = self.finding_files.take() {
            let (bytes, findings) = finding_files
                .finish(&self.aggregates.rows)
                .map_err(|e| with_path(&self.out_dir.join(FILTER_DATA_FILE), e))?;
            self.files_written += 2;
            self.bytes_written += bytes;
            self.write(FINDING_LIST_FILE, &render_finding_list(findings))?;
        }
        check_replaceable(&self.out_dir)?;
        let staged = self.staging.keep();
        put_in_place(&staged, &self.out_dir).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&staged);
        })?;
        Ok(DashboardSummary {
            index: self.out_dir.join(INDEX_FILE),
            tasks: self.aggregates.tasks,
            files_written: self.files_written,
            bytes_written: self.bytes_written,
        })
    }

    fn write(&mut self, relative: &str, html: &str) -> io::Result<()> {
        use std::io::Write;
        let path = self.staging.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| with_path(parent, e))?;
        }
        // A new file in a folder made for this run: never an existing file or link.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| with_path(&self.out_dir.join(relative), e))?;
        file.write_all(html.as_bytes())
            .map_err(|e| with_path(&self.out_dir.join(relative), e))?;
        self.files_written += 1;
        self.bytes_written += html.len() as u64;
        Ok(())
    }
}

/// Whether `out_dir` may be replaced by a dashboard: absent, an empty folder, or a folder holding
/// an earlier dashboard. Anything else (a file, a link, a folder of other things) is left alone.
fn check_replaceable(out_dir: &Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(out_dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(with_path(out_dir, e)),
    };
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{}: {why}; give a new or empty folder, or an earlier dashboard's",
                out_dir.display()
            ),
        ))
    };
    if !meta.is_dir() {
        return refuse(if meta.file_type().is_symlink() {
            "is a link, which the dashboard does not write through"
        } else {
            "is not a folder"
        });
    }
    let mut entries = std::fs::read_dir(out_dir).map_err(|e| with_path(out_dir, e))?;
    let is_dashboard =
        std::fs::symlink_metadata(out_dir.join(INDEX_FILE)).is_ok_and(|m| m.is_file());
    if entries.next().is_some() && !is_dashboard {
        return refuse("holds files but no dashboard (no index.html)");
    }
    Ok(())
}

/// Moves the finished folder `staged` to `out_dir`, replacing an earlier dashboard there in one
/// step where the system allows it (an exchange of the two names), so that `out_dir` always
/// holds one whole dashboard.
fn put_in_place(staged: &Path, out_dir: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(out_dir).is_err() {
        return std::fs::rename(staged, out_dir).map_err(|e| with_path(out_dir, e));
    }
    if exchange(staged, out_dir).is_ok() {
        // `staged` is now the old dashboard.
        return std::fs::remove_dir_all(staged).map_err(|e| with_path(staged, e));
    }
    // Two renames: the old folder is set aside first and removed only once the new one is in.
    let old = staged.with_extension("old");
    std::fs::rename(out_dir, &old).map_err(|e| with_path(out_dir, e))?;
    if let Err(e) = std::fs::rename(staged, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(with_path(out_dir, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| with_path(&old, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are NUL-terminated paths that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no exchange of names",
    ))
}

/// An I/O error that names the file it concerns.
fn with_path(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}
