//! Measures the template front-ends — CloudFormation and Terraform — over a corpus of tasks.
//!
//! ```text
//! cargo run --release -p iacgrade-engine --example template-ir-coverage -- /work/shared/corpus [--list] [--problems]
//! ```
//!
//! For every platform directory of a front-end (`cfn*` and `CloudFormation*` for CloudFormation,
//! `tf*` for Terraform), each task's ideal answer is split into code files by the extract stage
//! and parsed. A task counts as *with code* when its answer has a fenced block that could hold
//! the front-end's language (labelled so, unlabelled, or an odd label) or is a bare document;
//! *covered* when the graph has at least one resource. Prose-only answers, answers whose blocks
//! are all in other languages (shell, Python, text: column `other`) and placeholders are counted
//! apart, and so are answers with code that declares no resource at all (column `no-decl`, see
//! each front-end's `declares`). `--list` prints the tasks not covered and those; `--problems`
//! every diagnostic of the ideal answers. Then every task of the corpus (all platforms), model and
//! ideal answers, is parsed again by each front-end to time it: the time printed is the
//! front-end's alone (loading and extraction excluded).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iacgrade_extract::{extract_answer, AnswerForm};
use iacgrade_ir::ResourceGraph;
use iacgrade_task::{load_task, Origin, Platform, SourceFile, TextDocument};

/// What an answer document holds: the extract stage's form, with fenced answers whose blocks are
/// all in other languages told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Fenced,
    /// Fenced blocks, but none in a language the front-end reads (shell, Python, text, ...).
    FencedOtherLanguages,
    Bare,
    ProseOnly,
    Placeholder,
}

/// The answer's code files (by the extract stage) and its form for this measurement.
fn split(front: &FrontEnd, doc: &TextDocument, origin: Origin) -> (Vec<SourceFile>, Form) {
    let extraction = extract_answer(doc, origin);
    let form = match extraction.form {
        AnswerForm::Fenced => {
            let any_candidate = extraction.files.iter().any(|f| {
                !f.declared_language
                    .as_deref()
                    .is_some_and(|l| front.is_other_language(l))
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

/// One front-end as this measurement sees it.
struct FrontEnd {
    name: &'static str,
    /// Whether a platform directory of the corpus holds this front-end's tasks.
    measures_dir: fn(&str) -> bool,
    /// Fence labels of this front-end's own languages (never "other languages").
    own_labels: &'static [&'static str],
    /// Whether an answer's text declares a resource at all.
    declares: fn(&str) -> bool,
    parse: fn(&[SourceFile], Option<Platform>) -> ResourceGraph,
    platform: Platform,
}

const FRONT_ENDS: [FrontEnd; 2] = [
    FrontEnd {
        name: "CloudFormation",
        measures_dir: |name| name.starts_with("cfn") || name.starts_with("CloudFormation"),
        own_labels: &["yaml", "yml", "json"],
        declares: template_declares_resources,
        parse: iacgrade_frontend_cfn::parse,
        platform: Platform::Cfn,
    },
    FrontEnd {
        name: "Terraform",
        measures_dir: |name| name.starts_with("tf"),
        own_labels: &["hcl", "terraform"],
        declares: configuration_declares_resources,
        parse: iacgrade_frontend_hcl::parse,
        platform: Platform::Tf,
    },
];

/// Fence labels of languages neither front-end reads, and of both front-ends' own languages.
const LABELS: &[&str] = &[
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
    "hcl",
    "terraform",
    "go",
    "java",
    "rego",
    "ini",
    "toml",
    "sql",
    "diff",
];

impl FrontEnd {
    /// Whether a fence label names a language this front-end's documents are never written in.
    fn is_other_language(&self, label: &str) -> bool {
        let label = label.to_ascii_lowercase();
        LABELS.contains(&label.as_str()) && !self.own_labels.contains(&label.as_str())
    }
}

/// Whether the answer's text declares a resource at all: a `Type` naming a resource type
/// (`AWS::S3::Bucket`, `Custom::X`; parameter types such as `AWS::EC2::Image::Id` do not count).
/// Answers that only outline a template are counted apart, not as misses.
fn template_declares_resources(text: &str) -> bool {
    text.lines().any(|line| {
        let Some(at) = line.find("Type") else {
            return false;
        };
        let rest = line[at + 4..].trim_start_matches(['"', '\'', ':', ' ', '\t']);
        let token: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect();
        let after = rest[token.len()..].trim_start();
        let ends = after.is_empty() || after.starts_with(['"', '\'', ',', '#']);
        let parts: Vec<&str> = token.split("::").collect();
        ends && match parts.as_slice() {
            ["Custom", name] => !name.is_empty(),
            [a, b, c] => !a.is_empty() && !b.is_empty() && !c.is_empty(),
            _ => false,
        }
    })
}

/// Whether the answer's text declares a resource at all (a `resource`, `data` or `module` block
/// opening a line). Answers that show only providers, variables and outputs — their resources
/// live in project files the corpus does not carry — are counted apart, not as misses.
fn configuration_declares_resources(text: &str) -> bool {
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
        eprintln!("usage: template-ir-coverage CORPUS_DIR [--list] [--problems]");
        std::process::exit(2);
    };
    let list = args.iter().any(|a| a == "--list");
    let show_problems = args.iter().any(|a| a == "--problems");
    let mut platform_dirs: Vec<PathBuf> = task_dirs(&corpus);
    platform_dirs.sort();

    for front in &FRONT_ENDS {
        coverage(front, &platform_dirs, list, show_problems);
    }
    for front in &FRONT_ENDS {
        speed(front, &platform_dirs, list);
    }
}

/// The coverage table of one front-end over its own platform directories.
fn coverage(front: &FrontEnd, platform_dirs: &[PathBuf], list: bool, show_problems: bool) {
    println!("{} front-end: ideal answers with >= 1 resource", front.name);
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
    for dir in platform_dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !(front.measures_dir)(&name) {
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
            let (files, form) = split(front, ideal, Origin::IdealResponse);
            match form {
                Form::ProseOnly => tally.prose_only += 1,
                Form::FencedOtherLanguages => tally.other_languages += 1,
                Form::Placeholder => tally.placeholder += 1,
                Form::Fenced | Form::Bare if !(front.declares)(&ideal.text) => {
                    tally.declares_nothing += 1;
                    tally.not_declaring.push(task_dir.display().to_string());
                }
                Form::Fenced | Form::Bare => {
                    tally.with_code += 1;
                    let graph = (front.parse)(&files, Some(front.platform));
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
                            .unwrap_or_else(|| "no template found".into());
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

    println!();
}

/// Every task of the corpus, model and ideal answers, through one front-end.
fn speed(front: &FrontEnd, platform_dirs: &[PathBuf], list: bool) {
    let mut parse_time = Duration::ZERO;
    let mut cpu_time = Duration::ZERO;
    let mut slowest: Vec<(Duration, String, String)> = Vec::new();
    let mut answers = 0usize;
    let mut files_seen = 0usize;
    let mut resources = 0usize;
    let started = Instant::now();
    for dir in platform_dirs {
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
                let (files, _) = split(front, doc, origin);
                files_seen += files.len();
                answers += 1;
                let t = Instant::now();
                let cpu_before = thread_cpu_time();
                let graph = (front.parse)(&files, platform);
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
        "{} speed: {answers} answers ({files_seen} code blocks) of the whole corpus: front-end {:.3} s, \
         {resources} resources (on-CPU {:.3} s); whole pass incl. loading and splitting {:.2} s",
        front.name,
        parse_time.as_secs_f64(),
        cpu_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
