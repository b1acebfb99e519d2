//! Pulumi: synth runs the program under Pulumi's mocks with a small harness shipped in this
//! crate (no Pulumi CLI, no cloud) and lists every resource it registers; deploy goes through
//! the Pulumi CLI when one is installed.

use crate::context::{CliDeployment, RunContext, StageRecorder};
use crate::report::{StageResult, StageStatus};
use iacgrade_task::Language;

const PYTHON_HARNESS: &str = include_str!("../../harness/pulumi_mocks.py");
const NODE_HARNESS: &str = include_str!("../../harness/pulumi_mocks.js");

/// What Pulumi.yaml says: the project name and the program's entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PulumiProject {
    pub name: String,
    pub main: Option<String>,
}

pub fn read_project(text: &str) -> PulumiProject {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).unwrap_or_default();
    PulumiProject {
        name: doc
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or("project")
            .to_string(),
        main: doc.get("main").and_then(|v| v.as_str()).map(String::from),
    }
}

/// The program's entry file, relative to the project: Pulumi.yaml's `main` (a file, or a
/// folder holding the language's default entry), else the language's conventions.
pub fn entry_file(ctx: &RunContext, project: &PulumiProject, language: Language) -> Option<String> {
    let defaults: &[&str] = match language {
        Language::Py => &["__main__.py", "tap.py", "main.py"],
        Language::Ts => &["index.ts", "bin/tap.ts", "tap.ts", "main.ts"],
        _ => &["index.js", "bin/tap.js", "tap.js", "main.js"],
    };
    if let Some(main) = &project.main {
        let main = main.trim_end_matches('/');
        if ctx.has_file(main) {
            return Some(main.to_string());
        }
        for d in defaults {
            let candidate = format!("{main}/{d}");
            if ctx.has_file(&candidate) {
                return Some(candidate);
            }
        }
    }
    defaults
        .iter()
        .find(|d| ctx.has_file(d))
        .map(|d| d.to_string())
}

/// The configuration the pipeline sets on every stack, under the project's name: the
/// environment suffix and the keys of [`crate::harness::PULUMI_CONFIG`], plus the region.
pub fn stack_config(project: &str, ctx: &RunContext) -> serde_json::Value {
    let mut config = serde_json::Map::new();
    config.insert(
        format!("{project}:environmentSuffix"),
        ctx.stage_env.environment_suffix.clone().into(),
    );
    for (key, value) in crate::harness::PULUMI_CONFIG {
        config.insert(format!("{project}:{key}"), (*value).into());
    }
    config.insert("aws:region".into(), ctx.stage_env.region.clone().into());
    // The answer's own values come last and win: defaults of Pulumi.yaml's `config`, then the
    // stack file (Pulumi.dev.yaml, else the first Pulumi.<stack>.yaml).
    for (key, value) in answer_config(ctx, project) {
        config.insert(key, value.into());
    }
    serde_json::Value::Object(config)
}

/// Config values an answer's Pulumi project files set, as "namespace:key" → text.
fn answer_config(ctx: &RunContext, project: &str) -> Vec<(String, String)> {
    let read = |name: &str| -> Option<serde_yaml::Value> {
        serde_yaml::from_str(&std::fs::read_to_string(ctx.project.join(name)).ok()?).ok()
    };
    let mut values = Vec::new();
    let mut add = |key: &str, value: &serde_yaml::Value| {
        let key = if key.contains(':') {
            key.to_string()
        } else {
            format!("{project}:{key}")
        };
        let text = match value {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            // A secret is encrypted for a stack the run does not have.
            serde_yaml::Value::Mapping(m) if m.contains_key("secure") => return,
            other => match serde_json::to_string(other) {
                Ok(json) => json,
                Err(_) => return,
            },
        };
        values.push((key, text));
    };
    if let Some(serde_yaml::Value::Mapping(config)) =
        read("Pulumi.yaml").and_then(|d| d.get("config").cloned())
    {
        for (key, spec) in &config {
            let Some(key) = key.as_str() else { continue };
            match spec {
                serde_yaml::Value::Mapping(m) => {
                    if let Some(default) = m.get("default").or_else(|| m.get("value")) {
                        add(key, default);
                    }
                }
                scalar => add(key, scalar),
            }
        }
    }
    let mut stack_files: Vec<String> = std::fs::read_dir(&ctx.project)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.starts_with("Pulumi.") && n.ends_with(".yaml") && n != "Pulumi.yaml")
                .collect()
        })
        .unwrap_or_default();
    stack_files.sort();
    let chosen = stack_files
        .iter()
        .find(|n| *n == "Pulumi.dev.yaml")
        .or_else(|| stack_files.first());
    if let Some(serde_yaml::Value::Mapping(config)) = chosen
        .and_then(|n| read(n))
        .and_then(|d| d.get("config").cloned())
    {
        for (key, value) in &config {
            if let Some(key) = key.as_str() {
                add(key, value);
            }
        }
    }
    values
}

pub fn synth(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let language = ctx.language.unwrap_or(Language::Py);
    let project = std::fs::read_to_string(ctx.project.join("Pulumi.yaml"))
        .map(|t| read_project(&t))
        .unwrap_or_default();
    let Some(entry) = entry_file(ctx, &project, language) else {
        return rec.finish(
            StageStatus::Failed,
            "no program entry: Pulumi.yaml names none that exists, and there is no __main__.py, tap.py or index.ts",
        );
    };
    let (program, harness_name, harness) = match language {
        Language::Py => {
            let Some(python) = ctx.tools.python() else {
                return rec.finish(StageStatus::NotChecked, "not checked: python not installed");
            };
            (python, "pulumi_mocks.py", PYTHON_HARNESS)
        }
        Language::Ts | Language::Js => {
            let Some(node) = ctx.tools.node() else {
                return rec.finish(StageStatus::NotChecked, "not checked: node not installed");
            };
            if !ctx.tools.has_node_package("@pulumi/pulumi") {
                return rec.finish(
                    StageStatus::NotChecked,
                    "not checked: @pulumi/pulumi (Node) not installed",
                );
            }
            (node, "pulumi_mocks.js", NODE_HARNESS)
        }
        other => {
            return rec.finish(
                StageStatus::NotChecked,
                format!("not checked: Pulumi synth under mocks is not supported for {other}"),
            )
        }
    };
    let harness_path = ctx.scratch.join(harness_name);
    // The registered resources, kept with the run's files.
    let output = ctx.scratch.join("pulumi-synth.json");
    if let Err(e) = std::fs::write(&harness_path, harness) {
        return rec.finish(
            StageStatus::NotChecked,
            format!("not checked: cannot write the mocks harness: {e}"),
        );
    }
    let cmd = ctx
        .command(program)
        .arg(&harness_path)
        .arg(ctx.project.join(&entry))
        .arg(&project.name)
        .arg("dev")
        .arg(&ctx.stage_env.region)
        .arg(&output)
        .set_env(
            "PULUMI_CONFIG",
            stack_config(&project.name, ctx).to_string(),
        )
        .set_env(
            "PULUMI_CONFIG_SECRET_KEYS",
            serde_json::json!([format!("{}:dbPassword", project.name)]).to_string(),
        );
    let run = rec.run(ctx, "pulumi-mocks", &cmd);
    let payload = std::fs::read_to_string(&output)
        .ok()
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok());
    let Some(payload) = payload else {
        let (status, reason) =
            crate::context::verdict(&run, "Pulumi synth under mocks", ctx.timeout);
        let status = if status == StageStatus::Passed {
            StageStatus::Failed
        } else {
            status
        };
        return rec.finish(status, format!("{reason}; the harness printed no result"));
    };
    let resources = payload
        .get("resources")
        .and_then(|r| r.as_array())
        .map(Vec::len)
        .unwrap_or(0);
    rec.figures.resources_synthesized = Some(resources);
    match payload.get("error").and_then(|e| e.as_str()) {
        Some(error) => {
            let error = error.to_string();
            rec.figures.first_error = Some(error.clone());
            if is_missing_sdk(&error) {
                return rec.finish(
                    StageStatus::NotChecked,
                    format!("not checked: the Pulumi SDK is not installed ({error})"),
                );
            }
            rec.finish(
                StageStatus::Failed,
                format!(
                    "the program failed under Pulumi's mocks after {resources} resources: {error}"
                ),
            )
        }
        None if run.outcome.success() && resources == 0 => rec.finish(
            StageStatus::NotChecked,
            format!(
                "not checked: {entry} ran under Pulumi's mocks but registered no resource \
                 (an entry that defines the stack without creating it?)"
            ),
        ),
        None if run.outcome.success() => rec.finish(
            StageStatus::Passed,
            format!("{resources} resources registered under Pulumi's mocks ({entry})"),
        ),
        None => rec.finish_with(&run, "Pulumi synth under mocks"),
    }
}

/// An error that says the SDK itself is missing here, not that the program is wrong.
fn is_missing_sdk(error: &str) -> bool {
    // Any Pulumi package (pulumi, pulumi_aws, pulumi_awsx, @pulumi/...) not installed here.
    error.contains("No module named 'pulumi") || error.contains("Cannot find module '@pulumi/")
}

/// `pulumi up` against the emulator (or the real account), when the Pulumi CLI is installed;
/// a local file backend keeps state in the run's folder.
pub fn deploy(ctx: &mut RunContext, mut rec: StageRecorder) -> StageResult {
    let Some(pulumi) = ctx.tools.find("pulumi") else {
        return rec.finish(
            StageStatus::NotChecked,
            "not checked: pulumi CLI not installed",
        );
    };
    if let Err(reason) = crate::stages::deploy::ensure_emulator(ctx) {
        return rec.finish(StageStatus::NotChecked, format!("not checked: {reason}"));
    }
    let backend = ctx.scratch.join("pulumi-state");
    if let Err(e) = std::fs::create_dir_all(&backend) {
        return rec.finish(StageStatus::NotChecked, format!("not checked: {e}"));
    }
    let backend_url = format!("file://{}", backend.display());
    let stack = format!("iacgrade{}", ctx.stage_env.environment_suffix);
    let region = ctx.stage_env.region.clone();
    let base = |args: &[&str]| {
        ctx.command(&pulumi)
            .args(args.iter().copied())
            .set_env("PULUMI_BACKEND_URL", backend_url.clone())
    };
    let steps = [
        (
            "stack-init",
            base(&["stack", "init", &stack, "--non-interactive"]),
        ),
        (
            "config-region",
            base(&["config", "set", "aws:region", &region, "--stack", &stack]),
        ),
        (
            "up",
            base(&[
                "up",
                "--yes",
                "--skip-preview",
                "--non-interactive",
                "--stack",
                &stack,
            ]),
        ),
    ];
    let destroy = base(&["destroy", "--yes", "--non-interactive", "--stack", &stack]);
    let outputs_cmd = base(&["stack", "output", "--json", "--stack", &stack]);
    for (label, cmd) in &steps {
        let run = rec.run(ctx, label, cmd);
        if *label == "up" {
            // Whatever `up` created is destroyed at the end of the run, even after a failure.
            ctx.cli_deployment = Some(CliDeployment {
                destroy: destroy.clone(),
            });
        }
        if !run.outcome.success() {
            return rec.finish_with(&run, &format!("pulumi {label}"));
        }
    }
    let run = rec.run(ctx, "outputs", &outputs_cmd);
    let text = std::fs::read_to_string(&run.log_path).unwrap_or_default();
    rec.figures.outputs = crate::stages::deploy::flatten_outputs(&text);
    if let Err(e) = crate::stages::deploy::write_outputs(ctx, &rec.figures.outputs) {
        return rec.finish(StageStatus::Failed, e);
    }
    rec.finish(StageStatus::Passed, "pulumi up passed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_and_main() {
        let p = read_project("name: shop\nruntime:\n  name: python\nmain: src/\n");
        assert_eq!(p.name, "shop");
        assert_eq!(p.main.as_deref(), Some("src/"));
        assert_eq!(read_project(": : bad").name, "project");
    }
}
