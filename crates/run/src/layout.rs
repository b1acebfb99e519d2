//! Conventional places for the code blocks of an answer that name no file.
//!
//! Many answers paste a whole template or program in one unlabelled block. Running them needs a
//! path, and the pipeline's layout says where each platform keeps its code: a CloudFormation
//! template in lib/TapStack.yml (or .json), Terraform in lib/*.tf, a single-file Pulumi program
//! as the project's entry (`__main__.py`, `index.ts`) with a minimal Pulumi.yaml. Answers whose
//! layout cannot be guessed (a CDK app split over bin/ and lib/ without names) are left alone.
//!
//! The pipeline's task repositories also provide an entry that answers often leave out: `tap.py`
//! (Pulumi Python) and `bin/tap.ts` with `cdk.json` (CDK TypeScript), which instantiate the
//! answer's `TapStack` with the environment suffix. [`scaffold`] supplies them, in that same
//! form, when the answer defines a `TapStack` and no entry.

use iacgrade_task::{Language, Platform, SourceFile};

/// A file placed by convention, with the note that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedFile {
    pub path: String,
    pub text: String,
    /// Line of the answer document where the block starts.
    pub line: usize,
}

fn language_of(file: &SourceFile) -> Option<Language> {
    file.declared_language.as_deref().and_then(Language::parse)
}

fn looks_like_template(text: &str) -> bool {
    text.contains("Resources:") || text.contains("\"Resources\"")
}

fn looks_like_hcl(file: &SourceFile) -> bool {
    language_of(file) == Some(Language::Hcl)
        || ["resource \"", "provider \"", "terraform {", "variable \""]
            .iter()
            .any(|k| file.text.contains(k))
}

/// Paths for the unnamed code files of an answer, for `platform` and `language`. Only files
/// without a path are considered; `taken` tells which paths the answer already gives.
pub fn place_unnamed(
    files: &[SourceFile],
    platform: Option<Platform>,
    language: Option<Language>,
    taken: &dyn Fn(&str) -> bool,
    project_name: &str,
) -> Vec<PlacedFile> {
    let unnamed: Vec<&SourceFile> = files.iter().filter(|f| f.path.is_none()).collect();
    let mut placed = Vec::new();
    match platform {
        Some(Platform::Cfn) => {
            let template = unnamed
                .iter()
                .filter(|f| looks_like_template(&f.text))
                .max_by_key(|f| f.text.len());
            if let Some(f) = template {
                let json = f.text.trim_start().starts_with('{');
                let path = if json {
                    "lib/TapStack.json"
                } else {
                    "lib/TapStack.yml"
                };
                let any_template_named = files
                    .iter()
                    .filter_map(|f| f.path.as_deref())
                    .any(|p| p.starts_with("lib/") && looks_like_template_path(p));
                if !any_template_named && !taken(path) {
                    placed.push(PlacedFile {
                        path: path.into(),
                        text: f.text.clone(),
                        line: f.first_line,
                    });
                }
            }
        }
        Some(Platform::Tf) => {
            let blocks: Vec<&&SourceFile> = unnamed.iter().filter(|f| looks_like_hcl(f)).collect();
            for (i, f) in blocks.iter().enumerate() {
                let path = if i == 0 {
                    "lib/main.tf".to_string()
                } else {
                    format!("lib/main_{}.tf", i + 1)
                };
                if !taken(&path) {
                    placed.push(PlacedFile {
                        path,
                        text: f.text.clone(),
                        line: f.first_line,
                    });
                }
            }
        }
        Some(Platform::Pulumi) => {
            let (entry, runtime, marker) = match language {
                Some(Language::Py) => ("__main__.py", "python", "import pulumi"),
                Some(Language::Ts) => ("index.ts", "nodejs", "@pulumi/pulumi"),
                Some(Language::Js) => ("index.js", "nodejs", "@pulumi/pulumi"),
                _ => return placed,
            };
            let has_entry = [
                "__main__.py",
                "tap.py",
                "index.ts",
                "index.js",
                "bin/tap.ts",
            ]
            .iter()
            .any(|p| taken(p));
            let program = unnamed
                .iter()
                .filter(|f| f.text.contains(marker))
                .max_by_key(|f| f.text.len());
            if let (false, Some(f)) = (has_entry, program) {
                placed.push(PlacedFile {
                    path: entry.into(),
                    text: f.text.clone(),
                    line: f.first_line,
                });
                if !taken("Pulumi.yaml") {
                    placed.push(PlacedFile {
                        path: "Pulumi.yaml".into(),
                        text: format!("name: {project_name}\nruntime: {runtime}\nmain: {entry}\n"),
                        line: f.first_line,
                    });
                }
            }
        }
        _ => {}
    }
    placed
}

const PULUMI_PY_ENTRY: &str = r#"# Entry of the Pulumi program, supplied by iacgrade: the answer defines no entry.
import os

from lib.tap_stack import TapStack, TapStackArgs

environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX", "dev")
TapStack(f"TapStack{environment_suffix}", TapStackArgs(environment_suffix=environment_suffix))
"#;

const CDK_TS_ENTRY: &str = r#"// Entry of the CDK app, supplied by iacgrade: the answer defines no entry.
import * as cdk from 'aws-cdk-lib';
import { TapStack } from '../lib/tap-stack';

const app = new cdk.App();
const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
new TapStack(app, `TapStack${environmentSuffix}`, { environmentSuffix });
"#;

const CDK_JSON: &str = "{\n  \"app\": \"npx ts-node --prefer-ts-exts bin/tap.ts\"\n}\n";

/// The entry files the pipeline's repositories provide, for an answer that defines a
/// `TapStack` and no entry. `text_of` gives the planned text of a path (None when absent).
pub fn scaffold(
    platform: Option<Platform>,
    language: Option<Language>,
    text_of: &dyn Fn(&str) -> Option<String>,
    project_name: &str,
) -> Vec<(String, String)> {
    let has = |p: &str| text_of(p).is_some();
    let defines_tap_stack = |p: &str| text_of(p).is_some_and(|t| t.contains("class TapStack"));
    let mut files = Vec::new();
    match (platform, language) {
        (Some(Platform::Pulumi), Some(Language::Py)) => {
            let has_entry = ["__main__.py", "tap.py", "main.py"].iter().any(|p| has(p));
            if !has_entry && defines_tap_stack("lib/tap_stack.py") {
                files.push(("tap.py".to_string(), PULUMI_PY_ENTRY.to_string()));
                if !has("Pulumi.yaml") {
                    files.push((
                        "Pulumi.yaml".to_string(),
                        format!("name: {project_name}\nruntime: python\nmain: tap.py\n"),
                    ));
                }
            }
        }
        (Some(Platform::Cdk), Some(Language::Ts)) => {
            if !has("bin/tap.ts") && defines_tap_stack("lib/tap-stack.ts") {
                files.push(("bin/tap.ts".to_string(), CDK_TS_ENTRY.to_string()));
            }
            let has_app = has("bin/tap.ts") || !files.is_empty();
            if has_app && !has("cdk.json") {
                files.push(("cdk.json".to_string(), CDK_JSON.to_string()));
            }
        }
        _ => {}
    }
    files
}

fn looks_like_template_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".yml", ".yaml", ".json", ".template"]
        .iter()
        .any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::Origin;

    fn block(lang: &str, text: &str, line: usize) -> SourceFile {
        SourceFile {
            path: None,
            declared_language: Some(lang.into()),
            text: text.into(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: line,
        }
    }

    #[test]
    fn the_largest_unlabelled_template_becomes_lib_tapstack() {
        let files = [
            block("yaml", "Resources:\n  A: {Type: AWS::S3::Bucket}\n", 5),
            block(
                "yaml",
                "Resources:\n  A: {Type: AWS::S3::Bucket}\n  B: {Type: AWS::SQS::Queue}\n",
                20,
            ),
            block("bash", "aws cloudformation deploy", 40),
        ];
        let placed = place_unnamed(&files, Some(Platform::Cfn), None, &|_| false, "t");
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].path, "lib/TapStack.yml");
        assert_eq!(placed[0].line, 20);
    }

    #[test]
    fn a_single_pulumi_program_becomes_the_entry_with_a_project_file() {
        let files = [block(
            "python",
            "import pulumi\nimport pulumi_aws as aws\n",
            3,
        )];
        let placed = place_unnamed(
            &files,
            Some(Platform::Pulumi),
            Some(Language::Py),
            &|_| false,
            "shop",
        );
        let paths: Vec<&str> = placed.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["__main__.py", "Pulumi.yaml"]);
        assert!(placed[1].text.contains("runtime: python"));
        let taken = |p: &str| p == "tap.py";
        assert!(place_unnamed(
            &files,
            Some(Platform::Pulumi),
            Some(Language::Py),
            &taken,
            "s"
        )
        .is_empty());
    }

    #[test]
    fn a_tap_stack_without_entry_gets_the_pipelines_entry() {
        let planned = |p: &str| {
            (p == "lib/tap_stack.py").then(|| "class TapStack(pulumi.ComponentResource):".into())
        };
        let files = scaffold(Some(Platform::Pulumi), Some(Language::Py), &planned, "shop");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["tap.py", "Pulumi.yaml"]);
        assert!(files[0].1.starts_with("# Entry"));
        let cdk =
            |p: &str| (p == "lib/tap-stack.ts").then(|| "export class TapStack extends".into());
        let files = scaffold(Some(Platform::Cdk), Some(Language::Ts), &cdk, "shop");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["bin/tap.ts", "cdk.json"]);
        assert!(scaffold(Some(Platform::Cdk), Some(Language::Ts), &|_| None, "s").is_empty());
    }

    #[test]
    fn terraform_blocks_become_numbered_files() {
        let files = [
            block("hcl", "provider \"aws\" {}\n", 2),
            block("hcl", "resource \"aws_s3_bucket\" \"b\" {}\n", 9),
        ];
        let placed = place_unnamed(&files, Some(Platform::Tf), None, &|_| false, "t");
        let paths: Vec<&str> = placed.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["lib/main.tf", "lib/main_2.tf"]);
    }
}
