//! Measures how often detection agrees with the platform and language metadata.json records.
//!
//! ```text
//! cargo run --release -p iacgrade-detect --example detect-agreement -- CORPUS [--model] [--verbose]
//! cargo run --release -p iacgrade-detect --example detect-agreement -- --task TASK_DIR [--model]
//! ```
//!
//! For every task under `CORPUS/<platform dir>/<task>` whose ideal answer (lib/IDEAL_RESPONSE.md)
//! contains code (the extract stage finds at least one block, or a bare code document), the
//! extracted files are given to `detect` and the result is compared with metadata.json
//! (normalised; yaml and yml are the same language). Prints the agreement overall and per
//! platform directory, where the detected languages came from, then the disagreements grouped by
//! kind with their task ids.
//!
//! - `--model` reads the final model answer (lib/MODEL_RESPONSE.md, or the last numbered one)
//!   instead of the ideal answer.
//! - `--verbose` adds, for every disagreement, the scores and evidence behind the verdict.
//! - `--task DIR` prints the whole detection of one task (every file's reading) as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iacgrade_detect::{detect, read_files, Detection};
use iacgrade_extract::extract_answer;
use iacgrade_task::{load_task, Origin, SourceFile, Task};

const USAGE: &str = "usage: detect-agreement CORPUS_DIR [--model] [--verbose]\n       detect-agreement --task TASK_DIR [--model]";

/// Which answer of a task is read.
#[derive(Clone, Copy)]
enum Answer {
    Ideal,
    Model,
}

/// The code files of the chosen answer; `None` when the task has no such document.
fn answer_files(task: &Task, answer: Answer) -> Option<Vec<SourceFile>> {
    let (document, origin) = match answer {
        Answer::Ideal => (task.ideal_response.as_ref()?, Origin::IdealResponse),
        Answer::Model => (task.final_model_response()?, Origin::ModelResponse),
    };
    Some(extract_answer(document, origin).files)
}

#[derive(Default)]
struct Tally {
    compared: usize,
    agreed: usize,
}

impl Tally {
    fn share(&self) -> f64 {
        if self.compared == 0 {
            0.0
        } else {
            100.0 * self.agreed as f64 / self.compared as f64
        }
    }
}

fn task_dirs(corpus: &Path) -> std::io::Result<Vec<PathBuf>> {
    let subdirs = |dir: &Path| -> std::io::Result<Vec<PathBuf>> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        Ok(dirs)
    };
    let mut tasks = Vec::new();
    for group in subdirs(corpus)? {
        tasks.extend(subdirs(&group)?);
    }
    Ok(tasks)
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn describe(detection: &Detection) -> String {
    let scores: Vec<String> = detection
        .platform_scores
        .iter()
        .map(|s| format!("{} {}", s.platform, s.score))
        .collect();
    let mut lines = vec![format!(
        "    scores: {}; language from {:?}",
        scores.join(", "),
        detection.language_basis
    )];
    for e in &detection.evidence {
        let line = e.line.map(|l| l.to_string()).unwrap_or_default();
        lines.push(format!("    {}:{} {}", e.file, line, e.text));
    }
    lines.join("\n")
}

/// Prints one task's detection, file by file, as JSON.
fn show_task(dir: &Path, answer: Answer) -> ExitCode {
    let task = load_task(dir);
    for diagnostic in &task.diagnostics {
        eprintln!("{diagnostic}");
    }
    let Some(files) = answer_files(&task, answer) else {
        eprintln!("{}: the task has no such answer", dir.display());
        return ExitCode::from(2);
    };
    for file in &files {
        eprintln!(
            "extracted {} ({}, {} lines)",
            file.display_name(),
            file.declared_language.as_deref().unwrap_or("no label"),
            file.text.lines().count()
        );
    }
    let detection = detect(&files);
    if detection.is_none() {
        eprintln!("nothing detected; the files were read as:");
        for verdict in read_files(&files) {
            eprintln!(
                "  {} language {:?} role {:?} lines {}",
                verdict.file, verdict.language, verdict.role, verdict.lines
            );
        }
    }
    match serde_json::to_string_pretty(&detection) {
        Ok(json) => print_all(&(json + "\n")),
        Err(e) => {
            eprintln!("cannot print the detection: {e}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let mut corpus = None;
    let mut task = None;
    let mut verbose = false;
    let mut answer = Answer::Ideal;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--model" => answer = Answer::Model,
            "--task" => match args.next() {
                Some(dir) => task = Some(PathBuf::from(dir)),
                None => {
                    eprintln!("--task needs a task directory\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => corpus = Some(PathBuf::from(other)),
        }
    }
    if let Some(dir) = task {
        return show_task(&dir, answer);
    }
    let Some(corpus) = corpus else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let dirs = match task_dirs(&corpus) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}: cannot list: {e}", corpus.display());
            return ExitCode::from(2);
        }
    };

    let mut overall = Tally::default();
    let mut per_group: BTreeMap<String, Tally> = BTreeMap::new();
    let mut per_basis: BTreeMap<String, Tally> = BTreeMap::new();
    let mut disagreements: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut details: Vec<String> = Vec::new();
    let (mut no_answer, mut no_code, mut no_metadata) = (0usize, 0usize, Vec::new());

    for dir in &dirs {
        let group = dir.parent().map(name_of).unwrap_or_default();
        let id = format!("{group}/{}", name_of(dir));
        let task = load_task(dir);
        let Some(files) = answer_files(&task, answer) else {
            no_answer += 1;
            continue;
        };
        if files.is_empty() {
            no_code += 1;
            continue;
        }
        let recorded = task
            .metadata
            .as_ref()
            .and_then(|m| Some((m.platform?, m.language?)));
        let Some((platform, language)) = recorded else {
            no_metadata.push(id);
            continue;
        };
        let detection = detect(&files);
        let agrees = detection
            .as_ref()
            .is_some_and(|d| d.platform == platform && d.language.same_as(language));
        let basis = detection
            .as_ref()
            .map(|d| format!("{:?}", d.language_basis))
            .unwrap_or_else(|| "nothing detected".into());
        for tally in [
            &mut overall,
            per_group.entry(group).or_default(),
            per_basis.entry(basis).or_default(),
        ] {
            tally.compared += 1;
            tally.agreed += usize::from(agrees);
        }
        if agrees {
            continue;
        }
        let found = match &detection {
            Some(d) => format!("detected {}/{}", d.platform, d.language),
            None => "detected nothing".to_string(),
        };
        let kind = format!("metadata {platform}/{language}, {found}");
        if verbose {
            let why = detection.as_ref().map(describe).unwrap_or_default();
            details.push(format!("{id}: {kind}\n{why}"));
        }
        disagreements.entry(kind).or_default().push(id);
    }

    // The report is written at once: a reader that stops early (`| head`) ends the output
    // without an error.
    let mut out = String::new();
    let which = match answer {
        Answer::Ideal => "ideal answers (lib/IDEAL_RESPONSE.md)",
        Answer::Model => "final model answers (lib/MODEL_RESPONSE*.md)",
    };
    let _ = writeln!(
        out,
        "agreement on {which}: {}/{} tasks = {:.2}%",
        overall.agreed,
        overall.compared,
        overall.share()
    );
    let _ = writeln!(
        out,
        "not compared: {no_answer} without the answer, {no_code} whose answer has no code, {} without a readable platform/language in metadata.json",
        no_metadata.len()
    );
    if !no_metadata.is_empty() {
        let _ = writeln!(out, "  without metadata: {}", no_metadata.join(" "));
    }
    let _ = writeln!(out, "\nper platform directory:");
    for (group, tally) in &per_group {
        let _ = writeln!(
            out,
            "  {group:<22} {:>4}/{:<4} {:>6.2}%",
            tally.agreed,
            tally.compared,
            tally.share()
        );
    }
    let _ = writeln!(out, "\nby where the detected language came from:");
    for (basis, tally) in &per_basis {
        let _ = writeln!(
            out,
            "  {basis:<22} {:>4}/{:<4} agree {:>6.2}%",
            tally.agreed,
            tally.compared,
            tally.share()
        );
    }
    let _ = writeln!(out, "\ndisagreements by kind:");
    let mut kinds: Vec<(&String, &Vec<String>)> = disagreements.iter().collect();
    kinds.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (kind, ids) in kinds {
        let _ = writeln!(out, "  {kind}: {} tasks: {}", ids.len(), ids.join(" "));
    }
    if verbose {
        let _ = writeln!(out, "\ndetails:");
        for detail in details {
            let _ = writeln!(out, "{detail}");
        }
    }
    print_all(&out)
}

/// Writes the report to stdout; a closed pipe is not an error worth reporting.
fn print_all(report: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(report.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the report: {e}");
            ExitCode::from(2)
        }
    }
}
