use crate::check::Context;
use crate::finding::ApiFinding;
use crate::rules::declare_rule;
use crate::suggest::nearest;
use crate::surface::EntryKind;
use iacgrade_task::Platform;

declare_rule! {
    /// # API002 unknown-resource-type
    ///
    /// ## What it checks
    /// The type of every resource of a CloudFormation template (`AWS::...`) against the
    /// CloudFormation resource provider schemas, and of every Terraform `resource`/`data` block
    /// (`aws_...`) against the AWS provider's resource and data-source types. (In Pulumi, CDK
    /// and CDKTF code a resource type is a class, checked by API001.)
    ///
    /// ## Why
    /// CloudFormation rejects a template with an unknown type at validation, Terraform at
    /// `init`/`plan`: nothing deploys.
    ///
    /// ## Example
    /// ```yaml
    /// Bucket:
    ///   Type: AWS::S3::Buckets
    /// ```
    /// reports "unknown CloudFormation resource type `AWS::S3::Buckets`; did you mean
    /// `AWS::S3::Bucket`?"
    ///
    /// ## Fix
    /// Use the type the provider defines; check the resource type reference for the service.
    ///
    /// ## References
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html ·
    /// https://registry.terraform.io/providers/hashicorp/aws/latest/docs
    pub struct UnknownResourceType {
        code: "API002",
        name: "unknown-resource-type",
        fix: "use a resource type the provider defines",
        references: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html · https://registry.terraform.io/providers/hashicorp/aws/latest/docs",
    }
}

/// CloudFormation types outside the registry schemas that are valid all the same: SAM (a
/// transform expands them) and the CDK's metadata resource.
fn cfn_type_is_covered(t: &str) -> bool {
    (t.starts_with("AWS::") || t.starts_with("Alexa::"))
        && !t.starts_with("AWS::Serverless::")
        && t != "AWS::CDK::Metadata"
        && t.matches("::").count() == 2
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    let Some(surface) = ctx.schema_surface() else {
        return;
    };
    for resource in &ctx.graph.resources {
        let t = resource.source_type.trim();
        let (name, kinds, label): (&str, &[EntryKind], &str) = match ctx.platform {
            Platform::Cfn if cfn_type_is_covered(t) => {
                (t, &[EntryKind::Resource], "CloudFormation resource type")
            }
            Platform::Tf => match t.strip_prefix("data.") {
                Some(d) if d.starts_with("aws_") => {
                    (t, &[EntryKind::DataSource], "Terraform data source")
                }
                None if t.starts_with("aws_") => {
                    (t, &[EntryKind::Resource], "Terraform resource type")
                }
                _ => continue,
            },
            _ => continue,
        };
        if surface.get(name).is_some_and(|e| kinds.contains(&e.kind)) {
            continue;
        }
        // A front-end that does not mark data sources: the data source of that name is fine.
        if ctx.platform == Platform::Tf
            && !name.starts_with("data.")
            && surface.get(&format!("data.{name}")).is_some()
        {
            continue;
        }
        let suggestion = nearest(name, surface.paths_of_kind(kinds[0])).map(str::to_string);
        out.push(ApiFinding::new(
            &UnknownResourceType::RULE,
            &resource.span,
            name,
            format!("unknown {label} `{name}`"),
            suggestion,
        ));
    }
}
