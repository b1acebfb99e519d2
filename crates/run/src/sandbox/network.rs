//! How a sandboxed stage reaches the emulator, and nothing else.
//!
//! The emulator (moto's server) runs on the host, on a port of 127.0.0.1, because the deploy
//! stage's own AWS client (in iacgrade) talks to it too. A sandboxed stage has a network
//! namespace of its own with only `lo`, so neither that port nor any other host service is
//! reachable from it. To give it the emulator and only the emulator:
//! - on the host, a [`UnixRelay`] accepts connections on a Unix socket in the run's folder
//!   (which the sandbox binds) and relays each to the emulator's TCP port;
//! - in the sandbox, before the stage's command, a forwarder ([`FORWARDER`], run with the
//!   tools' Python, standard library only) listens on the emulator's port of the sandbox's
//!   loopback and relays each connection to that Unix socket, then execs the command.
//!
//! `AWS_ENDPOINT_URL` (`http://127.0.0.1:PORT`) is thus the same URL inside and outside.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// What a sandbox needs to make the emulator reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmulatorLink {
    /// The Unix socket the host relays from.
    pub socket: PathBuf,
    /// The emulator's port, served on the sandbox's loopback.
    pub port: u16,
}

/// The in-sandbox forwarder: listens on 127.0.0.1:PORT, relays to the Unix socket, and execs
/// the stage's command in the foreground. Its relaying child dies with the sandbox's PID
/// namespace when the command ends.
pub const FORWARDER: &str = r#"
import os, socket, sys, threading
path, port, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(128)
if os.fork() == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    def pipe(a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        try:
            b.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    def serve(conn):
        up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            up.connect(path)
        except OSError:
            conn.close()
            return
        t = threading.Thread(target=pipe, args=(conn, up), daemon=True)
        t.start()
        pipe(up, conn)
        t.join()
        conn.close()
        up.close()
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
srv.close()
os.execvp(argv[0], argv)
"#;

/// The interpreter's arguments that run [`FORWARDER`] before the command (appended after).
pub fn forwarder_args(link: &EmulatorLink) -> Vec<OsString> {
    vec![
        "-I".into(),
        "-S".into(),
        "-c".into(),
        FORWARDER.into(),
        link.socket.clone().into(),
        link.port.to_string().into(),
    ]
}

/// The host end: a Unix socket whose every connection is relayed to 127.0.0.1:`port`.
/// Dropping it stops accepting and removes the socket.
#[derive(Debug)]
pub struct UnixRelay {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl UnixRelay {
    pub fn start(path: &Path, port: u16) -> std::io::Result<UnixRelay> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let _ = std::fs::remove_file(path);
        let listener = UnixListener::bind(path)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::Builder::new()
            .name("emulator-relay".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let _ = std::thread::Builder::new()
                        .name("emulator-relay-conn".into())
                        .spawn(move || relay(conn, port));
                }
            })?;
        Ok(UnixRelay {
            path: path.to_path_buf(),
            stop,
            thread: Some(thread),
        })
    }

    pub fn link(&self, port: u16) -> EmulatorLink {
        EmulatorLink {
            socket: self.path.clone(),
            port,
        }
    }
}

fn relay(unix: UnixStream, port: u16) {
    let Ok(tcp) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let (Ok(mut unix_read), Ok(mut tcp_write)) = (unix.try_clone(), tcp.try_clone()) else {
        return;
    };
    let upstream = std::thread::spawn(move || {
        copy(&mut unix_read, &mut tcp_write);
        let _ = tcp_write.shutdown(Shutdown::Write);
    });
    let (mut tcp_read, mut unix_write) = (tcp, unix);
    copy(&mut tcp_read, &mut unix_write);
    let _ = unix_write.shutdown(Shutdown::Write);
    let _ = upstream.join();
}

fn copy(from: &mut impl Read, to: &mut impl Write) {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
        }
    }
}

impl Drop for UnixRelay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the stop.
        let _ = UnixStream::connect(&self.path);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn relays_a_unix_connection_to_the_tcp_port() {
        let server = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
        let port = server.local_addr().expect("addr").port();
        let echo = std::thread::spawn(move || {
            let (mut conn, _) = server.accept().expect("accept");
            let mut buf = [0u8; 5];
            conn.read_exact(&mut buf).expect("read");
            conn.write_all(&buf).expect("write");
        });
        let dir = tempfile::tempdir().expect("tempdir");
        let relay = UnixRelay::start(&dir.path().join("s.sock"), port).expect("relay");
        let mut client = UnixStream::connect(dir.path().join("s.sock")).expect("connect");
        client.write_all(b"hello").expect("write");
        let mut back = [0u8; 5];
        client.read_exact(&mut back).expect("read");
        assert_eq!(&back, b"hello");
        echo.join().expect("echo");
        drop(relay);
        assert!(!dir.path().join("s.sock").exists());
    }
}
