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

/// Messages of a synth that needed a real account's values (context lookups such as
/// `Vpc.fromLookup`): the pipeline synthesized with its account, a run has none.
const LIVE_LOOKUPS: &[&str] = &[
    "Cannot retrieve value from context provider",
    "Need to perform AWS calls for account",
    "StackAccountRegionNotSpecified",
];

pub fn cdk_synth(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    if !ctx.has_file("cdk.json") {
        return rec.finish(
            StageStatus::Failed,
            "no cdk.json: cdk synth does not know the app",
        );
    }
    if let Some(note) = prepare_cdk_json(ctx) {
        rec.note(note);
    }
    let Some(cdk) = ctx.tools.find("cdk") else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: aws-cdk CLI not installed",
        );
    };
    let cmd = ctx
        .command(cdk)
        .args([
            "synth",
            "--no-notices",
            "--no-version-reporting",
            "--output",
            "cdk.out",
            "--quiet",
            "--context",
        ])
        .arg(format!(
            "environmentSuffix={}",
            ctx.stage_env.environment_suffix
        ));
    let run = rec.run(ctx, "cdk-synth", &cmd);
    finish_synth(ctx, rec, &run, "cdk synth", "cdk.out", ".template.json")
}

pub fn cdktf_synth(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    if let Some(cdktf) = ctx.tools.find("cdktf") {
        let cmd = ctx.command(cdktf).args(["synth", "--output", "cdktf.out"]);
        let run = rec.run(ctx, "cdktf-synth", &cmd);
        return finish_synth(ctx, rec, &run, "cdktf synth", "cdktf.out", ".tf.json");
    }
    // `cdktf synth` runs cdktf.json's app, which writes the stacks to CDKTF_OUTDIR; without
    // the CLI the app is run the same way.
    let app = std::fs::read_to_string(ctx.project.join("cdktf.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("app").and_then(|a| a.as_str()).map(String::from));
    let Some(app) = app else {
        return rec.finish(
            StageStatus::Failed,
            "no cdktf.json with an app: cdktf synth does not know the app",
        );
    };
    let Some(argv) = app_command(&app) else {
        return rec.finish(
            StageStatus::NotChecked,
            format!("not checked: cdktf.json's app {app:?} is not a command iacgrade runs"),
        );
    };
    let Some(program) = ctx.tools.find(&argv[0]) else {
        return rec.finish(
            StageStatus::NotChecked,
            format!("not checked: {} not installed", argv[0]),
        );
    };
    rec.note(format!(
        "the cdktf CLI is not installed: cdktf.json's app was run as cdktf synth runs it ({})",
        argv.join(" ")
    ));
    let cmd = ctx
        .command(program)
        .args(&argv[1..])
        .set_env("CDKTF_OUTDIR", ctx.project.join("cdktf.out"))
        .set_env("CDKTF_DISABLE_PLUGIN_CACHE_ENV", "true");
    let run = rec.run(ctx, "cdktf-synth", &cmd);
    finish_synth(ctx, rec, &run, "cdktf synth", "cdktf.out", ".tf.json")
}

/// An app command of cdk.json or cdktf.json as a program and arguments, with the pipeline's
/// `pipenv run` wrapper removed (the run's tools are installed without pipenv) and `npx`
/// resolved to the installed package's command.
fn app_command(app: &str) -> Option<Vec<String>> {
    let mut words: Vec<String> = app.split_whitespace().map(String::from).collect();
    if words.first().map(String::as_str) == Some("pipenv")
        && words.get(1).map(String::as_str) == Some("run")
    {
        words.drain(..2);
    }
    if words.first().map(String::as_str) == Some("npx") {
        words.remove(0);
    }
    if words
        .iter()
        .any(|w| w.contains(['|', ';', '&', '`', '$', '>', '<']))
    {
        return None;
    }
    let first = words.first()?.clone();
    if first == "python3" || first == "python" {
        words[0] = "python".to_string();
    }
    Some(words)
}

/// Makes the project's cdk.json runnable here: an app wrapped in `pipenv run` loses the wrapper,
/// and a cdk.json without feature flags gets the ones `cdk init` writes for the installed
/// aws-cdk-lib (its recommended-feature-flags.json), as the pipeline's template has them.
fn prepare_cdk_json(ctx: &RunContext) -> Option<String> {
    let path = ctx.project.join("cdk.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    let mut notes = Vec::new();
    if let Some(app) = config.get("app").and_then(|a| a.as_str()) {
        if let Some(rest) = app.strip_prefix("pipenv run ") {
            let rest = rest.to_string();
            notes.push(format!("cdk.json's app runs without pipenv: {rest}"));
            config["app"] = serde_json::Value::String(rest);
        }
    }
    let has_flags = config
        .get("context")
        .and_then(|c| c.as_object())
        .is_some_and(|c| c.keys().any(|k| k.starts_with("@aws-cdk")));
    if !has_flags {
        let flags = ctx
            .tools
            .node_modules()
            .map(|m| m.join("aws-cdk-lib/recommended-feature-flags.json"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        if let (Some(serde_json::Value::Object(flags)), Some(object)) =
            (flags, config.as_object_mut())
        {
            let context = object
                .entry("context")
                .or_insert_with(|| serde_json::json!({}));
            if let Some(context) = context.as_object_mut() {
                for (k, v) in flags {
                    // Validation against CloudFormation's rules at synth is newer than the
                    // pipeline's template, and rejects values the service accepts (an engine
                    // version "8.0"): the pipeline never ran it.
                    if k.starts_with("@aws-cdk/core:validate") {
                        continue;
                    }
                    context.entry(k).or_insert(v);
                }
                notes.push("cdk.json has no feature flags: the installed aws-cdk-lib's recommended ones were used".to_string());
            }
        }
    }
    if notes.is_empty() {
        return None;
    }
    let text = serde_json::to_string_pretty(&config).ok()?;
    std::fs::write(&path, text).ok()?;
    Some(notes.join("; "))
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
        if let Some(lookup) = LIVE_LOOKUPS.iter().find(|m| log.contains(*m)) {
            return rec.finish(
                StageStatus::NotChecked,
                format!(
                    "not checked: the app looks up values of a live AWS account at synth \
                     ({lookup}); the run has no account to ask"
                ),
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
