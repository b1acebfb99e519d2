//! Runs every policy rule over a corpus of tasks and prints, per platform directory, how many
//! hits each rule has on the model answers and on the ideal answers (and in how many tasks),
//! plus the time taken.
//!
//! ```text
//! cargo run --release -p iacgrade-rules --example rules-corpus -- /work/shared/corpus
//! cargo run --release -p iacgrade-rules --example rules-corpus -- /work/shared/corpus --show NET001 --side ideal --limit 20
//! cargo run --release -p iacgrade-rules --example rules-corpus -- /work/shared/corpus/tf-hcl/Pr4265 --graph --show LOG002
//! ```
//!
//! Each answer is extracted (`iacgrade_extract`), parsed by every front-end (CloudFormation,
//! Terraform, code) and the graphs concatenated, as the pipeline does; the request is every
//! prompt of the task joined; the platform is the metadata's, else the directory's prefix.
//! Times are printed as wall time and as on-CPU time (Linux only), which does not grow with the
//! load of a shared machine; per-rule times are wall time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iacgrade_extract::extract_answer;
use iacgrade_ir::ResourceGraph;
use iacgrade_rules::{all_rules, RuleContext, RuleHit};
use iacgrade_task::{load_task, Origin, Platform, SourceFile, TextDocument};

struct Options {
    corpus: PathBuf,
    /// Print the ideal answer's graph (one line per resource) of each task run.
    graph: bool,
    show: Option<String>,
    show_side: String,
    limit: usize,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut corpus = None;
    let mut show = None;
    let mut show_side = "ideal".to_string();
    let mut limit = 20;
    let mut graph = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--show" => show = args.next(),
            "--graph" => graph = true,
            "--side" => show_side = args.next().ok_or("--side needs model or ideal")?,
            "--limit" => {
                limit = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--limit needs a number")?
            }
            other if corpus.is_none() => corpus = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    Ok(Options {
        corpus: corpus.ok_or(
            "usage: rules-corpus CORPUS_DIR|TASK_DIR [--show RULE] [--side ideal|model] [--limit N] [--graph]",
        )?,
        graph,
        show,
        show_side,
        limit,
    })
}

/// Every front-end over one answer's files, graphs concatenated.
fn graph_of(files: &[SourceFile], platform: Option<Platform>) -> ResourceGraph {
    let mut graph = iacgrade_frontend_cfn::parse(files, platform);
    for other in [
        iacgrade_frontend_hcl::parse(files, platform),
        iacgrade_frontend_code::parse(files, platform),
    ] {
        graph.absorb(other);
    }
    graph
}

#[derive(Default)]
struct Count {
    hits: usize,
    tasks: usize,
}

#[derive(Default)]
struct PlatformStats {
    tasks: usize,
    with_resources: [usize; 2],
    per_rule: BTreeMap<&'static str, [Count; 2]>,
}

fn main() {
    let options = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut task_dirs: Vec<(String, PathBuf)> = Vec::new();
    let Ok(platform_dirs) = std::fs::read_dir(&options.corpus) else {
        eprintln!("{}: not a readable directory", options.corpus.display());
        std::process::exit(2);
    };
    // A single task directory (it has lib/) is run alone, under its parent's name.
    if options.corpus.join("lib").is_dir() {
        let parent = options
            .corpus
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        task_dirs.push((parent, options.corpus.clone()));
    }
    for platform_dir in platform_dirs
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
    {
        let name = platform_dir.file_name().to_string_lossy().into_owned();
        if let Ok(tasks) = std::fs::read_dir(platform_dir.path()) {
            for task in tasks.filter_map(|e| e.ok()).filter(|e| e.path().is_dir()) {
                task_dirs.push((name.clone(), task.path()));
            }
        }
    }
    task_dirs.sort();

    let started = Instant::now();
    let mut parse_time = Duration::ZERO;
    let mut rules_time = Duration::ZERO;
    let mut parse_cpu = Duration::ZERO;
    let mut rules_cpu = Duration::ZERO;
    let mut stats: BTreeMap<String, PlatformStats> = BTreeMap::new();
    let mut shown = 0;
    let mut rule_times: BTreeMap<&'static str, Duration> = BTreeMap::new();
    let mut slow_answers: Vec<(Duration, usize, String)> = Vec::new();
    for (dir_name, path) in &task_dirs {
        let task = load_task(path);
        let platform = task
            .metadata
            .as_ref()
            .and_then(|m| m.platform)
            .or_else(|| Platform::parse(dir_name.split('-').next().unwrap_or_default()));
        let prompt: String = task
            .prompts
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let entry = stats.entry(dir_name.clone()).or_default();
        entry.tasks += 1;
        let sides: [(Option<&TextDocument>, Origin, &str); 2] = [
            (task.final_model_response(), Origin::ModelResponse, "model"),
            (task.ideal_response.as_ref(), Origin::IdealResponse, "ideal"),
        ];
        for (index, (document, origin, side_name)) in sides.into_iter().enumerate() {
            let Some(document) = document else { continue };
            let t = Instant::now();
            let cpu = thread_cpu_time();
            let extraction = extract_answer(document, origin);
            let graph = graph_of(&extraction.files, platform);
            parse_time += t.elapsed();
            let cpu_mid = thread_cpu_time();
            if let (Some(a), Some(b)) = (cpu, cpu_mid) {
                parse_cpu += b.saturating_sub(a);
            }
            if !graph.resources.is_empty() {
                entry.with_resources[index] += 1;
            }
            if options.graph && side_name == options.show_side {
                print_graph(&graph);
            }
            let t = Instant::now();
            let mut ctx = RuleContext::new(&graph);
            if let Some(p) = platform {
                ctx = ctx.with_platform(p);
            }
            if !prompt.is_empty() {
                ctx = ctx.with_prompt(&prompt);
            }
            let mut hits = Vec::new();
            for rule in all_rules() {
                let rt = Instant::now();
                hits.extend(rule.check(&ctx));
                *rule_times.entry(rule.id()).or_default() += rt.elapsed();
            }
            let answer_time = t.elapsed();
            rules_time += answer_time;
            if let (Some(a), Some(b)) = (cpu_mid, thread_cpu_time()) {
                rules_cpu += b.saturating_sub(a);
            }
            slow_answers.push((
                answer_time,
                graph.resources.len(),
                format!("{} {side_name}", path.display()),
            ));
            let mut seen_rules = std::collections::HashSet::new();
            for hit in &hits {
                let counts = entry.per_rule.entry(hit.rule).or_default();
                counts[index].hits += 1;
                if seen_rules.insert(hit.rule) {
                    counts[index].tasks += 1;
                }
                if options.show.as_deref() == Some(hit.rule)
                    && options.show_side == side_name
                    && shown < options.limit
                {
                    shown += 1;
                    print_hit(path, hit);
                }
            }
        }
    }
    let total = started.elapsed();
    if options.show.is_some() {
        println!();
    }
    print_table(&stats);
    println!(
        "\n{} tasks in {:.2?} wall (extract + front-ends {:.2?}, rules {:.2?}); on-CPU: extract + front-ends {:.2?}, rules {:.2?}",
        task_dirs.len(),
        total,
        parse_time,
        rules_time,
        parse_cpu,
        rules_cpu
    );
    let mut slowest: Vec<_> = rule_times.into_iter().collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.1));
    let listed: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(id, t)| format!("{id} {t:.2?}"))
        .collect();
    println!("slowest rules: {}", listed.join(", "));
    slow_answers.sort_by_key(|a| std::cmp::Reverse(a.0));
    let resources: usize = slow_answers.iter().map(|a| a.1).sum();
    println!(
        "{resources} resources in {} answers; slowest answers:",
        slow_answers.len()
    );
    for (time, count, answer) in slow_answers.iter().take(5) {
        println!("  {time:.2?} {count} resources {answer}");
    }
}

/// Time this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`): unlike wall time,
/// it does not grow when other processes share the machine.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn print_graph(graph: &ResourceGraph) {
    for r in &graph.resources {
        println!(
            "  {}:{} {} [{}] {} {}",
            r.span.file,
            r.span.line,
            r.logical_name.render(),
            r.kind,
            r.source_type,
            r.props.render().chars().take(300).collect::<String>()
        );
    }
    for p in &graph.problems {
        println!("  problem: {p}");
    }
    if std::env::var_os("RULES_CORPUS_SYMBOLS").is_some() {
        for s in &graph.symbols {
            println!("  symbol {:?} {}", s.kind, s.path);
        }
    }
}

fn print_hit(task: &Path, hit: &RuleHit) {
    println!(
        "{} {}:{} [{}] {}: {}",
        task.display(),
        hit.file,
        hit.line.map(|l| l.to_string()).unwrap_or_default(),
        hit.kind.as_deref().unwrap_or("-"),
        hit.resource.as_deref().unwrap_or("-"),
        hit.message
    );
}

fn print_table(stats: &BTreeMap<String, PlatformStats>) {
    for (platform, s) in stats {
        println!(
            "\n## {platform}: {} tasks, resources found in {} model / {} ideal answers",
            s.tasks, s.with_resources[0], s.with_resources[1]
        );
        if s.per_rule.is_empty() {
            continue;
        }
        println!("rule    model hits (tasks)  ideal hits (tasks)");
        for rule in all_rules() {
            if let Some(c) = s.per_rule.get(rule.id()) {
                println!(
                    "{}  {:>6} ({:>4})       {:>6} ({:>4})",
                    rule.id(),
                    c[0].hits,
                    c[0].tasks,
                    c[1].hits,
                    c[1].tasks
                );
            }
        }
    }
    // Totals over every platform.
    println!("\n## all platforms");
    println!("rule    model hits (tasks)  ideal hits (tasks)");
    for rule in all_rules() {
        let (mut mh, mut mt, mut ih, mut it) = (0, 0, 0, 0);
        for s in stats.values() {
            if let Some(c) = s.per_rule.get(rule.id()) {
                mh += c[0].hits;
                mt += c[0].tasks;
                ih += c[1].hits;
                it += c[1].tasks;
            }
        }
        println!("{}  {mh:>6} ({mt:>4})       {ih:>6} ({it:>4})", rule.id());
    }
}
