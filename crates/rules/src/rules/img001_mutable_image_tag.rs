use iacgrade_ir::{TemplatePart, Value};

use crate::declare_rule;
use crate::embedded_json;
use crate::props::{literal_str, norm_key};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Container images referenced by a mutable tag: `:latest`, or no tag and no digest (which
    /// means `latest`). Images are read from ECS task definitions (`ContainerDefinitions[].Image`,
    /// Terraform/Pulumi `container_definitions` maps or JSON strings), Lambda functions
    /// (`ImageUri`), Batch job definitions, App Runner services (`ImageIdentifier`) and CDK
    /// `ContainerImage.fromRegistry("...")` calls. Images built from references or templates
    /// that end in a placeholder (`${var.tag}`) are not judged.
    ///
    /// ## Why it matters
    /// A mutable tag makes deployments unrepeatable: two tasks of the same service can run
    /// different code, a rollback does not roll back, and a compromised upstream image is picked
    /// up silently. Low: it is hygiene, not an exposure.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Image: nginx:latest
    /// # passes
    /// Image: public.ecr.aws/nginx/nginx:1.27.2
    /// ```
    ///
    /// ## Fix
    /// Pin a version tag (and enable ECR tag immutability) or a digest (`@sha256:...`).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html
    /// - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
    pub struct MutableImageTag {
        id: "IMG001",
        name: "mutable-image-tag",
        severity: Low,
        docs: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
        check: check,
    }
}

const KINDS: [&str; 5] = [
    "AWS::ECS::TaskDefinition",
    "AWS::Lambda::Function",
    "AWS::Batch::JobDefinition",
    "AWS::AppRunner::Service",
    "AWS::Serverless::Function",
];

const IMAGE_KEYS: [&str; 4] = ["image", "imageuri", "imageidentifier", "imagename"];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        let task_like = KINDS.contains(&resource.kind.as_str())
            || resource
                .source_type
                .to_ascii_lowercase()
                .contains("taskdefinition")
            || resource
                .source_type
                .to_ascii_lowercase()
                .contains("task_definition");
        if !task_like {
            continue;
        }
        let mut images = Vec::new();
        collect_images(&resource.props, &mut images, 0);
        for image in images {
            hits.resource(
                resource,
                format!("container image `{image}` uses a mutable tag"),
                "Pin the image to a version tag or a digest (`@sha256:...`).",
            );
        }
    }
}

fn collect_images(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 24 {
        return;
    }
    match value {
        Value::Map(entries) => {
            for (k, v) in entries {
                if IMAGE_KEYS.contains(&norm_key(k).as_str()) {
                    if let Some(image) = mutable_image(v) {
                        out.push(image);
                    }
                    continue;
                }
                collect_images(v, out, depth + 1);
            }
        }
        Value::List(items) => items.iter().for_each(|v| collect_images(v, out, depth + 1)),
        Value::Str(_) | Value::Unknown(_) => {
            if let Some(parsed) = embedded_json::parse(value) {
                collect_images(&parsed, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The image reference when it is mutable; `None` when pinned or not knowable.
fn mutable_image(value: &Value) -> Option<String> {
    let text = match value {
        Value::Unknown(src) => registry_argument(src)?,
        Value::Template(parts) => {
            // Only the text after the last placeholder tells the tag.
            match parts.last()? {
                TemplatePart::Text(tail) => {
                    let image = value.render();
                    return tag_is_mutable(tail, true).then_some(image);
                }
                TemplatePart::Placeholder(_) => return None,
            }
        }
        other => literal_str(other)?,
    };
    tag_is_mutable(&text, false).then_some(text)
}

/// `ContainerImage.fromRegistry("nginx")` / `from_registry('nginx:latest')` → the string.
fn registry_argument(source: &str) -> Option<String> {
    let start = source
        .find("fromRegistry(")
        .map(|i| i + "fromRegistry(".len())
        .or_else(|| {
            source
                .find("from_registry(")
                .map(|i| i + "from_registry(".len())
        })?;
    let rest = source[start..].trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &rest[1..];
    let end = body.find(quote)?;
    let literal = &body[..end];
    if literal.contains("${") {
        return None;
    }
    Some(literal.to_string())
}

/// Whether an image reference (or, for templates, its literal tail) has a mutable tag.
fn tag_is_mutable(reference: &str, tail_only: bool) -> bool {
    let reference = reference.trim();
    if reference.is_empty() || reference.contains('@') {
        return false;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag.eq_ignore_ascii_case("latest"),
        // A template tail without '/' may be a tag suffix (`:${tag}` handled above) or a
        // fragment: only judge tails that contain the repository name.
        None => !tail_only || reference.contains('/'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert!(tag_is_mutable("nginx", false));
        assert!(tag_is_mutable("nginx:latest", false));
        assert!(tag_is_mutable("localhost:5000/app", false));
        assert!(!tag_is_mutable("nginx:1.27", false));
        assert!(!tag_is_mutable("repo/app@sha256:abc", false));
        assert!(!tag_is_mutable(":v1", true));
        assert_eq!(
            registry_argument("ecs.ContainerImage.fromRegistry(\"amazon/amazon-ecs-sample\")")
                .as_deref(),
            Some("amazon/amazon-ecs-sample")
        );
    }
}
