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
        .args(["--format", "parseable"])
        .arg(&rel)
        .args(["--regions", &ctx.stage_env.region]);
    let run = rec.run(ctx, "cfn-lint", &cmd);
    let log = std::fs::read_to_string(&run.log_path).unwrap_or_default();
    rec.figures.first_error = first_lint_error(&log);
    match run.outcome {
        Outcome::Exited(code) if code & CFN_LINT_ERROR_BITS == 0 => {
            rec.figures.first_error = None;
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

/// The first error of cfn-lint's parseable output ("file:line:col:line:col:E3012:message"),
/// warnings (W...) and informational findings (I...) left aside.
fn first_lint_error(log: &str) -> Option<String> {
    log.lines()
        .find(|l| {
            l.split(':').any(|part| {
                part.len() == 5
                    && part.starts_with('E')
                    && part[1..].chars().all(|c| c.is_ascii_digit())
            })
        })
        .map(|l| l.trim().chars().take(300).collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_first_error_not_a_warning() {
        let log = "lib/T.yml:3:5:3:9:W3005:Obsolete DependsOn\nlib/T.yml:9:7:9:20:E3012:Property Port should be of type Integer\n";
        assert_eq!(
            first_lint_error(log).as_deref(),
            Some("lib/T.yml:9:7:9:20:E3012:Property Port should be of type Integer")
        );
        assert_eq!(first_lint_error("lib/T.yml:3:5:3:9:W3005:x\n"), None);
    }
}
