use crate::check::Context;
use crate::finding::ApiFinding;
use crate::rules::api003_unknown_argument::is_intrinsic;
use crate::rules::declare_rule;
use crate::surface::EntryKind;
use iacgrade_ir::{Resource, Value};
use iacgrade_task::Platform;

declare_rule! {
    /// # API005 missing-required-property
    ///
    /// ## What it checks
    /// That every CloudFormation resource sets the top-level properties its resource provider
    /// schema requires (`Role` and `Code` of `AWS::Lambda::Function`, `AssumeRolePolicyDocument` of
    /// `AWS::IAM::Role`). A property counts as required only when every schema version that
    /// defines it requires it. Resources whose properties are built by an intrinsic function,
    /// SAM resources (the transform fills them in), fragments (a resource quoted in prose with
    /// its properties elided, marked `fragment` by the front-end), the resource a syntax error
    /// cut off (reading stopped inside it, marked `truncated`) and resources that set no
    /// property at all (outlines) are not checked. A resource the answer shows in several
    /// blocks (the full template, then a snippet of additions) is judged as a whole: a property
    /// set in any of its showings is set.
    ///
    /// ## Why
    /// CloudFormation rejects the resource at create time, and the stack rolls back.
    ///
    /// ## Example
    /// ```yaml
    /// Fn:
    ///   Type: AWS::Lambda::Function
    ///   Properties:
    ///     Runtime: python3.12
    ///     Handler: index.handler
    /// ```
    /// reports "`AWS::Lambda::Function` `Fn` is missing required property `Code`" (and `Role`).
    ///
    /// ## Fix
    /// Set the property; the resource reference lists each property's "Required" status.
    ///
    /// ## References
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
    pub struct MissingRequiredProperty {
        code: "API005",
        name: "missing-required-property",
        fix: "set every property the resource type requires",
        references: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html",
    }
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    if ctx.platform != Platform::Cfn {
        return;
    }
    let Some(surface) = ctx.schema_surface() else {
        return;
    };
    for resource in &ctx.graph.resources {
        // A fragment (a resource quoted in prose, its properties elided) says nothing about
        // what the full template sets, nor does a resource whose reading a syntax error stopped.
        let fragment = resource
            .options
            .iter()
            .any(|(k, v)| (k == "fragment" || k == "truncated") && v.as_bool() == Some(true));
        let type_name = resource.source_type.trim();
        if fragment || type_name.starts_with("AWS::Serverless::") {
            continue;
        }
        let Some(entry) = surface
            .get(type_name)
            .filter(|e| e.kind == EntryKind::Resource)
        else {
            continue;
        };
        // A resource with no properties at all is, in an answer document, almost always an
        // outline (`"Bucket": { "Type": "AWS::S3::Bucket" }` with the body elided): not judged.
        let keys: Vec<&str> = match &resource.props {
            Value::Map(entries) if !entries.is_empty() => {
                entries.iter().map(|(k, _)| k.as_str()).collect()
            }
            _ => continue,
        };
        if keys.iter().any(|k| is_intrinsic(k)) {
            continue;
        }
        let logical = resource.logical_name.render();
        for required in entry.args.required() {
            if keys.contains(&required) || set_by_another_showing(ctx, resource, required) {
                continue;
            }
            out.push(ApiFinding::new(
                &MissingRequiredProperty::RULE,
                &resource.span,
                required,
                format!("`{type_name}` `{logical}` is missing required property `{required}`"),
                None,
            ));
        }
    }
}

/// Whether the same resource (type and logical id), shown again in another block of the answer,
/// sets `property` there: a later snippet that quotes only what it adds ("production-ready
/// additions") does not drop what the full template sets.
fn set_by_another_showing(ctx: &Context<'_>, resource: &Resource, property: &str) -> bool {
    ctx.graph.resources.iter().any(|other| {
        !std::ptr::eq(other, resource)
            && other.source_type.trim() == resource.source_type.trim()
            && other.logical_name == resource.logical_name
            && matches!(&other.props, Value::Map(entries) if entries.iter().any(|(k, _)| k == property))
    })
}
