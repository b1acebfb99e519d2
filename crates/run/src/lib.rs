//! The `run` stage of the pipeline (opt-in): runs one side of a task with the real toolchains —
//! lint, build, synth, unit tests with coverage, deploy to an AWS emulator, integration tests
//! against the deployment — and reports what happened, stage by stage. Its results feed
//! checkpoints G, H and I ([`checkpoints`]).
//!
//! ```no_run
//! use iacgrade_run::{run_side, checkpoints, RunOptions, RunSide, Stage, ToolPaths};
//! let task = iacgrade_task::load_task(std::path::Path::new("examples/healthcare-analytics"));
//! let options = RunOptions {
//!     stages: vec![Stage::Lint, Stage::Build, Stage::Synth, Stage::Unit],
//!     tools: ToolPaths::discover(std::path::Path::new(".")),
//!     ..RunOptions::default()
//! };
//! let report = run_side(&task, RunSide::Ideal, &options);
//! for checkpoint in checkpoints(&report) {
//!     println!("{} {:?} {}", checkpoint.id, checkpoint.status, checkpoint.message);
//! }
//! ```
//!
//! Safety of the caller's accounts comes first: unless [`AwsTarget::RealAccount`] is asked for,
//! no stage sees the caller's AWS credentials, profile or config files, and every AWS client
//! of a stage is pointed at the emulator (see [`environment`]).

mod answer;
mod cfn_stack;
mod checkpoints;
mod context;
mod emulator;
pub mod environment;
mod figures;
mod layout;
mod options;
mod process;
mod proof;
mod report;
mod stages;
mod template;
mod testsuite;
mod tools;
mod workspace;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use iacgrade_task::{Diagnostic, Language, Platform, Task};

pub use checkpoints::{checkpoints, REQUIRED_COVERAGE};
pub use options::{AwsTarget, RunOptions, RunSide, Stage, ToolPaths};
pub use proof::{toolchain_findings, ToolchainRule, NOT_COMPARABLE, TOOLCHAIN_RULES};
pub use report::{
    Coverage, DeployedResource, FileSource, RunReport, StageFigures, StageResult, StageStatus,
    TestCounts,
};
pub use stages::deploy::OUTPUTS_FILE;

use context::RunContext;
use environment::StageEnvironment;
use tools::Tools;

/// Runs the requested stages of one side of `task` and reports each. Never panics on input:
/// problems with the task's files become diagnostics, problems of the answer become failed
/// stages, missing tools become "not checked" stages.
pub fn run_side(task: &Task, side: RunSide, options: &RunOptions) -> RunReport {
    let (platform, language) = platform_and_language(task);
    let mut report = RunReport {
        side,
        platform,
        language,
        workspace: None,
        aws: match options.aws {
            AwsTarget::Emulator => "emulator".to_string(),
            AwsTarget::RealAccount => "real-account".to_string(),
        },
        stages: Vec::new(),
        diagnostics: Vec::new(),
        sources: Vec::new(),
    };
    let tempdir = match tempfile::Builder::new().prefix("iacgrade-run-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            report.diagnostics.push(Diagnostic::new(
                std::env::temp_dir().display().to_string(),
                format!("cannot create the run's workspace: {e}"),
            ));
            return report;
        }
    };
    let project = tempdir.path().join("project");
    let scratch = tempdir.path().join("run");
    let plan = workspace::plan_side(task, side, platform, language, answer::extract_files);
    report.diagnostics.extend(plan.diagnostics.iter().cloned());
    report.sources = plan.files.iter().filter_map(|f| f.source.clone()).collect();
    report
        .diagnostics
        .extend(workspace::write_plan(&plan, &project));
    if let Err(e) = std::fs::create_dir_all(&project).and(std::fs::create_dir_all(&scratch)) {
        report.diagnostics.push(Diagnostic::new(
            tempdir.path().display().to_string(),
            format!("cannot prepare the run's workspace: {e}"),
        ));
        return report;
    }
    let tools = Tools::new(&options.tools);
    link_node_modules(&project, &tools, language);
    let stage_env = StageEnvironment {
        aws: options.aws.clone(),
        region: region_of(task, options),
        environment_suffix: options
            .environment_suffix
            .clone()
            .unwrap_or_else(fresh_suffix),
        endpoint: None,
        scratch: scratch.join("aws"),
        workspace: project.clone(),
        tools: options.tools.clone(),
    };
    if let Err(e) = stage_env.prepare() {
        report.diagnostics.push(Diagnostic::new(
            scratch.display().to_string(),
            format!("cannot write the empty AWS config files: {e}"),
        ));
        return report;
    }
    let mut ctx = RunContext {
        task_id: task.id.clone(),
        project: project.clone(),
        scratch,
        platform,
        language,
        stage_env,
        tools,
        timeout: options.stage_timeout,
        stacks: Vec::new(),
        cli_deployment: None,
        emulator: None,
        results: Vec::new(),
    };
    let has_files = plan.code_files > 0;
    for stage in Stage::ALL {
        if !options.stages.contains(&stage) {
            continue;
        }
        let result = if has_files {
            stages::run_stage(&mut ctx, stage)
        } else {
            StageResult::skipped(stage, "the side has no file to run")
        };
        ctx.results.push(result);
    }
    let (gone, problems) = stages::deploy::teardown(&mut ctx);
    if let Some(deploy) = ctx.results.iter_mut().find(|r| r.stage == Stage::Deploy) {
        deploy.figures.stack_deleted = gone;
        deploy.figures.notes.extend(problems.iter().cloned());
    }
    for problem in problems {
        report.diagnostics.push(Diagnostic::new(
            "run:deploy",
            format!("teardown: {problem}"),
        ));
    }
    // The emulator stops here (its guard drops), before the workspace goes.
    ctx.emulator = None;
    report.stages = std::mem::take(&mut ctx.results);
    if options.keep_workspace {
        report.workspace = Some(tempdir.keep().join("project"));
    } else {
        report.workspace = Some(project);
    }
    report
}

/// The task's platform and language: metadata.json's, else what the project's files show.
fn platform_and_language(task: &Task) -> (Option<Platform>, Option<Language>) {
    let meta = task.metadata.as_ref();
    let platform = meta.and_then(|m| m.platform).or_else(|| {
        let has = |p: &str| task.has_project_file(p);
        if has("Pulumi.yaml") {
            Some(Platform::Pulumi)
        } else if has("cdktf.json") {
            Some(Platform::Cdktf)
        } else if has("cdk.json") {
            Some(Platform::Cdk)
        } else if task.project_files.iter().any(|f| f.path.ends_with(".tf")) {
            Some(Platform::Tf)
        } else {
            None
        }
    });
    let language = meta.and_then(|m| m.language);
    (platform, language)
}

fn region_of(task: &Task, options: &RunOptions) -> String {
    options
        .region
        .clone()
        .or_else(|| task.aws_region.clone())
        .or_else(|| task.metadata.as_ref().and_then(|m| m.region.clone()))
        .unwrap_or_else(|| "us-east-1".to_string())
}

/// A short run-specific suffix: lower-case letters and digits, fit for S3 and IAM names.
fn fresh_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64 ^ d.as_secs())
        .unwrap_or(0);
    let mixed = (nanos ^ ((std::process::id() as u64) << 20)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    format!("r{:06x}", mixed >> 40)
}

/// Node projects resolve their packages from `node_modules` next to them: link the tools'
/// folder there when the project has none of its own.
fn link_node_modules(project: &Path, tools: &Tools, language: Option<Language>) {
    let Some(modules) = tools.node_modules() else {
        return;
    };
    let wants_node = matches!(language, Some(Language::Ts | Language::Js))
        || project.join("package.json").is_file();
    let target: PathBuf = project.join("node_modules");
    if wants_node && !target.exists() {
        let _ = std::os::unix::fs::symlink(modules, &target);
    }
}
