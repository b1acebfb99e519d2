//! Measures how often detection agrees with the platform and language metadata.json records.
//!
//! ```text
//! cargo run --release -p iacgrade-detect --example detect-agreement -- /work/shared/corpus [--verbose]
//! ```
//!
//! For every task under `CORPUS/<platform dir>/<task>` whose ideal answer (lib/IDEAL_RESPONSE.md)
//! contains code, the files extracted from it are given to `detect` and the result is compared
//! with metadata.json (normalised; yaml and yml are the same language). Prints the agreement
//! overall and per platform directory, then the disagreements grouped by kind with their task
//! ids. `--verbose` adds, for every disagreement, the scores and evidence behind the verdict.
//! `--task DIR` prints the whole detection of one task (every file's reading) as JSON instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iacgrade_detect::{detect, read_files, Detection};
use iacgrade_extract::extract_answer;
use iacgrade_task::{load_task, Origin};

/// Tasks that were not compared, by reason.
#[derive(Default)]
struct Skipped {
    no_ideal: Vec<String>,
    no_code: Vec<String>,
    no_metadata: Vec<String>,
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
    let mut dirs = Vec::new();
    let mut groups: Vec<PathBuf> = std::fs::read_dir(corpus)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    groups.sort();
    for group in groups {
        let mut tasks: Vec<PathBuf> = std::fs::read_dir(&group)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        tasks.sort();
        dirs.extend(tasks);
    }
    Ok(dirs)
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
        "    scores: {}; language {:?}",
        scores.join(", "),
        detection.language_basis
    )];
    for e in &detection.evidence {
        lines.push(format!(
            "    {}:{} {}",
            e.file,
            e.line.map(|l| l.to_string()).unwrap_or_default(),
            e.text
        ));
    }
    lines.join("\n")
}

/// Prints one task's detection, file by file, as JSON.
fn show_task(dir: &Path) -> ExitCode {
    let task = load_task(dir);
    for diagnostic in &task.diagnostics {
        eprintln!("{diagnostic}");
    }
    let Some(ideal) = &task.ideal_response else {
        eprintln!("{}: no lib/IDEAL_RESPONSE.md", dir.display());
        return ExitCode::from(2);
    };
    let extraction = extract_answer(ideal, Origin::IdealResponse);
    for file in &extraction.files {
        eprintln!(
            "extracted {} ({}, {} lines)",
            file.display_name(),
            file.declared_language.as_deref().unwrap_or("no label"),
            file.text.lines().count()
        );
    }
    let detection = detect(&extraction.files);
    if detection.is_none() {
        eprintln!("nothing detected; the files were read as:");
        for verdict in read_files(&extraction.files) {
            eprintln!(
                "  {} language {:?} role {:?} lines {}",
                verdict.file, verdict.language, verdict.role, verdict.lines
            );
        }
    }
    match serde_json::to_string_pretty(&detection) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot print the detection: {e}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let mut corpus = None;
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--task" => {
                let Some(dir) = args.next() else {
                    eprintln!("--task needs a task directory");
                    return ExitCode::from(2);
                };
                return show_task(Path::new(&dir));
            }
            "--help" | "-h" => {
                println!("usage: detect-agreement CORPUS_DIR [--verbose] | --task TASK_DIR");
                return ExitCode::SUCCESS;
            }
            other => corpus = Some(PathBuf::from(other)),
        }
    }
    let Some(corpus) = corpus else {
        eprintln!("usage: detect-agreement CORPUS_DIR [--verbose]");
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
    let mut disagreements: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut details: Vec<String> = Vec::new();
    let mut skipped = Skipped::default();

    for dir in &dirs {
        let group = dir.parent().map(name_of).unwrap_or_default();
        let id = format!("{group}/{}", name_of(dir));
        let task = load_task(dir);
        let Some(ideal) = &task.ideal_response else {
            skipped.no_ideal.push(id);
            continue;
        };
        let extraction = extract_answer(ideal, Origin::IdealResponse);
        if extraction.files.is_empty() {
            skipped.no_code.push(id);
            continue;
        }
        let recorded = task
            .metadata
            .as_ref()
            .and_then(|m| Some((m.platform?, m.language?)));
        let Some((platform, language)) = recorded else {
            skipped.no_metadata.push(id);
            continue;
        };
        let detection = detect(&extraction.files);
        let agrees = detection
            .as_ref()
            .is_some_and(|d| d.platform == platform && d.language.same_as(language));
        overall.compared += 1;
        let tally = per_group.entry(group).or_default();
        tally.compared += 1;
        if agrees {
            overall.agreed += 1;
            tally.agreed += 1;
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

    println!(
        "agreement: {}/{} tasks = {:.2}%",
        overall.agreed,
        overall.compared,
        overall.share()
    );
    println!(
        "not compared: {} without IDEAL_RESPONSE.md, {} whose ideal answer has no code, {} without a readable platform/language in metadata.json",
        skipped.no_ideal.len(),
        skipped.no_code.len(),
        skipped.no_metadata.len()
    );
    if !skipped.no_metadata.is_empty() {
        println!("  without metadata: {}", skipped.no_metadata.join(" "));
    }
    println!("\nper platform directory:");
    for (group, tally) in &per_group {
        println!(
            "  {group:<22} {:>4}/{:<4} {:>6.2}%",
            tally.agreed,
            tally.compared,
            tally.share()
        );
    }
    println!("\ndisagreements by kind:");
    let mut kinds: Vec<(&String, &Vec<String>)> = disagreements.iter().collect();
    kinds.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (kind, ids) in kinds {
        println!("  {kind}: {} tasks: {}", ids.len(), ids.join(" "));
    }
    if verbose {
        println!("\ndetails:");
        for detail in details {
            println!("{detail}");
        }
    }
    ExitCode::SUCCESS
}
