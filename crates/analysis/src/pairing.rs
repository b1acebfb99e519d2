//! Which file of the model answer corresponds to which file of the ideal side.
//!
//! Files pair by path first (`lib/tap_stack.py` with `lib/tap_stack.py`), then by path suffix
//! (`tap_stack.py` with `lib/tap_stack.py`: answers often drop the folder), then by content:
//! a model file and an ideal file whose lines are at least half the same are the same file,
//! renamed when both have paths. Shell sessions, directory trees and command output are not
//! code and take no part.

use iacgrade_task::SourceFile;
use similar::TextDiff;

/// Content similarity from which two unpaired files count as the same file.
const RENAME_SIMILARITY: f32 = 0.5;

/// Fence languages that never hold project code.
const NOT_CODE: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "console",
    "text",
    "txt",
    "plaintext",
    "output",
    "tree",
    "markdown",
    "md",
    "log",
    "diff",
    "zsh",
    "powershell",
    "cmd",
    "http",
];

/// Whether a file takes part in the comparison.
pub fn is_code(file: &SourceFile) -> bool {
    if file.text.trim().is_empty() {
        return false;
    }
    if let Some(lang) = &file.declared_language {
        if NOT_CODE.contains(&lang.as_str()) && file.path.is_none() {
            return false;
        }
    }
    if let Some(ext) = file.extension() {
        if matches!(ext.as_str(), "md" | "txt" | "lock" | "log") {
            return false;
        }
    }
    // Directory trees drawn with box characters.
    !(file.text.contains("├──") || file.text.contains("└──"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairedBy {
    Path,
    PathSuffix,
    Content,
}

/// One model file and its ideal counterpart (indexes into the sides' file lists).
#[derive(Debug, Clone)]
pub struct FilePair {
    pub model: usize,
    pub ideal: usize,
    pub by: PairedBy,
    /// Share of lines the two files have in common (0–1).
    pub similarity: f32,
}

#[derive(Debug, Clone, Default)]
pub struct FilePairing {
    pub pairs: Vec<FilePair>,
    /// Model code files with no counterpart.
    pub only_in_model: Vec<usize>,
    /// Ideal code files with no counterpart.
    pub only_in_ideal: Vec<usize>,
}

fn similarity(a: &str, b: &str) -> f32 {
    TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_lines(a, b)
        .ratio()
}

fn suffix_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.ends_with(short) && long.as_bytes().get(long.len() - short.len() - 1) == Some(&b'/')
}

pub fn pair_files(model: &[SourceFile], ideal: &[SourceFile]) -> FilePairing {
    let mut model_left: Vec<usize> = (0..model.len()).filter(|&i| is_code(&model[i])).collect();
    let mut ideal_left: Vec<usize> = (0..ideal.len()).filter(|&i| is_code(&ideal[i])).collect();
    let mut pairs = Vec::new();

    let mut take = |model_left: &mut Vec<usize>,
                    ideal_left: &mut Vec<usize>,
                    by: PairedBy,
                    matches: &dyn Fn(&SourceFile, &SourceFile) -> bool| {
        let mut i = 0;
        while i < model_left.len() {
            let m = model_left[i];
            if let Some(pos) = ideal_left
                .iter()
                .position(|&j| matches(&model[m], &ideal[j]))
            {
                let j = ideal_left.remove(pos);
                pairs.push(FilePair {
                    model: m,
                    ideal: j,
                    by,
                    similarity: similarity(&model[m].text, &ideal[j].text),
                });
                model_left.remove(i);
            } else {
                i += 1;
            }
        }
    };
    take(&mut model_left, &mut ideal_left, PairedBy::Path, &|a, b| {
        a.path.is_some() && a.path == b.path
    });
    take(
        &mut model_left,
        &mut ideal_left,
        PairedBy::PathSuffix,
        &|a, b| match (&a.path, &b.path) {
            (Some(x), Some(y)) => suffix_match(x, y),
            _ => false,
        },
    );

    // By content: best pairs first, so one strong match is not stolen by a weaker one.
    let mut candidates = Vec::new();
    for &m in &model_left {
        for &j in &ideal_left {
            let a = &model[m].text;
            let b = &ideal[j].text;
            // Cheap bound before the diff: files of very different size cannot be half alike.
            let (la, lb) = (a.lines().count().max(1), b.lines().count().max(1));
            if la.min(lb) * 3 < la.max(lb) {
                continue;
            }
            let s = similarity(a, b);
            if s >= RENAME_SIMILARITY {
                candidates.push((s, m, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (s, m, j) in candidates {
        if model_left.contains(&m) && ideal_left.contains(&j) {
            model_left.retain(|&x| x != m);
            ideal_left.retain(|&x| x != j);
            pairs.push(FilePair {
                model: m,
                ideal: j,
                by: PairedBy::Content,
                similarity: s,
            });
        }
    }
    pairs.sort_by_key(|p| (p.model, p.ideal));
    FilePairing {
        pairs,
        only_in_model: model_left,
        only_in_ideal: ideal_left,
    }
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
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 1,
        }
    }

    #[test]
    fn pairs_by_path_then_suffix_then_content() {
        let body = "a = 1\nb = 2\nc = 3\nd = 4\n";
        let model = vec![
            file(Some("lib/stack.py"), Some("python"), "x = 1\n"),
            file(Some("tap_stack.py"), Some("python"), "y = 2\n"),
            file(None, Some("python"), body),
            file(None, Some("bash"), "npm install\n"),
        ];
        let ideal = vec![
            file(Some("lib/stack.py"), Some("python"), "x = 2\n"),
            file(Some("lib/tap_stack.py"), Some("python"), "y = 2\n"),
            file(
                Some("lib/other.py"),
                Some("python"),
                &body.replace("d = 4", "d = 5"),
            ),
        ];
        let p = pair_files(&model, &ideal);
        let by: Vec<_> = p.pairs.iter().map(|x| (x.model, x.ideal, x.by)).collect();
        assert_eq!(
            by,
            [
                (0, 0, PairedBy::Path),
                (1, 1, PairedBy::PathSuffix),
                (2, 2, PairedBy::Content)
            ]
        );
        assert!(p.only_in_model.is_empty(), "the shell block is not code");
        assert!(p.only_in_ideal.is_empty());
    }

    #[test]
    fn unrelated_files_stay_unpaired() {
        let model = vec![file(Some("a.tf"), None, "resource \"x\" \"y\" {}\n")];
        let ideal = vec![file(
            Some("b.tf"),
            None,
            "variable \"z\" {}\noutput \"o\" {}\n",
        )];
        let p = pair_files(&model, &ideal);
        assert!(p.pairs.is_empty());
        assert_eq!(p.only_in_model, [0]);
        assert_eq!(p.only_in_ideal, [0]);
    }
}
