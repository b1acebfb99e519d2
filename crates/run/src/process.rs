//! Runs one tool of a stage: the single entry point through which every process of a stage
//! starts. In the run's sandbox ([`crate::sandbox`]) unless the run was asked to go without,
//! in its own process group, with the stage's environment and resource limits, its output
//! captured to a log file, and killed — the whole sandbox — when the deadline passes.

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::sandbox::limits::{apply_rlimits, join_cgroups, rlimits, StageCgroup};
use crate::sandbox::{EmulatorLink, Limits, SandboxPolicy};

/// The most of a log kept in a report: its end, where the errors and summaries are.
pub const LOG_TAIL_BYTES: u64 = 12 * 1024;

/// One command to run.
#[derive(Debug, Clone)]
pub struct ToolCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    /// The complete environment of the child: nothing of the caller's is inherited.
    pub env: Vec<(OsString, OsString)>,
    /// Where it runs: the run's sandbox, or unconfined (`None`: `--no-sandbox`, and the
    /// run's own trusted helpers).
    pub confinement: Option<Confinement>,
    /// Limits when unconfined (in the sandbox, the policy's).
    pub limits: Option<Limits>,
}

/// The sandbox a command runs in.
#[derive(Debug, Clone)]
pub struct Confinement {
    pub policy: Arc<SandboxPolicy>,
    /// The emulator, when the run has one up: reachable from inside.
    pub emulator: Option<EmulatorLink>,
}

impl ToolCommand {
    pub fn new(program: impl Into<PathBuf>, cwd: &Path, env: &[(OsString, OsString)]) -> Self {
        ToolCommand {
            program: program.into(),
            args: Vec::new(),
            cwd: cwd.to_path_buf(),
            env: env.to_vec(),
            confinement: None,
            limits: None,
        }
    }

    /// The same command, run in `confinement`.
    pub fn confined(mut self, confinement: Option<Confinement>) -> Self {
        self.confinement = confinement;
        self
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, A>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn set_env(mut self, key: &str, value: impl Into<OsString>) -> Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    /// The command as a person would type it (for reports).
    pub fn display(&self) -> String {
        let name = self
            .program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.program.display().to_string());
        let mut line = name;
        for a in &self.args {
            line.push(' ');
            let a = a.to_string_lossy();
            if a.contains(' ') {
                line.push_str(&format!("'{a}'"));
            } else {
                line.push_str(&a);
            }
        }
        line
    }
}

/// How a command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    /// Killed by a signal it did not ask for (a crash).
    Signalled(i32),
    /// Killed by us at the deadline.
    TimedOut,
    /// Killed, or refused what it asked for, at a resource limit of the stage (the text says
    /// which).
    KilledAtLimit(String),
    /// Could not be started at all.
    SpawnFailed(String),
}

impl Outcome {
    pub fn success(&self) -> bool {
        matches!(self, Outcome::Exited(0))
    }

    pub fn describe(&self) -> String {
        match self {
            Outcome::Exited(code) => format!("exit code {code}"),
            Outcome::Signalled(sig) => format!("killed by signal {sig}"),
            Outcome::TimedOut => "timed out".to_string(),
            Outcome::KilledAtLimit(limit) => format!("killed at its {limit}"),
            Outcome::SpawnFailed(e) => format!("could not start: {e}"),
        }
    }
}

/// A finished command: how it ended, and its log.
#[derive(Debug, Clone)]
pub struct CommandRun {
    pub outcome: Outcome,
    pub log_path: PathBuf,
    /// The end of the combined stdout and stderr (at most [`LOG_TAIL_BYTES`]).
    pub log_tail: String,
}

/// Runs `command` until it exits or `deadline` passes, writing stdout and stderr to `log_path`.
/// At the deadline the child's whole process group is killed, so that test runners' workers
/// and servers they started go too.
pub fn run_command(command: &ToolCommand, log_path: &Path, deadline: Instant) -> CommandRun {
    let finish = |outcome: Outcome| CommandRun {
        outcome,
        log_path: log_path.to_path_buf(),
        log_tail: read_tail(log_path, LOG_TAIL_BYTES),
    };
    if let Some(dir) = log_path.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return finish(Outcome::SpawnFailed(format!(
                "cannot create log folder {}: {e}",
                dir.display()
            )));
        }
    }
    let log = match File::create(log_path) {
        Ok(f) => f,
        Err(e) => {
            return finish(Outcome::SpawnFailed(format!(
                "cannot create log {}: {e}",
                log_path.display()
            )))
        }
    };
    let log_err = match log.try_clone() {
        Ok(f) => f,
        Err(e) => return finish(Outcome::SpawnFailed(format!("cannot share log: {e}"))),
    };
    let limits = command
        .confinement
        .as_ref()
        .map(|c| c.policy.limits)
        .or(command.limits);
    let (program, args) = match &command.confinement {
        Some(c) => c.policy.wrap(
            &command.program,
            &command.args,
            &command.cwd,
            c.emulator.as_ref(),
        ),
        None => (command.program.clone(), command.args.clone()),
    };
    let mut cmd = Command::new(&program);
    cmd.args(&args)
        .current_dir(&command.cwd)
        .env_clear()
        .envs(command.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err))
        // A group of its own: the deadline kills the child and everything it started.
        .process_group(0);
    die_with_parent(&mut cmd);
    let cgroup = limits.as_ref().and_then(StageCgroup::create);
    if let Some(limits) = &limits {
        let cpu_seconds = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .saturating_add(5);
        let resource_limits = rlimits(limits, cpu_seconds);
        let procs_files = cgroup
            .as_ref()
            .map(StageCgroup::procs_files)
            .unwrap_or_default();
        // SAFETY: only async-signal-safe calls (open, write, close, setrlimit) on data
        // prepared before the fork.
        unsafe {
            cmd.pre_exec(move || {
                join_cgroups(&procs_files)?;
                apply_rlimits(&resource_limits)
            });
        }
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return finish(Outcome::SpawnFailed(e.to_string())),
    };
    let pgid = child.id() as i32;
    let registered = crate::sandbox::cleanup::register_group(pgid);
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(status)) => break outcome_of(status),
            Ok(None) => {}
            Err(e) => break Outcome::SpawnFailed(format!("cannot wait: {e}")),
        }
        if Instant::now() >= deadline {
            kill_group(pgid);
            let _ = child.wait();
            break Outcome::TimedOut;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Whatever the outcome, leave no grandchild behind (a test runner's stray workers).
    kill_group(pgid);
    drop(registered);
    let outcome = match (&cgroup, &limits, outcome) {
        (Some(group), Some(limits), outcome) if !outcome.success() => {
            if group.hit_memory_limit() {
                Outcome::KilledAtLimit(format!(
                    "memory limit ({})",
                    crate::sandbox::limits::human_bytes(limits.memory_bytes)
                ))
            } else if group.hit_pids_limit() {
                Outcome::KilledAtLimit(format!("process limit ({} processes)", limits.pids))
            } else {
                outcome
            }
        }
        (_, _, outcome) => outcome,
    };
    drop(cgroup);
    finish(outcome)
}

fn outcome_of(status: ExitStatus) -> Outcome {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Outcome::Exited(code),
        (None, Some(sig)) => Outcome::Signalled(sig),
        (None, None) => Outcome::Exited(-1),
    }
}

/// Asks the kernel to kill the child when the thread that started it dies (Linux), so that a
/// run killed from outside leaves no tool or emulator running behind it.
pub fn die_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl(PR_SET_PDEATHSIG) is async-signal-safe and touches no memory of the
        // parent; it is the only call made between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// Sends SIGKILL to every process of the group `pgid`. Harmless when the group is gone.
pub fn kill_group(pgid: i32) {
    if pgid > 1 {
        // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}

/// The last `max` bytes of a file, as text starting at a line boundary.
pub fn read_tail(path: &Path, max: u64) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let start = len.saturating_sub(max);
    if file.seek(SeekFrom::Start(start)).is_err() {
        return String::new();
    }
    let mut bytes = Vec::new();
    if file.take(max).read_to_end(&mut bytes).is_err() {
        return String::new();
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if start > 0 {
        match text.find('\n') {
            Some(i) => format!("…\n{}", &text[i + 1..]),
            None => text,
        }
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, dir: &Path) -> ToolCommand {
        let env = vec![(OsString::from("PATH"), OsString::from("/usr/bin:/bin"))];
        ToolCommand::new("/bin/sh", dir, &env).arg("-c").arg(script)
    }

    #[test]
    fn captures_output_and_exit_code() {
        let dir = tempfile::tempdir().expect("tempdir");
        let run = run_command(
            &sh("echo out; echo err >&2; exit 3", dir.path()),
            &dir.path().join("log"),
            Instant::now() + Duration::from_secs(10),
        );
        assert_eq!(run.outcome, Outcome::Exited(3));
        assert!(run.log_tail.contains("out") && run.log_tail.contains("err"));
    }

    #[test]
    fn kills_the_whole_group_at_the_deadline() {
        let dir = tempfile::tempdir().expect("tempdir");
        let marker = dir.path().join("survived");
        // The grandchild would write the marker after 2 s if it outlived the kill.
        let script = format!("(sleep 2; touch {}) & sleep 30", marker.display());
        let started = Instant::now();
        let run = run_command(
            &sh(&script, dir.path()),
            &dir.path().join("log"),
            Instant::now() + Duration::from_millis(300),
        );
        assert_eq!(run.outcome, Outcome::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(2500));
        assert!(!marker.exists(), "a grandchild outlived the timeout");
    }

    #[test]
    fn a_missing_program_is_reported_not_panicked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cmd = ToolCommand::new("/nonexistent/tool", dir.path(), &[]);
        let run = run_command(
            &cmd,
            &dir.path().join("log"),
            Instant::now() + Duration::from_secs(1),
        );
        assert!(matches!(run.outcome, Outcome::SpawnFailed(_)));
    }

    #[test]
    fn the_tail_starts_at_a_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        let text: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        std::fs::write(&path, text).expect("write");
        let tail = read_tail(&path, 100);
        assert!(tail.starts_with("…\nline "));
        assert!(tail.ends_with("line 1999\n"));
    }
}
