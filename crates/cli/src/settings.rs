//! The settings of one invocation: `iacgrade.toml` (found or named) joined with the command
//! line's flags, which win; and what they do to a finished report (the baseline, the exit code).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iacgrade_config::{Baseline, ConfigFile, ExitVerdict, FailOn, FindingPolicy, RuleSelection};
use iacgrade_report::Report;

use crate::cli::{FailOnArg, GateArgs};

/// What the configuration and the flags decide together.
pub struct Settings {
    pub findings: FindingPolicy,
    pub fail_on: Option<FailOn>,
    /// The scoring policy file: `--policy`, else the configuration's `policy`.
    pub policy: Option<PathBuf>,
    baseline: Option<(PathBuf, Baseline)>,
    write_baseline: Option<PathBuf>,
}

fn fail_on(arg: FailOnArg) -> FailOn {
    match arg {
        FailOnArg::Critical => FailOn::Critical,
        FailOnArg::High => FailOn::High,
        FailOnArg::Medium => FailOn::Medium,
        FailOnArg::Low => FailOn::Low,
        FailOnArg::Never => FailOn::Never,
    }
}

impl Settings {
    /// Reads the configuration (`--config`, else found from `start` upward, else from the
    /// working directory upward) and joins the flags to it.
    pub fn resolve(
        gate: &GateArgs,
        start: &Path,
        policy_flag: Option<&Path>,
    ) -> Result<Settings, String> {
        let path = match &gate.config {
            Some(path) => Some(path.clone()),
            None => iacgrade_config::find_config(start).or_else(|| {
                std::env::current_dir()
                    .ok()
                    .and_then(|cwd| iacgrade_config::find_config(&cwd))
            }),
        };
        let config = match &path {
            Some(path) => ConfigFile::read(path)?,
            None => ConfigFile::default(),
        };
        let select = gate.select.clone().or(config.select.clone());
        let mut extend_select = config.extend_select.clone();
        extend_select.extend(gate.extend_select.iter().cloned());
        let mut ignore = config.ignore.clone();
        ignore.extend(gate.ignore.iter().cloned());
        let selection = RuleSelection::new(select, extend_select, ignore);
        warn_unknown_selectors(&selection, config.severity.keys().map(String::as_str));
        let baseline = match &gate.baseline {
            Some(path) => Some((path.clone(), Baseline::read(path)?)),
            None => None,
        };
        Ok(Settings {
            findings: FindingPolicy {
                selection,
                severity: config.severity_overrides(),
            },
            fail_on: gate.fail_on.map(fail_on).or(config.fail_on),
            policy: policy_flag.map(Path::to_path_buf).or(config.policy),
            baseline,
            write_baseline: gate.write_baseline.clone(),
        })
    }

    /// The review options these settings ask for.
    pub fn review_options(
        &self,
        compare_existing: bool,
    ) -> Result<iacgrade_engine::ReviewOptions, String> {
        Ok(iacgrade_engine::ReviewOptions {
            compare_existing,
            policy: super::commands::load_policy(self.policy.as_deref())?,
            findings: self.findings.clone(),
            run: None,
        })
    }

    /// Marks one task's baselined findings (`--baseline`), and with `--write-baseline` the
    /// findings about to be recorded, which are accepted from now on.
    pub fn mark_baseline(&self, report: &mut Report) {
        let write = self
            .write_baseline
            .as_ref()
            .map(|path| (path.clone(), Baseline::of([&*report])));
        if let Some((path, baseline)) = self.baseline.as_ref().or(write.as_ref()) {
            baseline.matcher().mark(report, path);
        }
    }

    /// Writes the baseline of `reports` to `--write-baseline FILE`, if given.
    pub fn write_baseline<'a>(
        &self,
        reports: impl IntoIterator<Item = &'a Report>,
    ) -> Result<(), String> {
        self.write_recorded(&Baseline::of(reports))
    }

    fn write_recorded(&self, baseline: &Baseline) -> Result<(), String> {
        let Some(path) = &self.write_baseline else {
            return Ok(());
        };
        let bytes = baseline.to_json()?;
        iacgrade_report::write_atomically(path, &bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("iacgrade: baseline written to {}", path.display());
        Ok(())
    }

    /// Whether the report fails the gate.
    pub fn verdict(&self, report: &Report) -> ExitVerdict {
        ExitVerdict::of(report, self.fail_on)
    }
}

/// The gate over a corpus: each task's baseline and verdict as it is judged, the baseline to
/// record, and the corpus's exit code at the end.
pub struct CorpusGate<'s> {
    settings: &'s Settings,
    matcher: Option<(PathBuf, iacgrade_config::BaselineMatcher)>,
    recorded: Baseline,
    tasks: usize,
    failing: usize,
}

impl<'s> CorpusGate<'s> {
    pub fn new(settings: &'s Settings) -> CorpusGate<'s> {
        CorpusGate {
            settings,
            matcher: settings
                .baseline
                .as_ref()
                .map(|(path, b)| (path.clone(), b.matcher())),
            recorded: Baseline::default(),
            tasks: 0,
            failing: 0,
        }
    }

    /// Marks the report's baselined findings and counts its verdict.
    pub fn add(&mut self, report: &mut Report) {
        self.tasks += 1;
        if let Some((path, matcher)) = self.matcher.as_mut() {
            matcher.mark(report, path);
        }
        if let Some(path) = &self.settings.write_baseline {
            self.recorded.add(report);
            // Recorded now, accepted from now on: as the next run with --baseline will see it.
            Baseline::of([&*report]).matcher().mark(report, path);
        }
        self.failing += usize::from(self.settings.verdict(report).is_fail());
    }

    /// Writes the recorded baseline; exit 1 (saying how many tasks) when a task failed the
    /// gate, 0 otherwise.
    pub fn finish(self) -> Result<ExitCode, String> {
        self.settings.write_recorded(&self.recorded)?;
        if self.failing == 0 {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "iacgrade: {} of {} task(s) fail the gate (a failed checkpoint or model failures at \
             the --fail-on level; --fail-on never exits 0)",
            self.failing, self.tasks
        );
        Ok(ExitCode::from(1))
    }
}

/// One task's exit code for its verdict (0 or 1), saying why on standard error.
pub fn task_exit(task: &Path, verdict: &ExitVerdict) -> ExitCode {
    match verdict {
        ExitVerdict::Pass => ExitCode::SUCCESS,
        ExitVerdict::Fail(why) => {
            eprintln!("iacgrade: {} fails the gate: {why}", task.display());
            ExitCode::from(1)
        }
    }
}

/// A selector that names no rule is probably a typo: say so, without stopping.
fn warn_unknown_selectors<'a>(
    selection: &'a RuleSelection,
    severity_keys: impl Iterator<Item = &'a str>,
) {
    let codes = crate::commands::rule_codes();
    for selector in selection.selectors().chain(severity_keys) {
        let upper = selector.trim().to_ascii_uppercase();
        if upper == "ALL" || upper.is_empty() {
            continue;
        }
        if !codes.iter().any(|c| c.starts_with(&upper)) {
            eprintln!(
                "iacgrade: warning: `{selector}` selects no rule (`iacgrade rules` lists them)"
            );
        }
    }
}
