//! Deciding whether a piece of text names a project file, and writing that name one way.
//!
//! Answers name files in many spellings: "`./lib/x.ts`", "**lib/x.ts**:", "lib\\x.py",
//! "model\_response.md". All become "lib/x.ts". Just as important is what is *not* a path:
//! "Node.js", "aws_cdk.aws_s3", "e.g.", "v1.2", "https://x/y.json", "Step 2:". A file name must
//! end in an extension we know from infrastructure projects (or be a known extension-less file
//! such as Dockerfile); that single rule rejects nearly all prose.

/// Extensions of files found in infrastructure-as-code projects.
const KNOWN_EXTENSIONS: &[&str] = &[
    "py",
    "pyi",
    "ts",
    "tsx",
    "mts",
    "cts",
    "js",
    "jsx",
    "mjs",
    "cjs",
    "json",
    "jsonc",
    "json5",
    "yaml",
    "yml",
    "tf",
    "tfvars",
    "hcl",
    "go",
    "mod",
    "sum",
    "java",
    "kt",
    "kts",
    "gradle",
    "xml",
    "properties",
    "toml",
    "ini",
    "cfg",
    "conf",
    "txt",
    "md",
    "mdx",
    "sh",
    "bash",
    "zsh",
    "ps1",
    "bat",
    "env",
    "sql",
    "graphql",
    "gql",
    "html",
    "htm",
    "css",
    "template",
    "tpl",
    "j2",
    "jinja",
    "lock",
    "rego",
    "csv",
    "cs",
    "csproj",
    "rb",
    "rs",
    "swift",
    "vtl",
    "mmd",
    "example",
    "sample",
    "dockerfile",
    "cfn",
    "asl",
    "policy",
    "pem",
    "crt",
    "out",
    "log",
    "mk",
    "sbt",
    "scala",
    "php",
    "c",
    "h",
    "cpp",
    "editorconfig",
    "gitignore",
    "dockerignore",
    "npmignore",
    "npmrc",
    "nvmrc",
    "eslintrc",
    "prettierrc",
    "babelrc",
    "flake8",
    "pylintrc",
    "coveragerc",
];

/// File names that carry no extension but are files all the same (compared lower-cased).
const EXTENSIONLESS_NAMES: &[&str] = &[
    "dockerfile",
    "makefile",
    "procfile",
    "jenkinsfile",
    "pipfile",
    "gemfile",
    "vagrantfile",
    "brewfile",
    "license",
    "codeowners",
];

/// Names of libraries and products written like files ("Node.js"); never files in an answer.
const PRODUCT_NAMES: &[&str] = &[
    "node.js",
    "next.js",
    "nuxt.js",
    "vue.js",
    "react.js",
    "express.js",
    "chart.js",
    "d3.js",
    "three.js",
    "nest.js",
    "ember.js",
    "angular.js",
    "backbone.js",
    "socket.io",
    "deno.js",
];

/// The task's own documents: a heading such as "# IDEAL_RESPONSE.md" is a title, not a file.
const TASK_DOCUMENT_STEMS: &[&str] = &[
    "prompt",
    "model_response",
    "ideal_response",
    "model_failures",
];

/// Normalises a raw mention of a file: strips "./", a leading "/", backticks, bold markers,
/// quotes, brackets and trailing punctuation; turns backslashes into slashes and undoes markdown
/// escapes. Returns `None` when what remains is not a file path.
pub(crate) fn normalize_path(raw: &str) -> Option<String> {
    let mut text = raw.trim();
    loop {
        let before = text.len();
        text = text
            .trim_matches(|c: char| {
                matches!(
                    c,
                    '`' | '*' | '"' | '\'' | '(' | ')' | '[' | ']' | '<' | '>' | '{' | '}'
                )
            })
            .trim_end_matches([':', ',', ';', '!', '?'])
            .trim();
        if text.len() == before {
            break;
        }
    }
    // "see lib/x.ts." ends a sentence; a file name does not end with a dot.
    let text = strip_line_range(text.trim_end_matches('.'));
    let mut path = text
        .replace("\\_", "_")
        .replace("\\-", "-")
        .replace('\\', "/");
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    loop {
        if let Some(rest) = path.strip_prefix("./") {
            path = rest.to_string();
        } else if let Some(rest) = path.strip_prefix('/') {
            path = rest.to_string();
        } else {
            break;
        }
    }
    if is_file_path(&path) {
        Some(path)
    } else {
        None
    }
}

/// "lib/x.ts:250-291" or "lib/x.ts:12" names lines of a file; the file is "lib/x.ts".
fn strip_line_range(text: &str) -> &str {
    match text.rsplit_once(':') {
        Some((file, range))
            if !range.is_empty() && range.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            file
        }
        _ => text,
    }
}

/// True when `path` (already normalised) names a file: safe characters, no empty, "." or ".."
/// segments, and a final name with a known extension or a known extension-less name.
fn is_file_path(path: &str) -> bool {
    if path.is_empty() || path.len() > 200 {
        return false;
    }
    let safe = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    if !safe {
        return false;
    }
    if path
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower_name = name.to_ascii_lowercase();
    if !path.contains('/') && PRODUCT_NAMES.contains(&lower_name.as_str()) {
        return false;
    }
    if EXTENSIONLESS_NAMES.contains(&lower_name.as_str()) || lower_name.starts_with("dockerfile.") {
        return true;
    }
    match lower_name.rsplit_once('.') {
        Some((stem, extension)) => {
            if !KNOWN_EXTENSIONS.contains(&extension) {
                return false;
            }
            // ".gitignore" has an empty stem and is a file; "1.md" is a list number, not a file.
            stem.is_empty() || stem.chars().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// True when the path names one of the task's own documents (PROMPT.md, MODEL_RESPONSE2.md,
/// IDEAL_RESPONSE.md, MODEL_FAILURES.md), which answers use as titles.
pub(crate) fn is_task_document(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    TASK_DOCUMENT_STEMS.contains(&stem)
}

/// The extension of a path, lower-cased, or the whole name for extension-less files.
pub(crate) fn extension_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.starts_with("dockerfile") {
        return "dockerfile".to_string();
    }
    match name.rsplit_once('.') {
        Some((_, extension)) => extension.to_string(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_spellings_answers_use() {
        let cases = [
            ("lib/tap_stack.py", "lib/tap_stack.py"),
            ("`bin/tap.ts`", "bin/tap.ts"),
            ("**lib/x.ts**:", "lib/x.ts"),
            ("./lib/x.ts", "lib/x.ts"),
            ("/lib/x.ts", "lib/x.ts"),
            (
                "lib\\infrastructure\\config.py",
                "lib/infrastructure/config.py",
            ),
            ("model\\_stack.py", "model_stack.py"),
            ("(lib/vpc-stack.ts)", "lib/vpc-stack.ts"),
            ("Dockerfile", "Dockerfile"),
            (".gitignore", ".gitignore"),
            ("terraform.tfvars.example", "terraform.tfvars.example"),
            ("Pulumi.dev.yaml", "Pulumi.dev.yaml"),
            ("lib/__init__.py", "lib/__init__.py"),
            ("lib/x.ts.", "lib/x.ts"),
            ("`lib/stack.ts:250-291`", "lib/stack.ts"),
            (
                "lib\\infrastructure\\\\events.py",
                "lib/infrastructure/events.py",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_path(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn rejects_prose_and_code_that_look_like_paths() {
        for raw in [
            "Node.js",
            "aws_cdk.aws_s3",
            "e.g.",
            "v1.2",
            "https://example.com/x.json",
            "Step",
            "1.5",
            "self.bucket",
            "../x.py",
            "x.",
            "a b.py",
            "",
            "${var.name}.json",
        ] {
            assert_eq!(normalize_path(raw), None, "{raw}");
        }
    }

    #[test]
    fn task_documents_are_recognised() {
        assert!(is_task_document("lib/IDEAL_RESPONSE.md"));
        assert!(is_task_document("MODEL_RESPONSE2.md"));
        assert!(!is_task_document("README.md"));
        assert!(!is_task_document("lib/PROMPT.py"));
    }

    #[test]
    fn extensions() {
        assert_eq!(extension_of("lib/X.TS"), "ts");
        assert_eq!(extension_of("Dockerfile.lambda"), "dockerfile");
        assert_eq!(extension_of("Makefile"), "makefile");
    }
}
