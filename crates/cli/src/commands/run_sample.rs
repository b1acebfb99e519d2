//! `run-sample`: how well the run stage's harness runs real tasks. A fixed sample of a corpus —
//! N tasks per platform whose answer (the ideal one by default) is complete code — is run
//! through the chosen stages, and the pass table is printed with every failure and its cause.
//!
//! The sample is the same on every machine: tasks are ordered by a hash of their path and the
//! seed, and the first N of each platform that hold code are taken.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use iacgrade_run::{RunSide, StageStatus};
use serde::Serialize;

use crate::cli::{Format, RunSampleArgs, SideArg};

/// One task's outcome in the sample.
#[derive(Debug, Clone, Serialize)]
struct SampleResult {
    task: String,
    platform: String,
    /// passed, failed or not_checked.
    outcome: &'static str,
    /// The first stage that did not pass, and why.
    cause: Option<String>,
    seconds: f64,
    stages: Vec<(String, String)>,
    /// Resource types a deploy stage reported as accepted but not really created by the
    /// emulator (its `not_verified` list).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_created: Vec<String>,
}

#[derive(Debug, Default, Clone, Serialize)]
struct PlatformRow {
    tasks: usize,
    passed: usize,
    failed: usize,
    not_checked: usize,
}

#[derive(Debug, Serialize)]
struct SampleReport {
    corpus: String,
    side: &'static str,
    stages: Vec<String>,
    per_platform: usize,
    seed: u64,
    platforms: BTreeMap<String, PlatformRow>,
    total: PlatformRow,
    pass_rate: f64,
    median_seconds: f64,
    p90_seconds: f64,
    results: Vec<SampleResult>,
}

/// FNV-1a: a hash that is the same on every machine and release.
fn stable_hash(text: &str, seed: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The platform key of a task ("cdk-ts", "tf-hcl"): metadata's platform and language.
fn platform_key(task: &iacgrade_task::Task) -> Option<String> {
    let (platform, language) = iacgrade_run::platform_and_language(task);
    Some(format!("{}-{}", platform?.as_str(), language?.as_str()))
}

/// The sample: per platform, the first `n` tasks in hash order whose side holds code.
fn choose_sample(
    dir: &Path,
    n: usize,
    seed: u64,
    side: RunSide,
    platforms: &[String],
) -> Vec<(String, PathBuf)> {
    let mut by_platform: BTreeMap<String, Vec<(u64, PathBuf)>> = BTreeMap::new();
    for path in iacgrade_engine::find_tasks(dir) {
        let task = iacgrade_task::load_task(&path);
        let Some(key) = platform_key(&task) else {
            continue;
        };
        // Analysis and CI/CD tasks have no platform toolchain to run.
        if key.starts_with("analysis") || key.starts_with("cicd") {
            continue;
        }
        if !platforms.is_empty() && !platforms.contains(&key) {
            continue;
        }
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        by_platform
            .entry(key)
            .or_default()
            .push((stable_hash(&rel, seed), path));
    }
    let mut sample = Vec::new();
    for (key, mut tasks) in by_platform {
        tasks.sort();
        let mut taken = 0;
        for (_, path) in tasks {
            if taken == n {
                break;
            }
            let task = iacgrade_task::load_task(&path);
            if iacgrade_run::side_without_code(&task, side).is_none() {
                sample.push((key.clone(), path));
                taken += 1;
            }
        }
    }
    sample
}

fn outcome_of(report: &iacgrade_run::RunReport) -> (&'static str, Option<String>) {
    let mut outcome = "passed";
    let mut cause = None;
    for stage in &report.stages {
        match stage.status {
            StageStatus::Failed | StageStatus::TimedOut => {
                return (
                    "failed",
                    Some(format!("{}: {}", stage.stage.as_str(), first_error(stage))),
                );
            }
            StageStatus::NotChecked if outcome == "passed" => {
                outcome = "not_checked";
                cause = Some(format!("{}: {}", stage.stage.as_str(), stage.reason));
            }
            _ => {}
        }
    }
    if report
        .stages
        .iter()
        .all(|s| s.status == StageStatus::Skipped)
    {
        return ("failed", Some("every stage was skipped".to_string()));
    }
    (outcome, cause)
}

/// The stage's reason with the tool's first error line, when the log has one.
fn first_error(stage: &iacgrade_run::StageResult) -> String {
    if let Some(first) = &stage.figures.first_error {
        return format!("{}: {}", stage.reason, first);
    }
    let error_line = stage.log.lines().find(|l| {
        let l = l.trim_start();
        l.contains("error") || l.contains("Error") || l.starts_with("E")
    });
    match error_line {
        Some(line) => format!(
            "{}: {}",
            stage.reason,
            line.trim().chars().take(240).collect::<String>()
        ),
        None => stage.reason.clone(),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub fn run(args: &RunSampleArgs) -> Result<ExitCode, String> {
    if !args.dir.is_dir() {
        return Err(format!(
            "{}: not a directory; give the folder that holds the tasks",
            args.dir.display()
        ));
    }
    let side = match args.side {
        SideArg::Ideal => RunSide::Ideal,
        SideArg::Model => RunSide::Model,
    };
    let sample = choose_sample(
        &args.dir,
        args.per_platform,
        args.seed,
        side,
        &args.platforms,
    );
    if args.list {
        for (_, path) in &sample {
            println!("{}", path.strip_prefix(&args.dir).unwrap_or(path).display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let options = super::run::run_options(&args.execution)?;
    eprintln!(
        "iacgrade: run-sample: {} tasks ({} per platform at most), stages {}",
        sample.len(),
        args.per_platform,
        args.execution.stages.join(",")
    );
    let queue = Mutex::new(sample.iter().enumerate());
    let results = Mutex::new(Vec::new());
    let workers = args.jobs.unwrap_or(2).max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = queue.lock().ok().and_then(|mut q| q.next());
                let Some((index, (platform, path))) = next else {
                    break;
                };
                let started = Instant::now();
                let task = iacgrade_task::load_task(path);
                let report = iacgrade_run::run_side(&task, side, &options);
                let (outcome, cause) = outcome_of(&report);
                let rel = path
                    .strip_prefix(&args.dir)
                    .unwrap_or(path)
                    .display()
                    .to_string();
                let seconds = started.elapsed().as_secs_f64();
                eprintln!("  {rel}: {outcome} ({seconds:.0} s)");
                let result = SampleResult {
                    task: rel,
                    platform: platform.clone(),
                    outcome,
                    cause,
                    seconds,
                    stages: report
                        .stages
                        .iter()
                        .map(|s| (s.stage.as_str().to_string(), s.status.as_str().to_string()))
                        .collect(),
                    not_created: report
                        .stages
                        .iter()
                        .flat_map(|s| s.figures.not_verified.iter().cloned())
                        .collect(),
                };
                if let Ok(mut all) = results.lock() {
                    all.push((index, result));
                }
            });
        }
    });
    let mut results: Vec<(usize, SampleResult)> = results
        .into_inner()
        .map_err(|_| "a worker panicked".to_string())?;
    results.sort_by_key(|(i, _)| *i);
    let results: Vec<SampleResult> = results.into_iter().map(|(_, r)| r).collect();
    let mut platforms: BTreeMap<String, PlatformRow> = BTreeMap::new();
    let mut total = PlatformRow::default();
    for r in &results {
        for row in [platforms.entry(r.platform.clone()).or_default(), &mut total] {
            row.tasks += 1;
            match r.outcome {
                "passed" => row.passed += 1,
                "failed" => row.failed += 1,
                _ => row.not_checked += 1,
            }
        }
    }
    let mut times: Vec<f64> = results.iter().map(|r| r.seconds).collect();
    times.sort_by(|a, b| a.total_cmp(b));
    let report = SampleReport {
        corpus: args.dir.display().to_string(),
        side: match side {
            RunSide::Ideal => "ideal",
            RunSide::Model => "model",
        },
        stages: args.execution.stages.clone(),
        per_platform: args.per_platform,
        seed: args.seed,
        pass_rate: if total.tasks == 0 {
            0.0
        } else {
            total.passed as f64 / total.tasks as f64
        },
        platforms,
        total,
        median_seconds: percentile(&times, 0.5),
        p90_seconds: percentile(&times, 0.9),
        results,
    };
    match args.format {
        Format::Json | Format::Jsonl => println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        ),
        _ => print!("{}", render_text(&report)),
    }
    Ok(ExitCode::SUCCESS)
}

fn render_text(report: &SampleReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} side, stages {}, {} per platform (seed {}) from {}",
        report.side,
        report.stages.join(","),
        report.per_platform,
        report.seed,
        report.corpus
    );
    let _ = writeln!(
        out,
        "\n| platform | tasks | passed | failed | not checked |\n|---|---|---|---|---|"
    );
    for (name, row) in report
        .platforms
        .iter()
        .chain([(&"total".to_string(), &report.total)])
    {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} |",
            row.tasks, row.passed, row.failed, row.not_checked
        );
    }
    let _ = writeln!(
        out,
        "\npass rate {:.1}%; time per task: median {:.0} s, 90th percentile {:.0} s",
        report.pass_rate * 100.0,
        report.median_seconds,
        report.p90_seconds
    );
    let problems: Vec<&SampleResult> = report
        .results
        .iter()
        .filter(|r| r.outcome != "passed")
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "\nnot passed:");
        for r in problems {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                r.task,
                r.outcome,
                iacgrade_report::escape_controls(r.cause.as_deref().unwrap_or("no cause recorded"))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_order_is_stable_and_seeded() {
        assert_eq!(stable_hash("cdk-ts/Pr1", 0), stable_hash("cdk-ts/Pr1", 0));
        assert_ne!(stable_hash("cdk-ts/Pr1", 0), stable_hash("cdk-ts/Pr1", 1));
        assert_ne!(stable_hash("cdk-ts/Pr1", 0), stable_hash("cdk-ts/Pr2", 0));
    }

    #[test]
    fn percentiles_pick_ranks() {
        let times = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(percentile(&times, 0.5), 3.0);
        assert_eq!(percentile(&times, 0.9), 10.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
