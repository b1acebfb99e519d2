//! Which files this front-end reads: Python and TypeScript/JavaScript code, recognised by the
//! declared language, the extension, or (for unlabelled answer blocks) the content; and which of
//! them are tests, whose mocked instantiations would otherwise count resources twice.

use iacgrade_task::{Language, SourceFile};

/// A language this front-end reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLanguage {
    Python,
    TypeScript,
    Tsx,
    JavaScript,
}

/// The language of a file, when it is one this front-end reads.
pub fn code_language(file: &SourceFile) -> Option<CodeLanguage> {
    if let Some(ext) = file.extension() {
        match ext.as_str() {
            "py" => return Some(CodeLanguage::Python),
            "ts" | "mts" | "cts" => {
                if file.path.as_deref().is_some_and(|p| p.ends_with(".d.ts")) {
                    return None;
                }
                return Some(CodeLanguage::TypeScript);
            }
            "tsx" => return Some(CodeLanguage::Tsx),
            "js" | "mjs" | "cjs" => return Some(CodeLanguage::JavaScript),
            "jsx" => return Some(CodeLanguage::Tsx),
            _ => {}
        }
        // A path with another extension is not code of ours, whatever the fence says.
        if file.path.is_some() {
            return None;
        }
    }
    if let Some(declared) = file.declared_language.as_deref() {
        // Info strings carry more than the language: `typescript:Stack:lib/stack.ts`,
        // `python {linenos}`, `ts title="x"`. The language is the first word.
        let d = declared
            .trim()
            .split([':', ' ', '{', ','])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if d == "tsx" || d == "jsx" {
            return Some(CodeLanguage::Tsx);
        }
        return match Language::parse(&d) {
            Some(Language::Py) => Some(CodeLanguage::Python),
            Some(Language::Ts) => Some(CodeLanguage::TypeScript),
            Some(Language::Js) => Some(CodeLanguage::JavaScript),
            _ => None,
        };
    }
    if file.path.is_some() {
        return None;
    }
    sniff(&file.text)
}

/// Guesses the language of an unlabelled block from lines only one of the languages writes.
fn sniff(text: &str) -> Option<CodeLanguage> {
    let mut python = 0;
    let mut script = 0;
    for line in text.lines().take(400) {
        let l = line.trim_start();
        if (l.starts_with("import ") && (l.contains(" from \"") || l.contains(" from '")))
            || l.starts_with("export ")
            || l.starts_with("const ")
            || l.contains("require(\"")
            || l.contains("require('")
            || l.starts_with("interface ")
        {
            script += 1;
        }
        if (l.starts_with("from ") && l.contains(" import "))
            || (l.starts_with("def ") && l.trim_end().ends_with(':'))
            || (l.starts_with("class ") && l.trim_end().ends_with(':'))
            || (l.starts_with("import ") && !l.contains(" from ") && !l.ends_with(';'))
        {
            python += 1;
        }
    }
    match (python, script) {
        (0, 0) => None,
        (p, s) if p > s => Some(CodeLanguage::Python),
        _ => Some(CodeLanguage::TypeScript),
    }
}

/// Tests and test helpers: their resources are mocks of the program's own.
pub fn is_test_file(file: &SourceFile, language: CodeLanguage) -> bool {
    if let Some(path) = file.path.as_deref() {
        let p = path.replace('\\', "/").to_ascii_lowercase();
        let name = p.rsplit('/').next().unwrap_or(&p);
        let in_test_dir = p.starts_with("test/")
            || p.starts_with("tests/")
            || p.contains("/test/")
            || p.contains("/tests/")
            || p.contains("__tests__/");
        if in_test_dir
            || name.starts_with("test_")
            || name.ends_with("_test.py")
            || name == "conftest.py"
            || name.contains(".test.")
            || name.contains(".spec.")
            || name.starts_with("jest.config")
        {
            return true;
        }
    }
    // By content: test imports near the top. An answer block that pastes a stack and its tests
    // into one file is read as the stack (the tests come after it).
    let head_end = file
        .text
        .match_indices('\n')
        .nth(40)
        .map(|(i, _)| i)
        .unwrap_or(file.text.len());
    let t = &file.text[..head_end];
    match language {
        CodeLanguage::Python => {
            t.contains("import pytest")
                || t.contains("import unittest")
                || t.contains("set_mocks(")
                || t.contains("aws_cdk.assertions")
                || t.contains("from aws_cdk import assertions")
                || t.contains("Testing.synth")
        }
        _ => {
            (t.contains("describe(") && t.contains("expect("))
                || t.contains("aws-cdk-lib/assertions")
                || t.contains("Testing.synth")
                || t.contains("setMocks(")
        }
    }
}

/// Entry points run after the library files they use; when an answer shows several, the
/// lowest rank is the one the framework would run (`tap.py` before `__main__.py`, `bin/` before
/// `index.ts`). `None` for library files.
pub fn entry_rank(file: &SourceFile) -> Option<u8> {
    match file.path.as_deref() {
        Some(path) => {
            let p = path.replace('\\', "/");
            let name = p.rsplit('/').next().unwrap_or(&p);
            if p.starts_with("bin/") {
                return Some(0);
            }
            if name.ends_with("__main__.py") {
                return Some(2);
            }
            let rank = [
                "tap.py",
                "__main__.py",
                "main.py",
                "app.py",
                "index.ts",
                "index.js",
                "main.ts",
                "main.js",
                "app.ts",
                "app.js",
                "tap.ts",
            ]
            .iter()
            .position(|n| *n == name);
            match rank {
                Some(r) => Some(r as u8 + 1),
                None => runs_as_program(&file.text).then_some(100),
            }
        }
        None => runs_as_program(&file.text).then_some(100),
    }
}

/// Code that only an entry point has: the `__main__` guard, `app.synth()`.
fn runs_as_program(text: &str) -> bool {
    text.contains(".synth()")
        || text.contains("__name__ == \"__main__\"")
        || text.contains("__name__ == '__main__'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_task::Origin;

    fn file(path: Option<&str>, lang: Option<&str>, text: &str) -> SourceFile {
        SourceFile {
            path: path.map(str::to_string),
            declared_language: lang.map(str::to_string),
            text: text.to_string(),
            origin: Origin::IdealResponse,
            document: "lib/IDEAL_RESPONSE.md".into(),
            first_line: 3,
        }
    }

    #[test]
    fn language_from_extension_fence_or_content() {
        assert_eq!(
            code_language(&file(Some("lib/tap_stack.py"), None, "")),
            Some(CodeLanguage::Python)
        );
        assert_eq!(
            code_language(&file(Some("bin/tap.ts"), Some("python"), "")),
            Some(CodeLanguage::TypeScript)
        );
        assert_eq!(
            code_language(&file(Some("lib/main.tf"), Some("python"), "")),
            None
        );
        assert_eq!(
            code_language(&file(None, Some("typescript"), "")),
            Some(CodeLanguage::TypeScript)
        );
        assert_eq!(code_language(&file(None, Some("yaml"), "")), None);
        assert_eq!(
            code_language(&file(None, Some("typescript:Payment API Stack"), "")),
            Some(CodeLanguage::TypeScript)
        );
        assert_eq!(
            code_language(&file(None, Some("python {linenos}"), "")),
            Some(CodeLanguage::Python)
        );
        assert_eq!(
            code_language(&file(
                None,
                None,
                "import pulumi\nfrom pulumi_aws import s3\n"
            )),
            Some(CodeLanguage::Python)
        );
        assert_eq!(
            code_language(&file(
                None,
                None,
                "import * as cdk from 'aws-cdk-lib';\nconst app = new cdk.App();\n"
            )),
            Some(CodeLanguage::TypeScript)
        );
        assert_eq!(code_language(&file(None, None, "Just prose.")), None);
    }

    #[test]
    fn tests_are_recognised_by_path_and_content() {
        let f = file(Some("tests/unit/test_tap_stack.py"), None, "");
        assert!(is_test_file(&f, CodeLanguage::Python));
        let f = file(Some("test/tap-stack.unit.test.ts"), None, "");
        assert!(is_test_file(&f, CodeLanguage::TypeScript));
        let f = file(None, Some("python"), "import pytest\n");
        assert!(is_test_file(&f, CodeLanguage::Python));
        let f = file(Some("lib/tap_stack.py"), None, "import pulumi\n");
        assert!(!is_test_file(&f, CodeLanguage::Python));
        let stack_then_tests = format!("import pulumi\n{}import unittest\n", "x = 1\n".repeat(60));
        let f = file(Some("lib/tap_stack.py"), None, &stack_then_tests);
        assert!(!is_test_file(&f, CodeLanguage::Python));
    }
}
