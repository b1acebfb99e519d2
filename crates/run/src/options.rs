//! What a run is asked to do: which side, which stages, how long each may take, which AWS it may
//! reach and where the tools are.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Which answer of the task is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunSide {
    /// The corrected answer: the task's project files (or, for a task that ships only its
    /// documents, the files of lib/IDEAL_RESPONSE.md).
    Ideal,
    /// The model's answer: the files of lib/MODEL_RESPONSE.md, completed with the project's
    /// support files that the answer does not provide.
    Model,
}

impl RunSide {
    pub fn as_str(self) -> &'static str {
        match self {
            RunSide::Ideal => "ideal",
            RunSide::Model => "model",
        }
    }
}

/// One step of the pipeline's own validation, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Lint,
    Build,
    Synth,
    Unit,
    Deploy,
    Integration,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Lint,
        Stage::Build,
        Stage::Synth,
        Stage::Unit,
        Stage::Deploy,
        Stage::Integration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Lint => "lint",
            Stage::Build => "build",
            Stage::Synth => "synth",
            Stage::Unit => "unit",
            Stage::Deploy => "deploy",
            Stage::Integration => "integration",
        }
    }

    /// Reads a stage name as the command line writes it ("lint", "unit", "integ"...).
    pub fn parse(raw: &str) -> Option<Stage> {
        Some(match raw.trim().to_ascii_lowercase().as_str() {
            "lint" => Stage::Lint,
            "build" | "compile" => Stage::Build,
            "synth" | "synthesize" => Stage::Synth,
            "unit" | "test" | "tests" | "unit-tests" => Stage::Unit,
            "deploy" => Stage::Deploy,
            "integration" | "integ" | "int" => Stage::Integration,
            _ => return None,
        })
    }
}

/// Which AWS the deploy and integration stages talk to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwsTarget {
    /// An AWS emulator (moto's server) started by the run on a loopback port, with dummy
    /// credentials. Real credentials of the caller's environment never reach a stage.
    #[default]
    Emulator,
    /// The account of the caller's own credentials. Only when asked for explicitly (`--aws`):
    /// stacks are created and deleted there for real.
    RealAccount,
}

/// Whether the stages' processes run in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Isolation {
    /// Every process of a stage runs in a bubblewrap sandbox ([`crate::sandbox`]); a run
    /// where it cannot be built runs no stage.
    #[default]
    Sandbox,
    /// No sandbox (`--no-sandbox`): the answer's code runs with the caller's rights, reads
    /// what the caller can read and reaches the network. Every stage says so.
    Unconfined,
}

/// Where the tools the stages call are found. Each is optional: a missing tool makes its stage
/// "not checked", never "passed".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ToolPaths {
    /// A Python virtual environment whose `bin/` holds python, ruff, pytest, cfn-lint,
    /// moto_server and Pulumi's SDK (tools/install-toolchains.sh makes one at `.venv`).
    pub venv: Option<PathBuf>,
    /// A `node_modules` folder with typescript, jest, eslint, aws-cdk, @pulumi/pulumi
    /// (tools/install-toolchains.sh makes one at `tools/node/node_modules`).
    pub node_modules: Option<PathBuf>,
    /// When true, tools are also looked up on `PATH` after the folders above.
    pub use_path: bool,
    /// A Terraform provider mirror (the folder holding `registry.terraform.io/`) from which
    /// `terraform init` installs providers offline; found in the environment when `None`.
    #[serde(default)]
    pub terraform_plugins: Option<PathBuf>,
    /// Where `venv` was found, when it was looked for ([`ToolPaths::locate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venv_origin: Option<ToolchainOrigin>,
    /// Where `node_modules` was found, when it was looked for ([`ToolPaths::locate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_modules_origin: Option<ToolchainOrigin>,
}

/// Where a toolchain folder was found, in the order [`ToolPaths::locate`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolchainOrigin {
    /// `--toolchains DIR` or `IACGRADE_TOOLCHAINS`.
    Given,
    /// The repository (the folder holding tools/install-toolchains.sh) above the working
    /// directory.
    RepositoryAboveWorkingDirectory,
    /// The repository above the iacgrade binary (a build in `target/` of a clone).
    RepositoryAboveBinary,
    /// The user's data folder, where `iacgrade setup` installs.
    DataFolder,
}

impl ToolchainOrigin {
    pub fn describe(self) -> &'static str {
        match self {
            ToolchainOrigin::Given => "--toolchains / IACGRADE_TOOLCHAINS",
            ToolchainOrigin::RepositoryAboveWorkingDirectory => {
                "the repository above the working directory"
            }
            ToolchainOrigin::RepositoryAboveBinary => "the repository above the iacgrade binary",
            ToolchainOrigin::DataFolder => "the data folder of `iacgrade setup`",
        }
    }
}

/// The places [`ToolPaths::locate`] looks in, gathered by the caller so that the search itself
/// reads no environment (and tests can lay out each place in a temporary folder).
#[derive(Debug, Clone, Default)]
pub struct ToolchainPlaces {
    /// `--toolchains DIR` or `IACGRADE_TOOLCHAINS`: a folder `iacgrade setup` installed into,
    /// or a repository whose tools/install-toolchains.sh ran.
    pub given: Option<PathBuf>,
    /// The working directory.
    pub working_directory: Option<PathBuf>,
    /// The folder holding the iacgrade binary.
    pub binary_directory: Option<PathBuf>,
    /// The user's data folder for toolchains ([`default_toolchains_folder`]).
    pub data_folder: Option<PathBuf>,
}

/// The environment variable naming a toolchains folder; `--toolchains` wins over it.
pub const TOOLCHAINS_VARIABLE: &str = "IACGRADE_TOOLCHAINS";

/// The user-level folder `iacgrade setup` installs the toolchains into:
/// `$XDG_DATA_HOME/iacgrade/toolchains`, else `~/.local/share/iacgrade/toolchains`.
pub fn default_toolchains_folder() -> Option<PathBuf> {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(data_home.join("iacgrade").join("toolchains"))
}

/// The venv and node_modules folders of one place, when they are installed there. A
/// repository keeps them at `.venv` and `tools/node/node_modules` (tools/install-toolchains.sh);
/// a toolchains folder at `venv` and `node/node_modules` (`iacgrade setup`).
fn toolchains_in(dir: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    let (venv, node_modules) = if dir.join("tools/install-toolchains.sh").is_file() {
        (dir.join(".venv"), dir.join("tools/node/node_modules"))
    } else {
        (dir.join("venv"), dir.join("node/node_modules"))
    };
    (
        venv.join("bin").is_dir().then_some(venv),
        node_modules.is_dir().then_some(node_modules),
    )
}

/// The repository (the folder holding tools/install-toolchains.sh) at `start` or above.
fn repository_above(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join("tools/install-toolchains.sh").is_file())
        .map(Path::to_path_buf)
}

impl ToolPaths {
    /// The tools installed by tools/install-toolchains.sh in the repository at `repo_root`,
    /// falling back to `PATH`.
    pub fn from_repo(repo_root: &Path) -> ToolPaths {
        let venv = repo_root.join(".venv");
        let node_modules = repo_root.join("tools/node/node_modules");
        ToolPaths {
            venv: venv.join("bin").is_dir().then_some(venv),
            node_modules: node_modules.is_dir().then_some(node_modules),
            use_path: true,
            terraform_plugins: None,
            venv_origin: None,
            node_modules_origin: None,
        }
    }

    /// Finds the toolchains from anywhere. Each of the Python venv and the Node packages is
    /// taken from the first place that holds it: the given folder, the repository above the
    /// working directory, the repository above the binary, the data folder; tools are then
    /// also looked up on `PATH`. A given folder that holds neither is an error, so that a
    /// mistyped `--toolchains` is not silently replaced by another installation.
    pub fn locate(places: &ToolchainPlaces) -> Result<ToolPaths, String> {
        let mut candidates: Vec<(PathBuf, ToolchainOrigin)> = Vec::new();
        if let Some(given) = &places.given {
            let (venv, node_modules) = toolchains_in(given);
            if venv.is_none() && node_modules.is_none() {
                return Err(format!(
                    "{} holds no toolchains (venv/ or node/node_modules/ of `iacgrade setup \
                     --prefix {}`, or a repository whose tools/install-toolchains.sh ran)",
                    given.display(),
                    given.display()
                ));
            }
            candidates.push((given.clone(), ToolchainOrigin::Given));
        }
        let repositories = [
            (
                &places.working_directory,
                ToolchainOrigin::RepositoryAboveWorkingDirectory,
            ),
            (
                &places.binary_directory,
                ToolchainOrigin::RepositoryAboveBinary,
            ),
        ];
        for (start, origin) in repositories {
            if let Some(repo) = start.as_deref().and_then(repository_above) {
                candidates.push((repo, origin));
            }
        }
        if let Some(data) = &places.data_folder {
            candidates.push((data.clone(), ToolchainOrigin::DataFolder));
        }
        let mut paths = ToolPaths {
            use_path: true,
            ..ToolPaths::default()
        };
        for (dir, origin) in &candidates {
            let (venv, node_modules) = toolchains_in(dir);
            if paths.venv.is_none() && venv.is_some() {
                paths.venv = venv;
                paths.venv_origin = Some(*origin);
            }
            if paths.node_modules.is_none() && node_modules.is_some() {
                paths.node_modules = node_modules;
                paths.node_modules_origin = Some(*origin);
            }
        }
        Ok(paths)
    }

    /// The executable `name` as a run would find it (venv, node_modules, then `PATH`).
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        crate::tools::Tools::new(self).find(name)
    }

    /// Finds the repository root (the folder holding tools/install-toolchains.sh) from `start`
    /// upwards, and reads its tools; only `PATH` when there is none.
    pub fn discover(start: &Path) -> ToolPaths {
        let mut dir = Some(start);
        while let Some(d) = dir {
            if d.join("tools/install-toolchains.sh").is_file() {
                return ToolPaths::from_repo(d);
            }
            dir = d.parent();
        }
        ToolPaths {
            use_path: true,
            ..ToolPaths::default()
        }
    }

    /// One line per toolchain saying where it was found ("python tools: /x/.venv (the
    /// repository above the iacgrade binary)"), or that it was not.
    pub fn describe(&self) -> Vec<String> {
        let line = |what: &str, dir: &Option<PathBuf>, origin: Option<ToolchainOrigin>| match dir {
            Some(dir) => format!(
                "{what}: {}{}",
                dir.display(),
                origin
                    .map(|o| format!(" ({})", o.describe()))
                    .unwrap_or_default()
            ),
            None if self.use_path => format!("{what}: none installed (only what PATH holds)"),
            None => format!("{what}: none installed"),
        };
        vec![
            line("python tools", &self.venv, self.venv_origin),
            line("node tools", &self.node_modules, self.node_modules_origin),
        ]
    }
}

/// Everything [`crate::run_side`] needs besides the task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunOptions {
    /// The stages to run, in any order; they always run in [`Stage::ALL`] order.
    pub stages: Vec<Stage>,
    /// The longest one stage may take; past it the stage's processes are killed.
    #[serde(with = "duration_secs")]
    pub stage_timeout: Duration,
    /// Keep the workspace folder after the run (its path is in the report).
    pub keep_workspace: bool,
    pub aws: AwsTarget,
    pub tools: ToolPaths,
    /// The value given to the EnvironmentSuffix parameter and ENVIRONMENT_SUFFIX; a fresh
    /// run-specific value when `None`.
    pub environment_suffix: Option<String>,
    /// Region to deploy to; the task's lib/AWS_REGION, then us-east-1, when `None`.
    pub region: Option<String>,
    /// The sandbox, or none (only when asked for).
    #[serde(default)]
    pub isolation: Isolation,
    /// Resource limits of each stage (memory, processes, file size).
    #[serde(default)]
    pub limits: crate::sandbox::Limits,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            stages: Stage::ALL.to_vec(),
            stage_timeout: Duration::from_secs(600),
            keep_workspace: false,
            aws: AwsTarget::Emulator,
            tools: ToolPaths::default(),
            environment_suffix: None,
            region: None,
            isolation: Isolation::Sandbox,
            limits: crate::sandbox::Limits::default(),
        }
    }
}

mod duration_secs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let secs = f64::deserialize(d)?;
        Ok(Duration::from_secs_f64(secs.max(0.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse(" Integ "), Some(Stage::Integration));
        assert_eq!(Stage::parse("banana"), None);
    }

    #[test]
    fn the_default_target_is_the_emulator() {
        assert_eq!(RunOptions::default().aws, AwsTarget::Emulator);
    }

    /// A repository whose tools/install-toolchains.sh ran: `.venv/bin` and
    /// `tools/node/node_modules`, each only when asked for.
    fn fake_repository(root: &Path, venv: bool, node: bool) -> PathBuf {
        std::fs::create_dir_all(root.join("tools")).expect("mkdir");
        std::fs::write(root.join("tools/install-toolchains.sh"), "#!/bin/sh\n").expect("write");
        if venv {
            std::fs::create_dir_all(root.join(".venv/bin")).expect("mkdir");
        }
        if node {
            std::fs::create_dir_all(root.join("tools/node/node_modules")).expect("mkdir");
        }
        root.to_path_buf()
    }

    /// A folder `iacgrade setup` installed into: `venv/bin` and `node/node_modules`.
    fn fake_toolchains_folder(root: &Path) -> PathBuf {
        std::fs::create_dir_all(root.join("venv/bin")).expect("mkdir");
        std::fs::create_dir_all(root.join("node/node_modules")).expect("mkdir");
        root.to_path_buf()
    }

    #[test]
    fn the_given_folder_comes_first() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let given = fake_toolchains_folder(&tmp.path().join("given"));
        let repo = fake_repository(&tmp.path().join("repo"), true, true);
        let data = fake_toolchains_folder(&tmp.path().join("data"));
        let found = ToolPaths::locate(&ToolchainPlaces {
            given: Some(given.clone()),
            working_directory: Some(repo.join("sub")),
            binary_directory: None,
            data_folder: Some(data),
        })
        .expect("found");
        assert_eq!(found.venv, Some(given.join("venv")));
        assert_eq!(found.node_modules, Some(given.join("node/node_modules")));
        assert_eq!(found.venv_origin, Some(ToolchainOrigin::Given));
        assert!(found.use_path);
    }

    #[test]
    fn a_given_folder_without_toolchains_is_an_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = fake_toolchains_folder(&tmp.path().join("data"));
        let error = ToolPaths::locate(&ToolchainPlaces {
            given: Some(tmp.path().join("typo")),
            data_folder: Some(data),
            ..ToolchainPlaces::default()
        })
        .expect_err("refused");
        assert!(error.contains("typo"), "{error}");
        assert!(error.contains("holds no toolchains"), "{error}");
    }

    #[test]
    fn a_given_repository_is_read_in_its_own_layout() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let repo = fake_repository(&tmp.path().join("repo"), true, false);
        let found = ToolPaths::locate(&ToolchainPlaces {
            given: Some(repo.clone()),
            ..ToolchainPlaces::default()
        })
        .expect("found");
        assert_eq!(found.venv, Some(repo.join(".venv")));
        assert_eq!(found.node_modules, None);
    }

    #[test]
    fn the_repository_above_the_working_directory_comes_before_the_binary_s() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let here = fake_repository(&tmp.path().join("here"), true, true);
        let there = fake_repository(&tmp.path().join("there"), true, true);
        let deep = here.join("a/b/c");
        std::fs::create_dir_all(&deep).expect("mkdir");
        let found = ToolPaths::locate(&ToolchainPlaces {
            working_directory: Some(deep),
            binary_directory: Some(there.join("target/debug")),
            ..ToolchainPlaces::default()
        })
        .expect("found");
        assert_eq!(found.venv, Some(here.join(".venv")));
        assert_eq!(
            found.venv_origin,
            Some(ToolchainOrigin::RepositoryAboveWorkingDirectory)
        );
    }

    #[test]
    fn the_binary_s_repository_serves_a_working_directory_elsewhere() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let repo = fake_repository(&tmp.path().join("repo"), true, true);
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        let data = fake_toolchains_folder(&tmp.path().join("data"));
        let found = ToolPaths::locate(&ToolchainPlaces {
            working_directory: Some(elsewhere),
            binary_directory: Some(repo.join("target/release")),
            data_folder: Some(data),
            ..ToolchainPlaces::default()
        })
        .expect("found");
        assert_eq!(found.venv, Some(repo.join(".venv")));
        assert_eq!(
            found.node_modules_origin,
            Some(ToolchainOrigin::RepositoryAboveBinary)
        );
    }

    #[test]
    fn the_data_folder_serves_an_installed_binary() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let elsewhere = tmp.path().join("elsewhere");
        let bin = tmp.path().join("home/.cargo/bin");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        std::fs::create_dir_all(&bin).expect("mkdir");
        let data =
            fake_toolchains_folder(&tmp.path().join("home/.local/share/iacgrade/toolchains"));
        let found = ToolPaths::locate(&ToolchainPlaces {
            working_directory: Some(elsewhere),
            binary_directory: Some(bin),
            data_folder: Some(data.clone()),
            ..ToolchainPlaces::default()
        })
        .expect("found");
        assert_eq!(found.venv, Some(data.join("venv")));
        assert_eq!(found.node_modules, Some(data.join("node/node_modules")));
        assert_eq!(found.venv_origin, Some(ToolchainOrigin::DataFolder));
    }

    #[test]
    fn each_toolchain_comes_from_the_first_place_that_holds_it() {
        let tmp = tempfile::tempdir().expect("tempdir");
        // A clone where only the Python part was installed (--python-only).
        let repo = fake_repository(&tmp.path().join("repo"), true, false);
        let data = fake_toolchains_folder(&tmp.path().join("data"));
        let found = ToolPaths::locate(&ToolchainPlaces {
            working_directory: Some(repo.clone()),
            data_folder: Some(data.clone()),
            ..ToolchainPlaces::default()
        })
        .expect("found");
        assert_eq!(found.venv, Some(repo.join(".venv")));
        assert_eq!(found.node_modules, Some(data.join("node/node_modules")));
        assert_eq!(found.node_modules_origin, Some(ToolchainOrigin::DataFolder));
    }

    #[test]
    fn nothing_installed_leaves_path() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let found = ToolPaths::locate(&ToolchainPlaces {
            working_directory: Some(tmp.path().to_path_buf()),
            data_folder: Some(tmp.path().join("missing")),
            ..ToolchainPlaces::default()
        })
        .expect("found");
        assert_eq!(found.venv, None);
        assert_eq!(found.node_modules, None);
        assert!(found.use_path);
        assert!(found.describe()[0].contains("only what PATH holds"));
    }
}
