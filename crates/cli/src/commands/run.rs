use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

use iacgrade_findings::CheckStatus;
use iacgrade_run::{
    AwsTarget, Isolation, Limits, RunOptions, RunSide, Stage, ToolPaths, ToolchainPlaces,
};

use crate::cli::{ExecutionArgs, Format, RunArgs, SideArg};

/// The run options the command line asks for. Tools are found as [`discover_tools`] says.
pub fn run_options(args: &ExecutionArgs) -> Result<RunOptions, String> {
    let stages = args
        .stages
        .iter()
        .map(|s| {
            Stage::parse(s.trim()).ok_or_else(|| {
                format!(
                    "unknown stage {s:?}; stages are lint, build, synth, unit, deploy, integration"
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if args.aws && in_ci() && !args.confirm_aws_in_ci {
        return Err(
            "--aws deploys the answer to a real AWS account and CI is set: add \
             --confirm-aws-in-ci if this pipeline's credentials are meant for it"
                .to_string(),
        );
    }
    let memory_bytes =
        iacgrade_run::sandbox::limits::parse_bytes(&args.memory).ok_or_else(|| {
            format!(
                "--memory {:?} is not a size (write 4G, 512M, ...)",
                args.memory
            )
        })?;
    if memory_bytes < 64 << 20 {
        return Err(format!(
            "--memory {} is too small: at least 64M",
            args.memory
        ));
    }
    if args.pids < 16 {
        return Err(format!("--pids {} is too small: at least 16", args.pids));
    }
    let isolation = if args.no_sandbox {
        eprintln!(
            "iacgrade: warning: --no-sandbox: the answer's code runs with your rights (your files, \
             secrets and network)"
        );
        Isolation::Unconfined
    } else {
        iacgrade_run::sandbox::check()?;
        Isolation::Sandbox
    };
    // An interrupted run kills its sandboxes and the emulator and removes its workspaces.
    iacgrade_run::sandbox::cleanup::install_interrupt_handler()
        .map_err(|e| format!("cannot install the interrupt handler: {e}"))?;
    let mut tools = discover_tools(args.toolchains.as_deref())?;
    if args.terraform_plugins.is_some() {
        tools.terraform_plugins = args.terraform_plugins.clone();
    }
    Ok(RunOptions {
        stages,
        stage_timeout: Duration::from_secs(args.timeout.max(1)),
        keep_workspace: args.keep_workspace,
        aws: if args.aws {
            AwsTarget::RealAccount
        } else {
            AwsTarget::Emulator
        },
        tools,
        isolation,
        limits: Limits {
            memory_bytes,
            pids: args.pids,
            ..Limits::default()
        },
        ..RunOptions::default()
    })
}

/// The toolchains from anywhere: `--toolchains DIR` (or `IACGRADE_TOOLCHAINS`), the repository
/// above the working directory, the repository above the binary, the data folder of `iacgrade
/// setup`, then PATH.
pub(crate) fn discover_tools(given: Option<&std::path::Path>) -> Result<ToolPaths, String> {
    let places = ToolchainPlaces {
        given: given.map(|p| p.to_path_buf()),
        working_directory: std::env::current_dir().ok(),
        binary_directory: std::env::current_exe()
            .ok()
            .and_then(|p| p.canonicalize().ok())
            .and_then(|p| p.parent().map(|d| d.to_path_buf())),
        data_folder: iacgrade_run::default_toolchains_folder(),
    };
    ToolPaths::locate(&places)
}

/// True when the CI variable says this runs in a CI pipeline.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        let v = v.trim().to_ascii_lowercase();
        !v.is_empty() && v != "false" && v != "0"
    })
}

pub fn run(args: &RunArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task)?;
    let options = run_options(&args.execution)?;
    let task = iacgrade_task::load_task(&args.task);
    let side = match args.side {
        SideArg::Ideal => RunSide::Ideal,
        SideArg::Model => RunSide::Model,
    };
    let report = iacgrade_run::run_side(&task, side, &options);
    let checkpoints = iacgrade_run::checkpoints(&report);
    match args.format {
        Format::Json | Format::Jsonl => {
            let value = serde_json::json!({
                "run": report,
                "checkpoints": checkpoints,
                "toolchains": options.tools,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
            );
        }
        _ => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "run {} ({} side, AWS: {})",
                args.task.display(),
                side.as_str(),
                report.aws
            );
            // Which installation judged the run: a "not checked" stage reads differently when
            // no toolchain was found at all.
            for line in options.tools.describe() {
                let _ = writeln!(out, "  {line}");
            }
            for s in &report.stages {
                let status = serde_json::to_value(s.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {:<12} {:<12} {:>7} ms  {}",
                    s.stage.as_str(),
                    status,
                    s.duration_ms,
                    s.reason
                );
                if let Some(c) = s.figures.coverage.as_ref() {
                    let _ = writeln!(out, "               line coverage {:.1}%", c.lines);
                }
                if let Some(e) = &s.figures.first_error {
                    let _ = writeln!(out, "               first error: {e}");
                }
                for note in s.figures.notes.iter().filter(|n| n.starts_with("warning:")) {
                    eprintln!("iacgrade: {} stage: {note}", s.stage.as_str());
                }
            }
            for c in &checkpoints {
                let _ = writeln!(
                    out,
                    "  {} {:<28} {:<4} {}",
                    c.id,
                    c.name,
                    c.status.as_str(),
                    c.message
                );
            }
            print!("{out}");
        }
    }
    let failed = checkpoints.iter().any(|c| c.status == CheckStatus::Fail);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
