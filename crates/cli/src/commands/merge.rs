//! `iacgrade merge OUT SHARD.jsonl...`: the results of a sharded corpus run joined into one,
//! and rendered in any corpus format without judging anything again.
//!
//! Lines are kept byte for byte and put in corpus order (the order `corpus` writes: task paths
//! compared component by component), so the merged JSONL of `--shard 0/N` … `--shard N-1/N`
//! equals one unsharded run's.

use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use iacgrade_report::{render_text, Report, TextStyle};

use crate::cli::{Format, MergeArgs};
use crate::output::Sink;

/// One result line and where it was read.
struct ResultLine {
    task: String,
    text: String,
    file: usize,
    line: usize,
}

/// Exit 0 when every task is there once, 1 when `--corpus` names tasks no shard holds, 2 when
/// a file cannot be read, a line is not a result or the output cannot be written.
pub fn run(args: &MergeArgs) -> Result<ExitCode, String> {
    let mut lines = Vec::new();
    for (index, file) in args.shards.iter().enumerate() {
        read_results(file, index, &mut lines)?;
    }
    // Corpus order; a task in several files keeps its first one (the order the files were given).
    lines.sort_by(|a, b| {
        Path::new(&a.task)
            .cmp(Path::new(&b.task))
            .then(a.file.cmp(&b.file))
            .then(a.line.cmp(&b.line))
    });
    let mut merged: Vec<ResultLine> = Vec::with_capacity(lines.len());
    let mut duplicates = 0;
    for line in lines {
        match merged.last() {
            Some(kept) if kept.task == line.task => {
                duplicates += 1;
                let same = if kept.text == line.text {
                    "the same result"
                } else {
                    "a different result"
                };
                eprintln!(
                    "duplicate: task {} is in {}:{} and {}:{} ({same}); kept {}:{}",
                    kept.task,
                    args.shards[kept.file].display(),
                    kept.line,
                    args.shards[line.file].display(),
                    line.line,
                    args.shards[kept.file].display(),
                    kept.line,
                );
            }
            _ => merged.push(line),
        }
    }
    let missing = match &args.corpus {
        Some(dir) => report_missing(dir, &merged)?,
        None => 0,
    };
    write_merged(args, &merged)?;
    eprintln!(
        "merged {} tasks from {} files; {duplicates} duplicate(s){}",
        merged.len(),
        args.shards.len(),
        if args.corpus.is_some() {
            format!(", {missing} missing")
        } else {
            String::new()
        }
    );
    Ok(if missing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every result line of `file`; a line that is not a result with a task path is an error that
/// names the file and line (a damaged shard must not vanish from the merge unnoticed).
fn read_results(file: &Path, index: usize, into: &mut Vec<ResultLine>) -> Result<(), String> {
    let reader = std::fs::File::open(file)
        .map(std::io::BufReader::new)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    for (number, text) in reader.lines().enumerate() {
        let line = number + 1;
        let text = text.map_err(|e| format!("{}:{line}: {e}", file.display()))?;
        if text.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{line}: not a result line ({e}); give the JSONL files of `corpus --format jsonl`",
                file.display()
            )
        })?;
        let Some(task) = value.pointer("/task/path").and_then(|p| p.as_str()) else {
            return Err(format!(
                "{}:{line}: a result without task.path; give the JSONL files of `corpus --format jsonl`",
                file.display()
            ));
        };
        into.push(ResultLine {
            task: task.to_string(),
            text,
            file: index,
            line,
        });
    }
    Ok(())
}

/// Names, on standard error, the tasks below `dir` that no shard holds and the results of tasks
/// not below it; returns how many are missing.
fn report_missing(dir: &Path, merged: &[ResultLine]) -> Result<usize, String> {
    if !dir.is_dir() {
        return Err(format!(
            "--corpus {}: is not a directory; give the folder the shards were run on",
            dir.display()
        ));
    }
    let expected: BTreeSet<String> = iacgrade_engine::find_tasks(dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let present: BTreeSet<&str> = merged.iter().map(|l| l.task.as_str()).collect();
    let mut missing = 0;
    for task in &expected {
        if !present.contains(task.as_str()) {
            missing += 1;
            eprintln!("missing: task {task} is in no shard's results");
        }
    }
    let foreign = present.iter().filter(|t| !expected.contains(**t)).count();
    if foreign > 0 {
        eprintln!(
            "note: {foreign} result(s) name tasks not found below {} (give --corpus the folder \
             as the shards were given it)",
            dir.display()
        );
    }
    Ok(missing)
}

fn write_merged(args: &MergeArgs, merged: &[ResultLine]) -> Result<(), String> {
    if args.format == Format::Html {
        return write_dashboard(&args.out, merged);
    }
    let mut sink = Sink::new(Some(&args.out));
    let write_error = |e: std::io::Error| e.to_string();
    match args.format {
        Format::Jsonl | Format::Json => {
            for line in merged {
                sink.write_all(line.text.as_bytes()).map_err(write_error)?;
                sink.write_all(b"\n").map_err(write_error)?;
            }
        }
        Format::Summary => {
            let mut summary = iacgrade_report::CorpusSummary::new();
            for line in merged {
                summary.add(&report_of(line, args)?);
            }
            sink.write_all(summary.render_text().as_bytes())
                .map_err(write_error)?;
        }
        Format::Sarif => {
            let reports = merged
                .iter()
                .map(|line| report_of(line, args))
                .collect::<Result<Vec<_>, _>>()?;
            // The same rule catalog as `corpus --format sarif`, so that both write one document.
            let sarif = iacgrade_report::render_sarif_with(&reports, &super::rules::rule_catalog());
            let bytes = serde_json::to_vec(&sarif).map_err(|e| e.to_string())?;
            sink.write_all(&bytes).map_err(write_error)?;
        }
        Format::Text | Format::Markdown => {
            for line in merged {
                let report = report_of(line, args)?;
                let text = if args.format == Format::Text {
                    render_text(&report, TextStyle { color: false })
                } else {
                    iacgrade_report::render_markdown(&report)
                };
                sink.write_all((text + "\n").as_bytes())
                    .map_err(write_error)?;
            }
        }
        Format::Junit => {
            let mut junit = iacgrade_report::JunitLog::new();
            for line in merged {
                junit.add(&report_of(line, args)?);
            }
            sink.write_all(junit.finish().as_bytes())
                .map_err(write_error)?;
        }
        Format::Github => {
            for line in merged {
                let report = report_of(line, args)?;
                sink.write_all(iacgrade_report::render_github(&report).as_bytes())
                    .map_err(write_error)?;
            }
        }
        Format::Html => {}
    }
    sink.finish().map_err(|e| e.to_string())
}

/// The report of a result line, for the renderers that take a whole report.
fn report_of(line: &ResultLine, args: &MergeArgs) -> Result<Report, String> {
    serde_json::from_str(&line.text).map_err(|e| {
        format!(
            "{}:{}: a result this iacgrade cannot read ({e}); merge with the version that wrote it",
            args.shards[line.file].display(),
            line.line
        )
    })
}

fn write_dashboard(out_dir: &Path, merged: &[ResultLine]) -> Result<(), String> {
    let in_dir = |e: std::io::Error| format!("{}: {e}", out_dir.display());
    let mut builder = iacgrade_dashboard::DashboardBuilder::new(out_dir).map_err(in_dir)?;
    for line in merged {
        let report = iacgrade_dashboard::TaskReport::from_json(&line.text)
            .map_err(|e| format!("task {}: {e}", line.task))?;
        builder.add_task(&report).map_err(in_dir)?;
    }
    let summary = builder.finish().map_err(in_dir)?;
    eprintln!(
        "dashboard: {} tasks, {} files; open {}",
        summary.tasks,
        summary.files_written,
        summary.index.display()
    );
    Ok(())
}
