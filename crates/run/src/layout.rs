//! Conventional places for the code blocks of an answer that name no file.
//!
//! Many answers paste a whole template or program in one unlabelled block. Running them needs a
//! path, and the pipeline's layout says where each platform keeps its code: a CloudFormation
//! template in lib/TapStack.yml (or .json), Terraform in lib/*.tf, a single-file Pulumi program
//! as the project's entry (`__main__.py`, `index.ts`) with a minimal Pulumi.yaml. Answers whose
//! layout cannot be guessed (a CDK app split over bin/ and lib/ without names) are left alone.
//!
//! Programs of several blocks (CDK, CDKTF, Pulumi) are placed by what each block is and by what
//! the placed code imports ([`crate::harness::placement`]); the entry and configuration the
//! pipeline's template provides come from [`crate::harness::project_files`].

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
    let hcl = language_of(file) == Some(Language::Hcl)
        || ["resource \"", "provider \"", "terraform {", "variable \""]
            .iter()
            .any(|k| file.text.contains(k));
    hcl && starts_with_top_level_block(&file.text)
}

/// True when the first line of code opens a Terraform top-level block: a fragment pasted to
/// show one argument would make the whole configuration invalid.
fn starts_with_top_level_block(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| {
        !l.is_empty() && !l.starts_with('#') && !l.starts_with("//") && !l.starts_with("/*")
    });
    first.is_some_and(|l| {
        let word = l
            .split(|c: char| c.is_whitespace() || c == '{')
            .next()
            .unwrap_or("");
        matches!(
            word,
            "resource"
                | "data"
                | "variable"
                | "output"
                | "locals"
                | "module"
                | "provider"
                | "terraform"
                | "import"
                | "moved"
                | "removed"
                | "check"
        )
    })
}

/// Paths for the unnamed code files of an answer, for `platform` and `language`. Only files
/// without a path are considered; `taken` tells which paths the answer already gives. Also
/// returns the blocks left out (document line, why).
pub fn place_unnamed(
    files: &[SourceFile],
    platform: Option<Platform>,
    language: Option<Language>,
    taken: &dyn Fn(&str) -> bool,
    project_name: &str,
) -> (Vec<PlacedFile>, Vec<(usize, String)>) {
    if let (Some(p @ (Platform::Cdk | Platform::Cdktf | Platform::Pulumi)), Some(l)) =
        (platform, language)
    {
        let named: Vec<(String, String)> = files
            .iter()
            .filter_map(|f| {
                let path = crate::workspace::normalise_path(f.path.as_deref()?)?;
                Some((path, f.text.clone()))
            })
            .collect();
        let (placed, left_out) =
            crate::harness::placement::place_program_blocks(files, p, l, &named, taken);
        if !placed.is_empty() {
            return (placed, left_out);
        }
    }
    (
        place_single_files(files, platform, language, taken, project_name),
        Vec::new(),
    )
}

/// One file per platform convention: a template, Terraform files, a one-file Pulumi program.
fn place_single_files(
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
        let (placed, _) = place_unnamed(&files, Some(Platform::Cfn), None, &|_| false, "t");
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
        let (placed, _) = place_unnamed(
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
        .0
        .is_empty());
    }

    #[test]
    fn terraform_blocks_become_numbered_files() {
        let files = [
            block("hcl", "provider \"aws\" {}\n", 2),
            block("hcl", "resource \"aws_s3_bucket\" \"b\" {}\n", 9),
        ];
        let (placed, _) = place_unnamed(&files, Some(Platform::Tf), None, &|_| false, "t");
        let paths: Vec<&str> = placed.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["lib/main.tf", "lib/main_2.tf"]);
    }

    #[test]
    fn terraform_fragments_are_not_run_as_files() {
        let files = [
            block("hcl", "resource \"aws_s3_bucket\" \"b\" {}\n", 2),
            block("hcl", "  tags = merge(var.tags, {})\n  provider \"x\"", 9),
        ];
        let (placed, _) = place_unnamed(&files, Some(Platform::Tf), None, &|_| false, "t");
        let paths: Vec<&str> = placed.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["lib/main.tf"]);
    }
}
