//! Builds the dashboard from a JSONL file of reports, as `iacgrade corpus DIR --format jsonl`
//! writes it: one task at a time, so the whole corpus is never in memory.
//!
//! ```sh
//! iacgrade corpus ../shared/corpus --format jsonl -o /tmp/corpus.jsonl
//! cargo run --release -p iacgrade-dashboard --example from-jsonl -- /tmp/corpus.jsonl /tmp/dash
//! ```
//!
//! A line that is not a report is reported with its line number and skipped; the exit code is
//! 1 when any line was skipped, 2 when the input cannot be read or the output cannot be written.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use iacgrade_dashboard::{DashboardBuilder, TaskReport};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir] = args.as_slice() else {
        eprintln!("usage: from-jsonl REPORTS.jsonl OUT_DIR");
        return ExitCode::from(2);
    };
    match run(PathBuf::from(input), PathBuf::from(out_dir)) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// Builds the dashboard; returns how many lines were skipped.
fn run(input: PathBuf, out_dir: PathBuf) -> Result<usize, String> {
    let started = Instant::now();
    let file = std::fs::File::open(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let mut builder = DashboardBuilder::new(&out_dir).map_err(|e| e.to_string())?;
    let mut skipped = 0;
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("{}:{number}: {e}; line skipped", input.display());
                skipped += 1;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match TaskReport::from_json(&line) {
            Ok(report) => {
                builder.add_task(&report).map_err(|e| e.to_string())?;
            }
            Err(e) => {
                eprintln!(
                    "{}:{number}: not a report ({e}); line skipped",
                    input.display()
                );
                skipped += 1;
            }
        }
    }
    let summary = builder.finish().map_err(|e| e.to_string())?;
    println!(
        "{} task(s), {} file(s), {:.1} MB in {:.2} s{}",
        summary.tasks,
        summary.files_written,
        summary.bytes_written as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64(),
        if skipped > 0 {
            format!(", {skipped} line(s) skipped")
        } else {
            String::new()
        }
    );
    println!("open {}", summary.index.display());
    Ok(skipped)
}
