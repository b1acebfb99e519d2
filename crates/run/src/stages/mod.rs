//! One adapter per toolchain; [`run_stage`] picks the one a stage needs for the task's
//! platform and language. A stage that does not apply is "skipped" with the reason; a tool
//! that is missing makes it "not checked".

mod cdk;
mod cfn;
pub mod deploy;
mod node;
mod pulumi;
mod python;
mod terraform;
pub(crate) mod terraform_setup;

pub(crate) use terraform_setup::{find_mirror, mirror_contents};

use iacgrade_task::{Language, Platform};

use crate::context::{RunContext, StageRecorder};
use crate::options::Stage;
use crate::report::{StageResult, StageStatus};
use crate::testsuite::{find_tests, mocking_evidence, reads_outputs_file, TestKind, TestRunner};

/// Runs one stage of the run.
pub fn run_stage(ctx: &mut RunContext, stage: Stage) -> StageResult {
    let rec = StageRecorder::new(stage, ctx.timeout);
    let platform = ctx.platform;
    let language = ctx.language;
    let code = CodeFamily::of(language);
    match stage {
        Stage::Lint => match (platform, code) {
            (Some(Platform::Cfn), _) => cfn::lint(ctx, rec),
            (Some(Platform::Tf), _) => terraform::lint(ctx, rec),
            (_, CodeFamily::Python) => python::lint(ctx, rec),
            (_, CodeFamily::Node) => node::lint(ctx, rec),
            _ => unsupported(rec, platform, language),
        },
        Stage::Build => match (platform, code) {
            (Some(Platform::Cfn), _) => rec.finish(
                StageStatus::Skipped,
                "CloudFormation templates need no build",
            ),
            (Some(Platform::Tf), _) => terraform::build(ctx, rec),
            (_, CodeFamily::Python) => python::build(ctx, rec),
            (_, CodeFamily::Node) => node::build(ctx, rec),
            _ => unsupported(rec, platform, language),
        },
        Stage::Synth => match platform {
            Some(Platform::Cfn) => cfn::synth(ctx, rec),
            Some(Platform::Pulumi) => pulumi::synth(ctx, rec),
            Some(Platform::Cdk) => cdk::cdk_synth(ctx, rec),
            Some(Platform::Cdktf) => cdk::cdktf_synth(ctx, rec),
            Some(Platform::Tf) => rec.finish(StageStatus::Skipped, "Terraform has no synth step"),
            _ => rec.finish(
                StageStatus::Skipped,
                format!("no synth step for {}", name_of(platform)),
            ),
        },
        Stage::Unit => tests(ctx, rec, TestKind::Unit),
        Stage::Deploy => {
            if let Some(gate) = failed_gate(ctx) {
                return rec.finish(
                    StageStatus::Skipped,
                    format!("not deployed: the {gate} stage did not pass"),
                );
            }
            match platform {
                Some(Platform::Cfn) => deploy::cloudformation(ctx, rec),
                Some(Platform::Cdk) if ctx.stage_passed(Stage::Synth) => deploy::cdk(ctx, rec),
                Some(Platform::Cdk) => {
                    rec.finish(StageStatus::Skipped, "needs a passed synth stage (cdk.out)")
                }
                Some(Platform::Tf) => terraform::deploy(ctx, rec),
                Some(Platform::Pulumi) => pulumi::deploy(ctx, rec),
                Some(Platform::Cdktf) => rec.finish(
                    StageStatus::NotChecked,
                    "not checked: deploying CDKTF needs the cdktf CLI and Terraform providers",
                ),
                _ => rec.finish(
                    StageStatus::Skipped,
                    format!("nothing to deploy for {}", name_of(platform)),
                ),
            }
        }
        Stage::Integration => {
            if !ctx.stage_passed(Stage::Deploy) {
                let why = match ctx.result(Stage::Deploy) {
                    None => "the deploy stage was not run".to_string(),
                    Some(r) => format!("the deploy stage is {}", r.status.as_str()),
                };
                let mut rec = rec;
                let files = ctx.files_with(&["py", "ts", "js"]);
                if let Some(set) = find_tests(&files, TestKind::Integration) {
                    rec.figures.mocking = mocking_evidence(&ctx.project, &set.files);
                    rec.figures.reads_outputs = Some(reads_outputs_file(&ctx.project, &set.files));
                }
                return rec.finish(
                    StageStatus::Skipped,
                    format!("integration tests need a deployment: {why}"),
                );
            }
            tests(ctx, rec, TestKind::Integration)
        }
    }
}

/// The language families that share tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeFamily {
    Python,
    Node,
    Other,
}

impl CodeFamily {
    fn of(language: Option<Language>) -> CodeFamily {
        match language {
            Some(Language::Py) => CodeFamily::Python,
            Some(Language::Ts | Language::Js) => CodeFamily::Node,
            _ => CodeFamily::Other,
        }
    }
}

fn name_of(platform: Option<Platform>) -> &'static str {
    platform
        .map(Platform::as_str)
        .unwrap_or("an unknown platform")
}

fn unsupported(
    rec: StageRecorder,
    platform: Option<Platform>,
    language: Option<Language>,
) -> StageResult {
    let language = language
        .map(Language::as_str)
        .unwrap_or("an unknown language");
    rec.finish(
        StageStatus::NotChecked,
        format!(
            "not checked: the run stage has no {} toolchain for {} yet",
            language,
            name_of(platform)
        ),
    )
}

/// A stage of checkpoint G that ran and did not pass: nothing is deployed then.
fn failed_gate(ctx: &RunContext) -> Option<&'static str> {
    [Stage::Lint, Stage::Build, Stage::Synth]
        .into_iter()
        .find(|s| {
            ctx.result(*s)
                .is_some_and(|r| matches!(r.status, StageStatus::Failed | StageStatus::TimedOut))
        })
        .map(Stage::as_str)
}

/// Unit or integration tests, with the runner their files need.
fn tests(ctx: &mut RunContext, mut rec: StageRecorder, kind: TestKind) -> StageResult {
    let files = ctx.files_with(&["py", "ts", "js", "mjs", "cjs", "tsx"]);
    let Some(set) = find_tests(&files, kind) else {
        let what = match kind {
            TestKind::Unit => "unit",
            TestKind::Integration => "integration",
        };
        return rec.finish(StageStatus::Failed, format!("no {what} tests found"));
    };
    if kind == TestKind::Integration {
        rec.figures.mocking = mocking_evidence(&ctx.project, &set.files);
        rec.figures.reads_outputs = Some(reads_outputs_file(&ctx.project, &set.files));
    }
    match set.runner {
        TestRunner::Pytest => python::pytest(ctx, rec, &set.files, kind),
        TestRunner::Jest => node::jest(ctx, rec, &set.files, kind),
    }
}
