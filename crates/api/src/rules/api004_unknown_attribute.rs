use crate::check::Context;
use crate::finding::ApiFinding;
use crate::rules::api003_unknown_argument::schema_type;
use crate::rules::declare_rule;
use crate::suggest::nearest;
use crate::surface::EntryKind;
use iacgrade_ir::{SourceSpan, Value};
use iacgrade_task::Platform;

declare_rule! {
    /// # API004 unknown-attribute
    ///
    /// ## What it checks
    /// Every attribute read from another resource — `Fn::GetAtt` (`!GetAtt Bucket.Arn`) in
    /// CloudFormation, `aws_s3_bucket.logs.arn` in Terraform — against the attributes the
    /// referenced resource type has (its read-only properties and properties in CloudFormation;
    /// its arguments and exported attributes in Terraform).
    ///
    /// ## Why
    /// An attribute the type does not have fails template validation or `terraform plan`.
    ///
    /// ## Example
    /// ```yaml
    /// Value: !GetAtt Bucket.BucketArn
    /// ```
    /// reports "`AWS::S3::Bucket` has no attribute `BucketArn`; did you mean `Arn`?"
    ///
    /// ## Fix
    /// Read an attribute the type exports (the "Return values" section of the CloudFormation
    /// resource reference, the "Attribute Reference" of the Terraform resource).
    ///
    /// ## References
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html ·
    /// https://developer.hashicorp.com/terraform/language/expressions/references
    pub struct UnknownAttribute {
        code: "API004",
        name: "unknown-attribute",
        fix: "read an attribute the resource type exports",
        references: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html · https://developer.hashicorp.com/terraform/language/expressions/references",
    }
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    if !matches!(ctx.platform, Platform::Cfn | Platform::Tf) {
        return;
    }
    let mut refs: Vec<(&SourceSpan, &str, &str)> = Vec::new();
    for resource in &ctx.graph.resources {
        collect_refs(&resource.props, &resource.span, &mut refs);
    }
    for output in &ctx.graph.outputs {
        collect_refs(&output.value, &output.span, &mut refs);
    }
    for (span, target, attribute) in refs {
        check_one(ctx, span, target, attribute, out);
    }
}

fn collect_refs<'g>(
    value: &'g Value,
    span: &'g SourceSpan,
    out: &mut Vec<(&'g SourceSpan, &'g str, &'g str)>,
) {
    match value {
        Value::Ref {
            target,
            attribute: Some(attribute),
        } => out.push((span, target, attribute)),
        Value::List(items) => items.iter().for_each(|v| collect_refs(v, span, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| collect_refs(v, span, out)),
        _ => {}
    }
}

/// The first attribute name of a Terraform traversal (`[0].id` -> `id`, `*.arn` -> `arn`);
/// index and key subscripts (`[0]`, `["a"]`) are skipped.
fn terraform_attribute(attribute: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, c) in attribute.char_indices() {
        match c {
            '[' => {
                if let Some(s) = start.take() {
                    return Some(&attribute[s..i]);
                }
                depth += 1;
            }
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                if let Some(s) = start.take() {
                    return Some(&attribute[s..i]);
                }
            }
            '*' if depth == 0 => {}
            _ if depth == 0 && start.is_none() => start = Some(i),
            _ => {}
        }
    }
    start.map(|s| &attribute[s..])
}

/// Whether `text` is `{type_name}.{logical}`, compared without building the string: every
/// reference of a configuration is compared with every resource.
fn is_type_dot_name(text: &str, type_name: &str, logical: &str) -> bool {
    text.len() == type_name.len() + 1 + logical.len()
        && text.starts_with(type_name)
        && text[type_name.len()..].starts_with('.')
        && text.ends_with(logical)
}

fn check_one(
    ctx: &Context<'_>,
    span: &SourceSpan,
    target: &str,
    attribute: &str,
    out: &mut Vec<ApiFinding>,
) {
    let Some(surface) = ctx.schema_surface() else {
        return;
    };
    let terraform = ctx.platform == Platform::Tf;
    // The referenced resource: by logical id (CloudFormation), by `type.name` (Terraform).
    let referenced = ctx.graph.resources.iter().find(|r| {
        let logical = r.logical_name.as_str().unwrap_or("");
        if terraform {
            let t = r.source_type.trim();
            is_type_dot_name(target, t, logical)
                || target
                    .strip_prefix("data.")
                    .is_some_and(|rest| is_type_dot_name(rest, t, logical))
        } else {
            target == logical
        }
    });
    let Some(resource) = referenced else {
        return;
    };
    let Some(type_name) = schema_type(resource, terraform) else {
        return;
    };
    let Some(entry) = surface.get(type_name) else {
        return;
    };
    if !matches!(entry.kind, EntryKind::Resource | EntryKind::DataSource) {
        return;
    }
    let name = if terraform {
        match terraform_attribute(attribute) {
            Some(n) => n,
            None => return,
        }
    } else {
        attribute
    };
    if entry.members.contains(name) != Some(false) {
        return;
    }
    let suggestion = nearest(name, entry.members.iter()).map(str::to_string);
    out.push(ApiFinding::new(
        &UnknownAttribute::RULE,
        span,
        format!("{target}.{attribute}"),
        format!("`{type_name}` has no attribute `{name}`"),
        suggestion,
    ));
}

#[cfg(test)]
mod tests {
    use super::{is_type_dot_name, terraform_attribute};

    #[test]
    fn a_reference_names_a_resource_by_type_and_name() {
        assert!(is_type_dot_name(
            "aws_s3_bucket.logs",
            "aws_s3_bucket",
            "logs"
        ));
        assert!(is_type_dot_name(
            "data.aws_vpc.main",
            "data.aws_vpc",
            "main"
        ));
        assert!(!is_type_dot_name(
            "aws_s3_bucket.log",
            "aws_s3_bucket",
            "logs"
        ));
        assert!(!is_type_dot_name(
            "aws_s3_bucket_logs",
            "aws_s3_bucket",
            "logs"
        ));
        assert!(!is_type_dot_name(
            "aws_s3.bucket.logs",
            "aws_s3_bucket",
            "logs"
        ));
    }

    #[test]
    fn reads_the_first_attribute_of_a_traversal() {
        assert_eq!(terraform_attribute("arn"), Some("arn"));
        assert_eq!(terraform_attribute("[0].id"), Some("id"));
        assert_eq!(terraform_attribute("*.arn"), Some("arn"));
        assert_eq!(
            terraform_attribute("root_block_device[0].volume_id"),
            Some("root_block_device")
        );
        assert_eq!(terraform_attribute("[\"a\"]"), None);
    }
}
