//! The state one run carries from stage to stage, and the recorder that turns a stage's
//! commands into its [`StageResult`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iacgrade_task::{Language, Platform};

use crate::cfn_stack::RunStack;
use crate::emulator::Emulator;
use crate::environment::StageEnvironment;
use crate::figures::first_error_line;
use crate::options::{AwsTarget, Stage};
use crate::process::{run_command, CommandRun, Confinement, Outcome, ToolCommand, LOG_TAIL_BYTES};
use crate::report::{StageFigures, StageResult, StageStatus};
use crate::sandbox::{Limits, SandboxPolicy};
use crate::tools::Tools;

/// Where a client with no emulator running is sent in emulator mode: the discard port of the
/// loopback address, so that nothing of a run ever reaches a real AWS endpoint.
pub const NOWHERE_ENDPOINT: &str = "http://127.0.0.1:9";

/// What a run knows while its stages go.
pub struct RunContext {
    pub task_id: String,
    /// The side's files; every stage runs here.
    pub project: PathBuf,
    /// The run's own files (logs, harnesses, empty AWS config), beside the project.
    pub scratch: PathBuf,
    pub platform: Option<Platform>,
    pub language: Option<Language>,
    pub stage_env: StageEnvironment,
    pub tools: Tools,
    pub timeout: Duration,
    /// Stacks deployed by this run, deleted at its end. Declared before the emulator so that,
    /// should a panic drop the context, the stacks are deleted while the emulator still runs.
    pub stacks: Vec<RunStack>,
    /// A tool-driven deployment (Terraform, Pulumi) to destroy at the end.
    pub cli_deployment: Option<CliDeployment>,
    pub emulator: Option<Emulator>,
    pub results: Vec<StageResult>,
    /// The sandbox every command of the run starts in; `None` only with `--no-sandbox`.
    pub sandbox: Option<std::sync::Arc<SandboxPolicy>>,
    /// The stages' resource limits.
    pub limits: Limits,
    /// Whether the tests that run are the task's or the answer's own.
    pub test_origin: crate::testsuite::TestOrigin,
}

/// A deployment made through a platform's own CLI, with the command that undoes it.
pub struct CliDeployment {
    pub destroy: ToolCommand,
}

impl RunContext {
    /// The environment of a stage's child processes.
    pub fn env(&self) -> Vec<(OsString, OsString)> {
        let mut stage_env = self.stage_env.clone();
        if stage_env.aws == AwsTarget::Emulator && stage_env.endpoint.is_none() {
            stage_env.endpoint = Some(NOWHERE_ENDPOINT.to_string());
        }
        stage_env.build(crate::environment::inherited())
    }

    /// A command run in the project folder with the stage environment.
    pub fn command(&self, program: impl Into<PathBuf>) -> ToolCommand {
        let mut command = ToolCommand::new(program, &self.project, &self.env());
        command.limits = Some(self.limits);
        command.confined(self.sandbox.as_ref().map(|policy| Confinement {
            policy: policy.clone(),
            emulator: self.emulator.as_ref().and_then(Emulator::link),
        }))
    }

    pub fn logs_dir(&self) -> PathBuf {
        self.scratch.join("logs")
    }

    /// The result of an earlier stage of this run.
    pub fn result(&self, stage: Stage) -> Option<&StageResult> {
        self.results.iter().find(|r| r.stage == stage)
    }

    pub fn stage_passed(&self, stage: Stage) -> bool {
        self.result(stage).is_some_and(StageResult::passed)
    }

    /// Every file of the project with one of `extensions`, relative, sorted; build output and
    /// dependencies excluded.
    pub fn files_with(&self, extensions: &[&str]) -> Vec<String> {
        let mut found = Vec::new();
        collect_files(&self.project, &self.project, extensions, &mut found);
        found.sort();
        found
    }

    pub fn has_file(&self, rel: &str) -> bool {
        self.project.join(rel).is_file()
    }
}

fn collect_files(root: &Path, dir: &Path, extensions: &[&str], out: &mut Vec<String>) {
    const SKIP: &[&str] = &[
        "node_modules",
        "cdk.out",
        "cdktf.out",
        ".terraform",
        "__pycache__",
        ".git",
        "coverage",
        "dist",
        ".venv",
    ];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                collect_files(root, &path, extensions, out);
            }
        } else if kind.is_file() {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if ext.is_some_and(|e| extensions.contains(&e.as_str())) {
                if let Ok(rel) = path.strip_prefix(root) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
}

/// Collects what one stage ran and turns it into a [`StageResult`].
pub struct StageRecorder {
    pub stage: Stage,
    started: Instant,
    pub deadline: Instant,
    commands: Vec<String>,
    tails: Vec<String>,
    pub figures: StageFigures,
    /// False when a command of the stage ran without the sandbox.
    confined: bool,
}

/// The note of every stage run without the sandbox.
pub const UNCONFINED_WARNING: &str =
    "warning: run without the sandbox (--no-sandbox): the answer's code had the caller's rights";

impl StageRecorder {
    pub fn new(stage: Stage, timeout: Duration) -> StageRecorder {
        let started = Instant::now();
        StageRecorder {
            stage,
            started,
            deadline: started + timeout,
            commands: Vec::new(),
            tails: Vec::new(),
            figures: StageFigures::default(),
            confined: true,
        }
    }

    /// Runs one command of the stage; its log goes to the run's logs folder.
    pub fn run(&mut self, ctx: &RunContext, label: &str, command: &ToolCommand) -> CommandRun {
        let log = ctx
            .logs_dir()
            .join(format!("{}-{label}.log", self.stage.as_str()));
        self.commands.push(command.display());
        self.confined &= command.confinement.is_some();
        let run = run_command(command, &log, self.deadline);
        self.tails
            .push(format!("$ {}\n{}", command.display(), run.log_tail));
        run
    }

    /// Adds a note to the stage's log (what the run did between commands).
    pub fn note(&mut self, text: impl Into<String>) {
        self.tails.push(text.into());
    }

    /// The stage's result. The first error line is taken from the logs unless already set.
    pub fn finish(mut self, status: StageStatus, reason: impl Into<String>) -> StageResult {
        let mut log = self.tails.join("\n");
        if log.len() as u64 > LOG_TAIL_BYTES {
            let cut = log.len() - LOG_TAIL_BYTES as usize;
            let cut = (cut..log.len())
                .find(|&i| log.is_char_boundary(i))
                .unwrap_or(log.len());
            log = format!("…{}", &log[cut..]);
        }
        if !self.confined {
            self.figures.notes.push(UNCONFINED_WARNING.to_string());
        }
        if status != StageStatus::Passed && self.figures.first_error.is_none() {
            self.figures.first_error = first_error_line(&log);
        }
        StageResult {
            stage: self.stage,
            status,
            reason: reason.into(),
            duration_ms: self.started.elapsed().as_millis() as u64,
            commands: self.commands,
            log,
            figures: self.figures,
        }
    }

    /// The result of a stage whose verdict is one command's outcome.
    pub fn finish_with(self, run: &CommandRun, what: &str) -> StageResult {
        let (status, reason) = verdict(run, what, self.deadline - self.started);
        self.finish(status, reason)
    }
}

/// The status a command's outcome gives its stage.
pub fn verdict(run: &CommandRun, what: &str, timeout: Duration) -> (StageStatus, String) {
    match &run.outcome {
        Outcome::Exited(0) => (StageStatus::Passed, format!("{what} passed")),
        Outcome::TimedOut => (
            StageStatus::TimedOut,
            format!(
                "{what} was stopped at the {} s timeout",
                timeout.as_secs_f64().round()
            ),
        ),
        Outcome::SpawnFailed(e) => (StageStatus::NotChecked, format!("not checked: {e}")),
        other => (
            StageStatus::Failed,
            format!("{what} failed ({})", other.describe()),
        ),
    }
}
