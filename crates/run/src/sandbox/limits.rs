//! Resource limits of one stage.
//!
//! Two layers, because neither is enough alone:
//! - **setrlimit** in the child before bwrap starts, inherited by every process of the stage:
//!   `RLIMIT_DATA` (the memory limit: it counts a process's private writable memory, so that
//!   V8's large reservations of address space, which `RLIMIT_AS` would count, do not stop
//!   Node from starting), `RLIMIT_CPU`, `RLIMIT_FSIZE`, `RLIMIT_CORE` = 0 and `RLIMIT_NPROC`.
//!   These bind each process, not the stage; and `RLIMIT_NPROC` does not bind a caller who is
//!   root on the host (the kernel exempts its processes even inside a user namespace).
//! - **a cgroup of the stage** where the cgroup file system is writable (root, or a delegated
//!   cgroup v2 subtree): the memory limit for the stage's processes together, and the process
//!   limit (`pids.max`) that binds whoever the caller is. After the stage, the cgroup says
//!   whether the stage was killed at its memory limit or refused a fork at its process limit,
//!   which the stage's result then states. Both cgroup v1 (`memory`, `pids` hierarchies) and
//!   v2 are read; where neither is writable, the rlimits stand alone.

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// The limits of one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Memory of the stage (cgroup) and of each of its processes (`RLIMIT_DATA`), in bytes.
    pub memory_bytes: u64,
    /// Processes (and threads) of the stage at once.
    pub pids: u64,
    /// The largest file a stage may write, in bytes.
    pub file_size_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 4 << 30,
            pids: 1024,
            file_size_bytes: 2 << 30,
        }
    }
}

/// "4 GiB", "512 MiB".
pub fn human_bytes(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

/// Reads a size as the command line writes it: "4G", "512M", "2GiB", "1073741824".
pub fn parse_bytes(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    let split = raw
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return None,
    };
    let bytes = number * scale as f64;
    (bytes >= 1.0 && bytes.is_finite()).then_some(bytes as u64)
}

/// The rlimits set in the child: (resource, value).
pub fn rlimits(limits: &Limits, cpu_seconds: u64) -> Vec<(libc::__rlimit_resource_t, u64)> {
    vec![
        (libc::RLIMIT_DATA, limits.memory_bytes),
        (libc::RLIMIT_CPU, cpu_seconds.max(1)),
        (libc::RLIMIT_FSIZE, limits.file_size_bytes),
        (libc::RLIMIT_CORE, 0),
        (libc::RLIMIT_NPROC, limits.pids),
    ]
}

/// Sets `limits` on the calling process. Only async-signal-safe calls: run between fork and
/// exec.
pub fn apply_rlimits(limits: &[(libc::__rlimit_resource_t, u64)]) -> std::io::Result<()> {
    for (resource, value) in limits {
        let limit = libc::rlimit {
            rlim_cur: *value as libc::rlim_t,
            rlim_max: *value as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct we pass; async-signal-safe.
        if unsafe { libc::setrlimit(*resource, &limit) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Which cgroup layout the host has, and where this process sits in it.
#[derive(Debug, Clone)]
enum Hierarchy {
    /// cgroup v1: one folder per controller.
    V1 { memory: PathBuf, pids: PathBuf },
    /// cgroup v2: one folder.
    V2 { dir: PathBuf },
}

/// A cgroup made for one stage; removed (its processes killed) when dropped.
#[derive(Debug)]
pub struct StageCgroup {
    dirs: Vec<PathBuf>,
    memory_dir: Option<PathBuf>,
    pids_dir: Option<PathBuf>,
    v2: bool,
    /// The `cgroup.procs` files the child writes its pid to, before exec.
    procs_files: Vec<CString>,
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

fn own_cgroups() -> Option<Hierarchy> {
    let text = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let root = Path::new("/sys/fs/cgroup");
    let mut memory = None;
    let mut pids = None;
    let mut unified = None;
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let rel = path.trim_start_matches('/');
        for c in controllers.split(',') {
            match c {
                "memory" => memory = Some(root.join("memory").join(rel)),
                "pids" => pids = Some(root.join("pids").join(rel)),
                _ => {}
            }
        }
        if controllers.is_empty() {
            unified = Some(root.join(rel));
        }
    }
    match (memory, pids, unified) {
        (Some(memory), Some(pids), _) => Some(Hierarchy::V1 { memory, pids }),
        (_, _, Some(dir)) if root.join("cgroup.controllers").is_file() => {
            Some(Hierarchy::V2 { dir })
        }
        _ => None,
    }
}

impl StageCgroup {
    /// A fresh cgroup with `limits`, or `None` where none can be made (no writable cgroup
    /// file system, controllers not delegated): the rlimits then stand alone.
    pub fn create(limits: &Limits) -> Option<StageCgroup> {
        let name = format!(
            "iacgrade-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        );
        match own_cgroups()? {
            Hierarchy::V1 { memory, pids } => {
                let memory_dir = memory.join(&name);
                let pids_dir = pids.join(&name);
                let mut group = StageCgroup {
                    dirs: Vec::new(),
                    memory_dir: None,
                    pids_dir: None,
                    v2: false,
                    procs_files: Vec::new(),
                };
                if std::fs::create_dir(&memory_dir).is_ok() {
                    group.dirs.push(memory_dir.clone());
                    let limit = limits.memory_bytes.to_string();
                    if std::fs::write(memory_dir.join("memory.limit_in_bytes"), &limit).is_ok() {
                        // With swap, the limit of memory and swap together (absent without).
                        let _ =
                            std::fs::write(memory_dir.join("memory.memsw.limit_in_bytes"), &limit);
                        group.add_procs(&memory_dir);
                        group.memory_dir = Some(memory_dir);
                    }
                }
                if std::fs::create_dir(&pids_dir).is_ok() {
                    group.dirs.push(pids_dir.clone());
                    if std::fs::write(pids_dir.join("pids.max"), limits.pids.to_string()).is_ok() {
                        group.add_procs(&pids_dir);
                        group.pids_dir = Some(pids_dir);
                    }
                }
                (!group.procs_files.is_empty()).then_some(group)
            }
            Hierarchy::V2 { dir } => {
                let dir = dir.join(&name);
                std::fs::create_dir(&dir).ok()?;
                let mut group = StageCgroup {
                    dirs: vec![dir.clone()],
                    memory_dir: None,
                    pids_dir: None,
                    v2: true,
                    procs_files: Vec::new(),
                };
                if std::fs::write(dir.join("memory.max"), limits.memory_bytes.to_string()).is_ok() {
                    let _ = std::fs::write(dir.join("memory.swap.max"), "0");
                    group.memory_dir = Some(dir.clone());
                }
                if std::fs::write(dir.join("pids.max"), limits.pids.to_string()).is_ok() {
                    group.pids_dir = Some(dir.clone());
                }
                if group.memory_dir.is_some() || group.pids_dir.is_some() {
                    group.add_procs(&dir);
                    Some(group)
                } else {
                    None
                }
            }
        }
    }

    fn add_procs(&mut self, dir: &Path) {
        if let Ok(c) = CString::new(dir.join("cgroup.procs").as_os_str().as_encoded_bytes()) {
            self.procs_files.push(c);
        }
    }

    /// The files the child writes its pid to before exec.
    pub fn procs_files(&self) -> Vec<CString> {
        self.procs_files.clone()
    }

    /// True when the kernel killed a process of the stage at the memory limit.
    pub fn hit_memory_limit(&self) -> bool {
        let Some(dir) = &self.memory_dir else {
            return false;
        };
        let (file, key) = if self.v2 {
            ("memory.events", "oom_kill")
        } else {
            ("memory.oom_control", "oom_kill")
        };
        let killed = counter(&dir.join(file), key) > 0;
        killed
            || (!self.v2 && counter_file(&dir.join("memory.failcnt")) > 0 && {
                // v1 kernels without the oom_kill counter: a failed charge plus a full cgroup.
                counter(&dir.join("memory.oom_control"), "under_oom") > 0
            })
    }

    /// True when a fork of the stage was refused at the process limit.
    pub fn hit_pids_limit(&self) -> bool {
        self.pids_dir
            .as_ref()
            .is_some_and(|d| counter(&d.join("pids.events"), "max") > 0)
    }

    /// Kills every process still in the cgroup (a stage's leftovers).
    pub fn kill_all(&self) {
        for dir in &self.dirs {
            let Ok(text) = std::fs::read_to_string(dir.join("cgroup.procs")) else {
                continue;
            };
            for pid in text.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
                if pid > 1 {
                    // SAFETY: kill(2) on a pid of our own stage's cgroup.
                    unsafe {
                        libc::kill(pid, libc::SIGKILL);
                    }
                }
            }
        }
    }
}

impl Drop for StageCgroup {
    fn drop(&mut self) {
        self.kill_all();
        for dir in &self.dirs {
            // The last processes may take a moment to leave after SIGKILL.
            for _ in 0..50 {
                if std::fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
    }
}

fn counter(path: &Path, key: &str) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                let (k, v) = l.split_once(' ')?;
                (k == key).then(|| v.trim().parse().ok()).flatten()
            })
        })
        .unwrap_or(0)
}

fn counter_file(path: &Path) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// Writes the calling process's pid to each cgroup.procs file. Only async-signal-safe
/// calls: run between fork and exec.
pub fn join_cgroups(procs_files: &[CString]) -> std::io::Result<()> {
    // "0" means "the writing process" to cgroup.procs.
    for file in procs_files {
        // SAFETY: open/write/close on a NUL-terminated path prepared before fork.
        unsafe {
            let fd = libc::open(file.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
            if fd < 0 {
                return Err(std::io::Error::last_os_error());
            }
            let written = libc::write(fd, b"0".as_ptr().cast(), 1);
            libc::close(fd);
            if written != 1 {
                return Err(std::io::Error::last_os_error());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_as_people_write_them() {
        assert_eq!(parse_bytes("4G"), Some(4 << 30));
        assert_eq!(parse_bytes("512m"), Some(512 << 20));
        assert_eq!(parse_bytes("1.5GiB"), Some(3 << 29));
        assert_eq!(parse_bytes("2048"), Some(2048));
        assert_eq!(parse_bytes("lots"), None);
        assert_eq!(parse_bytes("0"), None);
        assert_eq!(human_bytes(4 << 30), "4 GiB");
        assert_eq!(human_bytes(512 << 20), "512 MiB");
    }
}
