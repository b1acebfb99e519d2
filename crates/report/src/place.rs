//! Where a finding is in the files the user has: the answer document and its line for code taken
//! from an answer, the project file otherwise.
//!
//! Findings name the file as the pipeline saw it: `lib/tap_stack.py` may be a block of
//! lib/MODEL_RESPONSE.md (a documents-only task has no such file on disk, and the model's code
//! is never the project's), `lib/MODEL_RESPONSE.md:42` a block without a path. The report's
//! `sources` say where each answer file starts in its document. When the task folder is at hand
//! the place is checked against it, and a place that is not on disk falls back to the judged
//! answer document (or metadata.json) at line 1.

use std::path::Path;

use iacgrade_findings::Side;

use crate::sarif::file_position;
use crate::Report;

/// A file of the task folder (relative to it) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPlace {
    pub file: String,
    pub line: usize,
}

/// The side a finding's file is looked up in; task findings and checkpoints have none.
fn side_name(side: Side) -> Option<&'static str> {
    match side {
        Side::Model => Some("model"),
        Side::Ideal => Some("ideal"),
        Side::Task => None,
    }
}

/// The place of `label`:`line` of `side` in the user's files.
pub fn user_place(report: &Report, side: Side, label: &str, line: Option<usize>) -> UserPlace {
    // A checkpoint's evidence names a file without its side: the ideal side's first, as the
    // checkpoints judge the task, then the model's.
    let sides: Vec<&str> = match side_name(side) {
        Some(side) => vec![side],
        None => vec!["ideal", "model"],
    };
    let block = sides.iter().find_map(|side| {
        report
            .sources
            .iter()
            .find(|b| b.side == *side && b.file == label)
    });
    let place = match block {
        Some(b) => UserPlace {
            file: b.document.clone(),
            line: b.document_line(line.unwrap_or(1)),
        },
        None => {
            let (file, line) = file_position(label, line);
            UserPlace {
                file,
                line: line.unwrap_or(1),
            }
        }
    };
    let root = Path::new(&report.task.path);
    if !root.is_dir() || (!place.file.is_empty() && root.join(&place.file).is_file()) {
        return place;
    }
    fallback_place(report)
}

/// The judged answer document at line 1, else metadata.json, else the first answer document.
pub fn fallback_place(report: &Report) -> UserPlace {
    let root = Path::new(&report.task.path);
    let judged = report
        .judged_response
        .as_ref()
        .map(|r| r.file.clone())
        .unwrap_or_else(|| "lib/MODEL_RESPONSE.md".to_string());
    let file = [judged.as_str(), "metadata.json", "lib/PROMPT.md"]
        .into_iter()
        .find(|f| !root.is_dir() || root.join(f).is_file())
        .unwrap_or(judged.as_str())
        .to_string();
    UserPlace { file, line: 1 }
}
