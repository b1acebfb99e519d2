use std::io::IsTerminal;
use std::process::ExitCode;

use iacgrade_report::{render_text, TextStyle};

use crate::cli::{CorpusArgs, Format};
use crate::output::Sink;
use crate::settings::{CorpusGate, Settings};

/// Exit 0 when every task was judged and none fails the exit policy (`--fail-on`; `never`
/// for a survey of a corpus that is expected to hold failing tasks), 1 when some task fails
/// it, 2 when DIR cannot be read or output cannot be written, 3 when a task could not be judged
/// (the pipeline panicked on it or it ran past --task-timeout; its result says so and the run
/// went on).
pub fn run(args: &CorpusArgs) -> Result<ExitCode, String> {
    if !args.dir.is_dir() {
        return Err(format!(
            "{}: is not a directory; give a folder that holds task directories",
            args.dir.display()
        ));
    }
    let settings = Settings::resolve(&args.gate, &args.dir, args.policy.as_deref())?;
    if let Some(jobs) = args.jobs {
        rayon_threads(jobs)?;
    }
    if args.run && args.checks_only {
        return Err("--run judges the whole review; drop --checks-only".into());
    }
    iacgrade_engine::set_task_time_limit(task_time_limit(args));
    let selection = super::selection::Selection::find(args);
    if let Some(line) = selection.describe() {
        eprintln!("{line}");
    }
    let total = selection.len();
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} tasks  {per_sec}  {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if args.output.format == Format::Html {
        return write_dashboard(args, &settings, &selection, &progress);
    }
    let mut sink = Sink::new(args.output.output.as_deref());
    let color = sink.wants_color();
    let mut write_error: Option<String> = None;
    // SARIF is one document for the whole run and the summary folds every report into its
    // tables; every other format streams.
    let mut sarif_reports = Vec::new();
    let mut summary = iacgrade_report::CorpusSummary::new();
    let mut junit = iacgrade_report::JunitLog::new();
    let depth = if args.checks_only {
        iacgrade_engine::Depth::Check
    } else {
        iacgrade_engine::Depth::Review
    };
    let options = corpus_options(args, &settings)?;
    let cache = open_cache(args, depth, &settings, &options)?;
    let mut gate = CorpusGate::new(&settings);
    let mut interrupted = 0;
    selection.judge(depth, &options, cache.as_ref(), |mut judgement| {
        progress.inc(1);
        interrupted += usize::from(judgement.interrupted);
        gate.add(&mut judgement.report);
        if write_error.is_some() {
            return;
        }
        let report = &judgement.report;
        if args.output.format == Format::Sarif {
            sarif_reports.push(judgement.report);
            return;
        }
        if args.output.format == Format::Summary {
            summary.add(report);
            return;
        }
        if args.output.format == Format::Junit {
            junit.add(report);
            return;
        }
        let bytes = match args.output.format {
            Format::Jsonl | Format::Json | Format::Sarif => {
                serde_json::to_vec(report).map(|mut v| {
                    v.push(b'\n');
                    v
                })
            }
            Format::Text => Ok((render_text(report, TextStyle { color }) + "\n").into_bytes()),
            Format::Markdown => Ok((iacgrade_report::render_markdown(report) + "\n").into_bytes()),
            Format::Github => Ok(iacgrade_report::render_github(report).into_bytes()),
            Format::Html | Format::Summary | Format::Junit => Ok(Vec::new()),
        };
        let result = bytes
            .map_err(|e| e.to_string())
            .and_then(|b| sink.write_all(&b).map_err(|e| e.to_string()));
        if let Err(e) = result {
            write_error = Some(e);
        }
    })?;
    progress.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e);
    }
    let cache_line = cache.map(|c| super::selection::describe_cache(c.stats()));
    if args.output.format == Format::Sarif {
        let sarif =
            iacgrade_report::render_sarif_with(&sarif_reports, &super::rules::rule_catalog());
        let bytes = serde_json::to_vec(&sarif).map_err(|e| e.to_string())?;
        sink.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    if args.output.format == Format::Summary {
        let mut text = summary.render_text();
        if let Some(line) = &cache_line {
            text.push_str(&format!("\n{line}\n"));
        }
        sink.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    if args.output.format == Format::Junit {
        sink.write_all(junit.finish().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    sink.finish().map_err(|e| e.to_string())?;
    if let Some(line) = cache_line {
        eprintln!("{line}");
    }
    exit_status(interrupted, gate)
}

/// Exit 3 with a word on standard error when some tasks could not be judged, else the gate's
/// exit code (1 when a task fails the exit policy).
fn exit_status(interrupted: usize, gate: CorpusGate<'_>) -> Result<ExitCode, String> {
    let gate_code = gate.finish()?;
    if interrupted == 0 {
        return Ok(gate_code);
    }
    eprintln!(
        "iacgrade: {interrupted} task(s) could not be judged (an internal error or the time \
         limit); their results hold the reason"
    );
    Ok(ExitCode::from(3))
}

/// The review options of the run, with the toolchains' run options under `--run`.
fn corpus_options(
    args: &CorpusArgs,
    settings: &Settings,
) -> Result<iacgrade_engine::ReviewOptions, String> {
    let mut options = settings.review_options(args.compare_existing)?;
    if args.run {
        options.run = Some(super::run::run_options(&args.execution)?);
    }
    Ok(options)
}

/// `--task-timeout`, or its default: 120 s for a static review (the slowest real task takes
/// well under a second), and under `--run` room for every stage of both sides to reach the
/// stage timeout, since the stages end themselves at it.
fn task_time_limit(args: &CorpusArgs) -> std::time::Duration {
    let seconds = match args.task_timeout {
        Some(seconds) => seconds,
        None if args.run => {
            let stages = args.execution.stages.len().max(1) as f64;
            2.0 * stages * args.execution.timeout.max(1) as f64 + 120.0
        }
        None => 120.0,
    };
    std::time::Duration::from_secs_f64(seconds.max(0.001))
}

/// The result cache of `--cache DIR`, when given.
fn open_cache(
    args: &CorpusArgs,
    depth: iacgrade_engine::Depth,
    settings: &Settings,
    options: &iacgrade_engine::ReviewOptions,
) -> Result<Option<super::selection::CorpusCache>, String> {
    args.cache
        .as_deref()
        .map(|dir| {
            super::selection::CorpusCache::open(
                dir,
                args,
                depth,
                settings.policy.as_deref(),
                &format!("{:?}", options.findings),
                options.run.as_ref(),
            )
        })
        .transpose()
}

fn rayon_threads(jobs: usize) -> Result<(), String> {
    iacgrade_engine::set_jobs(jobs).map_err(|e| format!("--jobs {jobs}: {e}"))
}

/// `--format html`: every report goes into the dashboard as it is made; only aggregates stay in
/// memory.
fn write_dashboard(
    args: &CorpusArgs,
    settings: &Settings,
    selection: &super::selection::Selection,
    progress: &indicatif::ProgressBar,
) -> Result<ExitCode, String> {
    let Some(out_dir) = args.output.output.as_deref() else {
        return Err("--format html writes a folder: give it with --output DIR".into());
    };
    let mut builder = iacgrade_dashboard::DashboardBuilder::new(out_dir)
        .map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let depth = if args.checks_only {
        iacgrade_engine::Depth::Check
    } else {
        iacgrade_engine::Depth::Review
    };
    let options = corpus_options(args, settings)?;
    let cache = open_cache(args, depth, settings, &options)?;
    let mut gate = CorpusGate::new(settings);
    let mut error = None;
    let mut interrupted = 0;
    selection.judge(depth, &options, cache.as_ref(), |mut judgement| {
        progress.inc(1);
        interrupted += usize::from(judgement.interrupted);
        gate.add(&mut judgement.report);
        if error.is_none() {
            if let Err(e) = builder.add(&judgement.report) {
                error = Some(format!("{}: {e}", out_dir.display()));
            }
        }
    })?;
    if let Some(cache) = cache {
        eprintln!("{}", super::selection::describe_cache(cache.stats()));
    }
    progress.finish_and_clear();
    if let Some(e) = error {
        return Err(e);
    }
    let summary = builder
        .finish()
        .map_err(|e| format!("{}: {e}", out_dir.display()))?;
    eprintln!(
        "dashboard: {} of {} tasks, {} files; open {}",
        summary.tasks,
        selection.len(),
        summary.files_written,
        summary.index.display()
    );
    exit_status(interrupted, gate)
}
