//! `iacgrade.toml`: the project's settings, with the same keys as the command-line flags.
//!
//! ```toml
//! select = ["API", "ENC", "REQ"]     # --select (default: every rule)
//! extend-select = ["DIFF002"]        # --extend-select
//! ignore = ["LOG001"]                # --ignore
//! fail-on = "high"                   # --fail-on
//! policy = "policies/strict.toml"    # --policy (relative to this file)
//!
//! [severity]                         # severity overrides, by code or prefix
//! LOG = "low"
//! ```
//!
//! The file is found in the task directory or the nearest folder above it (for `corpus`, above
//! the corpus directory), else in the working directory or above it; `--config FILE` names it.
//! Flags given on the command line win over the file: `--select` replaces its `select`,
//! `--ignore` and `--extend-select` add to its lists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iacgrade_findings::Severity;
use serde::Deserialize;

use crate::exit::FailOn;

/// The configuration file's name.
pub const CONFIG_FILE_NAME: &str = "iacgrade.toml";

/// The settings of one `iacgrade.toml`, as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    pub fail_on: Option<FailOn>,
    /// The scoring policy file, relative to the configuration file's folder.
    pub policy: Option<PathBuf>,
    /// Where the file was read from (not a key).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl ConfigFile {
    /// Reads and checks the file at `path`; the error names the file (and the line, for a
    /// syntax error or an unknown key).
    pub fn read(path: &Path) -> Result<ConfigFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut config: ConfigFile = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.matches('\n').count() + 1);
            match line {
                Some(line) => format!("{}:{line}: {}", path.display(), e.message()),
                None => format!("{}: {}", path.display(), e.message()),
            }
        })?;
        config.path = Some(path.to_path_buf());
        if let Some(policy) = &config.policy {
            if policy.is_relative() {
                let folder = path.parent().unwrap_or(Path::new("."));
                config.policy = Some(folder.join(policy));
            }
        }
        Ok(config)
    }

    /// Severity overrides in the order the file gives them.
    pub fn severity_overrides(&self) -> Vec<(String, Severity)> {
        self.severity
            .iter()
            .map(|(code, severity)| (code.clone(), *severity))
            .collect()
    }
}

/// The nearest `iacgrade.toml` in `start` or a folder above it.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    first?
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_and_the_policy_is_relative_to_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(
            &path,
            "select = [\"API\", \"ENC\"]\nextend-select = [\"REQ\"]\nignore = [\"ENC001\"]\n\
             fail-on = \"high\"\npolicy = \"strict.toml\"\n[severity]\nLOG001 = \"low\"\n",
        )
        .expect("write");
        let config = ConfigFile::read(&path).expect("reads");
        assert_eq!(config.select, Some(vec!["API".into(), "ENC".into()]));
        assert_eq!(config.extend_select, vec!["REQ".to_string()]);
        assert_eq!(config.ignore, vec!["ENC001".to_string()]);
        assert_eq!(config.fail_on, Some(FailOn::High));
        assert_eq!(config.policy, Some(dir.path().join("strict.toml")));
        assert_eq!(
            config.severity_overrides(),
            vec![("LOG001".to_string(), Severity::Low)]
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(&path, "select = [\"API\"]\nfail_on = \"high\"\n").expect("write");
        let error = ConfigFile::read(&path).expect_err("unknown key");
        assert!(error.contains("iacgrade.toml:2:"), "{error}");
        std::fs::write(&path, "[severity]\nAPI001 = \"severe\"\n").expect("write");
        let error = ConfigFile::read(&path).expect_err("unknown severity");
        assert!(error.contains("iacgrade.toml:2:"), "{error}");
    }

    #[test]
    fn the_nearest_file_above_the_start_is_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        let task = dir.path().join("corpus/task-1/lib");
        std::fs::create_dir_all(&task).expect("mkdir");
        assert_eq!(find_config(&task), None);
        std::fs::write(dir.path().join("corpus").join(CONFIG_FILE_NAME), "").expect("write");
        let found = find_config(&task).expect("found");
        assert!(
            found.ends_with("corpus/iacgrade.toml"),
            "{}",
            found.display()
        );
    }
}
