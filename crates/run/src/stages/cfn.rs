//! CloudFormation: cfn-lint for lint; the template is its own synth output, so synth reads it
//! and counts what it declares.

use crate::context::{RunContext, StageRecorder};
use crate::process::Outcome;
use crate::report::{StageResult, StageStatus};
use crate::template::{find_template, summarise};

/// cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational; 1 a crash.
const CFN_LINT_ERROR_BITS: i32 = 1 | 2;

pub fn lint(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(template) = find_template(&ctx.project) else {
        return rec.finish(StageStatus::Failed, "no CloudFormation template under lib/");
    };
    let Some(cfn_lint) = ctx.tools.find("cfn-lint") else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: cfn-lint not installed",
        );
    };
    let rel = template
        .strip_prefix(&ctx.project)
        .unwrap_or(&template)
        .display()
        .to_string();
    let cmd = ctx
        .command(cfn_lint)
        .arg(&rel)
        .args(["--regions", &ctx.stage_env.region]);
    let run = rec.run(ctx, "cfn-lint", &cmd);
    match run.outcome {
        Outcome::Exited(code) if code & CFN_LINT_ERROR_BITS == 0 => {
            let reason = if code & 4 != 0 {
                format!("cfn-lint {rel}: no errors (warnings reported)")
            } else {
                format!("cfn-lint {rel}: no errors")
            };
            rec.finish(StageStatus::Passed, reason)
        }
        _ => rec.finish_with(&run, &format!("cfn-lint {rel}")),
    }
}

pub fn synth(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(template) = find_template(&ctx.project) else {
        return rec.finish(StageStatus::Failed, "no CloudFormation template under lib/");
    };
    let rel = template
        .strip_prefix(&ctx.project)
        .unwrap_or(&template)
        .display()
        .to_string();
    let text = match std::fs::read_to_string(&template) {
        Ok(t) => t,
        Err(e) => return rec.finish(StageStatus::Failed, format!("cannot read {rel}: {e}")),
    };
    match summarise(&text) {
        Ok(summary) => {
            rec.figures.resources_synthesized = Some(summary.resources.len());
            rec.finish(
                StageStatus::Passed,
                format!(
                    "{rel} declares {} resources and {} parameters",
                    summary.resources.len(),
                    summary.parameters.len()
                ),
            )
        }
        Err((line, message)) => {
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            rec.figures.first_error = Some(format!("{rel}{at}: {message}"));
            rec.finish(
                StageStatus::Failed,
                format!("{rel} cannot be read: {message}"),
            )
        }
    }
}
