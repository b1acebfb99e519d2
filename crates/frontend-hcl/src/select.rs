//! Which files the Terraform front-end reads.
//!
//! A file is read when its declared language or extension is HCL/Terraform (`hcl`, `tf`,
//! `terraform`, `tfvars`), or when it has no recognised language and its text opens a top-level
//! Terraform block at the start of a line (`resource "`, `variable "`, `locals {`, ...). Files in
//! another known language (Python, TypeScript, YAML, JSON, shell, ...) are left to other
//! front-ends. Terraform JSON (`.tf.json`) is not read: no answer in the corpus uses it.

use iacgrade_task::{Language, Platform, SourceFile};

use crate::source::has_top_level_block;

/// How a selected file is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Configuration: blocks.
    Config,
    /// Variable values (`terraform.tfvars`, `*.auto.tfvars`): top-level attributes.
    VariableValues,
}

/// How to read `file`, or `None` when it is not Terraform.
pub(crate) fn role_of(file: &SourceFile, platform_hint: Option<Platform>) -> Option<Role> {
    let extension = file.extension();
    let path = file.path.as_deref().unwrap_or("");
    if path.ends_with(".tf.json") {
        return None;
    }
    if extension.as_deref() == Some("tfvars") || file.declared_language.as_deref() == Some("tfvars")
    {
        return Some(Role::VariableValues);
    }
    let other_platform = matches!(
        platform_hint,
        Some(Platform::Cdk | Platform::Cdktf | Platform::Pulumi | Platform::Cfn)
    );
    if other_platform && extension.as_deref() != Some("tf") {
        // A Terraform snippet in an answer for another platform is an illustration, not code the
        // task deploys; only real `.tf` files count there.
        return None;
    }
    let declared = [file.declared_language.as_deref(), extension.as_deref()];
    let mut other_language = false;
    for name in declared.into_iter().flatten() {
        match Language::parse(name) {
            Some(Language::Hcl) => return Some(Role::Config),
            Some(_) => other_language = true,
            None => {}
        }
    }
    (!other_language && has_top_level_block(&file.text)).then_some(Role::Config)
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
    fn by_language_extension_or_content() {
        assert_eq!(
            role_of(&file(Some("main.tf"), None, "x"), None),
            Some(Role::Config)
        );
        assert_eq!(
            role_of(&file(None, Some("hcl"), "x"), None),
            Some(Role::Config)
        );
        assert_eq!(
            role_of(&file(None, Some("terraform"), "x"), None),
            Some(Role::Config)
        );
        assert_eq!(
            role_of(
                &file(None, None, "resource \"aws_s3_bucket\" \"b\" {}\n"),
                None
            ),
            Some(Role::Config)
        );
        assert_eq!(role_of(&file(None, None, "echo hi\n"), None), None);
        assert_eq!(
            role_of(
                &file(None, Some("python"), "resource \"x\" \"y\" {}\n"),
                None
            ),
            None
        );
        assert_eq!(
            role_of(&file(Some("terraform.tfvars"), None, "a = 1\n"), None),
            Some(Role::VariableValues)
        );
    }

    #[test]
    fn other_platforms_need_a_tf_path() {
        let block = file(None, Some("hcl"), "resource \"a\" \"b\" {}\n");
        assert_eq!(role_of(&block, Some(Platform::Cdktf)), None);
        let named = file(Some("main.tf"), None, "resource \"a\" \"b\" {}\n");
        assert_eq!(role_of(&named, Some(Platform::Cdktf)), Some(Role::Config));
    }
}
