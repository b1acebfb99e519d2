//! Measures the front-end over a corpus of tasks: per platform directory, the share of tasks
//! whose ideal answer contains code and yields at least one resource, and the time to build the
//! IR of both answers of every task.
//!
//! ```text
//! cargo run --release -p iacgrade-frontend-code --example ir-coverage -- /work/shared/corpus
//! ```
//!
//! Options: `--misses FILE` writes the tasks without a resource (one per line, with why);
//! `--platform-dirs a,b` limits the platform directories measured for coverage (default: the
//! Pulumi, CDK and CDKTF directories in Python, TypeScript and JavaScript). Timing always covers
//! every task of every directory, both answers.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iacgrade_extract::{extract_answer, AnswerForm};
use iacgrade_task::{load_task, Origin};

const OUR_DIRS: &[&str] = &[
    "cdk-js",
    "cdk-py",
    "cdk-ts",
    "cdktf-py",
    "cdktf-python",
    "cdktf-ts",
    "pulumi-js",
    "pulumi-py",
    "pulumi-ts",
];

#[derive(Default)]
struct Row {
    tasks: usize,
    with_code: usize,
    with_resource: usize,
    prose_or_placeholder: usize,
    no_ideal: usize,
    /// Code blocks, but none in Python/TypeScript/JavaScript.
    no_code_of_ours: usize,
    resources: usize,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut corpus: Option<PathBuf> = None;
    let mut misses_path: Option<PathBuf> = None;
    let mut dirs: Vec<String> = OUR_DIRS.iter().map(|s| s.to_string()).collect();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--misses" => misses_path = args.next().map(PathBuf::from),
            "--platform-dirs" => {
                dirs = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(str::to_string)
                    .collect()
            }
            _ => corpus = Some(PathBuf::from(a)),
        }
    }
    let Some(corpus) = corpus else {
        eprintln!("usage: ir-coverage CORPUS_DIR [--misses FILE] [--platform-dirs a,b]");
        std::process::exit(2);
    };
    let platform_dirs = match list_dirs(&corpus) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}: {e}", corpus.display());
            std::process::exit(2);
        }
    };
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut parse_time = Duration::ZERO;
    let mut total_tasks = 0usize;
    let mut total_resources = 0usize;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    // Source types without a CloudFormation mapping, over the measured platforms' answers.
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let wall = Instant::now();
    for dir in &platform_dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let measured = dirs.contains(&name);
        let tasks = list_dirs(dir).unwrap_or_default();
        for task_dir in tasks {
            total_tasks += 1;
            let task = load_task(&task_dir);
            let platform = task.metadata.as_ref().and_then(|m| m.platform);
            // Both answers, as the pipeline would: the model's final answer and the ideal one.
            if let Some(model) = task.final_model_response() {
                let files = extract_answer(model, Origin::ModelResponse).files;
                let t = Instant::now();
                let g = iacgrade_frontend_code::parse(&files, platform);
                let took = t.elapsed();
                parse_time += took;
                slowest.push((took, format!("{name}/{} model", task.id)));
                total_resources += g.resources.len();
            }
            let row = rows.entry(name.clone()).or_default();
            if measured {
                row.tasks += 1;
            }
            let Some(ideal) = &task.ideal_response else {
                if measured {
                    row.no_ideal += 1;
                    misses.push(format!("{name}/{}\tno ideal answer", task.id));
                }
                continue;
            };
            let extraction = extract_answer(ideal, Origin::IdealResponse);
            let files = extraction.files;
            let t = Instant::now();
            let g = iacgrade_frontend_code::parse(&files, platform);
            let took = t.elapsed();
            parse_time += took;
            slowest.push((took, format!("{name}/{} ideal", task.id)));
            total_resources += g.resources.len();
            if !measured {
                continue;
            }
            for r in &g.resources {
                if !r.kind.starts_with("AWS::") && !r.kind.starts_with("Custom::") {
                    *unmapped.entry(r.kind.clone()).or_default() += 1;
                }
            }
            match extraction.form {
                AnswerForm::Fenced | AnswerForm::Bare => {
                    row.with_code += 1;
                    row.resources += g.resources.len();
                    if !g.resources.is_empty() {
                        row.with_resource += 1;
                    } else {
                        let ours = files
                            .iter()
                            .filter(|f| iacgrade_frontend_code::code_language(f).is_some())
                            .count();
                        if ours == 0 {
                            row.no_code_of_ours += 1;
                        }
                        let problems: Vec<String> =
                            g.problems.iter().map(|p| p.to_string()).collect();
                        misses.push(format!(
                            "{name}/{}\tno resource\tcode files of ours: {ours}/{}\t{}",
                            task.id,
                            files.len(),
                            problems.join(" | ")
                        ));
                    }
                }
                AnswerForm::ProseOnly | AnswerForm::Placeholder | AnswerForm::Empty => {
                    row.prose_or_placeholder += 1;
                }
            }
        }
    }
    let elapsed = wall.elapsed();
    println!(
        "{:<14} {:>6} {:>6} {:>6} {:>8} {:>7} {:>9} {:>8} {:>9}",
        "platform", "tasks", "code", "≥1 res", "share", "prose", "no-ideal", "no-ours", "resources"
    );
    for (name, row) in &rows {
        if !dirs.contains(name) {
            continue;
        }
        let share = if row.with_code == 0 {
            0.0
        } else {
            100.0 * row.with_resource as f64 / row.with_code as f64
        };
        println!(
            "{:<14} {:>6} {:>6} {:>6} {:>7.1}% {:>7} {:>9} {:>8} {:>9}",
            name,
            row.tasks,
            row.with_code,
            row.with_resource,
            share,
            row.prose_or_placeholder,
            row.no_ideal,
            row.no_code_of_ours,
            row.resources
        );
    }
    println!(
        "\nspeed: {total_tasks} tasks, both answers: IR (this front-end) {:.2} s; with loading and extraction {:.2} s wall; {total_resources} resources",
        parse_time.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    let mut unmapped: Vec<(String, usize)> = unmapped.into_iter().collect();
    unmapped.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let unmapped_total: usize = unmapped.iter().map(|(_, n)| n).sum();
    println!(
        "\nresources of the ideal answers without a CloudFormation kind: {unmapped_total} ({} types); most frequent:",
        unmapped.len()
    );
    for (kind, n) in unmapped.iter().take(25) {
        println!("  {n:>5}  {kind}");
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!("slowest answers:");
    for (d, what) in slowest.iter().take(8) {
        println!("  {:>8.1} ms  {what}", d.as_secs_f64() * 1000.0);
    }
    if let Some(path) = misses_path {
        match std::fs::File::create(&path) {
            Ok(mut f) => {
                for m in &misses {
                    let _ = writeln!(f, "{m}");
                }
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
}

fn list_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    Ok(out)
}
