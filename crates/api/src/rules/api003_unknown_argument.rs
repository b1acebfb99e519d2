use std::collections::{HashMap, HashSet};

use crate::check::Context;
use crate::finding::ApiFinding;
use crate::resolve::{resolve, Resolution};
use crate::rules::declare_rule;
use crate::suggest::nearest;
use crate::surface::{Entry, EntryKind, Names, Surface};
use iacgrade_ir::{Resource, SourceSpan, SymbolKind, Value};
use iacgrade_task::Platform;

declare_rule! {
    /// # API003 unknown-argument
    ///
    /// ## What it checks
    /// Every keyword argument, prop or property passed to an SDK class or function (Python
    /// keyword arguments in snake_case, TypeScript props in camelCase), every property of a
    /// CloudFormation resource and every argument or nested block of a Terraform resource,
    /// including the properties of nested property types and blocks the schema closes.
    /// Spreads (`**kwargs`, `...props`) and values the data does not describe are not checked.
    ///
    /// ## Why
    /// A property borrowed from another resource or another language's spelling fails the
    /// type checker, `cdk synth`, `terraform validate` or CloudFormation validation.
    ///
    /// ## Example
    /// ```python
    /// aws.ec2.Vpc("vpc", cidr="10.0.0.0/16")
    /// ```
    /// reports "`pulumi_aws.ec2.Vpc` has no argument `cidr`; did you mean `cidr_block`?"
    ///
    /// ## Fix
    /// Use the argument name the class defines, in the language's spelling.
    ///
    /// ## References
    /// https://www.pulumi.com/registry/packages/aws/api-docs/ ·
    /// https://docs.aws.amazon.com/cdk/api/v2/ ·
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html ·
    /// https://registry.terraform.io/providers/hashicorp/aws/latest/docs
    pub struct UnknownArgument {
        code: "API003",
        name: "unknown-argument",
        fix: "use an argument the class or resource type defines",
        references: "https://www.pulumi.com/registry/packages/aws/api-docs/ · https://docs.aws.amazon.com/cdk/api/v2/ · https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html · https://registry.terraform.io/providers/hashicorp/aws/latest/docs",
    }
}

/// Terraform arguments every resource and data block accepts.
const TERRAFORM_META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
    "dynamic",
];

/// Terraform meta-arguments, and the front-end's own bookkeeping keys (`_for_each` of an
/// expanded `dynamic` block): never provider arguments.
fn is_terraform_meta(key: &str) -> bool {
    TERRAFORM_META.contains(&key) || key.starts_with('_')
}

/// Whether an argument name is a plain identifier (not a spread or a computed key).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    check_argument_symbols(ctx, out);
    match ctx.platform {
        Platform::Cfn | Platform::Tf => check_schema_resources(ctx, out),
        _ if ctx.is_code_platform() => check_code_resources(ctx, out),
        _ => {}
    }
}

/// Argument symbols: `pulumi_aws.ec2.Vpc.cidr_block` is the argument `cidr_block` of the class.
fn check_argument_symbols(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    // Every argument of a call names its callee, and code calls the same classes many times:
    // each callee is resolved once.
    let mut callees: HashMap<&str, Option<Entry<'static>>> = HashMap::new();
    for symbol in &ctx.graph.symbols {
        if symbol.kind != SymbolKind::Argument {
            continue;
        }
        let Some((callee, arg)) = symbol.path.rsplit_once('.') else {
            continue;
        };
        if !is_plain_name(arg) {
            continue;
        }
        let found = *callees.entry(callee).or_insert_with(|| {
            let surface = ctx.surface_for_path(callee)?;
            match resolve(surface, callee) {
                Resolution::Found(entry) => Some(entry),
                _ => None,
            }
        });
        let Some(entry) = found else {
            continue;
        };
        if let Some(finding) = unknown_argument(entry, arg, &symbol.span, &symbol.text) {
            out.push(finding);
        }
    }
}

fn unknown_argument(
    entry: Entry<'_>,
    arg: &str,
    span: &SourceSpan,
    text: &str,
) -> Option<ApiFinding> {
    if !matches!(entry.kind, EntryKind::Class | EntryKind::Function) {
        return None;
    }
    if entry.args.contains(arg) != Some(false) {
        return None;
    }
    let suggestion = nearest(arg, entry.args.iter()).map(str::to_string);
    Some(ApiFinding::new(
        &UnknownArgument::RULE,
        span,
        text,
        format!("`{}` has no argument `{arg}`", entry.path),
        suggestion,
    ))
}

/// Props of Pulumi/CDK/CDKTF resources, when the front-end recorded them without Argument
/// symbols (with Argument symbols, those are checked and this would only repeat them).
fn check_code_resources(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    let files_with_arguments: HashSet<&str> = ctx
        .graph
        .symbols
        .iter()
        .filter(|s| s.kind == SymbolKind::Argument)
        .map(|s| s.span.file.as_str())
        .collect();
    for resource in &ctx.graph.resources {
        if files_with_arguments.contains(resource.span.file.as_str()) {
            continue;
        }
        let Some((_, entry)) = ctx.class_of_resource(resource) else {
            continue;
        };
        let Value::Map(props) = &resource.props else {
            continue;
        };
        for (key, _) in props {
            if !is_plain_name(key) {
                continue;
            }
            if let Some(f) = unknown_argument(entry, key, &resource.span, key) {
                out.push(f);
            }
        }
    }
}

/// Properties of CloudFormation resources and arguments/blocks of Terraform resources.
fn check_schema_resources(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    let Some(surface) = ctx.schema_surface() else {
        return;
    };
    let terraform = ctx.platform == Platform::Tf;
    for resource in &ctx.graph.resources {
        let Some(type_name) = schema_type(resource, terraform) else {
            continue;
        };
        let Some(entry) = surface.get(type_name) else {
            continue;
        };
        if !matches!(entry.kind, EntryKind::Resource | EntryKind::DataSource) {
            continue;
        }
        let Value::Map(props) = &resource.props else {
            continue;
        };
        for (key, value) in props {
            if is_intrinsic(key) || (terraform && is_terraform_meta(key)) {
                continue;
            }
            if entry.args.contains(key) == Some(false) {
                let suggestion = nearest(key, entry.args.iter()).map(str::to_string);
                out.push(ApiFinding::new(
                    &UnknownArgument::RULE,
                    &resource.span,
                    key.clone(),
                    format!("`{type_name}` has no {} `{key}`", noun(terraform)),
                    suggestion,
                ));
                continue;
            }
            check_nested(
                surface,
                type_name,
                key,
                value,
                &resource.span,
                terraform,
                out,
            );
        }
    }
}

/// The surface path of a CloudFormation or Terraform resource's type (`AWS::S3::Bucket`,
/// `aws_s3_bucket`, `data.aws_ami`); `None` for types no surface covers.
pub(crate) fn schema_type(resource: &Resource, terraform: bool) -> Option<&str> {
    let t = resource.source_type.trim();
    if terraform {
        t.strip_prefix("data.")
            .unwrap_or(t)
            .starts_with("aws_")
            .then_some(t)
    } else {
        t.contains("::").then_some(t)
    }
}

fn noun(terraform: bool) -> &'static str {
    if terraform {
        "argument or block"
    } else {
        "property"
    }
}

/// `Ref`, `Fn::If`, `Fn::GetAtt`...: a CloudFormation intrinsic, not a property.
pub(crate) fn is_intrinsic(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// The keys of a nested block or property type value, against the type the schema gives it.
fn check_nested(
    surface: &Surface,
    type_name: &str,
    path: &str,
    value: &Value,
    span: &SourceSpan,
    terraform: bool,
    out: &mut Vec<ApiFinding>,
) {
    match value {
        Value::List(items) => {
            for item in items {
                check_nested(surface, type_name, path, item, span, terraform, out);
            }
        }
        Value::Map(entries) => {
            if entries.iter().any(|(k, _)| is_intrinsic(k)) {
                return;
            }
            let full = format!("{type_name}/{path}");
            let Some(nested) = surface.get(&full).filter(|e| e.kind == EntryKind::Nested) else {
                return;
            };
            if nested.args == Names::Any {
                return;
            }
            for (key, child) in entries {
                if terraform && (is_terraform_meta(key) || key == "content") {
                    continue;
                }
                if nested.args.contains(key) == Some(false) {
                    let suggestion = nearest(key, nested.args.iter()).map(str::to_string);
                    out.push(ApiFinding::new(
                        &UnknownArgument::RULE,
                        span,
                        key.clone(),
                        format!(
                            "`{type_name}` {} `{}` has no {} `{key}`",
                            if terraform { "block" } else { "property" },
                            path.replace('/', "."),
                            noun(terraform)
                        ),
                        suggestion,
                    ));
                    continue;
                }
                check_nested(
                    surface,
                    type_name,
                    &format!("{path}/{key}"),
                    child,
                    span,
                    terraform,
                    out,
                );
            }
        }
        _ => {}
    }
}
