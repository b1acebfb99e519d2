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
//! Every process a stage starts runs in a sandbox ([`sandbox`]): the answer's code is
//! treated as hostile. A run where the sandbox cannot be built runs no stage, unless
//! [`Isolation::Unconfined`] was asked for.
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
mod fingerprint;
mod harness;
mod layout;
mod options;
mod process;
mod proof;
mod report;
pub mod sandbox;
mod stages;
mod template;
mod testsuite;
mod tools;
mod workspace;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use iacgrade_task::{Diagnostic, Language, Platform, Task};

pub use checkpoints::{checkpoints, REQUIRED_COVERAGE};
pub use fingerprint::toolchain_fingerprint;
pub use options::{
    default_toolchains_folder, AwsTarget, Isolation, RunOptions, RunSide, Stage, ToolPaths,
    ToolchainOrigin, ToolchainPlaces, TOOLCHAINS_VARIABLE,
};
pub use proof::{toolchain_findings, ToolchainRule, NOT_COMPARABLE, TOOLCHAIN_RULES};
pub use report::{
    Coverage, DeployedResource, FileSource, RunReport, StageFigures, StageResult, StageStatus,
    TestCounts,
};
pub use sandbox::Limits;
pub use stages::deploy::OUTPUTS_FILE;

use context::RunContext;
use environment::StageEnvironment;
use tools::Tools;

/// `text` with the project folder's path taken off the paths below it (`lib/x.py`) and the rest
/// of the workspace's folder written `<workspace>`.
fn workspace_relative(text: &str, project: &Path, workspace: &Path) -> String {
    let project = format!("{}/", project.display());
    let workspace = workspace.display().to_string();
    text.replace(&project, "")
        .replace(&workspace, "<workspace>")
}

/// The Terraform provider mirror a run with `tools` installs providers from, when one is found
/// (`--terraform-plugins`, the environment, the conventional folders).
pub fn terraform_mirror(tools: &ToolPaths) -> Option<PathBuf> {
    stages::find_mirror(tools)
}

/// The providers a mirror holds, as "namespace/type version".
pub fn terraform_mirror_contents(mirror: &Path) -> Vec<String> {
    stages::mirror_contents(mirror)
}

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
    let bwrap = match options.isolation {
        Isolation::Sandbox => match sandbox::check() {
            Ok(bwrap) => Some(bwrap),
            Err(why) => {
                report
                    .diagnostics
                    .push(Diagnostic::new("run:sandbox", why.clone()));
                report.stages = options_stages(options)
                    .map(|stage| StageResult::not_checked(stage, format!("not checked: {why}")))
                    .collect();
                return report;
            }
        },
        Isolation::Unconfined => None,
    };
    sandbox::cleanup::remove_stale_workspaces(&std::env::temp_dir());
    let prefix = format!(
        "{}{}-",
        sandbox::cleanup::WORKSPACE_PREFIX,
        std::process::id()
    );
    let tempdir = match tempfile::Builder::new().prefix(&prefix).tempdir() {
        Ok(d) => d,
        Err(e) => {
            report.diagnostics.push(Diagnostic::new(
                std::env::temp_dir().display().to_string(),
                format!("cannot create the run's workspace: {e}"),
            ));
            return report;
        }
    };
    let _registered = sandbox::cleanup::register_workspace(tempdir.path());
    let project = tempdir.path().join("project");
    let scratch = tempdir.path().join("run");
    let mut plan = workspace::plan_side(task, side, platform, language, answer::extract_files);
    let (test_origin, kept) = testsuite::keep_task_tests(&mut plan, task, side);
    report.diagnostics.extend(kept);
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
    let policy = match bwrap {
        Some(bwrap) => match sandbox_policy(bwrap, tempdir.path(), options, &tools) {
            Ok(policy) => Some(std::sync::Arc::new(policy)),
            Err(e) => {
                report.diagnostics.push(Diagnostic::new(
                    tempdir.path().display().to_string(),
                    format!("cannot prepare the sandbox: {e}"),
                ));
                return report;
            }
        },
        None => None,
    };
    let home = match policy {
        Some(_) => PathBuf::from(sandbox::SANDBOX_HOME),
        None => tempdir.path().join("home"),
    };
    if let Err(e) = std::fs::create_dir_all(tempdir.path().join("home")) {
        report.diagnostics.push(Diagnostic::new(
            tempdir.path().display().to_string(),
            format!("cannot prepare the run's home folder: {e}"),
        ));
        return report;
    }
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
        home,
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
        sandbox: policy,
        limits: options.limits,
        test_origin,
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
    // The workspace's folder differs on every run: a tool's words name the task's files as the
    // task does, so that two runs of the same answer read the same.
    for stage in &mut report.stages {
        stage.reason = workspace_relative(&stage.reason, &project, tempdir.path());
        if let Some(first) = &mut stage.figures.first_error {
            *first = workspace_relative(first, &project, tempdir.path());
        }
    }
    if options.keep_workspace {
        report.workspace = Some(tempdir.keep().join("project"));
    } else {
        report.workspace = Some(project);
    }
    report
}

/// Whether `side` of `task` holds complete code of its platform to run, without running
/// anything: None when it does, else why not ("lib/IDEAL_RESPONSE.md holds no ts file of ten
/// lines or more", "lib/tap_stack.py leaves code out (# remaining methods unchanged)").
/// Measurements of the harness sample only the tasks whose answer is complete code.
pub fn side_without_code(task: &Task, side: RunSide) -> Option<String> {
    let (platform, language) = platform_and_language(task);
    let plan = workspace::plan_side(task, side, platform, language, answer::extract_files);
    let extensions: &[&str] = match (platform, language) {
        (Some(Platform::Cfn), _) => &["yml", "yaml", "json", "template"],
        (Some(Platform::Tf), _) => &["tf", "tf.json"],
        (_, Some(Language::Ts)) => &["ts"],
        (_, Some(Language::Js)) => &["js", "mjs", "cjs"],
        (_, Some(Language::Py)) => &["py"],
        _ => return Some("the run stage has no toolchain for this platform and language".into()),
    };
    let has_code = plan.files.iter().any(|f| {
        f.source.is_some()
            && extensions
                .iter()
                .any(|e| f.path.ends_with(&format!(".{e}")))
            && match &f.content {
                workspace::FileContent::Text(t) => t.lines().count() >= 10,
                workspace::FileContent::CopyFrom(_) => true,
            }
    });
    if has_code {
        let code: Vec<(String, String)> = plan
            .files
            .iter()
            .filter(|f| f.source.is_some())
            .filter_map(|f| match &f.content {
                workspace::FileContent::Text(t) => Some((f.path.clone(), t.clone())),
                workspace::FileContent::CopyFrom(_) => None,
            })
            .collect();
        let paths: Vec<String> = plan.files.iter().map(|f| f.path.clone()).collect();
        harness::incomplete_code(platform, language, &code, &paths)
    } else {
        Some(format!(
            "{} holds no {} file of ten lines or more",
            if plan.source.is_empty() {
                "the side"
            } else {
                plan.source.as_str()
            },
            extensions.join("/")
        ))
    }
}

/// The requested stages, in run order.
fn options_stages(options: &RunOptions) -> impl Iterator<Item = Stage> + '_ {
    Stage::ALL
        .into_iter()
        .filter(|s| options.stages.contains(s))
}

/// The run's sandbox: the toolchains read-only, the run's folder writable; the host's network
/// (and the caller's ~/.aws, read-only) only for a run against the real account.
fn sandbox_policy(
    bwrap: PathBuf,
    run_root: &Path,
    options: &RunOptions,
    tools: &Tools,
) -> std::io::Result<sandbox::SandboxPolicy> {
    let mut toolchains: Vec<PathBuf> = Vec::new();
    toolchains.extend(options.tools.venv.iter().cloned());
    toolchains.extend(options.tools.node_modules.iter().cloned());
    // Terraform's provider mirror (tools/install-toolchains.sh), when installed.
    toolchains.push(PathBuf::from("/opt/tf-plugins"));
    let mut policy = sandbox::SandboxPolicy::new(bwrap, run_root, &toolchains, options.limits)?;
    policy.forwarder_python = tools.python();
    if options.aws == AwsTarget::RealAccount {
        policy.host_network = true;
        if let Some(home) = std::env::var_os("HOME") {
            policy.add_read_only_at(
                &Path::new(&home).join(".aws"),
                &Path::new(sandbox::SANDBOX_HOME).join(".aws"),
            );
        }
    }
    Ok(policy)
}

/// The task's platform and language: metadata.json's, else what the project's files show.
pub fn platform_and_language(task: &Task) -> (Option<Platform>, Option<Language>) {
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

#[cfg(test)]
mod workspace_paths {
    use super::workspace_relative;
    use std::path::Path;

    #[test]
    fn the_workspace_folder_leaves_a_tools_words() {
        let workspace = Path::new("/tmp/iacgrade-run-1-abc");
        let project = workspace.join("project");
        assert_eq!(
            workspace_relative(
                "FileNotFoundError: '/tmp/iacgrade-run-1-abc/project/lib/lambda.zip'",
                &project,
                workspace
            ),
            "FileNotFoundError: 'lib/lambda.zip'"
        );
        assert_eq!(
            workspace_relative("log in /tmp/iacgrade-run-1-abc/logs", &project, workspace),
            "log in <workspace>/logs"
        );
    }
}
