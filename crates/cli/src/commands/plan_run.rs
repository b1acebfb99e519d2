//! `iacgrade plan-run DIR --workers N`: how long running the toolchains over a corpus takes on
//! N workers, so that a user can size a cluster before starting it.
//!
//! A task's duration is the sum of its recorded stage timings (`duration_ms` of every stage of
//! both sides) from earlier results given with `--timings`; a task without timings takes its
//! default (see [`DEFAULT_SECONDS_PER_TASK`]). The estimate is given two ways: workers pulling tasks from
//! one queue longest first, and N hash shards (`corpus --shard I/N`), each running its own
//! tasks one after another — the makespan of a sharded run is its largest shard.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use iacgrade_shard::{relative_task_path, shard_of, Schedule};
use iacgrade_task::Platform;

use crate::cli::PlanRunArgs;

/// Seconds one task takes when the results given record no timings for it: both sides (ideal
/// and model) through the stages. No full run of every stage over a sample has been measured
/// yet, so this is the middle of the 30–90 s per side per task that runs on two cores take
/// (README, "Sharded runs"), for every platform alike; timings from a real run (`--timings`)
/// replace it task by task.
const DEFAULT_SECONDS_PER_TASK: f64 = 120.0;

fn default_seconds(_platform: Option<Platform>) -> f64 {
    DEFAULT_SECONDS_PER_TASK
}

pub fn run(args: &PlanRunArgs) -> Result<ExitCode, String> {
    if !args.dir.is_dir() {
        return Err(format!(
            "{}: is not a directory; give a folder that holds task directories",
            args.dir.display()
        ));
    }
    if args.workers == 0 {
        return Err("--workers 0: give at least one worker".into());
    }
    let tasks = iacgrade_engine::find_tasks(&args.dir);
    let mut recorded: HashMap<String, f64> = HashMap::new();
    for file in &args.timings {
        read_timings(file, &args.dir, &mut recorded)?;
    }
    #[derive(Default)]
    struct Row {
        tasks: usize,
        timed: usize,
        seconds: f64,
    }
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut durations = Vec::with_capacity(tasks.len());
    let mut shards = Vec::with_capacity(tasks.len());
    for task in &tasks {
        let relative = relative_task_path(&args.dir, task);
        let platform = platform_of(task);
        let timed = recorded.get(&relative).copied();
        let seconds = timed.unwrap_or_else(|| default_seconds(platform));
        let row = rows
            .entry(platform.map_or("unknown", Platform::as_str).to_string())
            .or_default();
        row.tasks += 1;
        row.timed += usize::from(timed.is_some());
        row.seconds += seconds;
        durations.push(seconds);
        shards.push(shard_of(&relative, args.workers as u64));
    }
    let mut out = format!(
        "{} tasks below {}; {} with recorded timings\n\n{:<10} {:>6} {:>6} {:>12} {:>12}\n",
        tasks.len(),
        args.dir.display(),
        recorded.len().min(tasks.len()),
        "platform",
        "tasks",
        "timed",
        "default s",
        "total"
    );
    for (platform, row) in &rows {
        let default = default_seconds(Platform::parse(platform));
        out.push_str(&format!(
            "{platform:<10} {:>6} {:>6} {:>12.0} {:>12}\n",
            row.tasks,
            row.timed,
            default,
            clock(row.seconds)
        ));
    }
    let schedule = Schedule::estimate(&durations, args.workers);
    let sharded = Schedule::sharded(&durations, &shards, args.workers as u64);
    out.push_str(&format!(
        "\n{} worker(s): {} as {} shards (corpus --shard I/{}, the largest shard); \
         {} from one queue, longest task first; no schedule is shorter than {}\n",
        args.workers,
        clock(sharded),
        args.workers,
        args.workers,
        clock(schedule.longest_first),
        clock(schedule.lower_bound),
    ));
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The platform metadata.json records, when it can be read.
fn platform_of(task: &Path) -> Option<Platform> {
    let text = std::fs::read_to_string(task.join("metadata.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let object = value.as_object()?.clone();
    iacgrade_task::Metadata::from_object(object).platform
}

/// Reads per-task timings from a results file (JSON lines, or one JSON document): each object
/// with a `task.path` contributes the `duration_ms` of every stage below it (both sides).
fn read_timings(file: &Path, dir: &Path, into: &mut HashMap<String, f64>) -> Result<(), String> {
    let reader = std::fs::File::open(file)
        .map(std::io::BufReader::new)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let mut text = String::new();
    let mut values = Vec::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", file.display(), number + 1))?;
        text.push_str(&line);
        text.push('\n');
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
            values.push(value);
        }
    }
    if values.is_empty() {
        // One pretty-printed document.
        let value = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| format!("{}: not JSON or JSON lines: {e}", file.display()))?;
        values.push(value);
    }
    for value in values {
        let Some(path) = value.pointer("/task/path").and_then(|p| p.as_str()) else {
            continue;
        };
        let relative = relative_task_path(dir, Path::new(path));
        if let Some(milliseconds) = run_milliseconds(&value) {
            *into.entry(relative).or_default() += milliseconds / 1000.0;
        }
    }
    Ok(())
}

/// The run time one result records, or `None` when it records no run. A report of `corpus
/// --run` (its `run` array) gives each side's whole time (`duration_ms` of the side: stages,
/// workspace, emulator), else the sum of its stages; a task that was not judged ran nothing and
/// takes no time. Other result lines (a `run --format json` report, a `run-sample` result) give
/// the sum of the stages' `duration_ms` found below them, when there is any.
fn run_milliseconds(value: &serde_json::Value) -> Option<f64> {
    if let Some(sides) = value.get("run").and_then(|r| r.as_array()) {
        let total = sides
            .iter()
            .map(
                |side| match side.get("duration_ms").and_then(|v| v.as_f64()) {
                    Some(ms) if ms > 0.0 => ms,
                    _ => {
                        let mut stages = 0.0;
                        stage_milliseconds(side, false, &mut stages);
                        stages
                    }
                },
            )
            .sum();
        return Some(total);
    }
    if value.get("judged").and_then(|j| j.as_bool()) == Some(false) {
        return Some(0.0);
    }
    let mut milliseconds = 0.0;
    stage_milliseconds(value, false, &mut milliseconds);
    (milliseconds > 0.0).then_some(milliseconds)
}

/// Adds up `duration_ms` of the objects in every `stages` array below `value`.
fn stage_milliseconds(value: &serde_json::Value, in_stages: bool, total: &mut f64) {
    match value {
        serde_json::Value::Object(map) => {
            if in_stages {
                if let Some(ms) = map.get("duration_ms").and_then(|v| v.as_f64()) {
                    *total += ms;
                }
            }
            for (key, child) in map {
                stage_milliseconds(child, key == "stages", total);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                stage_milliseconds(item, in_stages, total);
            }
        }
        _ => {}
    }
}

/// Seconds as `2h 05m`, `7m 30s` or `12s`.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        s if s >= 3600 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{}m {:02}s", s / 60, s % 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_timings_are_summed_over_both_sides() {
        let line = serde_json::json!({
            "task": {"path": "c/t"},
            "run": [
                {"side": "ideal", "stages": [{"stage": "build", "duration_ms": 1500},
                                             {"stage": "synth", "duration_ms": 500}]},
                {"side": "model", "stages": [{"stage": "build", "duration_ms": 1000}]}
            ],
            "findings": [{"duration_ms": 99999}]
        });
        let mut total = 0.0;
        stage_milliseconds(&line, false, &mut total);
        assert_eq!(total, 3000.0);
    }

    #[test]
    fn a_corpus_run_counts_each_sides_whole_time_and_an_unjudged_task_none() {
        let line = serde_json::json!({
            "task": {"path": "c/t"},
            "run": [
                {"side": "ideal", "duration_ms": 4000,
                 "stages": [{"stage": "build", "duration_ms": 1500}]},
                {"side": "model", "stages": [{"stage": "build", "duration_ms": 1000}]}
            ]
        });
        assert_eq!(run_milliseconds(&line), Some(5000.0));
        let unjudged = serde_json::json!({"task": {"path": "c/u"}, "judged": false});
        assert_eq!(run_milliseconds(&unjudged), Some(0.0));
        let static_review = serde_json::json!({"task": {"path": "c/v"}, "judged": true});
        assert_eq!(run_milliseconds(&static_review), None);
    }

    #[test]
    fn clock_reads_like_a_clock() {
        assert_eq!(clock(12.4), "12s");
        assert_eq!(clock(450.0), "7m 30s");
        assert_eq!(clock(7500.0), "2h 05m");
    }
}
