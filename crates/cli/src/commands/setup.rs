//! `setup`: installs the run toolchains (the Python venv and the Node packages of
//! tools/install-toolchains.sh, at the pins this binary was built with) into a user-level folder
//! that `run` and `review --run` find from any working directory.
//!
//! The install script and its pin files are compiled into the binary, so that an installed
//! `iacgrade` (`cargo install`, a container) needs no clone: they are written to `PREFIX/pins/`
//! and the script runs from there with `--prefix PREFIX`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::cli::SetupArgs;

/// The install script and the files it reads, by their path in the repository.
const PINNED_FILES: &[(&str, &str)] = &[
    (
        "tools/install-toolchains.sh",
        include_str!("../../../../tools/install-toolchains.sh"),
    ),
    (
        "tools/requirements-toolchains.txt",
        include_str!("../../../../tools/requirements-toolchains.txt"),
    ),
    (
        "examples/healthcare-analytics/requirements.txt",
        include_str!("../../../../examples/healthcare-analytics/requirements.txt"),
    ),
    (
        "tools/node/package.json",
        include_str!("../../../../tools/node/package.json"),
    ),
    (
        "tools/node/package-lock.json",
        include_str!("../../../../tools/node/package-lock.json"),
    ),
];

/// The folder to install into: `--prefix`, else `IACGRADE_TOOLCHAINS` (clap reads it into
/// `prefix`), else the data folder.
fn target_folder(args: &SetupArgs) -> Result<PathBuf, String> {
    args.prefix
        .clone()
        .or_else(iacgrade_run::default_toolchains_folder)
        .ok_or_else(|| {
            "no data folder: neither XDG_DATA_HOME nor HOME is set; give --prefix DIR".to_string()
        })
}

/// Writes the script and its pins below `pins` in the repository's layout.
fn write_pins(pins: &Path) -> Result<(), String> {
    for (path, text) in PINNED_FILES {
        let file = pins.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    Ok(())
}

pub fn run(args: &SetupArgs) -> Result<ExitCode, String> {
    let prefix = target_folder(args)?;
    let prefix = if prefix.is_absolute() {
        prefix
    } else {
        std::env::current_dir()
            .map_err(|e| format!("the working directory: {e}"))?
            .join(prefix)
    };
    let pins = prefix.join("pins");
    write_pins(&pins)?;
    let script = pins.join("tools/install-toolchains.sh");
    let mut argv: Vec<String> = vec![script.display().to_string()];
    if args.python_only {
        argv.push("--python-only".into());
    }
    if args.node_only {
        argv.push("--node-only".into());
    }
    argv.push("--prefix".into());
    argv.push(prefix.display().to_string());
    if args.dry_run {
        println!("bash {}", argv.join(" "));
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "iacgrade: installing the run toolchains into {}",
        prefix.display()
    );
    let status = Command::new("bash")
        .args(&argv)
        .status()
        .map_err(|e| format!("cannot start bash: {e}"))?;
    if !status.success() {
        eprintln!(
            "iacgrade: the install did not finish ({status}); its output above says why. \
             `iacgrade doctor` shows what is usable"
        );
        return Ok(ExitCode::from(1));
    }
    eprintln!(
        "iacgrade: toolchains installed in {}; `iacgrade run` finds them from any folder \
         (`iacgrade doctor` lists what each stage uses)",
        prefix.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn the_compiled_in_pins_are_the_repository_s() {
        for (path, text) in PINNED_FILES {
            let on_disk = std::fs::read_to_string(repository().join(path)).expect("read");
            assert_eq!(&on_disk, text, "{path}");
        }
    }

    #[test]
    fn pins_are_written_in_the_layout_the_script_reads() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_pins(dir.path()).expect("written");
        // The requirements file names the example's pins relative to itself.
        let requirements =
            std::fs::read_to_string(dir.path().join("tools/requirements-toolchains.txt"))
                .expect("read");
        for line in requirements.lines() {
            if let Some(included) = line.strip_prefix("-r ") {
                assert!(
                    dir.path().join("tools").join(included.trim()).is_file(),
                    "{included}"
                );
            }
        }
        assert!(dir.path().join("tools/node/package-lock.json").is_file());
    }
}
