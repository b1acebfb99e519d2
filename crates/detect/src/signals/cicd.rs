//! CI/CD pipeline definitions in YAML: GitHub Actions workflows (`on:` + `jobs:` + `runs-on:` or
//! `steps:`), GitLab CI (`stages:` + jobs with `script:`), Azure Pipelines (`trigger:`/`pool:` +
//! stages, jobs or tasks), CircleCI (`version: 2.1` + `jobs:`/`workflows:`), Bitbucket
//! (`pipelines:` + `step:`) and Google Cloud Build (`steps:` + `substitutions:`/`options:`). An AWS CodeBuild buildspec is a weak sign: IaC tasks ship them too.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{FileView, Signal};
use crate::pattern::LinePattern;

/// A kind of pipeline file: the keys that must all be present, the first one being the
/// evidence shown, and how strongly the kind says "CI/CD task".
struct PipelineKind {
    required: Vec<LinePattern>,
    strength: f64,
}

static KINDS: LazyLock<Vec<PipelineKind>> = LazyLock::new(|| {
    let p = LinePattern::new;
    vec![
        // GitHub Actions
        PipelineKind {
            required: vec![
                p("on", r#"^(on|"on"|'on'|true)\s*:"#),
                p("jobs", r"^jobs\s*:\s*$"),
                p("", r"^\s+(runs-on|steps|uses)\s*:"),
            ],
            strength: 1.0,
        },
        // GitLab CI
        PipelineKind {
            required: vec![
                p("stages", r"^stages\s*:\s*$"),
                p("", r"^\s+(script|stage)\s*:"),
            ],
            strength: 1.0,
        },
        // Azure Pipelines
        PipelineKind {
            required: vec![
                p("", r"^(trigger|pool|pr)\s*:"),
                p(
                    "",
                    r"^\s*-\s*(stage|job|task|deployment|script|template)\s*:",
                ),
            ],
            strength: 1.0,
        },
        // CircleCI
        PipelineKind {
            required: vec![
                p("version", r"^version\s*:\s*['\x22]?2(\.1)?['\x22]?\s*$"),
                p("", r"^(jobs|workflows|orbs)\s*:"),
            ],
            strength: 1.0,
        },
        // Bitbucket Pipelines
        PipelineKind {
            required: vec![
                p("pipelines", r"^pipelines\s*:"),
                p("step", r"^\s*-?\s*step\s*:"),
            ],
            strength: 1.0,
        },
        // Google Cloud Build
        PipelineKind {
            required: vec![
                p("steps", r"^steps\s*:\s*$"),
                p("", r"^(substitutions|availableSecrets|options|timeout)\s*:"),
            ],
            strength: 1.0,
        },
        // AWS CodeBuild buildspec
        PipelineKind {
            required: vec![
                p("version", r"^version\s*:\s*['\x22]?0\.[12]"),
                p("phases", r"^phases\s*:"),
            ],
            strength: 0.3,
        },
    ]
});

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    if !matches!(view.language, Some(Language::Yaml | Language::Yml)) {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = view.code_lines().collect();
    let mut signals = Vec::new();
    for kind in KINDS.iter() {
        let mut firsts = Vec::new();
        for pattern in &kind.required {
            match lines.iter().find(|(_, text)| pattern.is_match(text)) {
                Some(found) => firsts.push(*found),
                None => break,
            }
        }
        if firsts.len() == kind.required.len() {
            signals.extend(firsts.into_iter().map(|(line, text)| Signal {
                platform: Platform::Cicd,
                strength: kind.strength,
                line,
                text: text.to_string(),
            }));
            break;
        }
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_role::FileRole;
    use crate::signals::test_support::found;

    #[test]
    fn every_pattern_compiles() {
        assert!(KINDS.iter().flat_map(|k| &k.required).all(|p| p.is_valid()));
    }

    #[test]
    fn github_actions_workflow() {
        let text = "name: CI\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n";
        assert_eq!(
            found(scan, Some(Language::Yml), FileRole::Program, None, text),
            [(2, 1.0), (5, 1.0), (7, 1.0)]
        );
    }

    #[test]
    fn gitlab_and_azure() {
        let gitlab = "stages:\n  - build\nbuild:\n  stage: build\n  script:\n    - make\n";
        assert_eq!(
            found(scan, Some(Language::Yaml), FileRole::Program, None, gitlab).len(),
            2
        );
        let azure =
            "trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - task: NodeTool@0\n";
        assert_eq!(
            found(scan, Some(Language::Yaml), FileRole::Program, None, azure).len(),
            2
        );
    }

    #[test]
    fn cloud_build() {
        let text = "timeout: 3600s\nsteps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, .]\n";
        assert_eq!(
            found(scan, Some(Language::Yaml), FileRole::Program, None, text),
            [(2, 1.0), (1, 1.0)]
        );
    }

    #[test]
    fn templates_and_buildspecs() {
        let template =
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";
        assert!(found(
            scan,
            Some(Language::Yaml),
            FileRole::Program,
            None,
            template
        )
        .is_empty());
        let buildspec = "version: 0.2\nphases:\n  build:\n    commands:\n      - npm test\n";
        assert_eq!(
            found(
                scan,
                Some(Language::Yaml),
                FileRole::Program,
                None,
                buildspec
            ),
            [(1, 0.3), (2, 0.3)]
        );
    }
}
