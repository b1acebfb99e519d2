use std::io::{IsTerminal, Write};
use std::path::Path;

/// Where a command's output goes: standard output, or a file written atomically at the end.
pub enum Sink {
    Stdout(std::io::Stdout),
    File {
        path: std::path::PathBuf,
        buffer: Vec<u8>,
    },
}

impl Sink {
    pub fn new(path: Option<&Path>) -> Sink {
        match path {
            Some(p) => Sink::File {
                path: p.to_path_buf(),
                buffer: Vec::new(),
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
            Sink::File { buffer, .. } => {
                buffer.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    pub fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.lock().flush(),
            Sink::File { path, buffer } => iacgrade_report::write_atomically(&path, &buffer)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
}
