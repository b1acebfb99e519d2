//! CloudFormation templates, YAML or JSON: the `AWSTemplateFormatVersion` header, a SAM
//! `Transform`, or a `Resources` section whose entries have `AWS::` types.
//!
//! Only YAML and JSON files are read, so resource type names in CDK tests
//! (`template.hasResourceProperties('AWS::S3::Bucket', ...)`) never count, and configuration
//! files (package.json, cdk.json) are skipped.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{scan_marks, FileView, Mark, Marks, Signal};
use crate::file_role::FileRole;
use crate::pattern::LinePattern;

struct TemplateMarks {
    header: LinePattern,
    transform: LinePattern,
    resources: LinePattern,
    typed_resource: LinePattern,
    intrinsic: LinePattern,
    /// Another top-level section (Parameters, Outputs ...), with a parameter type under it.
    section: LinePattern,
    parameter_type: LinePattern,
}

static YAML: LazyLock<TemplateMarks> = LazyLock::new(|| TemplateMarks {
    header: LinePattern::new("AWSTemplateFormatVersion", r"^AWSTemplateFormatVersion\s*:"),
    transform: LinePattern::new("AWS::Serverless", r"^Transform\s*:.*AWS::Serverless"),
    resources: LinePattern::new("Resources", r"^Resources\s*:\s*$"),
    typed_resource: LinePattern::new(
        "::",
        r#"^\s+Type\s*:\s*['"]?(AWS|Custom|Alexa)::[\w:]+['"]?\s*$"#,
    ),
    intrinsic: LinePattern::new(
        "!",
        r"(:|-)\s*!(Ref|GetAtt|Sub|Join|If|FindInMap|ImportValue)\b",
    ),
    section: LinePattern::new(":", r"^(Parameters|Outputs|Conditions|Mappings)\s*:\s*$"),
    parameter_type: LinePattern::new(
        "Type",
        r#"^\s+Type\s*:\s*['"]?(String|Number|CommaDelimitedList|List<|AWS::)"#,
    ),
});

static JSON: LazyLock<TemplateMarks> = LazyLock::new(|| TemplateMarks {
    header: LinePattern::new(
        "AWSTemplateFormatVersion",
        r#"^\s*"AWSTemplateFormatVersion"\s*:"#,
    ),
    transform: LinePattern::new("AWS::Serverless", r#"^\s*"Transform"\s*:.*AWS::Serverless"#),
    resources: LinePattern::new("Resources", r#"^\s*\{?\s*"Resources"\s*:\s*\{"#),
    typed_resource: LinePattern::new("::", r#"^\s*"Type"\s*:\s*"(AWS|Custom|Alexa)::[\w:]+""#),
    intrinsic: LinePattern::new(
        "\"",
        r#""(Fn::(GetAtt|Sub|Join|If|FindInMap|ImportValue)|Ref)"\s*:"#,
    ),
    section: LinePattern::new(
        "\"",
        r#"^\s*\{?\s*"(Parameters|Outputs|Conditions|Mappings)"\s*:\s*\{"#,
    ),
    parameter_type: LinePattern::new(
        "Type",
        r#"^\s*"Type"\s*:\s*"(String|Number|CommaDelimitedList|List<|AWS::)"#,
    ),
});

/// Deploying a template from the shell.
pub(super) static SHELL: LazyLock<Marks> = LazyLock::new(|| {
    Marks::new(vec![
        Mark::shell(
            0.5,
            "cloudformation",
            r"\baws\s+cloudformation\s+(deploy|create-stack|update-stack|validate-template|create-change-set|package)\b",
        ),
        Mark::shell(0.5, "sam", r"^\s*(\$\s+)?sam\s+(deploy|build|validate)\b"),
        // The project's package.json scripts: `npm run cfn:deploy-yaml`.
        Mark::shell(0.5, "cfn:", r"\bnpm\s+run\s+cfn:"),
    ])
});

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    if view.language == Some(Language::Sh) {
        return scan_marks(view, Platform::Cfn, &SHELL);
    }
    if view.role == FileRole::Config {
        return Vec::new();
    }
    let marks: &TemplateMarks = match view.language {
        Some(Language::Yaml | Language::Yml) => &YAML,
        Some(Language::Json) => &JSON,
        _ => return Vec::new(),
    };
    let mut header = None;
    let mut resources = None;
    let mut typed = None;
    let mut intrinsic = None;
    let mut section = None;
    let mut parameter_type = false;
    for (line, text) in view.code_lines() {
        if section.is_none() && marks.section.is_match(text) {
            section = Some((line, text));
        }
        parameter_type = parameter_type || marks.parameter_type.is_match(text);
        if header.is_none() && (marks.header.is_match(text) || marks.transform.is_match(text)) {
            header = Some((line, text));
        }
        if resources.is_none() && marks.resources.is_match(text) {
            resources = Some((line, text));
        }
        if typed.is_none() && marks.typed_resource.is_match(text) {
            typed = Some((line, text));
        }
        if intrinsic.is_none() && marks.intrinsic.is_match(text) {
            intrinsic = Some((line, text));
        }
    }
    let signal = |(line, text): (usize, &str), strength: f64| Signal {
        platform: Platform::Cfn,
        strength,
        line,
        text: text.to_string(),
    };
    let mut signals = Vec::new();
    if let Some(found) = header {
        signals.push(signal(found, 1.0));
    }
    match (resources, typed) {
        (Some(section), Some(_)) => signals.push(signal(section, 1.0)),
        // Resources shown without their section header (a fragment of a template).
        (None, Some(entry)) => signals.push(signal(entry, 0.6)),
        _ => {}
    }
    if signals.is_empty() {
        if let Some(found) = intrinsic {
            signals.push(signal(found, 0.5));
        } else if let (Some(found), true) = (section, parameter_type) {
            // Only the Parameters or Outputs of a template are shown.
            signals.push(signal(found, 0.4));
        }
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::test_support::found;

    #[test]
    fn every_pattern_compiles() {
        assert!(crate::signals::test_support::all_valid(&SHELL));
        for marks in [&*YAML, &*JSON] {
            for p in [
                &marks.section,
                &marks.parameter_type,
                &marks.header,
                &marks.transform,
                &marks.resources,
                &marks.typed_resource,
                &marks.intrinsic,
            ] {
                assert!(p.is_valid());
            }
        }
    }

    #[test]
    fn yaml_template() {
        let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
        assert_eq!(
            found(scan, Some(Language::Yaml), FileRole::Program, None, text),
            [(1, 1.0), (2, 1.0)]
        );
    }

    #[test]
    fn json_template_and_fragment() {
        let text = "{\n  \"Resources\": {\n    \"Bucket\": {\n      \"Type\": \"AWS::S3::Bucket\"\n    }\n  }\n}";
        assert_eq!(
            found(scan, Some(Language::Json), FileRole::Program, None, text),
            [(2, 1.0)]
        );
        let fragment = "\"Bucket\": {\n  \"Type\": \"AWS::S3::Bucket\"\n}";
        assert_eq!(
            found(
                scan,
                Some(Language::Json),
                FileRole::Program,
                None,
                fragment
            ),
            [(2, 0.6)]
        );
    }

    #[test]
    fn parameters_alone_count_weakly() {
        let text = "Parameters:\n  DBUsername:\n    Type: String\n    Default: postgres\n";
        assert_eq!(
            found(scan, Some(Language::Yaml), FileRole::Program, None, text),
            [(1, 0.4)]
        );
        let other = "Parameters:\n  name: x\n";
        assert!(found(scan, Some(Language::Yaml), FileRole::Program, None, other).is_empty());
    }

    #[test]
    fn resource_types_in_code_or_configuration_do_not_count() {
        let test = "template.hasResourceProperties('AWS::S3::Bucket', {});\nType: AWS::S3::Bucket";
        assert!(found(scan, Some(Language::Ts), FileRole::Test, None, test).is_empty());
        let yaml = "Resources:\n  B:\n    Type: AWS::S3::Bucket";
        assert!(found(scan, Some(Language::Yaml), FileRole::Config, None, yaml).is_empty());
    }

    #[test]
    fn deploy_commands() {
        let text = "aws cloudformation deploy \\\n  --template-file lib/TapStack.yml\naws cloudformation describe-stacks";
        assert_eq!(
            found(scan, Some(Language::Sh), FileRole::Commands, None, text),
            [(1, 0.5)]
        );
    }

    #[test]
    fn policy_documents_are_not_templates() {
        let text =
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\"}]\n}";
        assert!(found(scan, Some(Language::Json), FileRole::Program, None, text).is_empty());
    }
}
