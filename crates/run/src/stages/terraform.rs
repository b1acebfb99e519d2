//! Terraform through its CLI: `terraform fmt -check` for lint, `init -backend=false` +
//! `validate` for build, `apply` / `output -json` / `destroy` against the emulator for deploy.
//!
//! Providers are installed from a local mirror when one is found (`--terraform-plugins`, the
//! environment, the conventional folders; see [`terraform_setup::find_mirror`]) through a CLI
//! configuration written in the run's scratch folder. A provider the answer pins that neither
//! the mirror nor the registry can supply makes the stage "not checked": the answer is not at
//! fault. Each result names the provider versions that judged it.

use std::path::{Path, PathBuf};

use super::terraform_setup::{self as setup, ENDPOINTS_PROVIDER_VERSION};
use crate::context::{CliDeployment, RunContext, StageRecorder};
use crate::process::ToolCommand;
use crate::report::{StageResult, StageStatus};

/// Signs in `terraform init`'s output that the registry could not be reached.
const REGISTRY_UNREACHABLE: &[&str] = &[
    "Failed to query available provider packages",
    "could not connect to registry",
    "Failed to install provider",
    "dial tcp",
    "no such host",
];

/// The folder holding the configuration: lib/ when the .tf files are there, else the root.
fn config_dir(ctx: &RunContext) -> Option<PathBuf> {
    let files = ctx.files_with(&["tf"]);
    if files
        .iter()
        .any(|f| f.starts_with("lib/") && !f[4..].contains('/'))
    {
        Some(ctx.project.join("lib"))
    } else if files.iter().any(|f| !f.contains('/')) {
        Some(ctx.project.clone())
    } else {
        files
            .first()
            .and_then(|f| f.rsplit_once('/'))
            .map(|(d, _)| ctx.project.join(d))
    }
}

/// A terraform command in `dir` with the run's CLI configuration and the current environment
/// (the emulator's endpoint once it runs).
fn terraform(ctx: &RunContext, dir: &Path, args: &[&str]) -> Option<ToolCommand> {
    let tf = ctx.tools.find("terraform")?;
    let mut cmd = ctx
        .command(tf)
        .args(args.iter().copied())
        .set_env("TF_IN_AUTOMATION", "1")
        .set_env("TF_INPUT", "0")
        .set_env("CHECKPOINT_DISABLE", "1")
        .set_env(
            "TF_VAR_environment_suffix",
            ctx.stage_env.environment_suffix.clone(),
        );
    let config = ctx.scratch.join("terraform").join("terraform.tfrc");
    if config.is_file() {
        cmd = cmd.set_env("TF_CLI_CONFIG_FILE", config);
    }
    cmd.cwd = dir.to_path_buf();
    Some(cmd)
}

const NOT_INSTALLED: &str = "not checked: terraform not installed";

pub fn lint(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(dir) = config_dir(ctx) else {
        return rec.finish(StageStatus::Failed, "no .tf file in the answer");
    };
    let Some(cmd) = terraform(
        ctx,
        &dir,
        &["fmt", "-check", "-recursive", "-diff", "-no-color"],
    ) else {
        return rec.finish(StageStatus::NotChecked, NOT_INSTALLED);
    };
    let run = rec.run(ctx, "fmt", &cmd);
    if !run.outcome.success() {
        // fmt -check names each file it would rewrite, one per line, before its diff.
        let log = std::fs::read_to_string(&run.log_path).unwrap_or_default();
        let unformatted: Vec<&str> = log
            .lines()
            .filter(|l| l.ends_with(".tf") && !l.contains(' '))
            .collect();
        if !unformatted.is_empty() {
            rec.figures.first_error = Some(format!("not formatted: {}", unformatted.join(", ")));
        }
    }
    rec.finish_with(&run, "terraform fmt -check")
}

/// Writes the run's CLI configuration (once per run) and notes where providers come from.
fn prepare_providers(ctx: &RunContext, rec: &mut StageRecorder) -> Result<(), String> {
    let scratch = ctx.scratch.join("terraform");
    if scratch.join("terraform.tfrc").is_file() {
        return Ok(());
    }
    let mirror = setup::find_mirror(&ctx.stage_env.tools);
    setup::write_cli_config(&scratch, mirror.as_deref())?;
    rec.figures.notes.push(match &mirror {
        Some(dir) => format!("providers from the mirror {}", dir.display()),
        None => "no provider mirror found: providers from the registry".to_string(),
    });
    Ok(())
}

/// "hashicorp/aws 5.100.0, hashicorp/random 3.6.0", as the lock file records them.
fn provider_versions(dir: &Path) -> String {
    setup::locked_providers(dir)
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `terraform init`; `Err` holds the stage's result when it did not pass. `with_backend`
/// initialises the (overridden, local) backend as apply needs; the build does without one, so
/// that a partial `backend "s3" {}` is no obstacle.
fn init(
    ctx: &RunContext,
    rec: &mut StageRecorder,
    dir: &Path,
    with_backend: bool,
) -> Result<(), (StageStatus, String)> {
    prepare_providers(ctx, rec)
        .map_err(|e| (StageStatus::NotChecked, format!("not checked: {e}")))?;
    let args: &[&str] = if with_backend {
        &["init", "-reconfigure", "-input=false", "-no-color"]
    } else {
        &["init", "-backend=false", "-input=false", "-no-color"]
    };
    let Some(cmd) = terraform(ctx, dir, args) else {
        return Err((StageStatus::NotChecked, NOT_INSTALLED.into()));
    };
    let step = if with_backend { "init-backend" } else { "init" };
    let run = rec.run(ctx, step, &cmd);
    if run.outcome.success() {
        let versions = provider_versions(dir);
        if !versions.is_empty() {
            rec.figures.notes.push(format!("judged with {versions}"));
        }
        return Ok(());
    }
    let log = std::fs::read_to_string(&run.log_path).unwrap_or_default();
    let missing = setup::providers_missing_offline(&log);
    if !missing.is_empty() {
        let available = setup::find_mirror(&ctx.stage_env.tools)
            .map(|m| setup::mirror_contents(&m))
            .filter(|c| !c.is_empty())
            .map(|c| format!(" (the mirror has {})", c.join(", ")))
            .unwrap_or_default();
        return Err((
            StageStatus::NotChecked,
            format!(
                "not checked: {} not available offline{available}",
                missing.join(", ")
            ),
        ));
    }
    if REGISTRY_UNREACHABLE.iter().any(|s| log.contains(s)) {
        return Err((
            StageStatus::NotChecked,
            "not checked: terraform init could not download the providers (registry unreachable)"
                .into(),
        ));
    }
    Err(crate::context::verdict(&run, "terraform init", ctx.timeout))
}

pub fn build(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(dir) = config_dir(ctx) else {
        return rec.finish(StageStatus::Failed, "no .tf file in the answer");
    };
    if let Err((status, reason)) = init(ctx, &mut rec, &dir, false) {
        return rec.finish(status, reason);
    }
    let Some(cmd) = terraform(ctx, &dir, &["validate", "-no-color"]) else {
        return rec.finish(StageStatus::NotChecked, NOT_INSTALLED);
    };
    let run = rec.run(ctx, "validate", &cmd);
    let (status, reason) = crate::context::verdict(&run, "terraform validate", ctx.timeout);
    let versions = provider_versions(&dir);
    let reason = if versions.is_empty() {
        reason
    } else {
        format!("{reason} (with {versions})")
    };
    rec.finish(status, reason)
}

pub fn deploy(ctx: &mut RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(dir) = config_dir(ctx) else {
        return rec.finish(StageStatus::Failed, "no .tf file in the answer");
    };
    if let Err(reason) = crate::stages::deploy::ensure_emulator(ctx) {
        return rec.finish(StageStatus::NotChecked, format!("not checked: {reason}"));
    }
    // The build's init chose the provider versions; the endpoints block fits only the version
    // whose service names are known.
    if let Err((status, reason)) = init(ctx, &mut rec, &dir, false) {
        return rec.finish(status, reason);
    }
    if ctx.stage_env.aws == crate::options::AwsTarget::Emulator {
        let endpoint = ctx
            .stage_env
            .endpoint
            .clone()
            .unwrap_or_else(|| crate::context::NOWHERE_ENDPOINT.to_string());
        let aws_version = setup::locked_providers(&dir)
            .into_iter()
            .find(|(name, _)| name == "hashicorp/aws")
            .map(|(_, v)| v);
        let with_endpoints = aws_version
            .as_deref()
            .is_some_and(|v| v.starts_with(ENDPOINTS_PROVIDER_VERSION));
        if !with_endpoints {
            rec.figures.notes.push(format!(
                "hashicorp/aws {}: service endpoints from AWS_ENDPOINT_URL only",
                aws_version.as_deref().unwrap_or("(none)")
            ));
        }
        let providers = setup::aws_provider_blocks(&dir);
        let files =
            setup::emulator_files(&providers, &endpoint, &ctx.stage_env.region, with_endpoints);
        for (name, text) in files {
            if let Err(e) = std::fs::write(dir.join(&name), text) {
                return rec.finish(
                    StageStatus::NotChecked,
                    format!("not checked: cannot write {name}: {e}"),
                );
            }
        }
    }
    if let Err((status, reason)) = init(ctx, &mut rec, &dir, true) {
        return rec.finish(status, reason);
    }
    let apply = ["apply", "-auto-approve", "-input=false", "-no-color"];
    let destroy = ["destroy", "-auto-approve", "-input=false", "-no-color"];
    let (Some(apply_cmd), Some(destroy_cmd), Some(output_cmd)) = (
        terraform(ctx, &dir, &apply),
        terraform(ctx, &dir, &destroy),
        terraform(ctx, &dir, &["output", "-json", "-no-color"]),
    ) else {
        return rec.finish(StageStatus::NotChecked, NOT_INSTALLED);
    };
    // Destroyed at the end of the run whatever apply did: a half-applied configuration too.
    ctx.cli_deployment = Some(CliDeployment {
        destroy: destroy_cmd,
    });
    let run = rec.run(ctx, "apply", &apply_cmd);
    if !run.outcome.success() {
        return rec.finish_with(&run, "terraform apply");
    }
    let out = rec.run(ctx, "output", &output_cmd);
    let text = std::fs::read_to_string(&out.log_path).unwrap_or_default();
    rec.figures.outputs = crate::stages::deploy::flatten_outputs(&text);
    if let Err(e) = crate::stages::deploy::write_outputs(ctx, &rec.figures.outputs) {
        return rec.finish(StageStatus::Failed, e);
    }
    let reason = format!(
        "terraform apply passed; {} outputs (with {})",
        rec.figures.outputs.len(),
        provider_versions(&dir)
    );
    rec.finish(StageStatus::Passed, reason)
}
