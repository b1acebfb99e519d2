//! The language a project's configuration or commands name: the `app` command of cdk.json, the
//! `language` of cdktf.json, the `runtime` of Pulumi.yaml; in shell, the template a deploy
//! command passes (`--template-body file://lib/TapStack.json`) and the language's own tools
//! (`pytest`, `pip install`, `go test`, `mvn`, `tsc`).
//!
//! These are a fallback only: when the answer shows the platform but no program file in one of
//! its languages (a cdk.json and a README, or deploy instructions), they still say which
//! language the project is in. A configuration file says it with more authority than a command.

use std::sync::LazyLock;

use iacgrade_task::Language;

use crate::file_role::FileRole;
use crate::pattern::LinePattern;
use crate::project_layout::{file_name, tree_entries};
use crate::signals::FileView;

/// A language named by a configuration line or a command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LanguageHint {
    pub language: Language,
    /// 3 for a configuration file's setting, 1 for a command.
    pub weight: usize,
    /// 1-based line in the file's text.
    pub line: usize,
    pub text: String,
}

static CDK_APP: LazyLock<LinePattern> =
    LazyLock::new(|| LinePattern::new("app", r#"^\s*\{?\s*"app"\s*:\s*"([^"]*)""#));
static CDKTF_LANGUAGE: LazyLock<LinePattern> =
    LazyLock::new(|| LinePattern::new("language", r#"^\s*\{?\s*"language"\s*:\s*"(\w+)""#));
static PULUMI_RUNTIME: LazyLock<LinePattern> =
    LazyLock::new(|| LinePattern::new("runtime", r"^runtime\s*:\s*(\w+)"));
static TEMPLATE_ARGUMENT: LazyLock<LinePattern> = LazyLock::new(|| {
    LinePattern::new(
        "--template",
        r"--template-(?:body|file|url)[\s=]+(?:file://)?\S+\.(json|ya?ml)\b",
    )
});
/// Tools of one language at the start of a command line.
static LANGUAGE_TOOLS: LazyLock<Vec<(Language, LinePattern)>> = LazyLock::new(|| {
    let tool = |language, expression| (language, LinePattern::new("", expression));
    vec![
        tool(
            Language::Py,
            r"^\s*(\$\s+)?(pytest|pipenv\s|poetry\s|pip3?\s+install|python3?\s+(-m\s+)?(pytest|pip|venv|\w+\.py))",
        ),
        tool(Language::Go, r"^\s*(\$\s+)?go\s+(test|run|build|mod|get)\b"),
        tool(Language::Java, r"^\s*(\$\s+)?(mvn|gradle|\./gradlew)\s"),
        tool(Language::Ts, r"^\s*(\$\s+)?(npx\s+)?(tsc|ts-node)\b"),
        // The project's package.json scripts for CloudFormation: `npm run cfn:deploy-json`.
        tool(Language::Json, r"\bnpm\s+run\s+cfn:[\w-]*json\b"),
        tool(Language::Yaml, r"\bnpm\s+run\s+cfn:[\w-]*ya?ml\b"),
    ]
});
static PULUMI_RUNTIME_NAME: LazyLock<LinePattern> =
    LazyLock::new(|| LinePattern::new("name", r"^\s+name\s*:\s*(\w+)\s*$"));

/// The language the command of a cdk.json or cdktf.json `app` runs.
fn language_of_app_command(command: &str) -> Option<Language> {
    let command = command.to_ascii_lowercase();
    if command.contains("python") || command.contains(".py") {
        Some(Language::Py)
    } else if command.contains("ts-node") || command.contains(".ts") || command.contains("tsx ") {
        Some(Language::Ts)
    } else if command.contains("node ") || command.contains(".js") || command.contains(".mjs") {
        Some(Language::Js)
    } else if command.contains("mvn") || command.contains("gradle") || command.contains("java") {
        Some(Language::Java)
    } else if command.contains("go run") || command.contains("go mod") || command.contains(".go") {
        Some(Language::Go)
    } else {
        None
    }
}

fn language_of_runtime(runtime: &str) -> Option<Language> {
    match runtime.to_ascii_lowercase().as_str() {
        // Node.js projects are TypeScript unless their code says otherwise.
        "nodejs" => Some(Language::Ts),
        other => Language::parse(other),
    }
}

/// Weight of a configuration setting against a command.
const CONFIG_WEIGHT: usize = 3;
const COMMAND_WEIGHT: usize = 1;

/// Languages named by one file: settings of a configuration file, tools of shell commands,
/// extensions of the files a directory tree lists.
pub(crate) fn hints(view: &FileView) -> Vec<LanguageHint> {
    if view.language == Some(Language::Sh) {
        return command_hints(view);
    }
    if view.role == FileRole::Other {
        return layout_hints(view);
    }
    let mut hints = Vec::new();
    let mut under_runtime = false;
    for (line, text) in view.code_lines() {
        let language = if let Some(command) = CDK_APP.capture(text) {
            language_of_app_command(command)
        } else if let Some(name) = CDKTF_LANGUAGE.capture(text) {
            Language::parse(name)
        } else if let Some(runtime) = PULUMI_RUNTIME.capture(text) {
            language_of_runtime(runtime)
        } else if under_runtime {
            PULUMI_RUNTIME_NAME
                .capture(text)
                .and_then(language_of_runtime)
        } else {
            None
        };
        under_runtime = text.trim_end() == "runtime:" || (under_runtime && text.starts_with(' '));
        if let Some(language) = language {
            hints.push(LanguageHint {
                language,
                weight: CONFIG_WEIGHT,
                line,
                text: text.to_string(),
            });
        }
    }
    hints
}

/// The language of a program file named in a tree (`tap_stack.py`, `tap-stack.ts`, `TapStack.yml`).
fn language_of_file_name(name: &str) -> Option<Language> {
    let (stem, extension) = name.rsplit_once('.')?;
    if stem.ends_with(".d") || stem.is_empty() {
        return None;
    }
    match extension {
        "yml" | "yaml" => Some(Language::Yaml),
        "py" | "ts" | "js" | "mjs" | "go" | "java" | "json" | "tf" => Language::parse(extension),
        _ => None,
    }
    .filter(|l| *l != Language::Json || stem.eq_ignore_ascii_case("tapstack"))
}

fn layout_hints(view: &FileView) -> Vec<LanguageHint> {
    tree_entries(&view.file.text)
        .iter()
        .filter_map(|entry| {
            Some(LanguageHint {
                language: language_of_file_name(&file_name(entry))?,
                weight: COMMAND_WEIGHT,
                line: entry.line,
                text: entry.text.to_string(),
            })
        })
        .collect()
}

fn command_hints(view: &FileView) -> Vec<LanguageHint> {
    let mut hints = Vec::new();
    for (line, text) in view.code_lines() {
        let template = TEMPLATE_ARGUMENT
            .capture(text)
            .and_then(Language::parse)
            .map(|l| {
                if l == Language::Yml {
                    Language::Yaml
                } else {
                    l
                }
            });
        let tool = LANGUAGE_TOOLS
            .iter()
            .find(|(_, pattern)| pattern.is_match(text))
            .map(|(language, _)| *language);
        if let Some(language) = template.or(tool) {
            hints.push(LanguageHint {
                language,
                weight: COMMAND_WEIGHT,
                line,
                text: text.to_string(),
            });
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_role::FileRole;
    use crate::signals::test_support::source;

    fn hinted(text: &str) -> Vec<(Language, usize)> {
        hinted_as(None, FileRole::Config, text)
    }

    fn hinted_as(language: Option<Language>, role: FileRole, text: &str) -> Vec<(Language, usize)> {
        let file = source(Some("config"), text);
        let view = FileView::new(&file, language, role);
        hints(&view).iter().map(|h| (h.language, h.line)).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        for p in [
            &*CDK_APP,
            &*CDKTF_LANGUAGE,
            &*PULUMI_RUNTIME,
            &*PULUMI_RUNTIME_NAME,
            &*TEMPLATE_ARGUMENT,
        ] {
            assert!(p.is_valid());
        }
        assert!(LANGUAGE_TOOLS.iter().all(|(_, p)| p.is_valid()));
    }

    #[test]
    fn cdk_app_commands() {
        assert_eq!(
            hinted("{\n  \"app\": \"python3 app.py\"\n}"),
            [(Language::Py, 2)]
        );
        assert_eq!(
            hinted("{\"app\": \"npx ts-node --prefer-ts-exts bin/tap.ts\"}"),
            [(Language::Ts, 1)]
        );
        assert_eq!(
            hinted("{\"app\": \"mvn -e -q compile exec:java\"}"),
            [(Language::Java, 1)]
        );
        assert_eq!(
            hinted("{\"app\": \"go mod download && go run tap.go\"}"),
            [(Language::Go, 1)]
        );
    }

    #[test]
    fn cdktf_language_and_pulumi_runtime() {
        assert_eq!(
            hinted("{\n  \"language\": \"typescript\"\n}"),
            [(Language::Ts, 2)]
        );
        assert_eq!(hinted("name: tap\nruntime: python\n"), [(Language::Py, 2)]);
        assert_eq!(
            hinted("name: tap\nruntime:\n  name: go\n  options:\n    binary: x\n"),
            [(Language::Go, 3)]
        );
    }

    #[test]
    fn layouts() {
        let tree = "lib/\n├── tap_stack.py\n├── types.d.ts\n├── TapStack.json\n├── data.json\n└── main.tf\n";
        let found = hinted_as(None, FileRole::Other, tree);
        assert_eq!(
            found,
            [(Language::Py, 2), (Language::Json, 4), (Language::Hcl, 6)]
        );
    }

    #[test]
    fn commands() {
        let sh = |text| hinted_as(Some(Language::Sh), FileRole::Commands, text);
        assert_eq!(
            sh("aws cloudformation deploy \\\n  --template-file lib/TapStack.yml \\"),
            [(Language::Yaml, 2)]
        );
        assert_eq!(
            sh("npm install -g cdktf-cli\npip install -r requirements.txt\npytest tests/ -v"),
            [(Language::Py, 2), (Language::Py, 3)]
        );
        assert_eq!(
            sh("go test ./...\nmvn package"),
            [(Language::Go, 1), (Language::Java, 2)]
        );
    }
}
