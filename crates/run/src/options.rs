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
        }
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
}
