//! PLH001 placeholder-container-image: the code names a container image by a mutable `latest`
//! tag (`"nginx:latest"`), usually a placeholder for the real application image.
//!
//! Why: a placeholder deploys something, but not the application; and `latest` is a moving
//! target, so two deployments of the same code can run different images. Low: a reviewer
//! should see that the image is still to be chosen.
//!
//! Example: `image = "nginx:latest"`. Fix: the application's image, pinned to a version tag or a
//! digest (`public.ecr.aws/org/app:1.4.2`, `...@sha256:...`), typically from configuration.
//!
//! The check reads string literals in the code, so it also sees images passed through helper
//! functions or serialised container definitions, which the resource model cannot follow.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::SourceFile;

use super::SourceRule;

pub const PLACEHOLDER_IMAGE: SourceRule = SourceRule {
    id: "PLH001",
    name: "placeholder-container-image",
    documentation: "The code names a container image by a mutable `latest` tag, usually a placeholder for the real image.",
    check,
};

/// Whether a string literal is an image reference with the `latest` tag.
fn is_latest_image(literal: &str) -> bool {
    let Some(repo) = literal.strip_suffix(":latest") else {
        return false;
    };
    !repo.is_empty()
        && repo
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "./-_:".contains(c))
        && repo
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The quoted literals of one line (single, double or back quotes), without escapes.
fn literals(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        let start = rest.find(['"', '\'', '`'])?;
        let quote = rest[start..].chars().next()?;
        let after = &rest[start + 1..];
        let end = after.find(quote)?;
        let lit = &after[..end];
        rest = &after[end + 1..];
        Some(lit)
    })
}

fn check(files: &[SourceFile], side: Side) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in files.iter().filter(|f| !f.is_test() && !f.is_document()) {
        // Every image this rule reports ends in `:latest`: files and lines without it are
        // skipped unread (most files have none).
        if !file.text.contains(":latest") {
            continue;
        }
        let is_yaml = file
            .extension()
            .as_deref()
            .is_some_and(|e| e == "yaml" || e == "yml")
            || file
                .declared_language
                .as_deref()
                .is_some_and(|l| l == "yaml" || l == "yml");
        for (i, line) in file.text.lines().enumerate() {
            if !line.contains(":latest") {
                continue;
            }
            // Comments and docs mention images without using them.
            let code = line.trim_start();
            if code.starts_with('#') || code.starts_with("//") || code.starts_with('*') {
                continue;
            }
            let line_literals: Vec<&str> = if is_yaml {
                // YAML scalars are often unquoted: `Image: nginx:latest`.
                code.split_once(": ")
                    .map(|(_, v)| vec![v.trim().trim_matches(['"', '\''])])
                    .unwrap_or_default()
            } else {
                literals(line).collect()
            };
            for lit in line_literals.into_iter().filter(|l| is_latest_image(l)) {
                out.push(Finding {
                    rule: PLACEHOLDER_IMAGE.id.into(),
                    name: PLACEHOLDER_IMAGE.name.into(),
                    severity: Severity::Low,
                    category: "C".into(),
                    status: FindingStatus::Unfixed,
                    side,
                    file: file.display_name(),
                    line: Some(i + 1),
                    message: format!("container image `{lit}` is a placeholder on a mutable tag"),
                    model_snippet: None,
                    ideal_snippet: None,
                    root_cause: None,
                    fix: Some("Use the application's image, pinned to a version tag or a digest.".into()),
                    docs: Some("https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html".into()),
                    also_at: Vec::new(),
                    evidence: Vec::new(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::Origin;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: Some(path.into()),
            declared_language: None,
            text: text.into(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 10,
        }
    }

    #[test]
    fn finds_latest_images_in_code_and_yaml_but_not_in_comments() {
        let files = [
            file(
                "lib/compute.py",
                "# default: \"nginx:latest\"\nIMAGE = \"nginx:latest\"\nOTHER = \"nginx:1.27\"\n",
            ),
            file(
                "lib/TapStack.yml",
                "      Image: public.ecr.aws/nginx/nginx:latest\n",
            ),
            file("lib/stack.ts", "const tag = `v:latest is ${x}`;\n"),
        ];
        let found: Vec<_> = check(&files, Side::Model)
            .into_iter()
            .map(|f| (f.file, f.line))
            .collect();
        assert_eq!(
            found,
            [
                ("lib/compute.py".to_string(), Some(2)),
                ("lib/TapStack.yml".to_string(), Some(1))
            ]
        );
    }
}
