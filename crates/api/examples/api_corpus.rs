//! Measures the API check on a corpus of tasks: both answers of every task are extracted,
//! parsed by the front-end of their platform and checked.
//!
//! usage: cargo run --release -p iacgrade-api --example api-corpus -- CORPUS [--out FINDINGS.jsonl]
//!
//! CORPUS holds `<platform-language>/<task>/` folders. Prints, per group: tasks, API findings
//! on the IDEAL answers (deployed successfully, so nearly every one is a false positive or an
//! answer text that differs from what was deployed) and their rate per task, the ideal
//! findings by rule and name, and how many MODEL answers get at least one finding.
//! `--out` writes every finding as one JSON object a line, for reading them one by one.

use iacgrade_api::{check_api, ApiFinding};
use iacgrade_extract::extract_answer;
use iacgrade_ir::ResourceGraph;
use iacgrade_task::{load_task, Language, Origin, Platform, SourceFile, TextDocument};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Default)]
struct GroupStats {
    tasks: usize,
    ideal_tasks: usize,
    ideal_findings: usize,
    ideal_tasks_flagged: usize,
    model_tasks: usize,
    model_tasks_flagged: usize,
    model_findings: usize,
    ideal_by_kind: BTreeMap<String, usize>,
}

fn group_of(dir: &str) -> String {
    let d = dir.to_ascii_lowercase();
    if d.starts_with("cfn") || d.starts_with("cloudformation") {
        "cfn".into()
    } else if d == "cdktf-python" {
        "cdktf-py".into()
    } else {
        d
    }
}

fn platform_language(
    dir: &str,
    task: &iacgrade_task::Task,
) -> (Option<Platform>, Option<Language>) {
    let meta = task.metadata.as_ref();
    let mut platform = meta.and_then(|m| m.platform);
    let mut language = meta.and_then(|m| m.language);
    let (p, l) = dir.split_once('-').unwrap_or((dir, ""));
    if platform.is_none() {
        platform = Platform::parse(p).or_else(|| {
            dir.to_lowercase()
                .starts_with("cloudformation")
                .then_some(Platform::Cfn)
        });
    }
    if language.is_none() {
        language = Language::parse(l);
    }
    (platform, language)
}

fn parse_side(files: &[SourceFile], platform: Platform) -> ResourceGraph {
    match platform {
        Platform::Cfn => iacgrade_frontend_cfn::parse(files, Some(platform)),
        Platform::Tf => iacgrade_frontend_hcl::parse(files, Some(platform)),
        Platform::Pulumi | Platform::Cdk | Platform::Cdktf => {
            iacgrade_frontend_code::parse(files, Some(platform))
        }
        _ => ResourceGraph::default(),
    }
}

fn check_side(
    doc: &TextDocument,
    origin: Origin,
    platform: Platform,
    language: Language,
) -> Vec<ApiFinding> {
    let extraction = extract_answer(doc, origin);
    let graph = parse_side(&extraction.files, platform);
    check_api(&graph, platform, language)
}

fn kind_of(f: &ApiFinding) -> String {
    format!("{} {}", f.rule, f.message)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(corpus) = args.first().map(PathBuf::from) else {
        eprintln!("usage: api-corpus CORPUS [--out FINDINGS.jsonl]");
        std::process::exit(2);
    };
    let out_path = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let mut out_file = out_path
        .as_ref()
        .and_then(|p| match std::fs::File::create(p) {
            Ok(f) => Some(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("api-corpus: cannot write {}: {e}", p.display());
                None
            }
        });
    let started = Instant::now();
    let mut groups: BTreeMap<String, GroupStats> = BTreeMap::new();
    let mut dirs: Vec<_> = match std::fs::read_dir(&corpus) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            eprintln!("api-corpus: cannot read {}: {e}", corpus.display());
            std::process::exit(2);
        }
    };
    dirs.sort();
    for dir in dirs {
        let dir_name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let group = group_of(&dir_name);
        let mut tasks: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        tasks.sort();
        for task_dir in tasks {
            run_task(&task_dir, &dir_name, &group, &mut groups, out_file.as_mut());
        }
    }
    if let Some(f) = out_file.as_mut() {
        let _ = f.flush();
    }
    println!(
        "{:<12} {:>6} {:>14} {:>10} {:>14} {:>14}",
        "group", "tasks", "ideal findings", "per task", "ideal flagged", "model flagged"
    );
    for (group, s) in &groups {
        let per_task = if s.ideal_tasks > 0 {
            s.ideal_findings as f64 / s.ideal_tasks as f64
        } else {
            0.0
        };
        println!(
            "{:<12} {:>6} {:>14} {:>10.3} {:>14} {:>8}/{:<5} ({} findings)",
            group,
            s.tasks,
            s.ideal_findings,
            per_task,
            s.ideal_tasks_flagged,
            s.model_tasks_flagged,
            s.model_tasks,
            s.model_findings
        );
    }
    println!();
    for (group, s) in &groups {
        if s.ideal_by_kind.is_empty() {
            continue;
        }
        println!("ideal findings by kind, {group}:");
        let mut kinds: Vec<_> = s.ideal_by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (kind, n) in kinds.iter().take(25) {
            println!("  {n:>4}  {kind}");
        }
    }
    println!("\nelapsed: {:.1}s", started.elapsed().as_secs_f64());
}

fn run_task(
    task_dir: &Path,
    dir_name: &str,
    group: &str,
    groups: &mut BTreeMap<String, GroupStats>,
    out: Option<&mut std::io::BufWriter<std::fs::File>>,
) {
    let task = load_task(task_dir);
    let (platform, language) = platform_language(dir_name, &task);
    let (Some(platform), Some(language)) = (platform, language) else {
        return;
    };
    let stats = groups.entry(group.to_string()).or_default();
    stats.tasks += 1;
    let mut lines = Vec::new();
    if let Some(ideal) = &task.ideal_response {
        let findings = check_side(ideal, Origin::IdealResponse, platform, language);
        stats.ideal_tasks += 1;
        stats.ideal_findings += findings.len();
        if !findings.is_empty() {
            stats.ideal_tasks_flagged += 1;
        }
        for f in &findings {
            *stats.ideal_by_kind.entry(kind_of(f)).or_default() += 1;
            lines.push(("ideal", f.clone()));
        }
    }
    if let Some(model) = task.final_model_response() {
        let findings = check_side(model, Origin::ModelResponse, platform, language);
        stats.model_tasks += 1;
        stats.model_findings += findings.len();
        if !findings.is_empty() {
            stats.model_tasks_flagged += 1;
        }
        for f in &findings {
            lines.push(("model", f.clone()));
        }
    }
    if let Some(out) = out {
        for (side, f) in lines {
            let record = serde_json_line(group, &task.id, side, &f);
            let _ = writeln!(out, "{record}");
        }
    }
}

/// One finding as a JSON object (written by hand: the example needs no JSON dependency).
fn serde_json_line(group: &str, task: &str, side: &str, f: &ApiFinding) -> String {
    fn esc(s: &str) -> String {
        let mut o = String::with_capacity(s.len() + 2);
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
                c => o.push(c),
            }
        }
        o
    }
    format!(
        "{{\"group\":\"{}\",\"task\":\"{}\",\"side\":\"{}\",\"rule\":\"{}\",\"file\":\"{}\",\"line\":{},\"document_line\":{},\"symbol\":\"{}\",\"message\":\"{}\"}}",
        esc(group),
        esc(task),
        side,
        f.rule,
        esc(&f.file),
        f.line,
        f.document_line,
        esc(&f.symbol),
        esc(&f.message)
    )
}
