//! What decides a run's result besides the task and the options: the toolchains' versions. A
//! result cache keys runs by this text, so a changed toolchain (an npm or pip package upgraded,
//! another terraform, another provider in the mirror) re-runs every task.

use std::fmt::Write;
use std::path::Path;
use std::time::UNIX_EPOCH;

use crate::options::ToolPaths;

/// A description of the toolchains `tools` would run, stable while they stay the same: the npm
/// lockfile of the node_modules folder, the virtual environment's configuration and the names
/// (with versions) of its installed distributions, the executables of the stages found on the
/// way (path, size and time of change), and the Terraform providers of the mirror.
pub fn toolchain_fingerprint(tools: &ToolPaths) -> String {
    let mut out = String::new();
    if let Some(node_modules) = &tools.node_modules {
        let lock = std::fs::read(node_modules.join(".package-lock.json")).unwrap_or_default();
        let _ = writeln!(
            out,
            "node_modules {} lock {}",
            node_modules.display(),
            digest(&lock)
        );
    }
    if let Some(venv) = &tools.venv {
        let config = std::fs::read_to_string(venv.join("pyvenv.cfg")).unwrap_or_default();
        let _ = writeln!(out, "venv {} {}", venv.display(), config.trim());
        for distribution in distributions(venv) {
            let _ = writeln!(out, "python {distribution}");
        }
    }
    for program in [
        "node",
        "python",
        "python3",
        "terraform",
        "tsc",
        "cdk",
        "cfn-lint",
        "pytest",
        "jest",
        "ruff",
        "moto_server",
    ] {
        if let Some(path) = tools.find(program) {
            let _ = writeln!(out, "program {program} {}", file_identity(&path));
        }
    }
    if let Some(mirror) = crate::stages::terraform_setup::find_mirror(tools) {
        for provider in crate::stages::terraform_setup::mirror_contents(&mirror) {
            let _ = writeln!(out, "provider {provider}");
        }
    }
    out
}

/// The `*.dist-info` names of a virtual environment (they carry the versions), sorted.
fn distributions(venv: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let Ok(lib) = std::fs::read_dir(venv.join("lib")) else {
        return names;
    };
    for python in lib.flatten() {
        let Ok(packages) = std::fs::read_dir(python.path().join("site-packages")) else {
            continue;
        };
        names.extend(
            packages
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".dist-info")),
        );
    }
    names.sort();
    names
}

/// A file as `path size seconds-since-epoch-of-change`, after following links.
fn file_identity(path: &Path) -> String {
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let meta = std::fs::metadata(&resolved).ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let changed = meta
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    format!("{} {size} {changed}", resolved.display())
}

/// FNV-1a of `bytes`, as hex: enough to tell two lockfiles apart.
fn digest(bytes: &[u8]) -> String {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_lockfile_or_distribution_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let node_modules = dir.path().join("node_modules");
        let site = dir.path().join("venv/lib/python3.11/site-packages");
        std::fs::create_dir_all(&node_modules).unwrap();
        std::fs::create_dir_all(site.join("moto-5.0.0.dist-info")).unwrap();
        std::fs::write(node_modules.join(".package-lock.json"), "{\"v\":1}").unwrap();
        let tools = ToolPaths {
            venv: Some(dir.path().join("venv")),
            node_modules: Some(node_modules.clone()),
            use_path: false,
            terraform_plugins: Some(dir.path().join("no-mirror")),
            ..ToolPaths::default()
        };
        let first = toolchain_fingerprint(&tools);
        assert_eq!(first, toolchain_fingerprint(&tools));
        assert!(first.contains("python moto-5.0.0.dist-info"), "{first}");
        std::fs::write(node_modules.join(".package-lock.json"), "{\"v\":2}").unwrap();
        let second = toolchain_fingerprint(&tools);
        assert_ne!(first, second);
        std::fs::rename(
            site.join("moto-5.0.0.dist-info"),
            site.join("moto-5.1.0.dist-info"),
        )
        .unwrap();
        assert_ne!(second, toolchain_fingerprint(&tools));
    }
}
