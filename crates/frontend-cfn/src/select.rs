//! Which files the CloudFormation front-end reads, and as which syntax.
//!
//! A file is a candidate unless its declared language or extension names a programming language
//! (Python, TypeScript, HCL, shell, ...): templates arrive as `yaml`, `yml`, `json`, `template`,
//! unlabelled code blocks, or code blocks with odd labels. A candidate must mention `Resources`,
//! `AWSTemplateFormatVersion`, or a `Type` with `::`; it is read as JSON when its first non-blank
//! character is `{` (or `"Key": {`, object members quoted without their braces), as YAML
//! otherwise, and it counts only if a document in it is a template or a fragment of one (see
//! [`crate::template::classify`]).

use iacgrade_task::{Language, Platform, SourceFile};

/// How a candidate file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Yaml,
    Json,
    /// JSON object members without the braces around them (`"Bucket": {...}`), as answers quote
    /// single resources.
    JsonMembers,
}

/// Extensions a template file has when it is named.
const TEMPLATE_EXTENSIONS: &[&str] = &["yaml", "yml", "json", "template"];

/// Build-output folders whose templates are synthesised copies of code elsewhere in the task.
const SYNTH_FOLDERS: &[&str] = &["cdk.out/", "cdktf.out/"];

/// The syntax to read `file` with, or `None` when it is not a template candidate.
pub(crate) fn syntax_of(file: &SourceFile, platform_hint: Option<Platform>) -> Option<Syntax> {
    let extension = file.extension();
    let languages = [file.declared_language.as_deref(), extension.as_deref()];
    for language in languages.into_iter().flatten() {
        if is_program_language(language) {
            return None;
        }
    }
    let other_platform = matches!(
        platform_hint,
        Some(Platform::Cdk | Platform::Cdktf | Platform::Pulumi | Platform::Tf)
    );
    if other_platform {
        let path = file.path.as_deref()?;
        let ext = file.extension()?;
        if !TEMPLATE_EXTENSIONS.contains(&ext.as_str())
            || SYNTH_FOLDERS.iter().any(|f| path.contains(f))
        {
            return None;
        }
    }
    let text = file.text.as_str();
    let mentions_template = text.contains("Resources")
        || text.contains("AWSTemplateFormatVersion")
        || (text.contains("Type") && text.contains("::"));
    if !mentions_template {
        return None;
    }
    match text.trim_start().as_bytes().first() {
        Some(b'{') => Some(Syntax::Json),
        Some(b'"') if json_member_list(text) => Some(Syntax::JsonMembers),
        Some(_) => Some(Syntax::Yaml),
        None => None,
    }
}

/// `"Key": {` or `"Key": [` at the start of the text.
fn json_member_list(text: &str) -> bool {
    let rest = text.trim_start();
    let Some(after_key) = rest.get(1..).and_then(|r| r.find('"').map(|i| &r[i + 1..])) else {
        return false;
    };
    let after_colon = after_key
        .trim_start()
        .strip_prefix(':')
        .map(str::trim_start);
    matches!(after_colon.and_then(|r| r.chars().next()), Some('{' | '['))
}

fn is_program_language(name: &str) -> bool {
    match Language::parse(name) {
        Some(Language::Yaml | Language::Yml | Language::Json) => false,
        Some(_) => true,
        None => matches!(
            name.trim().to_ascii_lowercase().as_str(),
            "md" | "markdown"
                | "html"
                | "xml"
                | "toml"
                | "ini"
                | "dockerfile"
                | "mermaid"
                | "rego"
                | "sql"
                | "csharp"
                | "cs"
                | "rb"
                | "ruby"
                | "rs"
                | "rust"
                | "kt"
        ),
    }
}

/// Whether text that could not be read as a template still plainly meant to be one, so that its
/// syntax errors are worth reporting.
pub(crate) fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources")
            && (text.contains("Type: AWS::")
                || text.contains("Type: 'AWS::")
                || text.contains("Type: \"AWS::")
                || text.contains("\"Type\": \"AWS::")
                || text.contains("\"Type\":\"AWS::")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::Origin;

    fn file(path: Option<&str>, lang: Option<&str>, text: &str) -> SourceFile {
        SourceFile {
            path: path.map(str::to_string),
            declared_language: lang.map(str::to_string),
            text: text.into(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 1,
        }
    }

    #[test]
    fn picks_syntax_by_content() {
        let yaml = file(
            None,
            Some("yaml"),
            "Resources:\n  A: {Type: AWS::S3::Bucket}\n",
        );
        assert_eq!(syntax_of(&yaml, None), Some(Syntax::Yaml));
        let json = file(None, None, " {\"Resources\": {}}");
        assert_eq!(syntax_of(&json, None), Some(Syntax::Json));
    }

    #[test]
    fn skips_program_code_and_unrelated_files() {
        let py = file(Some("tap.py"), None, "Resources = 1");
        assert_eq!(syntax_of(&py, None), None);
        let ts = file(None, Some("typescript"), "const Resources = {}");
        assert_eq!(syntax_of(&ts, None), None);
        let workflow = file(
            Some(".github/workflows/ci.yml"),
            None,
            "on: push\njobs: {}\n",
        );
        assert_eq!(syntax_of(&workflow, None), None);
    }

    #[test]
    fn other_platforms_need_a_template_path() {
        let block = file(
            None,
            Some("yaml"),
            "Resources:\n  A: {Type: AWS::S3::Bucket}\n",
        );
        assert_eq!(syntax_of(&block, Some(Platform::Cdk)), None);
        let named = file(Some("lib/nested.yaml"), None, "Resources: {}\n");
        assert_eq!(syntax_of(&named, Some(Platform::Cdk)), Some(Syntax::Yaml));
        let synth = file(
            Some("cdk.out/Stack.template.json"),
            None,
            "{\"Resources\": {}}",
        );
        assert_eq!(syntax_of(&synth, Some(Platform::Cdk)), None);
    }
}
