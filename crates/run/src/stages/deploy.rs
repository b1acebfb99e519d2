//! The deploy stage for CloudFormation templates — a cfn task's template, or the templates a
//! CDK synth wrote — through the AWS SDK, to the emulator unless the real account was asked
//! for. Records the resources created, the outputs (written to cfn-outputs/flat-outputs.json,
//! where integration tests read them) and the resources the emulator did not really create.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::cfn_stack::{stack_name, CreateOutcome, RunStack, StackTarget};
use crate::context::{RunContext, StageRecorder};
use crate::emulator::Emulator;
use crate::options::AwsTarget;
use crate::report::{StageResult, StageStatus};
use crate::template::{parameter_values, summarise, without_cdk_bootstrap_check, TemplateSummary};

/// Where the deploy outputs go, relative to the project (the pipeline's convention).
pub const OUTPUTS_FILE: &str = "cfn-outputs/flat-outputs.json";

/// Starts the emulator for the run if it targets one and none runs yet. The error is a
/// "not checked" reason.
pub fn ensure_emulator(ctx: &mut RunContext) -> Result<(), String> {
    if ctx.stage_env.aws == AwsTarget::RealAccount {
        return Ok(());
    }
    if let Some(emulator) = ctx.emulator.as_mut() {
        if emulator.is_running() {
            return Ok(());
        }
    }
    // A stopped emulator's relay goes before a new one takes its socket.
    ctx.emulator = None;
    let env = ctx.stage_env.build(crate::environment::inherited());
    let relay = ctx
        .sandbox
        .is_some()
        .then(|| ctx.scratch.join("net/emulator.sock"));
    let emulator = Emulator::start(
        &ctx.tools,
        &env,
        &ctx.logs_dir().join("emulator.log"),
        relay.as_deref(),
    )?;
    ctx.stage_env.endpoint = Some(emulator.endpoint());
    ctx.emulator = Some(emulator);
    Ok(())
}

/// Deploys each template of `templates` (path, text) as one stack.
pub fn deploy_templates(
    ctx: &mut RunContext,
    mut rec: StageRecorder,
    templates: Vec<(PathBuf, String)>,
) -> StageResult {
    if let Err(reason) = ensure_emulator(ctx) {
        return rec.finish(StageStatus::NotChecked, format!("not checked: {reason}"));
    }
    let target = StackTarget {
        region: ctx.stage_env.region.clone(),
        endpoint: ctx.stage_env.endpoint.clone(),
    };
    let mut all_outputs = BTreeMap::new();
    for (index, (path, text)) in templates.into_iter().enumerate() {
        let rel = path
            .strip_prefix(&ctx.project)
            .unwrap_or(&path)
            .display()
            .to_string();
        let summary = match summarise(&text) {
            Ok(s) => s,
            Err((line, message)) => {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                rec.figures.first_error = Some(format!("{rel}{at}: {message}"));
                return rec.finish(
                    StageStatus::Failed,
                    format!("{rel} cannot be read: {message}"),
                );
            }
        };
        // The emulator answers a custom resource by invoking its Lambda function, which it
        // cannot run here: the stack would wait until the timeout. No verdict either way.
        if target.endpoint.is_some() {
            if let Some(custom) = summary
                .resources
                .iter()
                .find(|r| is_custom_resource(&r.resource_type))
            {
                return rec.finish(
                    StageStatus::NotChecked,
                    format!(
                        "not checked: {rel} declares the custom resource {} ({}), which the \
                         emulator cannot run (it would invoke a Lambda function)",
                        custom.logical_id, custom.resource_type
                    ),
                );
            }
        }
        let (params, notes) =
            parameter_values(&summary, &ctx.stage_env.environment_suffix, &target.region);
        rec.figures.notes.extend(notes);
        let suffix = if index == 0 {
            ctx.stage_env.environment_suffix.clone()
        } else {
            format!("{}-{index}", ctx.stage_env.environment_suffix)
        };
        let name = stack_name(&ctx.task_id, &suffix);
        let mut stack = match RunStack::connect(&target, &name) {
            Ok(s) => s,
            Err(e) => return rec.finish(StageStatus::NotChecked, format!("not checked: {e}")),
        };
        rec.note(format!(
            "CreateStack {name} from {rel} with {} parameter(s) at {}",
            params.len(),
            target.endpoint.as_deref().unwrap_or("the real account")
        ));
        let created = stack.create(&text, &params, rec.deadline);
        // Kept for deletion at the end of the run, whatever happened.
        let outcome = match created {
            Ok(o) => o,
            Err(e) if target.endpoint.is_some() => {
                // The emulator implements less of CloudFormation than AWS does (attributes,
                // conditions, tag shapes): its refusal is no verdict on the template.
                ctx.stacks.push(stack);
                let emulator_error = if e.service_fault {
                    crate::figures::first_error_line(&crate::process::read_tail(
                        &ctx.logs_dir().join("emulator.log"),
                        4096,
                    ))
                } else {
                    None
                };
                let what = emulator_error.unwrap_or(e.message);
                rec.figures.first_error = Some(what.clone());
                if refuses_an_undeclared_reference(&what, &summary) {
                    return rec.finish(
                        StageStatus::Failed,
                        format!("the stack was refused: {what}"),
                    );
                }
                let verb = if e.service_fault {
                    "failed on"
                } else {
                    "refused"
                };
                return rec.finish(
                    StageStatus::NotChecked,
                    format!(
                        "not checked: the emulator {verb} this template ({what}); it supports \
                         less than CloudFormation, so this is no verdict on the template"
                    ),
                );
            }
            Err(e) => {
                ctx.stacks.push(stack);
                rec.figures.first_error = Some(e.message.clone());
                return rec.finish(StageStatus::Failed, format!("the stack was refused: {e}"));
            }
        };
        let resources = stack.resources().unwrap_or_default();
        rec.figures
            .not_verified
            .extend(not_verified(&summary, &resources, ctx));
        rec.figures.resources_created.extend(resources);
        match outcome {
            CreateOutcome::Complete => {}
            CreateOutcome::Failed { status, reason } => {
                ctx.stacks.push(stack);
                rec.figures.first_error = Some(reason.clone());
                return rec.finish(
                    StageStatus::Failed,
                    format!("{name} ended {status}: {reason}"),
                );
            }
            CreateOutcome::TimedOut { status } => {
                ctx.stacks.push(stack);
                return rec.finish(
                    StageStatus::TimedOut,
                    format!("{name} was still {status} at the stage timeout"),
                );
            }
        }
        match stack.outputs() {
            Ok(outputs) => all_outputs.extend(outputs),
            Err(e) => rec.note(format!("outputs of {name} could not be read: {e}")),
        }
        ctx.stacks.push(stack);
    }
    rec.figures.outputs = all_outputs;
    if let Err(e) = write_outputs(ctx, &rec.figures.outputs) {
        return rec.finish(StageStatus::Failed, e);
    }
    let created = rec.figures.resources_created.len();
    let unverified = rec.figures.not_verified.len();
    let mut reason = format!(
        "{created} resources created, {} outputs written to {OUTPUTS_FILE}",
        rec.figures.outputs.len()
    );
    if unverified > 0 {
        reason.push_str(&format!(
            "; {unverified} resource(s) not verified: the emulator accepts them without creating them"
        ));
    }
    rec.finish(StageStatus::Passed, reason)
}

/// Whether a resource type is a custom resource, served by a Lambda function or an SNS topic.
fn is_custom_resource(resource_type: &str) -> bool {
    resource_type == "AWS::CloudFormation::CustomResource" || resource_type.starts_with("Custom::")
}

/// CloudFormation's own refusals of a template that references what it does not declare: the
/// emulator checks these exactly as CloudFormation does, so its refusal is a verdict.
const TEMPLATE_REFERENCE_ERRORS: &[&str] = &[
    "references undefined resource",
    "Unresolved resource dependencies",
];

fn is_template_reference_error(message: &str) -> bool {
    TEMPLATE_REFERENCE_ERRORS
        .iter()
        .any(|m| message.contains(m))
}

/// Whether the emulator's reference error is CloudFormation's verdict: it names something the
/// template really does not declare. The emulator also says "undefined resource" for a resource
/// it declares but could not build (a type or attribute it does not support), and that is no
/// verdict.
fn refuses_an_undeclared_reference(message: &str, template: &TemplateSummary) -> bool {
    if !is_template_reference_error(message) {
        return false;
    }
    let declared = |name: &str| {
        template.resources.iter().any(|r| r.logical_id == name)
            || template.parameters.iter().any(|p| p.name == name)
    };
    let named: Vec<&str> = referenced_names(message);
    !named.is_empty() && named.iter().all(|name| !declared(name))
}

/// The names a reference error is about: after "undefined resource", or in the brackets of
/// "Unresolved resource dependencies [A, B]".
fn referenced_names(message: &str) -> Vec<&str> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric();
    if let Some(rest) = message.split("references undefined resource ").nth(1) {
        let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        return vec![&rest[..end]]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
    }
    if let Some(rest) = message.split("Unresolved resource dependencies [").nth(1) {
        let inside = rest.split(']').next().unwrap_or("");
        return inside
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|n| !n.is_empty())
            .collect();
    }
    Vec::new()
}

/// Resources the template declares that the emulator did not really create: it answers
/// CreateStack for types it does not implement, lists them without a logical or physical id,
/// and creates nothing. Conditional resources are left out (the condition may be false).
fn not_verified(
    summary: &TemplateSummary,
    created: &[crate::report::DeployedResource],
    ctx: &RunContext,
) -> Vec<String> {
    if ctx.stage_env.aws == AwsTarget::RealAccount {
        return Vec::new();
    }
    let backed: BTreeSet<&str> = created
        .iter()
        .filter(|r| !r.physical_id.is_empty())
        .map(|r| r.logical_id.as_str())
        .collect();
    summary
        .resources
        .iter()
        .filter(|r| r.condition.is_none() && !backed.contains(r.logical_id.as_str()))
        .map(|r| format!("{} ({})", r.resource_type, r.logical_id))
        .collect()
}

/// Writes the flat outputs where the integration tests read them.
pub fn write_outputs(ctx: &RunContext, outputs: &BTreeMap<String, String>) -> Result<(), String> {
    let path = ctx.project.join(OUTPUTS_FILE);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let json = serde_json::to_string_pretty(outputs).map_err(|e| e.to_string())?;
    std::fs::write(&path, json + "\n").map_err(|e| format!("cannot write {OUTPUTS_FILE}: {e}"))
}

/// Reads a tool's JSON outputs ({"k": "v"} or Terraform's {"k": {"value": v}}) into flat
/// strings; the JSON object is the last `{`-started block of the text.
pub fn flatten_outputs(text: &str) -> BTreeMap<String, String> {
    let start = text.find('{');
    let Some(json) = start.and_then(|s| serde_json::from_str::<serde_json::Value>(&text[s..]).ok())
    else {
        return BTreeMap::new();
    };
    let Some(map) = json.as_object() else {
        return BTreeMap::new();
    };
    map.iter()
        .map(|(k, v)| {
            let v = v.get("value").unwrap_or(v);
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), s)
        })
        .collect()
}

/// Deploys the cfn task's template.
pub fn cloudformation(ctx: &mut RunContext, rec: StageRecorder) -> StageResult {
    let Some(path) = crate::template::find_template(&ctx.project) else {
        return rec.finish(StageStatus::Failed, "no CloudFormation template under lib/");
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => deploy_templates(ctx, rec, vec![(path, text)]),
        Err(e) => rec.finish(
            StageStatus::Failed,
            format!("cannot read the template: {e}"),
        ),
    }
}

/// Deploys the templates `cdk synth` wrote to cdk.out, without the bootstrap check.
pub fn cdk(ctx: &mut RunContext, mut rec: StageRecorder) -> StageResult {
    let out = ctx.project.join("cdk.out");
    let mut templates: Vec<(PathBuf, String)> = std::fs::read_dir(&out)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".template.json"))
                .filter_map(|p| {
                    let text = std::fs::read_to_string(&p).ok()?;
                    let text = without_cdk_bootstrap_check(&text).unwrap_or(text);
                    Some((p, text))
                })
                .collect()
        })
        .unwrap_or_default();
    templates.sort();
    // `cdk deploy` skips a stack without resources (an app's container stack whose resources
    // are all in other stacks); CloudFormation would refuse its template.
    let before = templates.len();
    templates.retain(|(_, text)| has_resources(text));
    if templates.len() < before {
        rec.note(format!(
            "{} stack(s) without resources skipped, as cdk deploy skips them",
            before - templates.len()
        ));
    }
    if templates.is_empty() {
        return rec.finish(
            StageStatus::Skipped,
            "cdk.out holds no template with resources: the synth stage must pass first",
        );
    }
    rec.note("the BootstrapVersion parameter and its rule were removed: the emulator has no CDK bootstrap stack");
    // A stack with a custom resource is not checked against the emulator (deploy_templates says
    // so): publishing its assets first would be wasted.
    let declares_custom_resource = templates.iter().any(|(_, text)| {
        summarise(text).is_ok_and(|s| {
            s.resources
                .iter()
                .any(|r| is_custom_resource(&r.resource_type))
        })
    });
    if !declares_custom_resource {
        if let Err((status, reason)) = publish_cdk_assets(ctx, &mut rec, &out) {
            return rec.finish(status, reason);
        }
    }
    deploy_templates(ctx, rec, templates)
}

/// The publisher of a CDK app's file assets (Lambda code, S3 deployments), run in the sandbox.
const ASSET_PUBLISHER: &str = include_str!("../../harness/publish_cdk_assets.py");

/// Publishes the app's file assets to the emulator's S3, where its templates look for them, as
/// `cdk deploy` publishes them to the bootstrap bucket first: without them the emulator refuses
/// every Lambda function whose code is an asset. Against the real account nothing is published
/// (its bootstrap bucket is the account's own business).
fn publish_cdk_assets(
    ctx: &mut RunContext,
    rec: &mut StageRecorder,
    out: &std::path::Path,
) -> Result<(), (StageStatus, String)> {
    if ctx.stage_env.aws != AwsTarget::Emulator || !has_file_assets(out) {
        return Ok(());
    }
    ensure_emulator(ctx)
        .map_err(|reason| (StageStatus::NotChecked, format!("not checked: {reason}")))?;
    let Some(python) = ctx.tools.python() else {
        return Err((
            StageStatus::NotChecked,
            "not checked: python not installed (it publishes the CDK assets)".to_string(),
        ));
    };
    let script = ctx.scratch.join("publish_cdk_assets.py");
    std::fs::write(&script, ASSET_PUBLISHER).map_err(|e| {
        (
            StageStatus::NotChecked,
            format!("not checked: cannot write the asset publisher: {e}"),
        )
    })?;
    let command = ctx.command(python).arg(&script).arg(out);
    let run = rec.run(ctx, "assets", &command);
    if run.outcome.success() {
        return Ok(());
    }
    let log = crate::process::read_tail(&run.log_path, 4096);
    let why = crate::figures::first_error_line(&log).unwrap_or_else(|| run.outcome.describe());
    Err((
        StageStatus::NotChecked,
        format!("not checked: the CDK assets could not be published to the emulator: {why}"),
    ))
}

/// Whether an asset manifest of cdk.out lists a file asset.
fn has_file_assets(out: &std::path::Path) -> bool {
    std::fs::read_dir(out)
        .map(|entries| {
            entries.flatten().any(|e| {
                e.file_name().to_string_lossy().ends_with(".assets.json")
                    && std::fs::read_to_string(e.path())
                        .ok()
                        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                        .and_then(|v| {
                            v.get("files")
                                .and_then(|f| f.as_object())
                                .map(|f| !f.is_empty())
                        })
                        .unwrap_or(false)
            })
        })
        .unwrap_or(false)
}

/// True when a synthesized template declares at least one resource. A template that does not
/// parse counts as having them: its deploy says what is wrong.
fn has_resources(template: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(template) {
        Ok(v) => v
            .get("Resources")
            .and_then(|r| r.as_object())
            .is_some_and(|r| !r.is_empty()),
        Err(_) => true,
    }
}

/// Deletes every stack of the run and records whether each is gone; destroys a CLI deployment.
pub fn teardown(ctx: &mut RunContext) -> (Option<bool>, Vec<String>) {
    let mut problems = Vec::new();
    let mut all_gone = None;
    let deadline = std::time::Instant::now() + ctx.timeout;
    for mut stack in std::mem::take(&mut ctx.stacks) {
        let gone = match stack.delete(deadline) {
            Ok(gone) => gone,
            Err(e) => {
                problems.push(format!("{}: {e}", stack.name));
                false
            }
        };
        if !gone {
            problems.push(format!("{} was not verified gone", stack.name));
        }
        all_gone = Some(all_gone.unwrap_or(true) && gone);
    }
    if let Some(deployment) = ctx.cli_deployment.take() {
        let log = ctx.logs_dir().join("destroy.log");
        let run = crate::process::run_command(&deployment.destroy, &log, deadline);
        let gone = run.outcome.success();
        if !gone {
            problems.push(format!(
                "{} failed ({})",
                deployment.destroy.display(),
                run.outcome.describe()
            ));
        }
        all_gone = Some(all_gone.unwrap_or(true) && gone);
    }
    (all_gone, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_terraform_and_pulumi_outputs() {
        let tf = r#"{"bucket": {"sensitive": false, "type": "string", "value": "b-1"}, "n": {"value": 3}}"#;
        let flat = flatten_outputs(tf);
        assert_eq!(flat.get("bucket").map(String::as_str), Some("b-1"));
        assert_eq!(flat.get("n").map(String::as_str), Some("3"));
        let pulumi = "warning: x\n{\n  \"vpcId\": \"vpc-1\"\n}\n";
        assert_eq!(
            flatten_outputs(pulumi).get("vpcId").map(String::as_str),
            Some("vpc-1")
        );
        assert!(flatten_outputs("no json").is_empty());
    }
}

#[cfg(test)]
mod reference_error_tests {
    use super::{is_custom_resource, is_template_reference_error, refuses_an_undeclared_reference};
    use crate::template::summarise;

    #[test]
    fn a_reference_to_a_declared_resource_is_the_emulators_limit_not_a_verdict() {
        let template = summarise(
            r#"{"Resources": {"Key": {"Type": "AWS::KMS::Key"},
                "Db": {"Type": "AWS::RDS::DBInstance"}}}"#,
        )
        .expect("a template");
        let refused = |name: &str| {
            refuses_an_undeclared_reference(
                &format!(
                    "ValidationError: Template error: instance of Fn::GetAtt references undefined resource {name}: CreateStack"
                ),
                &template,
            )
        };
        assert!(!refused("Key"));
        assert!(refused("Missing"));
        assert!(refuses_an_undeclared_reference(
            "Template format error: Unresolved resource dependencies [Vpc, Subnet] in the Resources block",
            &template
        ));
        assert!(!refuses_an_undeclared_reference(
            "Template format error: Unresolved resource dependencies [Db] in the Resources block",
            &template
        ));
    }

    #[test]
    fn references_to_undeclared_resources_are_verdicts() {
        assert!(is_template_reference_error(
            "ValidationError: Template error: instance of Fn::GetAtt references undefined resource Web"
        ));
        assert!(is_template_reference_error(
            "Template format error: Unresolved resource dependencies [Vpc] in the Resources block"
        ));
        assert!(!is_template_reference_error(
            "AttributeError: 'NoneType' object has no attribute 'has_cfn_attr'"
        ));
    }

    #[test]
    fn custom_resources_are_told_apart() {
        assert!(is_custom_resource("Custom::S3AutoDeleteObjects"));
        assert!(is_custom_resource("AWS::CloudFormation::CustomResource"));
        assert!(!is_custom_resource("AWS::Lambda::Function"));
    }

    #[test]
    fn stacks_without_resources_are_not_deployed() {
        assert!(!super::has_resources(r#"{"Resources": {}}"#));
        assert!(!super::has_resources(r#"{"Parameters": {}}"#));
        assert!(super::has_resources(
            r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#
        ));
    }
}
