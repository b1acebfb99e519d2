//! Measures the Terraform front-end over a corpus of tasks.
//!
//! ```text
//! cargo run --release -p iacgrade-frontend-hcl --example hcl-ir-coverage -- /work/shared/corpus [--list] [--problems]
//! ```
//!
//! For every platform directory whose name starts with `tf`, each task's
//! ideal answer is split into code files by the extract stage and parsed. A task counts as *with code* when its answer
//! has a fenced block that could hold HCL (labelled hcl/terraform/tf, unlabelled, or an odd
//! label) or is a bare HCL document; *covered* when the graph has at least one resource. Prose-only answers,
//! answers whose blocks are all in other languages (shell, Python, text: column `other`) and
//! placeholders are counted apart, and so are answers with code that declares no resource at all
//! (column `no-decl`, see `declares_resources`). `--list` prints the tasks not covered and those; `--problems` every diagnostic of the ideal answers.
//! Then every task of the corpus (all platforms), model and ideal answers, is parsed again to
//! time the front-end: the time printed is the front-end's alone (loading and extraction excluded).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iacgrade_extract::{extract_answer, AnswerForm};
use iacgrade_task::{load_task, Origin, Platform, SourceFile, TextDocument};

/// What an answer document holds: the extract stage's form, with fenced answers whose blocks are
/// all in other languages told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Fenced,
    /// Fenced blocks, but none in a language a template could be in (shell, Python, text, ...).
    FencedOtherLanguages,
    Bare,
    ProseOnly,
    Placeholder,
}

/// The answer's code files (by the extract stage) and its form for this measurement.
fn split(doc: &TextDocument, origin: Origin) -> (Vec<SourceFile>, Form) {
    let extraction = extract_answer(doc, origin);
    let form = match extraction.form {
        AnswerForm::Fenced => {
            let any_candidate = extraction.files.iter().any(|f| {
                !f.declared_language
                    .as_deref()
                    .is_some_and(is_other_language)
            });
            if any_candidate {
                Form::Fenced
            } else {
                Form::FencedOtherLanguages
            }
        }
        AnswerForm::Bare => Form::Bare,
        AnswerForm::ProseOnly => Form::ProseOnly,
        AnswerForm::Placeholder | AnswerForm::Empty => Form::Placeholder,
    };
    (extraction.files, form)
}

/// Fence labels of languages no Terraform configuration is written in.
fn is_other_language(label: &str) -> bool {
    const OTHER: &[&str] = &[
        "bash",
        "sh",
        "shell",
        "zsh",
        "console",
        "text",
        "txt",
        "plaintext",
        "python",
        "py",
        "typescript",
        "ts",
        "javascript",
        "js",
        "markdown",
        "md",
        "mermaid",
        "dockerfile",
        "yaml",
        "yml",
        "json",
        "go",
        "java",
        "rego",
        "ini",
        "toml",
        "sql",
        "diff",
    ];
    OTHER.contains(&label.to_ascii_lowercase().as_str())
}

/// Whether the answer's text declares a resource at all (a `resource`, `data` or `module` block
/// opening a line). Answers that show only providers, variables and outputs — their resources
/// live in project files the corpus does not carry — are counted apart, not as misses.
fn declares_resources(text: &str) -> bool {
    text.lines().any(|line| {
        let t = line.trim_start();
        ["resource", "module", "data"].iter().any(|k| {
            t.strip_prefix(k).is_some_and(|rest| {
                rest.trim_start().starts_with('"') && rest.starts_with([' ', '\t'])
            })
        })
    })
}

/// Time this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`), so the figure
/// does not grow when other processes share the machine.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn task_dirs(platform_dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(platform_dir)
        .map(|it| {
            it.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

#[derive(Default)]
struct Tally {
    tasks: usize,
    with_code: usize,
    covered: usize,
    prose_only: usize,
    other_languages: usize,
    declares_nothing: usize,
    placeholder: usize,
    missing: usize,
    resources: usize,
    problems: usize,
    uncovered: Vec<String>,
    not_declaring: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(corpus) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: ir-coverage CORPUS_DIR [--list] [--problems]");
        std::process::exit(2);
    };
    let list = args.iter().any(|a| a == "--list");
    let show_problems = args.iter().any(|a| a == "--problems");
    let mut platform_dirs: Vec<PathBuf> = task_dirs(&corpus);
    platform_dirs.sort();

    println!("Terraform front-end: ideal answers with >= 1 resource");
    println!(
        "{:<22} {:>6} {:>9} {:>8} {:>7} {:>6} {:>6} {:>7} {:>6} {:>9} {:>8}",
        "platform dir",
        "tasks",
        "with code",
        "covered",
        "share",
        "prose",
        "other",
        "no-decl",
        "placeh",
        "resources",
        "problems"
    );
    for dir in &platform_dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.starts_with("tf") {
            continue;
        }
        let mut tally = Tally::default();
        for task_dir in task_dirs(dir) {
            tally.tasks += 1;
            let task = load_task(&task_dir);
            let Some(ideal) = task.ideal_response.as_ref() else {
                tally.missing += 1;
                continue;
            };
            let (files, form) = split(ideal, Origin::IdealResponse);
            match form {
                Form::ProseOnly => tally.prose_only += 1,
                Form::FencedOtherLanguages => tally.other_languages += 1,
                Form::Placeholder => tally.placeholder += 1,
                Form::Fenced | Form::Bare if !declares_resources(&ideal.text) => {
                    tally.declares_nothing += 1;
                    tally.not_declaring.push(task_dir.display().to_string());
                }
                Form::Fenced | Form::Bare => {
                    tally.with_code += 1;
                    let graph = iacgrade_frontend_hcl::parse(&files, Some(Platform::Tf));
                    tally.resources += graph.resources.len();
                    tally.problems += graph.problems.len();
                    if show_problems {
                        for p in &graph.problems {
                            println!("    problem: {}: {p}", task_dir.display());
                        }
                    }
                    if graph.resources.is_empty() {
                        let first = graph
                            .problems
                            .first()
                            .map(|p| p.to_string())
                            .unwrap_or_else(|| "no resource found".into());
                        tally
                            .uncovered
                            .push(format!("{}: {}", task_dir.display(), first));
                    } else {
                        tally.covered += 1;
                    }
                }
            }
        }
        let share = if tally.with_code == 0 {
            100.0
        } else {
            100.0 * tally.covered as f64 / tally.with_code as f64
        };
        println!(
            "{:<22} {:>6} {:>9} {:>8} {:>6.1}% {:>6} {:>6} {:>7} {:>6} {:>9} {:>8}{}",
            name,
            tally.tasks,
            tally.with_code,
            tally.covered,
            share,
            tally.prose_only,
            tally.other_languages,
            tally.declares_nothing,
            tally.placeholder,
            tally.resources,
            tally.problems,
            if tally.missing > 0 {
                format!("  ({} without ideal answer)", tally.missing)
            } else {
                String::new()
            }
        );
        if list {
            for u in &tally.uncovered {
                println!("    not covered: {u}");
            }
            for u in &tally.not_declaring {
                println!("    declares no resource: {u}");
            }
        }
    }

    // Speed: every task of the corpus, model and ideal answers, through this front-end.
    let mut parse_time = Duration::ZERO;
    let mut cpu_time = Duration::ZERO;
    let mut slowest: Vec<(Duration, String, String)> = Vec::new();
    let mut answers = 0usize;
    let mut files_seen = 0usize;
    let mut resources = 0usize;
    let started = Instant::now();
    for dir in &platform_dirs {
        for task_dir in task_dirs(dir) {
            let task = load_task(&task_dir);
            let platform = task.metadata.as_ref().and_then(|m| m.platform);
            let docs = task
                .model_responses
                .last()
                .map(|d| (d, Origin::ModelResponse))
                .into_iter()
                .chain(
                    task.ideal_response
                        .as_ref()
                        .map(|d| (d, Origin::IdealResponse)),
                );
            for (doc, origin) in docs {
                let (files, _) = split(doc, origin);
                files_seen += files.len();
                answers += 1;
                let t = Instant::now();
                let cpu_before = thread_cpu_time();
                let graph = iacgrade_frontend_hcl::parse(&files, platform);
                let took = t.elapsed();
                if let (Some(a), Some(b)) = (cpu_before, thread_cpu_time()) {
                    cpu_time += b.saturating_sub(a);
                }
                parse_time += took;
                slowest.push((took, doc.path.clone(), task_dir.display().to_string()));
                resources += graph.resources.len();
            }
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    if list {
        for (took, doc, task) in slowest.iter().take(5) {
            println!(
                "    slowest: {:.1} ms {task}/{doc}",
                took.as_secs_f64() * 1000.0
            );
        }
    }
    println!(
        "\nspeed: {answers} answers ({files_seen} code blocks) of the whole corpus: front-end {:.3} s, \
         {resources} resources (on-CPU {:.3} s); whole pass incl. loading and splitting {:.2} s",
        parse_time.as_secs_f64(),
        cpu_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
