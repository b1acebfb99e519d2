//! What must not outlive iacgrade: the process groups of running stages (each a sandbox, or
//! the emulator) and the runs' workspaces. They are registered while they exist; when
//! iacgrade is interrupted (SIGINT, SIGTERM, SIGHUP), [`install_interrupt_handler`]'s thread
//! kills every registered group and removes every registered workspace before exiting.
//!
//! A SIGKILL of iacgrade cannot be handled: then `PR_SET_PDEATHSIG` (set on every child) and
//! bwrap's `--die-with-parent` end the sandboxes, and the next run removes the workspaces
//! left by a process that no longer exists ([`remove_stale_workspaces`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The prefix of a run's workspace folder in the temporary folder; the creating process's
/// pid follows it.
pub const WORKSPACE_PREFIX: &str = "iacgrade-run-";

#[derive(Default)]
struct Registry {
    groups: Vec<i32>,
    workspaces: Vec<PathBuf>,
}

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Mutex::default)
}

fn with_registry(f: impl FnOnce(&mut Registry)) {
    let mut guard = match registry().lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    f(&mut guard);
}

/// A registered process group, unregistered when dropped.
#[derive(Debug)]
pub struct GroupGuard(i32);

pub fn register_group(pgid: i32) -> GroupGuard {
    with_registry(|r| r.groups.push(pgid));
    GroupGuard(pgid)
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        let pgid = self.0;
        with_registry(|r| r.groups.retain(|g| *g != pgid));
    }
}

/// A registered workspace, unregistered when dropped (its owner removes or keeps it).
#[derive(Debug)]
pub struct WorkspaceGuard(PathBuf);

pub fn register_workspace(path: &Path) -> WorkspaceGuard {
    with_registry(|r| r.workspaces.push(path.to_path_buf()));
    WorkspaceGuard(path.to_path_buf())
}

impl Drop for WorkspaceGuard {
    fn drop(&mut self) {
        with_registry(|r| r.workspaces.retain(|w| *w != self.0));
    }
}

/// Kills every registered process group and removes every registered workspace.
pub fn kill_everything() {
    let (groups, workspaces) = {
        let mut taken = (Vec::new(), Vec::new());
        with_registry(|r| {
            taken = (
                std::mem::take(&mut r.groups),
                std::mem::take(&mut r.workspaces),
            );
        });
        taken
    };
    for pgid in groups {
        crate::process::kill_group(pgid);
    }
    for dir in workspaces {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The write end of the pipe the signal handler writes to.
static SIGNAL_PIPE: OnceLock<i32> = OnceLock::new();

extern "C" fn on_signal(signal: libc::c_int) {
    if let Some(fd) = SIGNAL_PIPE.get() {
        let byte = signal as u8;
        // SAFETY: write(2) is async-signal-safe; the byte lives on this stack frame.
        unsafe {
            libc::write(*fd, (&byte as *const u8).cast(), 1);
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP: kill every running stage and the emulator, remove the
/// workspaces, and exit with 128 + the signal's number. Call once, early in `main`.
pub fn install_interrupt_handler() -> std::io::Result<()> {
    if SIGNAL_PIPE.get().is_some() {
        return Ok(());
    }
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 fills the array we pass.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let (read_fd, write_fd) = (fds[0], fds[1]);
    let _ = SIGNAL_PIPE.set(write_fd);
    std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            let mut byte = 0u8;
            // SAFETY: read(2) into a one-byte buffer we own.
            let n = unsafe { libc::read(read_fd, (&mut byte as *mut u8).cast(), 1) };
            if n == 1 {
                kill_everything();
                std::process::exit(128 + byte as i32);
            }
        })?;
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only calls write(2) on a file descriptor set before.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = libc::SA_RESTART;
            if libc::sigaction(signal, &action, std::ptr::null_mut()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
    }
    Ok(())
}

/// Removes the workspaces (`iacgrade-run-PID-*`) of iacgrade processes that no longer run
/// (killed by SIGKILL, or the machine went down mid-run).
pub fn remove_stale_workspaces(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(WORKSPACE_PREFIX) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let owned = entry
            .metadata()
            .map(|m| {
                use std::os::unix::fs::MetadataExt;
                // SAFETY: getuid never fails.
                m.uid() == unsafe { libc::getuid() }
            })
            .unwrap_or(false);
        if owned && pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
