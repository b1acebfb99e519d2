use std::io::Write;
use std::path::Path;

/// Writes a report file atomically: into a temporary file beside the target, then renamed over
/// it, so a reader never sees half a report and an interrupted run leaves the old one intact.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents)?;
    file.commit()
}

/// A file written as a stream into a temporary file beside its target and renamed over the
/// target by [`AtomicFile::commit`]; dropped uncommitted, it leaves the target as it was and
/// no temporary behind. The file gets the permissions of any new file (0666 less the umask).
pub struct AtomicFile {
    path: std::path::PathBuf,
    writer: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".iacgrade-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Created with 0666, the mode the umask then narrows, as for any new file; the
            // temporary file's default (0600) would hide reports from the user's group.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: std::io::BufWriter::with_capacity(64 * 1024, tmp),
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(bytes)
    }

    /// Flushes the file to disk and renames it into place.
    pub fn commit(self) -> std::io::Result<()> {
        let tmp = self.writer.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("report.json");
        std::fs::write(&target, "old").expect("seed");
        write_atomically(&target, b"new").expect("write");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_written_file_has_the_mode_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").expect("write plain");
        let target = dir.path().join("report.json");
        write_atomically(&target, b"new").expect("write");
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&target), mode(&plain));
    }

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_and_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("report.jsonl");
        std::fs::write(&target, "old").expect("seed");
        let mut file = AtomicFile::create(&target).expect("create");
        file.write_all(b"half a rep").expect("write");
        drop(file);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
