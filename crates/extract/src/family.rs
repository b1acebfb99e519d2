//! Whether a file name fits a block's declared language.
//!
//! A path found near a block is only a guess: "## Deploying (cdk.json)" sits above a ```` ```bash ````
//! block as often as above the JSON itself. When both the block's language and the path's
//! extension are known and they belong to different families, the path is not this block's.
//! When either is unknown ("```", "```text", "terraform.tfvars.example"), the path is accepted.

use crate::path::extension_of;

/// A family of languages whose files share one syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Python,
    Script,
    Hcl,
    Yaml,
    Json,
    Go,
    Java,
    Shell,
    Markdown,
    Xml,
    Dockerfile,
    Toml,
    Sql,
}

/// The family of a declared language (a fence info word, lower-cased).
fn family_of_language(language: &str) -> Option<Family> {
    Some(match language {
        "python" | "py" | "python3" | "py3" | "pycon" => Family::Python,
        "typescript" | "ts" | "tsx" | "javascript" | "js" | "jsx" | "node" | "mjs" | "cjs" => {
            Family::Script
        }
        "hcl" | "terraform" | "tf" | "tfvars" | "hcl2" => Family::Hcl,
        "yaml" | "yml" | "cfn-yaml" => Family::Yaml,
        "json" | "jsonc" | "json5" => Family::Json,
        "go" | "golang" => Family::Go,
        "java" => Family::Java,
        "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session" | "powershell" | "ps1" => {
            Family::Shell
        }
        "markdown" | "md" | "mdx" => Family::Markdown,
        "xml" => Family::Xml,
        "dockerfile" | "docker" => Family::Dockerfile,
        "toml" => Family::Toml,
        "sql" => Family::Sql,
        _ => return None,
    })
}

/// The family of a file, from its extension.
fn family_of_path(path: &str) -> Option<Family> {
    Some(match extension_of(path).as_str() {
        "py" | "pyi" => Family::Python,
        "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => Family::Script,
        "tf" | "tfvars" | "hcl" => Family::Hcl,
        "yaml" | "yml" => Family::Yaml,
        "json" | "jsonc" | "json5" => Family::Json,
        "go" | "mod" | "sum" => Family::Go,
        "java" => Family::Java,
        "sh" | "bash" | "zsh" | "ps1" => Family::Shell,
        "md" | "mdx" => Family::Markdown,
        "xml" => Family::Xml,
        "dockerfile" => Family::Dockerfile,
        "toml" => Family::Toml,
        "sql" => Family::Sql,
        _ => return None,
    })
}

/// True unless the language and the path's extension are both known and disagree.
pub(crate) fn fits(language: Option<&str>, path: &str) -> bool {
    let Some(language) = language else {
        return true;
    };
    match (family_of_language(language), family_of_path(path)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// True when the language and the path's extension are both known and agree: the stronger test
/// used when a heading's path is carried over to a second block under the same heading.
pub(crate) fn matches(language: Option<&str>, path: &str) -> bool {
    match (language.and_then(family_of_language), family_of_path(path)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// True when a block is TypeScript or JavaScript by its declared language, or by its path's
/// extension when it declares none.
pub(crate) fn is_script(language: Option<&str>, path: Option<&str>) -> bool {
    match language.and_then(family_of_language) {
        Some(family) => family == Family::Script,
        None => path.and_then(family_of_path) == Some(Family::Script),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_families_must_agree() {
        assert!(fits(Some("typescript"), "lib/x.ts"));
        assert!(fits(Some("javascript"), "lib/x.ts"));
        assert!(!fits(Some("bash"), "cdk.json"));
        assert!(!fits(Some("yaml"), "IDEAL_RESPONSE.md"));
        assert!(fits(None, "cdk.json"));
        assert!(fits(Some("text"), "requirements.txt"));
        assert!(fits(Some("hcl"), "terraform.tfvars.example"));
        assert!(fits(Some("go"), "go.mod"));
    }

    #[test]
    fn matches_needs_both_known() {
        assert!(matches(Some("python"), "a.py"));
        assert!(!matches(None, "a.py"));
        assert!(!matches(Some("text"), "a.txt"));
    }

    #[test]
    fn script_by_language_else_by_path() {
        assert!(is_script(Some("typescript"), None));
        assert!(is_script(None, Some("lib/tap-stack.ts")));
        assert!(is_script(Some("text"), Some("index.js")));
        assert!(!is_script(Some("bash"), Some("run.ts")));
        assert!(!is_script(None, None));
    }
}
