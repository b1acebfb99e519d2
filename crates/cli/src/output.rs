use std::io::{IsTerminal, Write};
use std::path::Path;

use iacgrade_report::AtomicFile;

/// Where a command's output goes: standard output, or a file streamed into a temporary file
/// beside it and renamed into place at the end (so nothing but a small buffer stays in memory,
/// and an interrupted run leaves the old file whole).
pub enum Sink {
    Stdout(std::io::Stdout),
    File {
        path: std::path::PathBuf,
        /// Created at the first write, so that a command that fails before writing leaves
        /// nothing behind.
        file: Option<AtomicFile>,
    },
}

impl Sink {
    pub fn new(path: Option<&Path>) -> Sink {
        match path {
            Some(p) => Sink::File {
                path: p.to_path_buf(),
                file: None,
            },
            None => Sink::Stdout(std::io::stdout()),
        }
    }

    /// Colour only for a terminal, and never when NO_COLOR is set (to any value).
    pub fn wants_color(&self) -> bool {
        match self {
            Sink::Stdout(s) => {
                s.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
            Sink::File { .. } => false,
        }
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.lock().write_all(bytes),
            Sink::File { path, file } => {
                let file = match file {
                    Some(f) => f,
                    None => file.insert(AtomicFile::create(path).map_err(|e| in_file(path, e))?),
                };
                file.write_all(bytes).map_err(|e| in_file(path, e))
            }
        }
    }

    pub fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.lock().flush(),
            Sink::File { path, file } => {
                let file = match file {
                    Some(f) => f,
                    None => AtomicFile::create(&path).map_err(|e| in_file(&path, e))?,
                };
                file.commit().map_err(|e| in_file(&path, e))
            }
        }
    }
}

fn in_file(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
