//! The result cache: one task's result stored under a SHA-256 of everything that decides it.
//!
//! The key covers every file of the task (its path inside the task and its bytes, in path
//! order), the path the result names the task by, the iacgrade build (version and a hash of the
//! running executable, so a rebuilt binary with other rules misses), the scoring policy's bytes,
//! and every option that changes results (depth, comparison with existing labels; when running,
//! the stages, sides and the toolchains' versions). Callers add the cross-task context (what
//! other tasks share this one's documents) as a setting, so a result that depends on the rest of
//! the corpus is reused only while that context holds.
//!
//! Each entry is one file, `DIR/ab/abcdef….json`, written to a temporary file in `DIR` and
//! renamed into place, so a worker that dies mid-write leaves no partial entry and workers of a
//! cluster sharing `DIR` never read one another's half-written files. Two workers storing the
//! same key store the same result; the last rename wins.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

/// Bumped when the key's layout or the stored form changes, so old entries are never misread.
const CACHE_FORMAT: &str = "iacgrade-result-cache/1";

/// Builds a key: named parts fed to SHA-256 with their lengths, so no two different sequences
/// of parts hash alike by running into each other.
#[derive(Clone)]
pub struct CacheKey {
    hasher: Sha256,
}

impl Default for CacheKey {
    fn default() -> Self {
        CacheKey::new()
    }
}

impl CacheKey {
    pub fn new() -> CacheKey {
        let mut key = CacheKey {
            hasher: Sha256::new(),
        };
        key.part("format", CACHE_FORMAT.as_bytes());
        key
    }

    /// Adds one named part.
    pub fn part(&mut self, name: &str, value: &[u8]) -> &mut CacheKey {
        for bytes in [name.as_bytes(), value] {
            self.hasher.update((bytes.len() as u64).to_le_bytes());
            self.hasher.update(bytes);
        }
        self
    }

    /// Adds every file below `task`, in the order of their paths inside it: a file by its bytes,
    /// a link by where it points (what it points to inside the task is hashed as that file), any
    /// other special file by its kind (it is never opened: a FIFO would block). A file that
    /// cannot be read is an error: its result cannot be keyed.
    pub fn task_files(&mut self, task: &Path) -> io::Result<&mut CacheKey> {
        let mut entries: Vec<(String, PathBuf, fs::FileType)> = Vec::new();
        for entry in walkdir::WalkDir::new(task).follow_links(false).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = crate::partition::relative_task_path(task, entry.path());
            entries.push((relative, entry.path().to_path_buf(), entry.file_type()));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (relative, path, kind) in entries {
            if kind.is_file() {
                let mut hasher = Sha256::new();
                let mut file = fs::File::open(&path)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                let mut buffer = vec![0u8; 64 * 1024];
                loop {
                    let n = file.read(&mut buffer)?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buffer[..n]);
                }
                self.part("file", relative.as_bytes());
                self.part("sha256", &hasher.finalize());
            } else if kind.is_symlink() {
                let target = fs::read_link(&path)?;
                self.part("link", relative.as_bytes());
                self.part("target", target.to_string_lossy().as_bytes());
            } else {
                self.part("special", relative.as_bytes());
            }
        }
        Ok(self)
    }

    /// The key as 64 hexadecimal digits.
    pub fn finish(&self) -> String {
        hex(&self.hasher.clone().finalize())
    }
}

/// SHA-256 of `bytes` as hexadecimal, for settings given as whole files (a policy, the
/// executable).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of the file at `path`, read in blocks (an executable may be large).
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1024 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How many lookups found a stored result.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
    /// Results that could not be stored (a full disk, a read-only folder): the run goes on.
    pub store_errors: usize,
}

/// A folder of stored results, shareable between processes and machines.
pub struct ResultCache {
    dir: PathBuf,
    hits: AtomicUsize,
    misses: AtomicUsize,
    store_errors: AtomicUsize,
}

impl ResultCache {
    /// Opens (creating it if needed) the cache folder `dir`.
    pub fn open(dir: &Path) -> io::Result<ResultCache> {
        fs::create_dir_all(dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        if !dir.is_dir() {
            return Err(io::Error::other(format!(
                "{}: is not a directory; give a folder for the cache",
                dir.display()
            )));
        }
        Ok(ResultCache {
            dir: dir.to_path_buf(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            store_errors: AtomicUsize::new(0),
        })
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        let fan_out = key.get(..2).unwrap_or("00");
        self.dir.join(fan_out).join(format!("{key}.json"))
    }

    /// The result stored under `key`, counted as a hit or a miss. An entry that cannot be read
    /// or is not UTF-8 is a miss (it is then judged again and overwritten).
    pub fn get(&self, key: &str) -> Option<String> {
        let found = fs::read(self.entry_path(key))
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .filter(|text| !text.is_empty());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Stores `result` under `key`: a temporary file in the cache folder, renamed into place.
    pub fn put(&self, key: &str, result: &str) -> io::Result<()> {
        let outcome = self.write_entry(key, result);
        if outcome.is_err() {
            self.store_errors.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    }

    fn write_entry(&self, key: &str, result: &str) -> io::Result<()> {
        let path = self.entry_path(key);
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let mut file = tempfile::NamedTempFile::new_in(folder)?;
        file.write_all(result.as_bytes())?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// SHA-256 of the file at `path` (the running program), remembered in the cache folder by
    /// the file's path, size and modification time: a debug build is hundreds of megabytes,
    /// and hashing it again on every run would cost seconds. A rebuilt or replaced program has
    /// another size or time and is hashed anew.
    pub fn program_hash(&self, path: &Path) -> io::Result<String> {
        let meta = fs::metadata(path)?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let identity = format!("{}\0{}\0{modified}", path.display(), meta.len());
        let memo = self
            .dir
            .join("programs")
            .join(sha256_hex(identity.as_bytes()));
        if let Ok(known) = fs::read_to_string(&memo) {
            if known.len() == 64 && known.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Ok(known);
            }
        }
        let hash = sha256_file(path)?;
        let folder = self.dir.join("programs");
        // Remembering is an optimisation: a failure to write the memo is no error.
        let _ = fs::create_dir_all(&folder).and_then(|()| {
            let mut file = tempfile::NamedTempFile::new_in(&folder)?;
            file.write_all(hash.as_bytes())?;
            file.persist(&memo).map_err(|e| e.error)?;
            Ok(())
        });
        Ok(hash)
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            store_errors: self.store_errors.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(root: &Path, files: &[(&str, &str)]) -> PathBuf {
        for (path, text) in files {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        root.to_path_buf()
    }

    fn key_of(dir: &Path) -> String {
        CacheKey::new().task_files(dir).unwrap().finish()
    }

    #[test]
    fn the_key_follows_every_file_and_nothing_else() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let files = [("metadata.json", "{}"), ("lib/MODEL_RESPONSE.md", "code")];
        task(a.path(), &files);
        task(b.path(), &files);
        // The same files in another folder: the same key.
        assert_eq!(key_of(a.path()), key_of(b.path()));
        fs::write(b.path().join("lib/MODEL_RESPONSE.md"), "code!").unwrap();
        assert_ne!(key_of(a.path()), key_of(b.path()));
        fs::write(b.path().join("lib/MODEL_RESPONSE.md"), "code").unwrap();
        fs::write(b.path().join("lib/extra.py"), "").unwrap();
        assert_ne!(key_of(a.path()), key_of(b.path()));
    }

    #[test]
    fn a_renamed_file_changes_the_key() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        task(a.path(), &[("lib/x.py", "1")]);
        task(b.path(), &[("lib/y.py", "1")]);
        assert_ne!(key_of(a.path()), key_of(b.path()));
    }

    #[test]
    fn parts_do_not_run_into_each_other() {
        let one = CacheKey::new().part("ab", b"c").finish();
        let two = CacheKey::new().part("a", b"bc").finish();
        assert_ne!(one, two);
        assert_eq!(one.len(), 64);
    }

    #[test]
    fn a_stored_result_is_found_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ResultCache::open(&dir.path().join("cache")).unwrap();
        let key = CacheKey::new().part("task", b"t1").finish();
        assert_eq!(cache.get(&key), None);
        cache.put(&key, "{\"schema_version\":1}").unwrap();
        assert_eq!(cache.get(&key).as_deref(), Some("{\"schema_version\":1}"));
        assert_eq!(
            cache.stats(),
            CacheStats {
                hits: 1,
                misses: 1,
                store_errors: 0
            }
        );
        // One file per key, nothing else left behind.
        let stored: Vec<_> = walkdir::WalkDir::new(dir.path().join("cache"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .collect();
        assert_eq!(stored.len(), 1);
    }

    #[test]
    fn a_program_is_hashed_once_and_again_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ResultCache::open(&dir.path().join("cache")).unwrap();
        let program = dir.path().join("program");
        fs::write(&program, "one").unwrap();
        let first = cache.program_hash(&program).unwrap();
        assert_eq!(first, sha256_hex(b"one"));
        assert_eq!(cache.program_hash(&program).unwrap(), first);
        fs::write(&program, "other").unwrap();
        assert_eq!(cache.program_hash(&program).unwrap(), sha256_hex(b"other"));
    }

    #[test]
    fn a_cache_that_is_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        fs::write(&file, "").unwrap();
        assert!(ResultCache::open(&file).is_err());
    }
}
