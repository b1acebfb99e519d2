//! Checkpoint C — template structure.
//!
//! A task's project tree must have the folders and files its platform's template provides: lib/
//! and test/ (or tests/), plus the platform's own files — cdk.json for CDK, cdktf.json for CDKTF,
//! Pulumi.yaml for Pulumi, a `.tf` file under lib/ for Terraform, a template under lib/ for
//! CloudFormation, lib/analyse.py (or analyze.py, analyse.sh) for analysis tasks and lib/ci-cd.yml
//! for CI/CD tasks; TypeScript and JavaScript projects also need package.json. Tasks stored as
//! documents only (no project tree) are not checked: the checkpoint says so and is skipped.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::{Evidence, Language, Platform, Task};

/// One requirement: a description and the test on the project's file list.
struct Requirement {
    what: &'static str,
    met: fn(&[&str]) -> bool,
}

fn any_under(files: &[&str], dir: &str) -> bool {
    files.iter().any(|f| f.starts_with(dir))
}

fn requirements(platform: Platform, language: Option<Language>) -> Vec<Requirement> {
    let mut reqs = vec![
        Requirement {
            what: "lib/ folder",
            met: |f| any_under(f, "lib/"),
        },
        Requirement {
            what: "test/ or tests/ folder",
            met: |f| any_under(f, "test/") || any_under(f, "tests/"),
        },
    ];
    let node = matches!(language, Some(Language::Ts | Language::Js));
    match platform {
        Platform::Cdk => reqs.push(Requirement {
            what: "cdk.json",
            met: |f| f.contains(&"cdk.json"),
        }),
        Platform::Cdktf => reqs.push(Requirement {
            what: "cdktf.json",
            met: |f| f.contains(&"cdktf.json"),
        }),
        Platform::Pulumi => reqs.push(Requirement {
            what: "Pulumi.yaml",
            met: |f| f.contains(&"Pulumi.yaml"),
        }),
        Platform::Tf => reqs.push(Requirement {
            what: "a .tf file under lib/",
            met: |f| {
                f.iter()
                    .any(|p| p.starts_with("lib/") && p.ends_with(".tf"))
            },
        }),
        Platform::Cfn => reqs.push(Requirement {
            what: "a template (.yml, .yaml or .json) under lib/",
            met: |f| {
                f.iter().any(|p| {
                    p.starts_with("lib/")
                        && (p.ends_with(".yml") || p.ends_with(".yaml") || p.ends_with(".json"))
                })
            },
        }),
        Platform::Analysis => reqs.push(Requirement {
            what: "lib/analyse.py, lib/analyze.py or lib/analyse.sh",
            met: |f| {
                ["lib/analyse.py", "lib/analyze.py", "lib/analyse.sh"]
                    .iter()
                    .any(|p| f.contains(p))
            },
        }),
        Platform::Cicd => reqs.push(Requirement {
            what: "lib/ci-cd.yml",
            met: |f| f.contains(&"lib/ci-cd.yml"),
        }),
    }
    if node && matches!(platform, Platform::Cdk | Platform::Cdktf | Platform::Pulumi) {
        reqs.push(Requirement {
            what: "package.json",
            met: |f| f.contains(&"package.json"),
        });
    }
    reqs
}

pub fn check(task: &Task) -> Checkpoint {
    let name = "Template structure";
    if !task.has_project_tree() {
        return super::checkpoint(
            "C",
            name,
            CheckStatus::Skip,
            "not checked: the task holds documents only, no project tree",
            Vec::new(),
        );
    }
    let Some(platform) = task.metadata.as_ref().and_then(|m| m.platform) else {
        return super::checkpoint(
            "C",
            name,
            CheckStatus::Skip,
            "not checked: no platform in metadata.json to know the template",
            Vec::new(),
        );
    };
    let language = task.metadata.as_ref().and_then(|m| m.language);
    let files: Vec<&str> = task.project_files.iter().map(|f| f.path.as_str()).collect();
    let missing: Vec<Evidence> = requirements(platform, language)
        .into_iter()
        .filter(|r| !(r.met)(&files))
        .map(|r| Evidence::new(".", None, format!("missing {}", r.what)))
        .collect();
    if missing.is_empty() {
        super::checkpoint(
            "C",
            name,
            CheckStatus::Pass,
            format!("{platform} template folders and files present"),
            Vec::new(),
        )
    } else {
        let message = format!(
            "{platform} template incomplete: {}",
            missing
                .iter()
                .map(|e| e.text.trim_start_matches("missing "))
                .collect::<Vec<_>>()
                .join(", ")
        );
        super::checkpoint("C", name, CheckStatus::Fail, message, missing)
    }
}
