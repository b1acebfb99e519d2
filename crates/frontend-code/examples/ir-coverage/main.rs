//! Measures the front-end over a corpus of tasks: per platform directory, the share of tasks
//! whose ideal answer contains code and yields at least one resource, and the time to build the
//! IR of both answers of every task.
//!
//! The headline share counts only the answers whose code declares a resource: those where the
//! front-end found one, and those where the syntactic rule of [`declared`] finds a call of an
//! infrastructure class. Answers with code but no such call (an orchestrator whose stacks live in
//! files it does not show, tests only, shell commands, configuration) are counted in the column
//! `undeclared` and listed in the misses file as `no resource declared in the code shown`.
//!
//! ```text
//! cargo run --release -p iacgrade-frontend-code --example ir-coverage -- /work/shared/corpus
//! ```
//!
//! Options: `--skip-ir` loads and extracts only (the baseline to subtract when measuring CPU
//! time with `/usr/bin/time -v`); `--jobs N` worker threads (default 2, the size of the target machine);
//! `--misses FILE` writes the tasks without a resource (one per line, with why, then one
//! indented line per file extracted from the answer: name, fence language, lines, whether read);
//! `--counts FILE` writes each task's number of ideal-answer resources;
//! `--unlowered FILE` writes, per task, the calls of infrastructure classes (see `declared`) at
//! whose line the front-end recorded no resource (a lead to constructs it does not follow);
//! `--platform-dirs a,b` limits the platform directories measured for coverage (default: the
//! Pulumi, CDK and CDKTF directories in Python, TypeScript and JavaScript). Timing always covers
//! every task of every directory, both answers.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use iacgrade_extract::{extract_answer, AnswerForm};
use iacgrade_task::{load_task, Origin};

mod declared;

/// How many unmapped source types the report lists.
const UNMAPPED_SHOWN: usize = 15;

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
    /// Code, but no call of an infrastructure class in it (see `declared`).
    undeclared: usize,
    resources: usize,
}

/// What one task gave.
struct TaskResult {
    dir: String,
    id: String,
    parse_time: Duration,
    /// Resources of both answers.
    resources: usize,
    /// `None` when the task has no ideal answer.
    ideal: Option<IdealResult>,
}

struct IdealResult {
    form: AnswerForm,
    kinds: Vec<String>,
    files: usize,
    files_of_ours: usize,
    problems: Vec<String>,
    /// One line per extracted file: name, declared language, lines, whether this front-end reads it.
    file_notes: Vec<String>,
    /// The calls of infrastructure classes in the code shown (see `declared`), found when no
    /// resource was, or for every task with `--unlowered`.
    calls: Vec<declared::ResourceCall>,
    /// Those of `calls` at whose line the front-end recorded no resource.
    unlowered: Vec<String>,
    parse_time: Duration,
}

/// `--unlowered`: find the infrastructure-class calls of every ideal answer, not only of those
/// without a resource.
static UNLOWERED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--skip-ir`: load and extract only, to measure what the IR adds to a run's CPU time.
static SKIP_IR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn parse(
    files: &[iacgrade_task::SourceFile],
    platform: Option<iacgrade_task::Platform>,
) -> iacgrade_ir::ResourceGraph {
    if SKIP_IR.load(Ordering::Relaxed) {
        return iacgrade_ir::ResourceGraph::default();
    }
    iacgrade_frontend_code::parse(files, platform)
}

fn measure(dir: &str, task_dir: &Path) -> TaskResult {
    let task = load_task(task_dir);
    let platform = task.metadata.as_ref().and_then(|m| m.platform);
    let mut parse_time = Duration::ZERO;
    let mut resources = 0;
    // Both answers, as the pipeline would: the model's final answer and the ideal one.
    if let Some(model) = task.final_model_response() {
        let files = extract_answer(model, Origin::ModelResponse).files;
        let t = Instant::now();
        let g = parse(&files, platform);
        parse_time += t.elapsed();
        resources += g.resources.len();
    }
    let ideal = task.ideal_response.as_ref().map(|doc| {
        let extraction = extract_answer(doc, Origin::IdealResponse);
        let t = Instant::now();
        let g = parse(&extraction.files, platform);
        let took = t.elapsed();
        parse_time += took;
        resources += g.resources.len();
        let calls = if (g.resources.is_empty() || UNLOWERED.load(Ordering::Relaxed))
            && !SKIP_IR.load(Ordering::Relaxed)
        {
            declared::resource_calls(&extraction.files, platform)
        } else {
            Vec::new()
        };
        let unlowered = calls
            .iter()
            .filter(|c| {
                !g.resources
                    .iter()
                    .any(|r| r.span.file == c.file && r.span.line == c.line as usize)
            })
            .map(|c| format!("{} line {}: {}", c.file, c.line, c.callee))
            .collect();
        IdealResult {
            form: extraction.form,
            kinds: g.resources.iter().map(|r| r.kind.clone()).collect(),
            files: extraction.files.len(),
            files_of_ours: extraction
                .files
                .iter()
                .filter(|f| iacgrade_frontend_code::code_language(f).is_some())
                .count(),
            problems: g.problems.iter().map(|p| p.to_string()).collect(),
            file_notes: extraction
                .files
                .iter()
                .map(|f| {
                    format!(
                        "{} (from line {}) [{}] {} lines{}",
                        f.display_name(),
                        f.first_line,
                        f.declared_language.as_deref().unwrap_or("-"),
                        f.text.lines().count(),
                        match iacgrade_frontend_code::code_language(f) {
                            Some(l) if iacgrade_frontend_code::is_test_file(f, l) => " (test)",
                            Some(_) => " (read)",
                            None => "",
                        }
                    )
                })
                .collect(),
            calls,
            unlowered,
            parse_time: took,
        }
    });
    TaskResult {
        dir: dir.to_string(),
        id: task.id,
        parse_time,
        resources,
        ideal,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut corpus: Option<PathBuf> = None;
    let mut misses_path: Option<PathBuf> = None;
    let mut counts_path: Option<PathBuf> = None;
    let mut unlowered_path: Option<PathBuf> = None;
    let mut jobs = 2usize;
    let mut dirs: Vec<String> = OUR_DIRS.iter().map(|s| s.to_string()).collect();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--misses" => misses_path = args.next().map(PathBuf::from),
            "--skip-ir" => SKIP_IR.store(true, Ordering::Relaxed),
            "--counts" => counts_path = args.next().map(PathBuf::from),
            "--unlowered" => {
                unlowered_path = args.next().map(PathBuf::from);
                UNLOWERED.store(true, Ordering::Relaxed);
            }
            "--jobs" => jobs = args.next().and_then(|j| j.parse().ok()).unwrap_or(2).max(1),
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
        eprintln!("usage: ir-coverage CORPUS_DIR [--jobs N] [--misses FILE] [--platform-dirs a,b]");
        std::process::exit(2);
    };
    let platform_dirs = match list_dirs(&corpus) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}: {e}", corpus.display());
            std::process::exit(2);
        }
    };
    let mut work: Vec<(String, PathBuf)> = Vec::new();
    for dir in &platform_dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for task_dir in list_dirs(dir).unwrap_or_default() {
            work.push((name.clone(), task_dir));
        }
    }

    let wall = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<TaskResult>> = Mutex::new(Vec::with_capacity(work.len()));
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((dir, task_dir)) = work.get(i) else {
                    break;
                };
                let r = measure(dir, task_dir);
                if let Ok(mut all) = results.lock() {
                    all.push(r);
                }
            });
        }
    });
    let elapsed = wall.elapsed();
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| (&a.dir, &a.id).cmp(&(&b.dir, &b.id)));

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut unlowered: Vec<String> = Vec::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let parse_time: Duration = results.iter().map(|r| r.parse_time).sum();
    let total_resources: usize = results.iter().map(|r| r.resources).sum();
    for r in &results {
        if !dirs.contains(&r.dir) {
            continue;
        }
        let row = rows.entry(r.dir.clone()).or_default();
        row.tasks += 1;
        let Some(ideal) = &r.ideal else {
            row.no_ideal += 1;
            misses.push(format!("{}/{}\tno ideal answer", r.dir, r.id));
            continue;
        };
        for kind in &ideal.kinds {
            if !kind.starts_with("AWS::") && !kind.starts_with("Custom::") {
                *unmapped.entry(kind.clone()).or_default() += 1;
            }
        }
        match ideal.form {
            AnswerForm::Fenced | AnswerForm::Bare => {
                row.with_code += 1;
                row.resources += ideal.kinds.len();
                if !ideal.unlowered.is_empty() {
                    unlowered.push(format!(
                        "{}/{}\t{} of {} calls without a resource\t{}",
                        r.dir,
                        r.id,
                        ideal.unlowered.len(),
                        ideal.calls.len(),
                        ideal.unlowered.join(" | ")
                    ));
                }
                if !ideal.kinds.is_empty() {
                    row.with_resource += 1;
                } else {
                    let why = match ideal.calls.first() {
                        Some(call) => format!(
                            "no resource found; the code declares one at {} line {}: {}",
                            call.file, call.line, call.callee
                        ),
                        None => {
                            row.undeclared += 1;
                            "no resource declared in the code shown".to_string()
                        }
                    };
                    misses.push(format!(
                        "{}/{}\t{why}\tcode files of ours: {}/{}\t{}",
                        r.dir,
                        r.id,
                        ideal.files_of_ours,
                        ideal.files,
                        ideal.problems.join(" | ")
                    ));
                    for note in &ideal.file_notes {
                        misses.push(format!("\t{note}"));
                    }
                }
            }
            AnswerForm::ProseOnly | AnswerForm::Placeholder | AnswerForm::Empty => {
                row.prose_or_placeholder += 1;
            }
        }
    }
    println!(
        "{:<14} {:>6} {:>6} {:>11} {:>10} {:>6} {:>8} {:>9} {:>7} {:>9} {:>9}",
        "platform",
        "tasks",
        "code",
        "undeclared",
        "declaring",
        "≥1 res",
        "share",
        "share-all",
        "prose",
        "no-ideal",
        "resources"
    );
    for (name, row) in &rows {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let declaring = row.with_code - row.undeclared;
        println!(
            "{:<14} {:>6} {:>6} {:>11} {:>10} {:>6} {:>7.1}% {:>8.1}% {:>7} {:>9} {:>9}",
            name,
            row.tasks,
            row.with_code,
            row.undeclared,
            declaring,
            row.with_resource,
            pct(row.with_resource, declaring),
            pct(row.with_resource, row.with_code),
            row.prose_or_placeholder,
            row.no_ideal,
            row.resources
        );
    }
    println!(
        "(code: the ideal answer contains code; undeclared: no resource declared in the code \
         shown; declaring = code - undeclared; share = ≥1 res / declaring; share-all = ≥1 res / code)"
    );
    println!(
        "\nspeed: {} tasks, both answers, {jobs} threads: IR (this front-end) {:.2} s summed over threads; \
         load + extract + IR {:.2} s wall; {total_resources} resources",
        results.len(),
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
    for (kind, n) in unmapped.iter().take(UNMAPPED_SHOWN) {
        println!("  {n:>5}  {kind}");
    }
    let mut slowest: Vec<(Duration, String)> = results
        .iter()
        .filter_map(|r| {
            r.ideal
                .as_ref()
                .map(|i| (i.parse_time, format!("{}/{}", r.dir, r.id)))
        })
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!("slowest ideal answers:");
    for (d, what) in slowest.iter().take(5) {
        println!("  {:>8.1} ms  {what}", d.as_secs_f64() * 1000.0);
    }
    if let Some(path) = counts_path {
        match std::fs::File::create(&path) {
            Ok(mut f) => {
                for r in &results {
                    if let Some(i) = &r.ideal {
                        let _ = writeln!(f, "{}/{}\t{}", r.dir, r.id, i.kinds.len());
                    }
                }
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
    if let Some(path) = unlowered_path {
        match std::fs::File::create(&path) {
            Ok(mut f) => {
                for u in &unlowered {
                    let _ = writeln!(f, "{u}");
                }
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
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
