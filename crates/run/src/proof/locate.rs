//! Reading a tool's complaint back to its place: the "file:line" references of compilers,
//! tracebacks, linters and Terraform, resolved to the files of the answer and their lines in
//! the answer document.

use crate::report::FileSource;

/// A place a tool named, resolved to a file of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<'s> {
    pub source: &'s FileSource,
    /// 1-based line in the file.
    pub line: usize,
}

impl Located<'_> {
    /// The line of the answer document.
    pub fn document_line(&self) -> usize {
        self.source.first_line + self.line.saturating_sub(1)
    }
}

/// Every (path, line) reference of a log, in order.
fn references(log: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for line in log.lines() {
        let trimmed = line.trim();
        // Python: File "lib/x.py", line 12, in <module>
        if let Some(rest) = trimmed.strip_prefix("File \"") {
            if let Some((path, after)) = rest.split_once('"') {
                if let Some(n) = after.strip_prefix(", line ").and_then(leading_number) {
                    out.push((path.to_string(), n));
                }
            }
            continue;
        }
        // Terraform: on main.tf line 12, in resource "aws_s3_bucket" "b":
        if let Some(rest) = trimmed.strip_prefix("on ") {
            if let Some((path, after)) = rest.split_once(" line ") {
                if let Some(n) = leading_number(after) {
                    out.push((path.to_string(), n));
                    continue;
                }
            }
        }
        out.extend(inline_references(trimmed));
    }
    out
}

/// The digits at the start of `text`.
fn leading_number(text: &str) -> Option<usize> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// "path(12,5)" (tsc) and "path:12" / "path:12:5" (node, ts-node, cfn-lint, stack frames).
fn inline_references(line: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || "/._-@+".contains(c);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_path_char(chars[i].1) || (i > 0 && is_path_char(chars[i - 1].1)) {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i;
        while j < chars.len() && is_path_char(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(line.len(), |c| c.0);
        let path = &line[start..end];
        let has_extension = path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| CODE_EXTENSIONS.contains(&ext));
        if has_extension {
            let after = &line[end..];
            let number = after
                .strip_prefix(':')
                .or_else(|| after.strip_prefix('('))
                .and_then(leading_number);
            if let Some(n) = number {
                out.push((path.to_string(), n));
            }
        }
        i = j.max(i + 1);
    }
    out
}

const CODE_EXTENSIONS: &[&str] = &[
    "ts", "tsx", "js", "mjs", "cjs", "py", "tf", "yml", "yaml", "json", "go", "java",
];

/// The file of the answer a tool's path names: its workspace path, an absolute path inside the
/// workspace, or a path relative to the folder the tool ran in (Terraform's "main.tf").
fn resolve<'s>(path: &str, sources: &'s [FileSource]) -> Option<&'s FileSource> {
    let path = path.trim_start_matches("./");
    let inside = path
        .rsplit_once("/project/")
        .map(|(_, rel)| rel)
        .unwrap_or(path);
    sources.iter().find(|s| s.path == inside).or_else(|| {
        // A relative name from a subfolder: the one source it can only be.
        let mut candidates = sources
            .iter()
            .filter(|s| s.path.ends_with(&format!("/{inside}")));
        let first = candidates.next()?;
        candidates.next().is_none().then_some(first)
    })
}

/// The place of a tool's error among the answer's files: in a Python traceback the innermost
/// frame of the answer's code, elsewhere the first place named.
pub fn locate<'s>(log: &str, sources: &'s [FileSource]) -> Option<Located<'s>> {
    let resolved: Vec<Located<'s>> = references(log)
        .into_iter()
        .filter_map(|(path, line)| resolve(&path, sources).map(|source| Located { source, line }))
        .filter(|l| l.line > 0)
        .collect();
    if log.contains("Traceback (most recent call last)") {
        resolved.last().cloned()
    } else {
        resolved.first().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, first_line: usize) -> FileSource {
        FileSource {
            path: path.into(),
            name: path.into(),
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line,
        }
    }

    #[test]
    fn reads_compilers_tracebacks_and_terraform() {
        let sources = [
            source("lib/tap-stack.ts", 40),
            source("lib/main.tf", 10),
            source("lib/tap_stack.py", 100),
        ];
        let tsc = "lib/tap-stack.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.";
        let at = locate(tsc, &sources).expect("tsc place");
        assert_eq!(
            (at.source.path.as_str(), at.line, at.document_line()),
            ("lib/tap-stack.ts", 12, 51)
        );
        let tf = "Error: Reference to undeclared resource\n\n  on main.tf line 7, in resource \"aws_subnet\" \"a\":\n   7:   vpc_id = aws_vpc.missing.id\n";
        let at = locate(tf, &sources).expect("terraform place");
        assert_eq!((at.source.path.as_str(), at.line), ("lib/main.tf", 7));
        let py = "Traceback (most recent call last):\n  File \"/tmp/iacgrade-run-x/project/tap.py\", line 3, in <module>\n  File \"/tmp/iacgrade-run-x/project/lib/tap_stack.py\", line 30, in __init__\n  File \"/venv/lib/pulumi/x.py\", line 9, in f\nAttributeError: module 'pulumi' has no attribute 'providers'\n";
        let at = locate(py, &sources).expect("python place");
        assert_eq!(
            (at.source.path.as_str(), at.line, at.document_line()),
            ("lib/tap_stack.py", 30, 129)
        );
        let node = "/tmp/iacgrade-run-x/project/lib/tap-stack.ts:8\n  const x = ;\nSyntaxError: Unexpected token ';'";
        assert_eq!(locate(node, &sources).map(|l| l.line), Some(8));
        assert_eq!(locate("error: something went wrong", &sources), None);
    }
}
