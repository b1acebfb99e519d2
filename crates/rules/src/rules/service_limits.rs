//! Helpers of the deployability rules (DEP): the values AWS checks when it creates a resource,
//! read as far as the code fixes them.

use iacgrade_ir::{Resource, TemplatePart, Value};
use iacgrade_task::Platform;

use crate::props::get;
use crate::shape::{shape, Shape};

/// The map of a Lambda function's environment variables, whatever the platform: CloudFormation
/// `Environment.Variables`, Terraform/Pulumi `environment { variables = {...} }`, CDK L2
/// `environment: {...}`.
pub fn lambda_environment(function: &Resource, platform: Option<Platform>) -> Option<&Value> {
    let environment = get(&function.props, &["Environment"])?;
    match shape(function, platform) {
        Shape::CdkConstruct => Some(environment),
        _ => get(environment, &["Variables"]),
    }
}

/// What a name is known to be before deployment: its written text, with every placeholder
/// replaced by a stand-in of realistic length.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownName {
    /// The name as a reader sees it, placeholders as `${...}`.
    pub shown: String,
    /// Length with each placeholder counted at its stand-in length (see [`placeholder_length`]).
    pub length: usize,
    /// The literal text only (placeholders left out): the characters the code fixes.
    pub text: String,
    /// Whether some part is a placeholder.
    pub has_placeholders: bool,
}

/// The name a value gives, when it is a literal or a template; `None` for anything else
/// (a reference, a call, unknown source text): nothing is claimed about those.
pub fn known_name(value: &Value) -> Option<KnownName> {
    match value {
        Value::Str(s) => Some(KnownName {
            shown: s.clone(),
            length: s.chars().count(),
            text: s.clone(),
            has_placeholders: false,
        }),
        Value::Template(parts) => {
            let mut name = KnownName {
                shown: String::new(),
                length: 0,
                text: String::new(),
                has_placeholders: false,
            };
            for part in parts {
                match part {
                    TemplatePart::Text(t) => {
                        name.shown.push_str(t);
                        name.text.push_str(t);
                        name.length += t.chars().count();
                    }
                    TemplatePart::Placeholder(p) => {
                        name.shown.push_str(&format!("${{{p}}}"));
                        name.length += placeholder_length(p);
                        name.has_placeholders = true;
                    }
                }
            }
            Some(name)
        }
        _ => None,
    }
}

/// The length a placeholder is counted at: the shortest value it realistically takes.
/// A region is at least 9 characters (`us-east-1`), an account id 12; an environment name or
/// suffix at least 3 (`dev`, `pr1`); anything else (a stack name, a random suffix, a
/// reference) at least 1. Counting low keeps a long name's finding certain.
pub fn placeholder_length(placeholder: &str) -> usize {
    let lower = placeholder.to_ascii_lowercase();
    if lower.contains("accountid") || lower.contains("account_id") || lower.ends_with(".account") {
        12
    } else if lower.contains("region") {
        9
    } else if lower.contains("env") || lower.contains("stage") || lower.contains("suffix") {
        3
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_count_placeholders_at_stand_in_length() {
        let v = Value::Template(vec![
            TemplatePart::Text("app-".into()),
            TemplatePart::Placeholder("AWS::Region".into()),
            TemplatePart::Text("-".into()),
            TemplatePart::Placeholder("environmentSuffix".into()),
        ]);
        let name = known_name(&v).expect("a template is a known name");
        assert_eq!(name.length, 4 + 9 + 1 + 3);
        assert_eq!(name.text, "app--");
        assert!(name.has_placeholders);
        assert_eq!(known_name(&Value::Unknown("f()".into())), None);
    }
}
