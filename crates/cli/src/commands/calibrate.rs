//! `iacgrade calibrate`: fits a policy to the scores a corpus records and reports the fit.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use iacgrade_score::calibrate::{calibrate_with, CalibrationReport, FitOptions, Metrics};
use iacgrade_score::CalibrationSample;

use crate::cli::{CalibrateArgs, Format};
use crate::output::Sink;

pub fn run(args: &CalibrateArgs) -> Result<ExitCode, String> {
    if !matches!(args.format, Format::Text | Format::Json) {
        return Err("calibrate writes --format text or json".into());
    }
    if args.folds.iter().any(|k| *k < 2) {
        return Err("--folds: cross-validation needs at least 2 folds".into());
    }
    let structure = super::load_policy(args.policy.as_deref())?.unwrap_or_default();
    let samples = if args.corpus.is_dir() {
        review_corpus(&args.corpus)
    } else {
        read_samples(&args.corpus)?
    };
    if samples.is_empty() {
        return Err(format!(
            "{}: no task with a recorded score (metadata.json training_quality)",
            args.corpus.display()
        ));
    }
    if let Some(path) = &args.save_samples {
        let text = serde_json::to_string(&samples).map_err(|e| e.to_string())?;
        write_file(path, text.as_bytes())?;
    }
    let report = calibrate_with(&samples, &args.folds, &structure, FitOptions::default());
    if let Some(path) = &args.out {
        let text = report.policy.to_toml()?;
        write_file(path, (policy_header(&report) + &text).as_bytes())?;
    }
    let mut sink = Sink::new(args.output.as_deref());
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n",
        _ => render(&report),
    };
    sink.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    sink.finish().map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn review_corpus(dir: &Path) -> Vec<CalibrationSample> {
    let total = iacgrade_engine::find_tasks(dir).len();
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let read = iacgrade_engine::calibration_samples(dir, || progress.inc(1));
    progress.finish_and_clear();
    read.samples
}

fn read_samples(path: &Path) -> Result<Vec<CalibrationSample>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e}; give a task directory or a samples file written by --save-samples",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a samples file: {e}", path.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut sink = Sink::new(Some(path));
    sink.write_all(bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    sink.finish().map_err(|e| e.to_string())
}

fn policy_header(r: &CalibrationReport) -> String {
    let mut lines = vec![format!(
        "# Written by `iacgrade calibrate` from {} recorded scores. MAE: constant 9 {:.3}, policy \
         \"{}\" as it is {:.3}, this policy in sample {:.3}",
        r.samples, r.constant_9.mae, r.structure, r.default_policy.mae, r.calibrated_in_sample.mae
    )];
    for cv in &r.cross_validated {
        lines.push(format!(
            "# {}-fold cross-validated MAE {:.3} (fold seed {:#x})",
            cv.folds, cv.metrics.mae, cv.seed
        ));
    }
    lines.join("\n") + "\n\n"
}

fn row(name: &str, m: &Metrics) -> String {
    format!(
        "{name:<32} {:>6.3} {:>9.1}% {:>9}\n",
        m.mae,
        m.within_one * 100.0,
        m.spearman
            .map(|s| format!("{s:.3}"))
            .unwrap_or_else(|| "n/a".into())
    )
}

/// The fit as a table, then the fitted weights.
fn render(r: &CalibrationReport) -> String {
    let mut out = format!(
        "{} tasks with a recorded score\n\n{:<32} {:>6} {:>10} {:>9}\n",
        r.samples, "predictor", "MAE", "within ±1", "Spearman"
    );
    out += &row("constant 9", &r.constant_9);
    out += &row(
        &format!("constant median ({})", r.median),
        &r.constant_median,
    );
    out += &row(
        &format!("policy \"{}\" as it is", r.structure),
        &r.default_policy,
    );
    out += &row("calibrated, in sample", &r.calibrated_in_sample);
    for cv in &r.cross_validated {
        out += &row(&format!("calibrated, {}-fold CV", cv.folds), &cv.metrics);
    }
    out += "\nfitted weights (on every task):\n";
    for (name, w) in &r.weights {
        if *w != 0.0 || name == "base" {
            out += &format!("  {name:<40} {w:>7.3}\n");
        }
    }
    out
}
