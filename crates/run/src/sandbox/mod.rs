//! The sandbox every process of a run stage starts in: code a model wrote is run here, so the
//! run treats it as hostile.
//!
//! Each command of a stage runs under [bubblewrap](https://github.com/containers/bubblewrap)
//! (`bwrap`), in new user, PID, IPC, UTS, cgroup and network namespaces:
//! - **Files.** `/` is not bound. The system's program folders (`/usr`, and `/bin`, `/lib*`,
//!   `/sbin` as the host has them), a handful of `/etc` files a program needs to start and
//!   resolve `localhost` (loader cache, TLS roots, alternatives, a generated `passwd`, `group`
//!   and `hosts`), and the toolchains (the venv and the interpreter it points at, the Node
//!   tools, the Terraform plugin mirror, the folder of a tool found on `PATH`) are bound
//!   read-only. The run's own folder (the workspace and its logs) is the only writable host
//!   folder; `/tmp` and `$HOME` (`/home/sandbox`) are empty tmpfs. The caller's home, the task's
//!   source folder, the repository and other users' files do not exist inside.
//! - **Identity.** The stage runs as uid/gid 1000 of its user namespace, with no capability.
//!   Files it creates in the workspace belong to the caller on the host (the namespace maps
//!   that uid to the caller's).
//! - **Network.** The network namespace has only `lo`: there is no route off the machine and
//!   the host's loopback services are out of reach. When the run's emulator is up, a small
//!   forwarder started first in the sandbox listens on the emulator's port of the sandbox's
//!   own loopback and relays each connection through a Unix socket of the run folder to the
//!   emulator on the host ([`network`]). So `AWS_ENDPOINT_URL` is the same URL inside and out,
//!   and the emulator is the only service a stage can reach.
//! - **Lifetime.** bwrap runs with `--die-with-parent` in a process group of its own, and the
//!   stage is PID 1's child in its PID namespace: when the stage's command ends, is killed at
//!   the deadline, or iacgrade exits (a signal handler kills every running sandbox, see
//!   [`cleanup`]), the namespace's every process dies with it — daemons that `setsid` or fork
//!   twice included.
//! - **Limits** ([`limits`]): memory, processes, CPU time and file size, through a cgroup of
//!   the stage where the cgroup file system is writable, and `setrlimit` in every case.
//!
//! Where bwrap is missing or cannot create the namespaces, [`check`] says what is missing and
//! how to get it; a run then refuses to start rather than run answer code unconfined. Only an
//! explicit `--no-sandbox` runs without it, and every stage says so.

pub mod cleanup;
pub mod limits;
pub mod network;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub use limits::Limits;
pub use network::EmulatorLink;

/// The home folder of a sandboxed stage: an empty tmpfs.
pub const SANDBOX_HOME: &str = "/home/sandbox";
/// The user a sandboxed stage runs as, inside its user namespace.
pub const SANDBOX_UID: u32 = 1000;

/// Where `bwrap` is looked for when it is not on `PATH`.
const BWRAP_PLACES: &[&str] = &["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"];

/// `/etc` entries a program needs to start, find its libraries, check TLS certificates and
/// resolve names; nothing that names users or secrets.
const ETC_ENTRIES: &[&str] = &[
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "alternatives",
    "localtime",
    "timezone",
    "nsswitch.conf",
    "host.conf",
    "gai.conf",
    "protocols",
    "services",
    "mime.types",
    "os-release",
    "debian_version",
];

/// Finds bwrap and checks, once, that it can build the namespaces a stage needs. The error
/// names the missing piece and how to get it.
pub fn check() -> Result<PathBuf, String> {
    static CHECKED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    CHECKED.get_or_init(probe).clone()
}

fn find_bwrap() -> Option<PathBuf> {
    let on_path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("bwrap")).collect())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(BWRAP_PLACES.iter().map(PathBuf::from))
        .find(|p| crate::environment::is_executable(p))
}

fn probe() -> Result<PathBuf, String> {
    let Some(bwrap) = find_bwrap() else {
        return Err(
            "the sandbox needs bubblewrap (bwrap), which is not installed: install it \
             with `apt-get install bubblewrap` (Debian, Ubuntu), `dnf install bubblewrap` \
             (Fedora) or tools/install-toolchains.sh; --no-sandbox runs the answer's code \
             unconfined"
                .to_string(),
        );
    };
    let mut args: Vec<OsString> = Vec::new();
    system_binds(&mut args);
    args.extend(
        ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
            .iter()
            .map(OsString::from),
    );
    args.extend(namespace_flags().iter().map(OsString::from));
    args.extend(["--", "/bin/sh", "-c", "exit 0"].iter().map(OsString::from));
    let output = Command::new(&bwrap)
        .args(&args)
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", bwrap.display()))?;
    if output.status.success() {
        return Ok(bwrap);
    }
    let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Err(format!(
        "bubblewrap cannot build the sandbox here ({said}): it needs unprivileged user \
         namespaces (`sysctl -w kernel.unprivileged_userns_clone=1` on Debian, \
         `sysctl -w user.max_user_namespaces=15000`, or the distribution's AppArmor profile \
         for bwrap); --no-sandbox runs the answer's code unconfined"
    ))
}

fn namespace_flags() -> &'static [&'static str] {
    &[
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-net",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "sandbox",
    ]
}

/// `/usr` and the top-level folders that are (on merged-/usr systems) links into it.
fn system_binds(args: &mut Vec<OsString>) {
    push(args, ["--ro-bind", "/usr", "/usr"]);
    for top in ["bin", "sbin", "lib", "lib32", "lib64", "libx32"] {
        let path = Path::new("/").join(top);
        match std::fs::read_link(&path) {
            Ok(target) => {
                args.push("--symlink".into());
                args.push(target.into());
                args.push(path.into());
            }
            Err(_) if path.is_dir() => {
                args.push("--ro-bind".into());
                args.push(path.clone().into());
                args.push(path.into());
            }
            Err(_) => {}
        }
    }
}

fn push<const N: usize>(args: &mut Vec<OsString>, items: [&str; N]) {
    args.extend(items.iter().map(OsString::from));
}

/// What a run's sandboxes are made of: the same for every stage of the run.
#[derive(Debug)]
pub struct SandboxPolicy {
    bwrap: PathBuf,
    /// (host path, path inside) pairs bound read-only.
    read_only: Vec<(PathBuf, PathBuf)>,
    /// The run's folder: workspace, logs, reports. The only writable host folder.
    writable: PathBuf,
    pub limits: Limits,
    /// The interpreter the emulator forwarder runs with (the tools' Python).
    pub forwarder_python: Option<PathBuf>,
    /// Network of the host (for a run against the real AWS account only).
    pub host_network: bool,
}

impl SandboxPolicy {
    /// The policy of one run whose files are all under `run_root`. `toolchains` are bound
    /// read-only (each at the path given and at its real path, when a link leads elsewhere).
    pub fn new(
        bwrap: PathBuf,
        run_root: &Path,
        toolchains: &[PathBuf],
        limits: Limits,
    ) -> std::io::Result<SandboxPolicy> {
        let etc = run_root.join("sandbox-etc");
        std::fs::create_dir_all(&etc)?;
        std::fs::write(
            etc.join("passwd"),
            format!(
                "root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:{SANDBOX_UID}:{SANDBOX_UID}:sandbox:{SANDBOX_HOME}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
            ),
        )?;
        std::fs::write(
            etc.join("group"),
            format!("root:x:0:\nsandbox:x:{SANDBOX_UID}:\nnogroup:x:65534:\n"),
        )?;
        std::fs::write(
            etc.join("hosts"),
            "127.0.0.1\tlocalhost sandbox\n::1\tlocalhost ip6-localhost\n",
        )?;
        std::fs::write(etc.join("hostname"), "sandbox\n")?;
        std::fs::write(etc.join("resolv.conf"), "")?;
        let mut read_only: Vec<(PathBuf, PathBuf)> = Vec::new();
        for entry in ETC_ENTRIES {
            let path = Path::new("/etc").join(entry);
            if path.exists() {
                read_only.push((path.clone(), path));
            }
        }
        for name in ["passwd", "group", "hosts", "hostname", "resolv.conf"] {
            read_only.push((etc.join(name), Path::new("/etc").join(name)));
        }
        for dir in toolchains {
            add_toolchain(&mut read_only, dir);
        }
        Ok(SandboxPolicy {
            bwrap,
            read_only,
            writable: run_root.to_path_buf(),
            limits,
            forwarder_python: None,
            host_network: false,
        })
    }

    /// Also binds `source`, when it exists, read-only at `dest`.
    pub fn add_read_only_at(&mut self, source: &Path, dest: &Path) {
        if source.exists() {
            self.read_only
                .push((source.to_path_buf(), dest.to_path_buf()));
        }
    }

    /// The bwrap command line that runs `program args` in `cwd`, and, when `emulator` is
    /// given, the forwarder that makes the emulator reachable first.
    pub fn wrap(
        &self,
        program: &Path,
        args: &[OsString],
        cwd: &Path,
        emulator: Option<&EmulatorLink>,
    ) -> (PathBuf, Vec<OsString>) {
        let mut out: Vec<OsString> = Vec::new();
        system_binds(&mut out);
        push(
            &mut out,
            ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"],
        );
        push(&mut out, ["--tmpfs", SANDBOX_HOME]);
        let mut bound: Vec<&Path> = Vec::new();
        for (source, dest) in &self.read_only {
            if bound.contains(&dest.as_path()) {
                continue;
            }
            bound.push(dest);
            out.push("--ro-bind".into());
            out.push(source.into());
            out.push(dest.into());
        }
        // A tool found on PATH outside the bound folders (a pulumi CLI in ~/.pulumi/bin...):
        // its folder alone, read-only.
        if let Some(dir) = program.parent() {
            let covered = dir.starts_with("/usr")
                || bound.iter().any(|b| dir.starts_with(b))
                || dir.starts_with(&self.writable);
            if !covered && dir.is_dir() {
                let mut extra = Vec::new();
                add_toolchain(&mut extra, dir);
                for (source, dest) in extra {
                    out.push("--ro-bind".into());
                    out.push(source.into());
                    out.push(dest.into());
                }
            }
        }
        out.push("--bind".into());
        out.push(self.writable.clone().into());
        out.push(self.writable.clone().into());
        // The sandbox's own root (where bwrap made the mount points) is read-only too.
        push(&mut out, ["--remount-ro", "/"]);
        for flag in namespace_flags() {
            if *flag == "--unshare-net" && self.host_network {
                continue;
            }
            out.push(flag.into());
        }
        push(&mut out, ["--uid", "1000", "--gid", "1000"]);
        out.push("--chdir".into());
        out.push(cwd.into());
        out.push("--".into());
        match (emulator, &self.forwarder_python) {
            (Some(link), Some(python)) if !self.host_network => {
                out.push(python.into());
                out.extend(network::forwarder_args(link));
            }
            _ => {}
        }
        out.push(program.into());
        out.extend(args.iter().cloned());
        (self.bwrap.clone(), out)
    }
}

/// Binds `dir` at its own path and, when it is (or passes through) a link, at its real path
/// too, since scripts name their interpreter by either. A venv's interpreter (pyvenv.cfg's
/// `home`) comes along.
fn add_toolchain(read_only: &mut Vec<(PathBuf, PathBuf)>, dir: &Path) {
    if !dir.exists() {
        return;
    }
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for path in [&real, &dir.to_path_buf()] {
        if !read_only.iter().any(|(_, d)| d == path) {
            read_only.push((real.clone(), path.clone()));
        }
    }
    if let Ok(cfg) = std::fs::read_to_string(real.join("pyvenv.cfg")) {
        let home = cfg.lines().find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == "home").then(|| PathBuf::from(v.trim()))
        });
        // `home` is the interpreter's bin folder; its installation is the folder above.
        if let Some(prefix) = home.as_deref().and_then(Path::parent) {
            if !prefix.starts_with("/usr") && prefix.is_dir() && prefix != Path::new("/") {
                add_toolchain(read_only, prefix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_no_home_and_only_the_run_folder_writable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let policy = SandboxPolicy::new(
            PathBuf::from("/usr/bin/bwrap"),
            dir.path(),
            &[],
            Limits::default(),
        )
        .expect("policy");
        let (program, args) = policy.wrap(Path::new("/bin/true"), &[], dir.path(), None);
        assert_eq!(program, PathBuf::from("/usr/bin/bwrap"));
        let args: Vec<String> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let writable: Vec<&String> = args
            .windows(2)
            .filter(|w| w[0] == "--bind")
            .map(|w| &w[1])
            .collect();
        assert_eq!(writable, [&dir.path().display().to_string()]);
        let sources: Vec<&String> = args
            .windows(2)
            .filter(|w| w[0] == "--ro-bind" || w[0] == "--bind")
            .map(|w| &w[1])
            .collect();
        assert!(
            !sources
                .iter()
                .any(|s| *s == "/" || *s == "/root" || *s == "/work" || *s == "/etc"),
            "{sources:?}"
        );
        assert!(args.contains(&"--unshare-net".to_string()));
        assert!(args.ends_with(&["--".to_string(), "/bin/true".to_string()]));
    }
}
