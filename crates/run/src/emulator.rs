//! The embedded AWS emulator: moto's server, started on a free loopback port for one run and
//! stopped when the [`Emulator`] is dropped — after the run, after a failure, and while a panic
//! unwinds, or when iacgrade is interrupted ([`crate::sandbox::cleanup`]).
//!
//! moto runs on the host, not in a stage's sandbox: it is the run's own tool, runs no code of
//! the answer (it only parses templates and API calls), and the deploy stage's AWS client in
//! iacgrade talks to it directly. Sandboxed stages reach it, and only it, through a Unix
//! socket relay ([`crate::sandbox::network`]).

use std::ffi::OsString;
use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{die_with_parent, kill_group, read_tail};
use crate::sandbox::cleanup::{register_group, GroupGuard};
use crate::sandbox::network::{EmulatorLink, UnixRelay};
use crate::tools::Tools;

/// How long the emulator may take to accept connections.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// A running emulator. Dropping it kills its process group.
#[derive(Debug)]
pub struct Emulator {
    child: Child,
    pub port: u16,
    pub log_path: PathBuf,
    /// The Unix socket relay sandboxed stages reach the emulator through.
    relay: Option<UnixRelay>,
    _registered: Option<GroupGuard>,
}

impl Emulator {
    /// The endpoint URL clients use (`AWS_ENDPOINT_URL`).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What a sandbox needs to reach the emulator (`None` without a relay).
    pub fn link(&self) -> Option<EmulatorLink> {
        self.relay.as_ref().map(|r| r.link(self.port))
    }

    /// Starts moto's server with `env` (a scrubbed environment: moto needs no credentials),
    /// and, with `relay_socket`, the Unix socket relay sandboxed stages reach it through.
    /// The error says why it could not, and is meant for a "not checked" reason.
    pub fn start(
        tools: &Tools,
        env: &[(OsString, OsString)],
        log_path: &Path,
        relay_socket: Option<&Path>,
    ) -> Result<Emulator, String> {
        let (program, mut args): (PathBuf, Vec<String>) = match tools.find("moto_server") {
            Some(p) => (p, Vec::new()),
            None => {
                // An interpreter that has moto installed still works without the script.
                let python = tools
                    .python()
                    .ok_or("moto_server not installed (and no python found)")?;
                if !python_has_moto(&python, env) {
                    return Err("moto_server not installed".to_string());
                }
                (python, vec!["-m".into(), "moto.server".into()])
            }
        };
        let port = free_port().map_err(|e| format!("no free loopback port: {e}"))?;
        args.extend([
            "-H".into(),
            "127.0.0.1".into(),
            "-p".into(),
            port.to_string(),
        ]);
        if let Some(dir) = log_path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create log folder: {e}"))?;
        }
        let log = File::create(log_path).map_err(|e| format!("cannot create emulator log: {e}"))?;
        let log_err = log
            .try_clone()
            .map_err(|e| format!("cannot share emulator log: {e}"))?;
        let mut command = Command::new(&program);
        command
            .args(&args)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .process_group(0);
        die_with_parent(&mut command);
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let registered = Some(register_group(child.id() as i32));
        let mut emulator = Emulator {
            child,
            port,
            log_path: log_path.to_path_buf(),
            relay: None,
            _registered: registered,
        };
        emulator.wait_ready()?;
        if let Some(socket) = relay_socket {
            emulator.relay = Some(
                UnixRelay::start(socket, port)
                    .map_err(|e| format!("cannot open the emulator's relay socket: {e}"))?,
            );
        }
        Ok(emulator)
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        while started.elapsed() < STARTUP_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the emulator exited at start ({status}): {}",
                    read_tail(&self.log_path, 600).trim()
                ));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "the emulator did not accept connections within {} s",
            STARTUP_TIMEOUT.as_secs()
        ))
    }

    /// True while the emulator process runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        kill_group(self.child.id() as i32);
        let _ = self.child.wait();
    }
}

fn python_has_moto(python: &Path, env: &[(OsString, OsString)]) -> bool {
    Command::new(python)
        .args(["-c", "import moto.server"])
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A port nobody listens on now, on 127.0.0.1 only.
fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ToolPaths;

    #[test]
    fn dropping_the_emulator_stops_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let tools = Tools::new(&ToolPaths::discover(&root));
        if tools.find("moto_server").is_none() {
            assert_ne!(
                std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref(),
                Ok("1"),
                "IACGRADE_REQUIRE_TOOLS=1 and moto_server is not installed"
            );
            eprintln!("skipped: moto_server not installed (run tools/install-toolchains.sh)");
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let env: Vec<(OsString, OsString)> = std::env::vars_os()
            .filter(|(k, _)| !k.to_string_lossy().starts_with("AWS_"))
            .collect();
        let emulator =
            Emulator::start(&tools, &env, &dir.path().join("emulator.log"), None).expect("starts");
        let addr = SocketAddr::from(([127, 0, 0, 1], emulator.port));
        assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
        assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok());
        drop(emulator);
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
            "the emulator still listens after its guard was dropped"
        );
    }
}
