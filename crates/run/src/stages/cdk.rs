//! CDK and CDKTF synth through their CLIs (`cdk synth` to CloudFormation in cdk.out,
//! `cdktf synth` to Terraform JSON in cdktf.out).

use crate::context::{RunContext, StageRecorder};
use crate::report::{StageResult, StageStatus};

/// Libraries whose absence means the toolchain is missing here, not that the answer is wrong.
const PLATFORM_LIBRARIES: &[&str] = &[
    "No module named 'aws_cdk'",
    "No module named 'constructs'",
    "No module named 'cdktf'",
    "No module named 'cdktf_cdktf_provider_aws'",
    "Cannot find module 'aws-cdk-lib'",
    "Cannot find module 'constructs'",
    "Cannot find module 'cdktf'",
    "Cannot find module '@cdktf/provider-aws'",
];

pub fn cdk_synth(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    if !ctx.has_file("cdk.json") {
        return rec.finish(
            StageStatus::Failed,
            "no cdk.json: cdk synth does not know the app",
        );
    }
    let Some(cdk) = ctx.tools.find("cdk") else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: aws-cdk CLI not installed",
        );
    };
    let cmd = ctx.command(cdk).args([
        "synth",
        "--no-notices",
        "--no-version-reporting",
        "--output",
        "cdk.out",
        "--quiet",
    ]);
    let run = rec.run(ctx, "cdk-synth", &cmd);
    finish_synth(ctx, rec, &run, "cdk synth", "cdk.out", ".template.json")
}

pub fn cdktf_synth(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(cdktf) = ctx.tools.find("cdktf") else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: cdktf CLI not installed",
        );
    };
    let cmd = ctx.command(cdktf).args(["synth", "--output", "cdktf.out"]);
    let run = rec.run(ctx, "cdktf-synth", &cmd);
    finish_synth(ctx, rec, &run, "cdktf synth", "cdktf.out", ".tf.json")
}

fn finish_synth(
    ctx: &RunContext,
    rec: StageRecorder,
    run: &crate::process::CommandRun,
    what: &str,
    out_dir: &str,
    suffix: &str,
) -> StageResult {
    let log = std::fs::read_to_string(&run.log_path).unwrap_or_default();
    if !run.outcome.success() {
        if let Some(missing) = PLATFORM_LIBRARIES.iter().find(|m| log.contains(*m)) {
            return rec.finish(
                StageStatus::NotChecked,
                format!("not checked: the platform library is not installed ({missing})"),
            );
        }
        return rec.finish_with(run, what);
    }
    let count = count_outputs(&ctx.project.join(out_dir), suffix);
    if count == 0 {
        return rec.finish(
            StageStatus::Failed,
            format!("{what} exited 0 but wrote no {suffix} file to {out_dir}"),
        );
    }
    rec.finish(
        StageStatus::Passed,
        format!("{what} wrote {count} {suffix} file(s) to {out_dir}"),
    )
}

fn count_outputs(dir: &std::path::Path, suffix: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                count += 1;
            }
        }
    }
    count
}
