//! What part a file plays in an answer: the program itself, its tests, project configuration,
//! commands to type, or none of these. The role sets how much the file weighs in the verdict: a
//! test or a package.json says something about the platform, the program says the most.

use std::sync::LazyLock;

use iacgrade_task::{Language, SourceFile};
use serde::Serialize;

use crate::pattern::LinePattern;

/// The part a file plays in an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    /// Infrastructure code, templates, workflows, scripts: what the task asked for.
    Program,
    /// Unit or integration tests of the program.
    Test,
    /// Project configuration: cdk.json, package.json, Pulumi.yaml, go.mod, requirements.txt ...
    Config,
    /// Shell commands to type (install, deploy), not a script file.
    Commands,
    /// Anything in no language of ours: prose, Dockerfiles, XML.
    Other,
}

impl FileRole {
    /// How much one line of such a file counts towards a platform.
    pub fn weight(self) -> f64 {
        match self {
            FileRole::Program => 1.0,
            FileRole::Test => 0.3,
            FileRole::Config => 0.5,
            FileRole::Commands => 0.2,
            FileRole::Other => 0.2,
        }
    }
}

/// File names that are project configuration wherever they sit.
const CONFIG_NAMES: &[&str] = &[
    "cdk.json",
    "cdk.context.json",
    "cdktf.json",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "jest.config.js",
    "jest.config.ts",
    "requirements.txt",
    "requirements-dev.txt",
    "pipfile",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "go.mod",
    "go.sum",
    "pom.xml",
    "build.gradle",
    "settings.gradle",
    ".gitignore",
    ".npmignore",
    ".eslintrc.json",
    ".eslintrc.js",
    ".prettierrc",
    "pytest.ini",
    "tox.ini",
    "terraform.tfvars",
    "metadata.json",
];

/// Decides the role of one file, given the language it was read as.
pub(crate) fn role_of(file: &SourceFile, language: Option<Language>) -> FileRole {
    if let Some(path) = file.path.as_deref() {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        if is_config_name(name) {
            return FileRole::Config;
        }
        if is_test_path(&lower, name) {
            return FileRole::Test;
        }
    }
    let Some(language) = language else {
        return FileRole::Other;
    };
    if file.path.is_none() && is_config_text(&file.text, language) {
        return FileRole::Config;
    }
    if is_test_text(&file.text, language) {
        return FileRole::Test;
    }
    if language == Language::Sh && !is_script_file(file) {
        return FileRole::Commands;
    }
    FileRole::Program
}

fn is_config_name(name: &str) -> bool {
    CONFIG_NAMES.contains(&name)
        || (name.starts_with("pulumi") && (name.ends_with(".yaml") || name.ends_with(".yml")))
        || name.ends_with(".tfvars")
        || name.starts_with("requirements")
        || name.starts_with("tsconfig")
}

fn is_test_path(path: &str, name: &str) -> bool {
    let in_test_dir = ["test/", "tests/", "__tests__/", "spec/", "__snapshots__/"]
        .iter()
        .any(|dir| path.starts_with(dir) || path.contains(&format!("/{dir}")));
    let test_name = [".test.", ".spec.", "_test.", ".int.", ".unit."]
        .iter()
        .any(|marker| name.contains(marker))
        || name.starts_with("test_")
        || name.starts_with("conftest")
        || name.ends_with("test.java")
        || name.ends_with("tests.java")
        || name.ends_with("test.ts");
    in_test_dir || test_name
}

/// Configuration told by its content, for blocks without a path.
fn is_config_text(text: &str, language: Language) -> bool {
    match language {
        Language::Json => {
            let keys = top_level_json_keys(text);
            let has = |k: &str| keys.iter().any(|key| key == k);
            (has("app") && (has("context") || has("language") || has("watch")))
                || has("compilerOptions")
                || has("dependencies")
                || has("devDependencies")
        }
        Language::Yaml | Language::Yml => {
            let lines: Vec<&str> = text.lines().collect();
            let top = |key: &str| {
                lines
                    .iter()
                    .any(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))
            };
            // Pulumi.yaml (name + runtime) or a stack file (only `config:` at the top).
            (top("name") && top("runtime"))
                || (top("config") && lines.iter().all(|l| is_config_or_nested(l)))
        }
        _ => false,
    }
}

fn is_config_or_nested(line: &str) -> bool {
    line.trim().is_empty()
        || line.starts_with(' ')
        || line.starts_with('#')
        || line.starts_with("config:")
        || line.starts_with("encryptionsalt:")
}

/// The keys of a JSON object's first level, read without a full parse (configuration blocks in
/// answers are often cut short or commented).
fn top_level_json_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    let mut current = String::new();
    let mut after_string_at_depth_one = None;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                if depth == 1 {
                    after_string_at_depth_one = Some(std::mem::take(&mut current));
                }
                continue;
            }
            if depth == 1 {
                current.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                current.clear();
                after_string_at_depth_one = None;
            }
            ':' => {
                if let Some(key) = after_string_at_depth_one.take() {
                    keys.push(key);
                }
            }
            '{' | '[' => {
                depth += 1;
                after_string_at_depth_one = None;
            }
            '}' | ']' => {
                depth -= 1;
                after_string_at_depth_one = None;
            }
            c if c.is_whitespace() => {}
            _ => after_string_at_depth_one = None,
        }
    }
    keys
}

/// Lines that only test code has, per language.
static TEST_MARKS: LazyLock<Vec<(&'static [Language], LinePattern)>> = LazyLock::new(|| {
    use Language::*;
    const ECMA: &[Language] = &[Ts, Js];
    vec![
        (
            ECMA,
            LinePattern::new("describe", r#"^\s*describe(\.each\(.*\))?\(\s*['"`]"#),
        ),
        (
            ECMA,
            LinePattern::new("t", r#"^\s*(test|it)(\.each\(.*\))?\(\s*['"`]"#),
        ),
        (ECMA, LinePattern::new("expect(", r"\bexpect\(")),
        (
            &[Py],
            LinePattern::new("def test_", r"^\s*(async\s+)?def\s+test_\w*\("),
        ),
        (
            &[Py],
            LinePattern::new(
                "",
                r"^\s*(import\s+(pytest|unittest)\b|from\s+(moto|unittest)\b)",
            ),
        ),
        (
            &[Py],
            LinePattern::new("assert", r"^\s*(assert\s|self\.assert\w*\()"),
        ),
        (
            &[Go],
            LinePattern::new(
                "func Test",
                r"^\s*func\s+Test\w*\(\s*\w+\s+\*testing\.T\s*\)",
            ),
        ),
        (&[Java], LinePattern::new("@Test", r"^\s*@Test\b")),
        (
            &[Java],
            LinePattern::new("assert", r"\bassert(That|Equals|True|NotNull)\("),
        ),
    ]
});

/// Test code told by content: at least three lines of test framework use, and more of them than
/// a program that merely contains a self-check would have.
fn is_test_text(text: &str, language: Language) -> bool {
    // A mark whose needle is nowhere in the file matches none of its lines.
    let marks: Vec<&LinePattern> = TEST_MARKS
        .iter()
        .filter(|(languages, _)| languages.contains(&language))
        .map(|(_, p)| p)
        .filter(|p| p.needle_in(text))
        .collect();
    if marks.is_empty() {
        return false;
    }
    let mut hits = 0usize;
    let mut lines = 0usize;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        if marks.iter().any(|p| p.is_match(line)) {
            hits += 1;
        }
    }
    hits >= 3 && hits * 12 >= lines
}

/// A shell file is a script (a program) when it has a shebang or a .sh path.
fn is_script_file(file: &SourceFile) -> bool {
    file.text.trim_start().starts_with("#!") || file.extension().as_deref() == Some("sh")
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::Origin;

    fn file(path: Option<&str>, text: &str) -> SourceFile {
        SourceFile {
            path: path.map(str::to_string),
            declared_language: None,
            text: text.to_string(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 1,
        }
    }

    #[test]
    fn every_pattern_compiles() {
        assert!(TEST_MARKS.iter().all(|(_, p)| p.is_valid()));
    }

    #[test]
    fn roles_from_paths() {
        let ts = Some(Language::Ts);
        assert_eq!(
            role_of(&file(Some("cdk.json"), "{}"), Some(Language::Json)),
            FileRole::Config
        );
        assert_eq!(
            role_of(
                &file(Some("Pulumi.dev.yaml"), "config:"),
                Some(Language::Yaml)
            ),
            FileRole::Config
        );
        assert_eq!(
            role_of(&file(Some("test/tap-stack.unit.test.ts"), ""), ts),
            FileRole::Test
        );
        assert_eq!(
            role_of(
                &file(Some("tests/unit/test_tap_stack.py"), ""),
                Some(Language::Py)
            ),
            FileRole::Test
        );
        assert_eq!(
            role_of(&file(Some("lib/tap-stack.ts"), "export class A {}"), ts),
            FileRole::Program
        );
        assert_eq!(
            role_of(&file(Some("lib/notes.md"), "words"), None),
            FileRole::Other
        );
    }

    #[test]
    fn roles_from_content_when_there_is_no_path() {
        let jest = "import { Template } from 'aws-cdk-lib/assertions';\ndescribe('stack', () => {\n  test('bucket', () => {\n    expect(1).toBe(1);\n  });\n});\n";
        assert_eq!(
            role_of(&file(None, jest), Some(Language::Ts)),
            FileRole::Test
        );
        let cdk_json = "{\n  \"app\": \"npx ts-node bin/tap.ts\",\n  \"context\": {}\n}";
        assert_eq!(
            role_of(&file(None, cdk_json), Some(Language::Json)),
            FileRole::Config
        );
        let pulumi_yaml = "name: tap\nruntime: python\ndescription: x\n";
        assert_eq!(
            role_of(&file(None, pulumi_yaml), Some(Language::Yaml)),
            FileRole::Config
        );
        assert_eq!(
            role_of(&file(None, "npm ci\nnpx cdk deploy\n"), Some(Language::Sh)),
            FileRole::Commands
        );
        assert_eq!(
            role_of(&file(None, "#!/bin/bash\naws s3 ls\n"), Some(Language::Sh)),
            FileRole::Program
        );
    }

    #[test]
    fn top_level_keys_skip_nested_objects() {
        let keys = top_level_json_keys("{\"a\": {\"b\": 1}, \"c\": [\"d\"], \"e\": \"f:g\"}");
        assert_eq!(keys, ["a", "c", "e"]);
    }
}
