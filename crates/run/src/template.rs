//! What the deploy stage needs to know of a CloudFormation template: its parameters (to give
//! each one a value) and its resources (to tell which ones the emulator really created).
//! YAML with the short-form intrinsic tags (`!Ref`, `!Sub`...) and JSON are both read.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// A template parameter, as far as choosing a value goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateParameter {
    pub name: String,
    pub kind: String,
    pub default: Option<String>,
    pub allowed_values: Vec<String>,
    pub min_value: Option<String>,
}

/// A resource the template declares.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateResource {
    pub logical_id: String,
    pub resource_type: String,
    /// Created only when this condition holds.
    pub condition: Option<String>,
}

/// The parts of a template the run uses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateSummary {
    pub parameters: Vec<TemplateParameter>,
    pub resources: Vec<TemplateResource>,
    pub has_rules: bool,
}

/// Reads a template's text. The error names the line where the parser stopped.
pub fn summarise(text: &str) -> Result<TemplateSummary, (Option<usize>, String)> {
    let doc: Value = serde_yaml::from_str(text).map_err(|e| {
        (
            e.location().map(|l| l.line()),
            format!("not valid YAML or JSON: {e}"),
        )
    })?;
    let Value::Mapping(top) = doc else {
        return Err((Some(1), "the template is not a mapping".to_string()));
    };
    let mut summary = TemplateSummary {
        has_rules: top.get("Rules").is_some(),
        ..TemplateSummary::default()
    };
    if let Some(Value::Mapping(params)) = top.get("Parameters") {
        for (name, spec) in params {
            let Some(name) = scalar(name) else { continue };
            let field = |k: &str| spec.get(k).and_then(scalar);
            summary.parameters.push(TemplateParameter {
                name,
                kind: field("Type").unwrap_or_else(|| "String".to_string()),
                default: field("Default"),
                allowed_values: spec
                    .get("AllowedValues")
                    .and_then(Value::as_sequence)
                    .map(|s| s.iter().filter_map(scalar).collect())
                    .unwrap_or_default(),
                min_value: field("MinValue"),
            });
        }
    }
    match top.get("Resources") {
        Some(Value::Mapping(resources)) => {
            for (id, spec) in resources {
                let Some(logical_id) = scalar(id) else {
                    continue;
                };
                summary.resources.push(TemplateResource {
                    logical_id,
                    resource_type: spec.get("Type").and_then(scalar).unwrap_or_default(),
                    condition: spec.get("Condition").and_then(scalar),
                });
            }
        }
        _ => return Err((None, "the template has no Resources section".to_string())),
    }
    Ok(summary)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value the run gives each parameter: the environment suffix for EnvironmentSuffix, the
/// template's default otherwise (by leaving the parameter out), else a value of the right
/// shape. Returns (name, value) pairs to pass and notes on values that were made up.
pub fn parameter_values(
    summary: &TemplateSummary,
    environment_suffix: &str,
    region: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut values = Vec::new();
    let mut notes = Vec::new();
    for p in &summary.parameters {
        let lowered = p.name.to_ascii_lowercase();
        if lowered == "environmentsuffix" || lowered == "envsuffix" {
            values.push((p.name.clone(), environment_suffix.to_string()));
            continue;
        }
        if p.default.is_some() {
            continue;
        }
        let value = if let Some(first) = p.allowed_values.first() {
            first.clone()
        } else {
            match p.kind.as_str() {
                "Number" => p.min_value.clone().unwrap_or_else(|| "1".to_string()),
                "AWS::EC2::AvailabilityZone::Name" => format!("{region}a"),
                "List<AWS::EC2::AvailabilityZone::Name>" => format!("{region}a,{region}b"),
                "CommaDelimitedList" | "List<Number>" => "1,2".to_string(),
                _ => "iacgrade".to_string(),
            }
        };
        notes.push(format!(
            "parameter {} has no default; the run gave it \"{value}\"",
            p.name
        ));
        values.push((p.name.clone(), value));
    }
    (values, notes)
}

/// The template a CloudFormation task deploys: under lib/, a YAML or JSON file that declares
/// Resources, TapStack.* first.
pub fn find_template(workspace: &Path) -> Option<PathBuf> {
    let lib = workspace.join("lib");
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(&lib)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            matches!(ext.as_deref(), Some("yml" | "yaml" | "json" | "template"))
        })
        .filter(|p| {
            std::fs::read_to_string(p)
                .map(|t| t.contains("Resources"))
                .unwrap_or(false)
        })
        .collect();
    candidates.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        (!name.starts_with("tapstack"), name)
    });
    candidates.into_iter().next()
}

/// Removes what only a CDK-bootstrapped account has (the BootstrapVersion parameter read from
/// SSM and the rule that checks it): the emulator has no bootstrap stack.
pub fn without_cdk_bootstrap_check(template_json: &str) -> Option<String> {
    let mut doc: serde_json::Value = serde_json::from_str(template_json).ok()?;
    let map = doc.as_object_mut()?;
    if let Some(params) = map.get_mut("Parameters").and_then(|p| p.as_object_mut()) {
        params.remove("BootstrapVersion");
        if params.is_empty() {
            map.remove("Parameters");
        }
    }
    if let Some(rules) = map.get_mut("Rules").and_then(|r| r.as_object_mut()) {
        rules.remove("CheckBootstrapVersion");
        if rules.is_empty() {
            map.remove("Rules");
        }
    }
    serde_json::to_string_pretty(&doc).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  EnvironmentSuffix:
    Type: String
    Default: dev
  InstanceCount:
    Type: Number
    MinValue: 2
  Tier:
    Type: String
    AllowedValues: [small, large]
  Vpc:
    Type: String
    Default: vpc-1
Conditions:
  IsProd: !Equals [!Ref EnvironmentSuffix, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'data-${EnvironmentSuffix}'
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Condition: IsProd
"#;

    #[test]
    fn reads_parameters_and_resources_with_short_form_tags() {
        let s = summarise(TEMPLATE).expect("valid template");
        assert_eq!(s.parameters.len(), 4);
        assert_eq!(s.resources[0].resource_type, "AWS::S3::Bucket");
        assert_eq!(s.resources[1].condition.as_deref(), Some("IsProd"));
    }

    #[test]
    fn gives_every_parameter_without_default_a_value() {
        let s = summarise(TEMPLATE).expect("valid template");
        let (values, notes) = parameter_values(&s, "run7", "us-east-1");
        assert_eq!(
            values,
            [
                ("EnvironmentSuffix".to_string(), "run7".to_string()),
                ("InstanceCount".to_string(), "2".to_string()),
                ("Tier".to_string(), "small".to_string()),
            ]
        );
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn a_broken_template_names_the_line() {
        let err = summarise("Resources:\n  A: [unclosed\n").expect_err("invalid");
        assert!(err.0.is_some());
        assert!(summarise("Parameters: {}\n").is_err());
    }

    #[test]
    fn strips_the_cdk_bootstrap_check() {
        let t = r#"{"Parameters":{"BootstrapVersion":{"Type":"AWS::SSM::Parameter::Value<String>"}},
                   "Rules":{"CheckBootstrapVersion":{}},"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}"#;
        let out = without_cdk_bootstrap_check(t).expect("json");
        assert!(!out.contains("BootstrapVersion"));
        assert!(out.contains("AWS::S3::Bucket"));
    }

    proptest::proptest! {
        #[test]
        fn summarising_never_panics(text in "\\PC{0,300}") {
            let _ = summarise(&text);
        }
    }
}
