//! Which language one file is written in, read from its text.
//!
//! Answers label their code blocks loosely ("yaml" over a JSON template, "typescript" over a shell
//! session, nothing at all), so the text decides: every line votes for the language families whose
//! syntax it shows, the declared language and the file extension add a small prior that settles
//! close calls, and JSON that parses is JSON whatever the label says. Inside the ECMAScript family,
//! type annotations and `interface`s mean TypeScript, `require(` and untyped constructors mean
//! JavaScript.

use std::sync::LazyLock;

use iacgrade_task::{Language, SourceFile};

use crate::ecma_flavour::{ecma_flavour, flips_template_literal};
use crate::pattern::{LinePattern, LinePatternSet};

/// The families told apart by syntax; TypeScript and JavaScript share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Python,
    Ecma,
    Java,
    Go,
    Hcl,
    Yaml,
    Json,
    Shell,
    /// Prose, markdown, Dockerfiles, XML and the like: code, perhaps, but no language of ours.
    Other,
}

const FAMILIES: [Family; 9] = [
    Family::Python,
    Family::Ecma,
    Family::Java,
    Family::Go,
    Family::Hcl,
    Family::Yaml,
    Family::Json,
    Family::Shell,
    Family::Other,
];

/// How a file's language was read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LanguageReading {
    /// `None` when the file is in none of the languages tasks are written in.
    pub language: Option<Language>,
    /// For TypeScript or JavaScript: the line (1-based in the file) that showed which.
    pub flavour_line: Option<usize>,
}

/// Lines read for the family vote: enough to know, few enough to stay fast on huge files.
const SNIFF_LINES: usize = 400;

/// A declared language or extension counts as this many lines of evidence.
const PRIOR_WEIGHT: f64 = 2.0;

/// Reads the language of one file.
pub(crate) fn read_language(file: &SourceFile) -> LanguageReading {
    let declared = declared_family(file);
    let extension = extension_family(file);
    // A README or other document is prose with examples, whatever its blocks look like.
    if matches!(file.extension().as_deref(), Some("md" | "markdown" | "txt")) {
        return LanguageReading {
            language: None,
            flavour_line: None,
        };
    }
    if parses_as_json(&file.text) {
        return LanguageReading {
            language: Some(Language::Json),
            flavour_line: None,
        };
    }
    let mut votes = family_votes(&file.text);
    // JSON that does not parse (cut short, pasted after prose) still has a line that opens an
    // object or array on its own; without one, `"key": value` lines are maps in Go, Python or
    // TypeScript code.
    let opens_like_json = file.text.lines().any(|line| {
        let t = line.trim();
        t == "{" || t == "[" || t.starts_with("{\"")
    });
    if !opens_like_json {
        if let Some(slot) = FAMILIES.iter().position(|f| *f == Family::Json) {
            votes[slot] = 0.0;
        }
    }
    for prior in [declared, extension].into_iter().flatten() {
        if let Some(slot) = FAMILIES.iter().position(|f| *f == prior) {
            votes[slot] += PRIOR_WEIGHT;
        }
    }
    let best = FAMILIES
        .iter()
        .zip(votes.iter())
        .filter(|(_, v)| **v > 0.0)
        // Ties go to the earlier family in FAMILIES; `max_by` keeps the last maximum, so reverse.
        .rev()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(f, _)| *f);
    let Some(family) = best else {
        return LanguageReading {
            language: None,
            flavour_line: None,
        };
    };
    match family {
        Family::Ecma => {
            let (language, flavour_line) = ecma_flavour(file);
            LanguageReading {
                language: Some(language),
                flavour_line,
            }
        }
        other => LanguageReading {
            language: family_language(other, file),
            flavour_line: None,
        },
    }
}

fn family_language(family: Family, file: &SourceFile) -> Option<Language> {
    Some(match family {
        Family::Python => Language::Py,
        Family::Java => Language::Java,
        Family::Go => Language::Go,
        Family::Hcl => Language::Hcl,
        Family::Json => Language::Json,
        Family::Shell => Language::Sh,
        Family::Yaml => {
            let named_yml = file.extension().as_deref() == Some("yml")
                || file
                    .declared_language
                    .as_deref()
                    .is_some_and(|d| d.trim().eq_ignore_ascii_case("yml"));
            if named_yml {
                Language::Yml
            } else {
                Language::Yaml
            }
        }
        Family::Ecma => Language::Ts,
        Family::Other => return None,
    })
}

fn family_of(language: Language) -> Family {
    match language {
        Language::Ts | Language::Js => Family::Ecma,
        Language::Py => Family::Python,
        Language::Java => Family::Java,
        Language::Go => Family::Go,
        Language::Hcl => Family::Hcl,
        Language::Yaml | Language::Yml => Family::Yaml,
        Language::Json => Family::Json,
        Language::Sh => Family::Shell,
    }
}

/// Fence labels and extensions of things that are not code in our languages.
const OTHER_NAMES: &[&str] = &[
    "md",
    "markdown",
    "text",
    "txt",
    "plaintext",
    "dockerfile",
    "docker",
    "html",
    "xml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "csv",
    "sql",
    "groovy",
    "gradle",
    "kotlin",
    "kts",
    "csharp",
    "cs",
    "rust",
    "mermaid",
    "diff",
    "makefile",
    "env",
    "properties",
    "tree",
    "console",
    "output",
    "log",
];

fn family_of_name(name: &str) -> Option<Family> {
    let name = name.trim().to_ascii_lowercase();
    // Fence info strings can carry attributes ("python title=app.py"); the first word names it.
    let word = name.split([' ', ',', '{']).next().unwrap_or_default();
    if word.is_empty() {
        return None;
    }
    if let Some(language) = Language::parse(word) {
        return Some(family_of(language));
    }
    match word {
        "mts" | "cts" => Some(Family::Ecma),
        "tfvars" => Some(Family::Hcl),
        "jsonc" | "json5" => Some(Family::Json),
        _ if OTHER_NAMES.contains(&word) => Some(Family::Other),
        _ => None,
    }
}

fn declared_family(file: &SourceFile) -> Option<Family> {
    file.declared_language.as_deref().and_then(family_of_name)
}

fn extension_family(file: &SourceFile) -> Option<Family> {
    let name = file.path.as_deref()?.rsplit('/').next()?;
    if name.eq_ignore_ascii_case("Dockerfile") || name.eq_ignore_ascii_case("Makefile") {
        return Some(Family::Other);
    }
    file.extension().as_deref().and_then(family_of_name)
}

/// JSON documents parse; a template that parses is JSON even under a "yaml" label.
fn parses_as_json(text: &str) -> bool {
    let trimmed = text.trim();
    let framed = (trimmed.starts_with('{') && trimmed.ends_with('}'))
        || (trimmed.starts_with('[') && trimmed.ends_with(']'));
    framed && serde_json::from_str::<serde_json::Value>(trimmed).is_ok()
}

/// A family's syntax on one line, and how much a matching line counts.
struct FamilyMark {
    family: Family,
    weight: f64,
    pattern: LinePattern,
}

fn mark(family: Family, weight: f64, needle: &'static str, expression: &str) -> FamilyMark {
    FamilyMark {
        family,
        weight,
        pattern: LinePattern::new(needle, expression),
    }
}

static FAMILY_MARKS: LazyLock<Vec<FamilyMark>> = LazyLock::new(|| {
    use Family::*;
    vec![
        // Python
        mark(
            Python,
            2.0,
            "import",
            r"^\s*from\s+[\w.]+\s+import\s+[\w*(]",
        ),
        mark(
            Python,
            1.5,
            "import",
            r"^\s*import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*\s*$",
        ),
        mark(
            Python,
            1.5,
            "def",
            r"^\s*(async\s+)?def\s+\w+\s*\(.*(\)\s*(->\s*.+)?:\s*$|,\s*$|\(\s*$)",
        ),
        mark(Python, 1.5, "class", r"^\s*class\s+\w+\s*(\(.*\))?\s*:\s*$"),
        mark(Python, 1.0, "self.", r"\bself\.\w"),
        mark(
            Python,
            1.0,
            ":",
            r"^\s*(if|elif|for|while|with|except)\b[^{;]*:\s*$",
        ),
        mark(Python, 1.0, ":", r"^\s*(else|try|finally)\s*:\s*$"),
        mark(Python, 1.0, "__", r"^if\s+__name__\s*==\s*"),
        mark(Python, 0.5, "\"\"\"", r#"^\s*(r|f)?""""#),
        mark(
            Python,
            1.0,
            "",
            r"\b(is\s+(not\s+)?None|=\s*(None|True|False))\b",
        ),
        // Keyword arguments on their own line: `vpc=vpc,` (shell assignments never end in a comma).
        mark(
            Python,
            1.0,
            "=",
            r"^\s+[a-z_][a-z0-9_]*=[^=\s].*[,(\[{]\s*$",
        ),
        // TypeScript and JavaScript
        mark(
            Ecma,
            2.0,
            "from",
            r#"^\s*import\s+.*\bfrom\s+['"][^'"]+['"]\s*;?\s*$"#,
        ),
        mark(
            Ecma,
            2.0,
            "import",
            r#"^\s*import\s+['"][^'"]+['"]\s*;?\s*$"#,
        ),
        mark(
            Ecma,
            1.5,
            "export",
            r"^\s*export\s+(default\s+)?(abstract\s+)?(class|const|function|interface|type|enum|async|let)\b",
        ),
        mark(Ecma, 1.5, "require(", r#"(^|[^.\w])require\(\s*['"]"#),
        mark(
            Ecma,
            1.0,
            "",
            r"^\s*(const|let|var)\s+[\w{\[][^=]*=\s*.*[;,({\[`'\x22]?\s*$",
        ),
        mark(Ecma, 1.0, "=>", r"=>\s*[{(]?"),
        mark(Ecma, 1.0, "this.", r"\bthis\.\w+\s*=\s*.*;\s*$"),
        mark(Ecma, 1.0, "constructor", r"^\s*constructor\s*\("),
        mark(Ecma, 0.5, "});", r"^\s*\}\);?\s*$"),
        // Object literal members (`versioned: true,`) and TypeScript class members.
        mark(Ecma, 0.5, ",", r"^\s+[A-Za-z_$][\w$]*\s*:\s*[^\s;].*,\s*$"),
        mark(
            Ecma,
            1.0,
            ":",
            r"^\s*(public|private|protected|readonly)\s+(readonly\s+)?[\w$]+\s*[?!]?\s*:",
        ),
        mark(
            Ecma,
            1.0,
            ":",
            r"\(\s*\w+\s*\??\s*:\s*[A-Za-z_][\w.]*(<.*>)?\s*[,)]",
        ),
        // Java
        mark(Java, 3.0, "package", r"^\s*package\s+[\w.]+\s*;\s*$"),
        mark(
            Java,
            2.0,
            "import",
            r"^\s*import\s+(static\s+)?[\w.]+(\.\*)?\s*;\s*$",
        ),
        mark(
            Java,
            1.5,
            "",
            r"^\s*(public|private|protected)\s+(static\s+)?(final\s+)?(abstract\s+)?(class|interface|enum|record|void|[A-Z]\w*(<.*>)?|int|long|boolean|double)\s+\w+",
        ),
        mark(Java, 1.0, "@Override", r"^\s*@Override\b"),
        mark(Java, 1.0, "final", r"\bfinal\s+[A-Z]\w*(<.*>)?\s+\w+\s*="),
        mark(Java, 1.0, ".builder()", r"\.builder\(\)"),
        mark(Java, 1.0, "String", r"String\[\]\s+\w+|\bString\s+\w+\s*="),
        // Go
        mark(Go, 3.0, "package", r"^\s*package\s+\w+\s*$"),
        mark(Go, 2.0, "import", r#"^\s*import\s*(\(\s*$|"|\w+\s+")"#),
        mark(
            Go,
            2.0,
            "func",
            r"^\s*func\s+(\(\s*\w+\s+\*?[\w.]+\s*\)\s*)?\w+\s*\(",
        ),
        mark(Go, 1.0, ":=", r"\w\s*:=\s*"),
        mark(Go, 1.0, "nil", r"\berr\s*!=\s*nil\b"),
        mark(Go, 1.0, "", r#"^\s*(\w+\s+)?"[\w.-]+(/[\w.-]+)+"\s*$"#),
        mark(Go, 1.0, ".String(", r"\b(jsii|pulumi)\.String\("),
        // Composite literals: `map[string]interface{}{`, `[]string{`, `&s3.BucketArgs{`.
        mark(
            Go,
            1.5,
            "{",
            r"\bmap\[\w+\][\w.{}\[\]*]+\{|\[\]\*?[\w.]+(\{\})?\{|&[\w.]+\{|interface\{\}",
        ),
        // HCL (Terraform)
        mark(
            Hcl,
            3.0,
            "\"",
            r#"^\s*(resource|data)\s+"[\w-]+"\s+"[\w-]+"\s*\{"#,
        ),
        mark(
            Hcl,
            3.0,
            "\"",
            r#"^\s*(variable|output|module|provider)\s+"[\w-]+"\s*\{"#,
        ),
        mark(Hcl, 2.0, "", r"^\s*(terraform|locals)\s*\{\s*$"),
        mark(
            Hcl,
            1.0,
            "",
            r"^\s*(dynamic\s+\x22[\w-]+\x22|lifecycle|ingress|egress|statement|condition|required_providers|backend\s+\x22\w+\x22|filter|principals)\s*\{\s*$",
        ),
        mark(
            Hcl,
            1.0,
            "=",
            r"^\s*(count|for_each|depends_on|source)\s*=\s*",
        ),
        mark(Hcl, 1.0, ".", r"=\s*(var|local|module|data)\.\w"),
        mark(Hcl, 1.0, "${", r"\$\{(var|local|module|data|aws_\w+)\.\w"),
        mark(
            Hcl,
            0.5,
            "=",
            r#"^\s*[\w-]+\s+=\s*("|\d|true\b|false\b|\[\s*$|\{\s*$|aws_\w+\.)"#,
        ),
        // YAML
        mark(
            Yaml,
            1.0,
            ":",
            r"^[A-Za-z_][\w.-]*\s*:(\s+[^\s;{(,][^;]*[^;,{(\s]|\s*)$",
        ),
        mark(
            Yaml,
            1.0,
            ":",
            r"^\s+[A-Za-z_][\w./-]*\s*:(\s+[^\s;{(,][^;]*[^;,{(\s]|\s*[|>]?-?)$",
        ),
        mark(Yaml, 0.5, "- ", r"^\s*-\s+[^-\s]"),
        mark(Yaml, 2.0, "---", r"^---\s*$"),
        // A template's header settles it, however much inline Lambda code follows.
        mark(
            Yaml,
            20.0,
            "AWSTemplateFormatVersion",
            r"^AWSTemplateFormatVersion\s*:",
        ),
        mark(
            Yaml,
            3.0,
            ":",
            r"^(Resources|Parameters|Outputs|Conditions|Mappings|Transform)\s*:\s*$",
        ),
        mark(
            Yaml,
            2.0,
            "!",
            r"(^|\s)!(Ref|Sub|GetAtt|Join|If|Equals|Select|FindInMap|Split|GetAZs|Not|And|Or|ImportValue|Base64|Cidr|Condition)\b",
        ),
        // JSON that does not parse (cut short, commented); half weight, since maps in Go,
        // Python and TypeScript have such lines too.
        mark(
            Json,
            0.5,
            "\"",
            r#"^\s*"[^"]+"\s*:\s*(["{\[]|-?\d|true|false|null)"#,
        ),
        // Shell
        mark(Shell, 3.0, "#!", r"^#!.*\b(bash|sh|zsh)\b"),
        mark(
            Shell,
            1.5,
            "",
            r"^\s*(\$\s+)?(sudo\s+)?(export\s+\w+=|echo\s|cd\s|set\s+-|source\s|chmod\s|mkdir\s|rm\s+-|cp\s|mv\s|curl\s|wget\s|npm\s|npx\s|yarn\s|pip3?\s|pipenv\s|python3?\s|node\s|cdk\s|cdktf\s|terraform\s|pulumi\s|aws\s|sam\s|git\s|docker\s|kubectl\s|go\s+(run|build|test|mod|get)\b|mvn\s|gradle\s|\./gradlew\s|make\s|jq\s|zip\s|brew\s|apt(-get)?\s|yum\s)",
        ),
        mark(
            Shell,
            1.0,
            "",
            r"^\s*(if\s+\[|fi\s*$|then\s*$|do\s*$|done\s*$|esac\s*$|case\s+.*\s+in\s*$|for\s+\w+\s+in\s)",
        ),
        mark(
            Shell,
            1.0,
            "=",
            r#"^\s*(export\s+|local\s+|readonly\s+)?[A-Za-z_]\w*=("[^"]*"|'[^']*'|\$\S*|[^\s,()\[\]{}]*)\s*$"#,
        ),
        mark(Shell, 0.5, "\\", r"\s\\\s*$"),
    ]
});

/// The patterns of [`FAMILY_MARKS`], in its order, and the set that tries them all at once.
static FAMILY_PATTERNS: LazyLock<(Vec<&'static LinePattern>, LinePatternSet)> =
    LazyLock::new(|| {
        let patterns: Vec<&'static LinePattern> = FAMILY_MARKS.iter().map(|m| &m.pattern).collect();
        let set = LinePatternSet::new(patterns.iter().copied());
        (patterns, set)
    });

/// A YAML key whose value is a block scalar (`ZipFile: |`, `run: >-`).
static BLOCK_SCALAR_KEY: LazyLock<LinePattern> =
    LazyLock::new(|| LinePattern::new(":", r"^\s*(-\s+)?[\w.-]+\s*:\s*[|>][-+]?\d*\s*$"));

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Sums, per family, the weight of the marks each line shows (each family counted once a line).
/// Embedded code is skipped: the text of YAML block scalars (Lambda code inlined in a template,
/// a workflow's `run: |` script) and of multi-line template literals (Lambda code inlined in a
/// CDK stack) is not the file's language.
fn family_votes(text: &str) -> [f64; 9] {
    let mut votes = [0.0; 9];
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES);
    let mut block_scalar_indent: Option<usize> = None;
    let mut in_template_literal = false;
    for line in lines {
        let starts_inside = in_template_literal;
        if flips_template_literal(line, in_template_literal) {
            in_template_literal = !in_template_literal;
        }
        if starts_inside {
            continue;
        }
        if let Some(key_indent) = block_scalar_indent {
            if indentation(line) > key_indent {
                continue;
            }
            block_scalar_indent = None;
        }
        // The indicator (`|`, `>`) is checked first: few lines have one.
        if line.contains(['|', '>']) && BLOCK_SCALAR_KEY.is_match(line) {
            block_scalar_indent = Some(indentation(line));
        }
        let mut best = [0.0f64; 9];
        let (patterns, set) = &*FAMILY_PATTERNS;
        set.for_each_match(patterns, line, |index| {
            let mark = &FAMILY_MARKS[index];
            if let Some(slot) = FAMILIES.iter().position(|f| *f == mark.family) {
                best[slot] = best[slot].max(mark.weight);
            }
        });
        for (vote, line_best) in votes.iter_mut().zip(best) {
            *vote += line_best;
        }
    }
    votes
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::Origin;

    fn file(path: Option<&str>, declared: Option<&str>, text: &str) -> SourceFile {
        SourceFile {
            path: path.map(str::to_string),
            declared_language: declared.map(str::to_string),
            text: text.to_string(),
            origin: Origin::IdealResponse,
            document: "lib/IDEAL_RESPONSE.md".into(),
            first_line: 1,
        }
    }

    fn language(path: Option<&str>, declared: Option<&str>, text: &str) -> Option<Language> {
        read_language(&file(path, declared, text)).language
    }

    #[test]
    fn every_pattern_compiles() {
        assert!(FAMILY_MARKS.iter().all(|m| m.pattern.is_valid()));
        assert!(BLOCK_SCALAR_KEY.is_valid());
    }

    #[test]
    fn json_that_parses_is_json_whatever_the_label() {
        let text = "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {}\n}";
        assert_eq!(language(None, Some("yaml"), text), Some(Language::Json));
    }

    #[test]
    fn typescript_shows_in_annotations() {
        let text = "import * as cdk from 'aws-cdk-lib';\nexport class S extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n  }\n}\n";
        let reading = read_language(&file(None, None, text));
        assert_eq!(reading.language, Some(Language::Ts));
        assert_eq!(reading.flavour_line, Some(3));
    }

    #[test]
    fn javascript_shows_in_untyped_constructors_even_under_a_typescript_label() {
        let text = "import * as cdk from 'aws-cdk-lib';\nexport class S extends cdk.Stack {\n  constructor(scope, id, props) {\n    super(scope, id, props);\n  }\n}\n";
        assert_eq!(language(None, Some("typescript"), text), Some(Language::Js));
    }

    #[test]
    fn inline_lambda_code_does_not_make_typescript_javascript() {
        let text = "export class S extends cdk.Stack {\n  constructor(scope: Construct, id: string) {\n    const chars = ' %+~`#$&*';\n    new lambda.Function(this, 'F', {\n      code: lambda.Code.fromInline(`\n        const AWS = require('aws-sdk');\n        exports.handler = async (event) => {\n          return `${event}`;\n        };\n        module.exports = {};\n      `),\n    });\n  }\n}\n";
        assert_eq!(language(None, None, text), Some(Language::Ts));
    }

    #[test]
    fn inline_python_does_not_make_typescript_python() {
        let mut text = String::from(
            "import * as cdk from 'aws-cdk-lib';\nconst code = lambda.Code.fromInline(`\n",
        );
        for i in 0..40 {
            text.push_str(&format!(
                "import boto3\ndef handler_{i}(event, context):\n    return self.x\n"
            ));
        }
        text.push_str("`);\n");
        assert_eq!(
            language(Some("lib/tap-stack.ts"), None, &text),
            Some(Language::Ts)
        );
    }

    #[test]
    fn unmarked_ecmascript_follows_its_label() {
        let text = "import * as cdk from 'aws-cdk-lib';\nconst app = new cdk.App();\n";
        assert_eq!(
            language(Some("bin/app.mjs"), None, text),
            Some(Language::Js)
        );
        assert_eq!(language(None, Some("javascript"), text), Some(Language::Js));
        assert_eq!(language(None, None, text), Some(Language::Ts));
    }

    #[test]
    fn go_java_python_and_hcl_are_told_apart() {
        assert_eq!(
            language(
                None,
                None,
                "package main\n\nimport (\n\t\"fmt\"\n)\n\nfunc main() {\n\tx := 1\n}\n"
            ),
            Some(Language::Go)
        );
        assert_eq!(
            language(None, None, "package com.example;\n\nimport software.amazon.awscdk.App;\n\npublic class Main {\n}\n"),
            Some(Language::Java)
        );
        assert_eq!(
            language(None, None, "import pulumi\nfrom pulumi_aws import s3\n\nclass A:\n    def __init__(self):\n        self.x = 1\n"),
            Some(Language::Py)
        );
        assert_eq!(
            language(
                None,
                None,
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n"
            ),
            Some(Language::Hcl)
        );
    }

    #[test]
    fn maps_in_code_are_not_json_but_pasted_json_is() {
        let go = "package main\n\nfunc main() {\n\tm := map[string]string{\n\t\t\"source\":  \"hashicorp/aws\",\n\t\t\"version\": \"~> 6.0\",\n\t\t\"a\": \"b\",\n\t\t\"c\": \"d\",\n\t}\n}\n";
        assert_eq!(language(None, None, go), Some(Language::Go));
        let cut_short =
            "{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"AWS::S3::Bucket\",\n";
        assert_eq!(language(None, None, cut_short), Some(Language::Json));
        let after_prose = "# Template\n\nThe template:\n\n{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"AWS::S3::Bucket\"\n    }\n  }\n}\n";
        assert_eq!(language(None, None, after_prose), Some(Language::Json));
    }

    #[test]
    fn a_template_with_inline_python_is_yaml() {
        let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ZipFile: |\n");
        for i in 0..30 {
            text.push_str(&format!("          import boto3\n          def handler_{i}(event, context):\n              return self.x\n"));
        }
        assert_eq!(language(None, Some("yaml"), &text), Some(Language::Yaml));
    }

    #[test]
    fn shell_and_yaml() {
        assert_eq!(
            language(None, Some("bash"), "npm install\nnpx cdk deploy --all\n"),
            Some(Language::Sh)
        );
        assert_eq!(
            language(Some(".github/workflows/ci.yml"), None, "name: CI\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"),
            Some(Language::Yml)
        );
        assert_eq!(
            language(
                None,
                None,
                "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
            ),
            Some(Language::Yaml)
        );
    }

    #[test]
    fn prose_and_other_languages_have_none() {
        assert_eq!(
            language(None, Some("markdown"), "Some words about it."),
            None
        );
        assert_eq!(
            language(Some("Dockerfile"), None, "FROM node:18\nRUN npm ci\n"),
            None
        );
        assert_eq!(language(None, None, ""), None);
        assert_eq!(
            language(Some("lib/README.md"), None, "key: value\nother: value\n"),
            None
        );
    }
}
