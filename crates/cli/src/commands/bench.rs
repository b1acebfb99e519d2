//! `bench`: how fast the static pipeline goes over a corpus, and with how much memory.
//!
//! Wall time covers finding the tasks, judging every one of them and serialising each report to
//! JSON (what `corpus --format jsonl` does, short of writing the bytes). CPU time and peak memory
//! are the process's own, from getrusage. With `--checkov`, the CloudFormation tasks are judged
//! again on their own and checkov scans the templates of the same tasks, so that the two tools are
//! timed on the same input.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use iacgrade_engine::{Depth, Judgement, ReviewOptions};
use serde::Serialize;

use crate::cli::{BenchArgs, BenchStage, Format};
use crate::output::Sink;

/// What one timed pass over a set of tasks measured.
#[derive(Debug, Serialize)]
struct Pass {
    tasks: usize,
    wall_seconds: f64,
    user_seconds: f64,
    system_seconds: f64,
    tasks_per_second: f64,
    resources: usize,
    findings: usize,
    report_bytes: usize,
}

#[derive(Debug, Serialize)]
struct CheckovComparison {
    checkov: String,
    cloudformation_tasks: usize,
    templates: usize,
    iacgrade_wall_seconds: f64,
    checkov_wall_seconds: f64,
    /// checkov's wall time over iacgrade's on the same tasks.
    ratio: f64,
    checkov_exit_code: Option<i32>,
    checkov_failed_checks: Option<u64>,
    checkov_passed_checks: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Bench {
    corpus: String,
    stage: &'static str,
    workers: usize,
    #[serde(flatten)]
    pass: Pass,
    peak_memory_mb: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkov: Option<CheckovComparison>,
}

pub fn run(args: &BenchArgs) -> Result<ExitCode, String> {
    if !args.dir.is_dir() {
        return Err(format!(
            "{}: is not a directory; give a folder that holds task directories",
            args.dir.display()
        ));
    }
    if let Some(jobs) = args.jobs {
        iacgrade_engine::set_jobs(jobs).map_err(|e| format!("--jobs {jobs}: {e}"))?;
    }
    let depth = match args.stage {
        BenchStage::Read => Depth::Read,
        BenchStage::Check => Depth::Check,
        BenchStage::Review => Depth::Review,
    };
    let options = ReviewOptions::default();

    let before = usage();
    let start = Instant::now();
    let tasks = iacgrade_engine::find_tasks(&args.dir);
    let mut cloudformation: Vec<(PathBuf, Vec<Template>)> = Vec::new();
    let mut pass = time_tasks(&tasks, depth, &options, |j| {
        if args.checkov && j.report.task.platform.as_deref() == Some("cfn") {
            cloudformation.push((PathBuf::from(&j.report.task.path), templates_of(j)));
        }
    });
    pass.wall_seconds = start.elapsed().as_secs_f64();
    pass.tasks_per_second = per_second(pass.tasks, pass.wall_seconds);
    let after = usage();
    pass.user_seconds = after.user - before.user;
    pass.system_seconds = after.system - before.system;

    let checkov = if args.checkov {
        Some(compare_with_checkov(
            &args.checkov_bin,
            &cloudformation,
            depth,
            &options,
        )?)
    } else {
        None
    };
    let bench = Bench {
        corpus: args.dir.display().to_string(),
        stage: match args.stage {
            BenchStage::Read => "read",
            BenchStage::Check => "check",
            BenchStage::Review => "review",
        },
        workers: rayon::current_num_threads(),
        pass,
        peak_memory_mb: after.peak_kb as f64 / 1024.0,
        checkov,
    };
    let bytes = match args.format {
        Format::Json | Format::Jsonl => {
            let mut v = serde_json::to_vec_pretty(&bench).map_err(|e| e.to_string())?;
            v.push(b'\n');
            v
        }
        Format::Text => render_text(&bench).into_bytes(),
        _ => return Err("bench prints --format text or json".into()),
    };
    let mut sink = Sink::new(None);
    sink.write_all(&bytes).map_err(|e| e.to_string())?;
    sink.finish().map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// Judges the tasks, serialising every report as the corpus command would, and counts what came
/// out (so that no stage's work can be skipped unseen). Wall and CPU times are filled in by the caller.
fn time_tasks(
    tasks: &[PathBuf],
    depth: Depth,
    options: &ReviewOptions,
    mut also: impl FnMut(&Judgement) + Send,
) -> Pass {
    let mut pass = Pass {
        tasks: 0,
        wall_seconds: 0.0,
        user_seconds: 0.0,
        system_seconds: 0.0,
        tasks_per_second: 0.0,
        resources: 0,
        findings: 0,
        report_bytes: 0,
    };
    iacgrade_engine::judge_tasks(tasks, depth, options, |j| {
        pass.tasks += 1;
        pass.resources +=
            j.sides.model.facts.graph.resources.len() + j.sides.ideal.facts.graph.resources.len();
        pass.findings += j.report.findings.len();
        pass.report_bytes += serde_json::to_vec(&j.report).map_or(0, |v| v.len() + 1);
        also(&j);
    });
    pass
}

fn per_second(count: usize, seconds: f64) -> f64 {
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

/// A CloudFormation template of one side of a task, as checkov will read it.
struct Template {
    side: &'static str,
    name: String,
    text: String,
}

/// The files the CloudFormation front-end read on each side.
fn templates_of(judgement: &Judgement) -> Vec<Template> {
    let mut templates = Vec::new();
    for (side, facts) in [
        ("model", &judgement.sides.model.facts),
        ("ideal", &judgement.sides.ideal.facts),
    ] {
        for (index, file) in facts.files.iter().enumerate() {
            if !facts.graph.files.contains(&file.display_name()) {
                continue;
            }
            let json = file.extension().as_deref() == Some("json")
                || file.text.trim_start().starts_with('{');
            templates.push(Template {
                side,
                name: format!("template-{index}.{}", if json { "json" } else { "yaml" }),
                text: file.text.clone(),
            });
        }
    }
    templates
}

fn compare_with_checkov(
    checkov: &Path,
    tasks: &[(PathBuf, Vec<Template>)],
    depth: Depth,
    options: &ReviewOptions,
) -> Result<CheckovComparison, String> {
    let scratch = tempfile::Builder::new()
        .prefix("iacgrade-bench-")
        .tempdir()
        .map_err(|e| format!("temporary folder: {e}"))?;
    let mut templates = 0;
    for (index, (_, files)) in tasks.iter().enumerate() {
        for template in files {
            let dir = scratch
                .path()
                .join(format!("task-{index:05}"))
                .join(template.side);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join(&template.name);
            std::fs::write(&path, &template.text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            templates += 1;
        }
    }
    let paths: Vec<PathBuf> = tasks.iter().map(|(p, _)| p.clone()).collect();
    let start = Instant::now();
    time_tasks(&paths, depth, options, |_| {});
    let ours = start.elapsed();

    let report_path = scratch.path().join("checkov.json");
    let report_file = std::fs::File::create(&report_path)
        .map_err(|e| format!("{}: {e}", report_path.display()))?;
    let start = Instant::now();
    let status = Command::new(checkov)
        .arg("--directory")
        .arg(scratch.path())
        .args([
            "--framework",
            "cloudformation",
            "--output",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
        ])
        .stdin(Stdio::null())
        .stdout(report_file)
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{}: {e} (is checkov installed?)", checkov.display()))?;
    let theirs = start.elapsed();
    let (failed, passed) = checkov_counts(&report_path);
    Ok(CheckovComparison {
        checkov: checkov.display().to_string(),
        cloudformation_tasks: tasks.len(),
        templates,
        iacgrade_wall_seconds: ours.as_secs_f64(),
        checkov_wall_seconds: theirs.as_secs_f64(),
        ratio: ratio(theirs, ours),
        checkov_exit_code: status.code(),
        checkov_failed_checks: failed,
        checkov_passed_checks: passed,
    })
}

fn ratio(theirs: Duration, ours: Duration) -> f64 {
    if ours.is_zero() {
        0.0
    } else {
        theirs.as_secs_f64() / ours.as_secs_f64()
    }
}

/// checkov's own totals from its JSON report: one object, or a list of one per framework.
fn checkov_counts(path: &Path) -> (Option<u64>, Option<u64>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (None, None);
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return (None, None);
    };
    let reports = match value {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    let sum = |key: &str| {
        reports
            .iter()
            .map(|r| r.pointer(&format!("/summary/{key}"))?.as_u64())
            .sum::<Option<u64>>()
    };
    (sum("failed"), sum("passed"))
}

fn render_text(bench: &Bench) -> String {
    let p = &bench.pass;
    let mut out = format!(
        "corpus       {}\n\
         stage        {} ({} workers)\n\
         tasks        {}\n\
         wall         {:.2} s\n\
         cpu          {:.2} s user, {:.2} s system\n\
         throughput   {:.1} tasks/s\n\
         peak memory  {:.0} MB\n\
         produced     {} resources, {} findings, {:.1} MB of JSON reports\n",
        bench.corpus,
        bench.stage,
        bench.workers,
        p.tasks,
        p.wall_seconds,
        p.user_seconds,
        p.system_seconds,
        p.tasks_per_second,
        bench.peak_memory_mb,
        p.resources,
        p.findings,
        p.report_bytes as f64 / 1e6,
    );
    if let Some(c) = &bench.checkov {
        let counts = match (c.checkov_failed_checks, c.checkov_passed_checks) {
            (Some(f), Some(p)) => format!(", {f} failed / {p} passed checks"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "checkov      {} CloudFormation tasks, {} templates: iacgrade {:.2} s, checkov {:.2} s \
             (×{:.1}){counts}\n",
            c.cloudformation_tasks,
            c.templates,
            c.iacgrade_wall_seconds,
            c.checkov_wall_seconds,
            c.ratio,
        ));
    }
    out
}

/// CPU times and peak resident memory of this process.
struct Usage {
    user: f64,
    system: f64,
    peak_kb: i64,
}

fn usage() -> Usage {
    // SAFETY: getrusage writes into the zeroed struct we pass and reads nothing else.
    let mut raw: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut raw) } == 0;
    if !ok {
        return Usage {
            user: 0.0,
            system: 0.0,
            peak_kb: 0,
        };
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Usage {
        user: seconds(raw.ru_utime),
        system: seconds(raw.ru_stime),
        // Linux reports kilobytes.
        peak_kb: raw.ru_maxrss,
    }
}
