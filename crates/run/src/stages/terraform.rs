//! Terraform through its CLI: `terraform fmt -check` for lint, `init` + `validate` for build,
//! `apply` / `output -json` / `destroy` for deploy. `init` downloads providers from the
//! Terraform registry; where that registry cannot be reached the stage is "not checked",
//! since the answer is not at fault.

use std::path::{Path, PathBuf};

use crate::context::{CliDeployment, RunContext, StageRecorder};
use crate::process::ToolCommand;
use crate::report::{StageResult, StageStatus};

/// Signs in `terraform init`'s output that providers could not be fetched.
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

fn terraform(ctx: &RunContext, dir: &Path, args: &[&str]) -> Option<ToolCommand> {
    let tf = ctx.tools.find("terraform")?;
    let mut cmd = ctx.command(tf).args(args.iter().copied());
    cmd.cwd = dir.to_path_buf();
    Some(cmd)
}

pub fn lint(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(dir) = config_dir(ctx) else {
        return rec.finish(StageStatus::Failed, "no .tf file in the answer");
    };
    let Some(cmd) = terraform(
        ctx,
        &dir,
        &["fmt", "-check", "-recursive", "-diff", "-no-color"],
    ) else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: terraform not installed",
        );
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

/// `terraform init` without a backend; `Err` holds the stage's result when it did not pass.
fn init(
    ctx: &RunContext,
    rec: &mut StageRecorder,
    dir: &Path,
) -> Result<(), (StageStatus, String)> {
    let Some(cmd) = terraform(
        ctx,
        dir,
        &["init", "-backend=false", "-input=false", "-no-color"],
    ) else {
        return Err((
            StageStatus::NotChecked,
            "not checked: terraform not installed".into(),
        ));
    };
    let run = rec.run(ctx, "init", &cmd);
    if run.outcome.success() {
        return Ok(());
    }
    let log = std::fs::read_to_string(&run.log_path).unwrap_or_default();
    if REGISTRY_UNREACHABLE.iter().any(|s| log.contains(s)) {
        return Err((
            StageStatus::NotChecked,
            "not checked: terraform init could not download the providers (registry unreachable)"
                .into(),
        ));
    }
    let (status, reason) = crate::context::verdict(&run, "terraform init", ctx.timeout);
    Err((status, reason))
}

pub fn build(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(dir) = config_dir(ctx) else {
        return rec.finish(StageStatus::Failed, "no .tf file in the answer");
    };
    if let Err((status, reason)) = init(ctx, &mut rec, &dir) {
        return rec.finish(status, reason);
    }
    let Some(cmd) = terraform(ctx, &dir, &["validate", "-no-color"]) else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: terraform not installed",
        );
    };
    let run = rec.run(ctx, "validate", &cmd);
    rec.finish_with(&run, "terraform validate")
}

pub fn deploy(ctx: &mut RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(dir) = config_dir(ctx) else {
        return rec.finish(StageStatus::Failed, "no .tf file in the answer");
    };
    if let Err(reason) = crate::stages::deploy::ensure_emulator(ctx) {
        return rec.finish(StageStatus::NotChecked, format!("not checked: {reason}"));
    }
    // State stays local to the run: a remote backend of the answer is overridden.
    let override_file = dir.join("zz_iacgrade_backend_override.tf");
    let declares_backend = ctx.files_with(&["tf"]).iter().any(|f| {
        std::fs::read_to_string(ctx.project.join(f)).is_ok_and(|t| t.contains("backend \""))
    });
    if declares_backend {
        if let Err(e) = std::fs::write(&override_file, "terraform {\n  backend \"local\" {}\n}\n") {
            return rec.finish(StageStatus::NotChecked, format!("not checked: {e}"));
        }
    }
    if let Err((status, reason)) = init(ctx, &mut rec, &dir) {
        return rec.finish(status, reason);
    }
    let suffix_var = format!("environment_suffix={}", ctx.stage_env.environment_suffix);
    let declares_suffix = ctx.files_with(&["tf"]).iter().any(|f| {
        std::fs::read_to_string(ctx.project.join(f))
            .is_ok_and(|t| t.contains("variable \"environment_suffix\""))
    });
    let mut apply = vec!["apply", "-auto-approve", "-input=false", "-no-color"];
    let mut destroy = vec!["destroy", "-auto-approve", "-input=false", "-no-color"];
    if declares_suffix {
        apply.extend(["-var", &suffix_var]);
        destroy.extend(["-var", &suffix_var]);
    }
    let (Some(apply_cmd), Some(destroy_cmd), Some(output_cmd)) = (
        terraform(ctx, &dir, &apply),
        terraform(ctx, &dir, &destroy),
        terraform(ctx, &dir, &["output", "-json", "-no-color"]),
    ) else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: terraform not installed",
        );
    };
    // The endpoint is known only now that the emulator runs: rebuild the environments.
    let env = ctx.env();
    let with_env = |mut c: ToolCommand| {
        c.env = env.clone();
        c
    };
    let (apply_cmd, destroy_cmd, output_cmd) = (
        with_env(apply_cmd),
        with_env(destroy_cmd),
        with_env(output_cmd),
    );
    let run = rec.run(ctx, "apply", &apply_cmd);
    ctx.cli_deployment = Some(CliDeployment {
        destroy: destroy_cmd,
    });
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
        "terraform apply passed; {} outputs",
        rec.figures.outputs.len()
    );
    rec.finish(StageStatus::Passed, reason)
}
