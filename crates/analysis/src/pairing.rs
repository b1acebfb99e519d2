//! Which file of the model answer corresponds to which file of the ideal side.
//!
//! Files pair by path first (`lib/tap_stack.py` with `lib/tap_stack.py`), then by path suffix
//! (`tap_stack.py` with `lib/tap_stack.py`: answers often drop the folder), then by content:
//! a model file and an ideal file whose lines are at least half the same are the same file,
//! renamed when both have paths. Shell sessions, directory trees and command output are not
//! code and take no part.

use std::collections::HashMap;

use iacgrade_task::SourceFile;

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
    /// Share of lines the two files have in common (0–1): measured here for pairs made by
    /// content; for pairs made by path the diff of the pair measures it ([`PairDiff`]).
    ///
    /// [`PairDiff`]: crate::text_diff::PairDiff
    pub similarity: Option<f32>,
}

#[derive(Debug, Clone, Default)]
pub struct FilePairing {
    pub pairs: Vec<FilePair>,
    /// Model code files with no counterpart.
    pub only_in_model: Vec<usize>,
    /// Ideal code files with no counterpart.
    pub only_in_ideal: Vec<usize>,
}

/// The lines of a text as the line diff cuts them: each line with its line break (`\n`,
/// `\r\n` or a lone `\r`), the last one without when the text does not end in one.
pub(crate) fn diff_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines.push(&text[start..i + 2]);
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                lines.push(&text[start..i + 1]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Twice the lines kept over the lines of both files; 1 for two empty files.
fn ratio(kept: usize, total: usize) -> f32 {
    if total == 0 {
        1.0
    } else {
        2.0 * kept as f32 / total as f32
    }
}

/// Share of lines two files have in common: the ratio a line diff of the two reports, twice
/// the lines it keeps over the lines of both.
#[cfg(test)]
pub(crate) fn similarity(a: &str, b: &str) -> f32 {
    let mut ids = LineIds::default();
    let (a, b) = (ids.of(a), ids.of(b));
    id_similarity(&a, &b, ids.len())
}

/// [`similarity`] of two texts given as line ids.
fn id_similarity(a: &[u32], b: &[u32], distinct: usize) -> f32 {
    ratio(longest_common_lines(a, b, distinct), a.len() + b.len())
}

/// Numbers for lines: equal lines (as the line diff cuts them) get the same number, so that
/// the files of a task are cut and hashed once, not once per pair they are measured in.
#[derive(Default)]
pub(crate) struct LineIds<'t> {
    ids: HashMap<&'t str, u32, foldhash::fast::RandomState>,
}

impl<'t> LineIds<'t> {
    pub(crate) fn of(&mut self, text: &'t str) -> Vec<u32> {
        diff_lines(text)
            .into_iter()
            .map(|line| {
                let next = self.ids.len() as u32;
                *self.ids.entry(line).or_insert(next)
            })
            .collect()
    }

    /// How many distinct lines have a number (numbers are below this).
    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The length of a longest common subsequence of two line lists (ids below `distinct`): the
/// lines a minimal line diff keeps. Content pairing measures every candidate pair of files, and
/// a diff of two files that differ a lot costs their size times their differences; this answer
/// costs the size of one times the size of the other over 64 (the bit-parallel algorithm of
/// Allison and Dix, in Hyyrö's form: one bit per line of the shorter list, one addition per
/// line of the longer).
fn longest_common_lines(a: &[u32], b: &[u32], distinct: usize) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0;
    }
    let words = short.len().div_ceil(64);
    // For each distinct line of `short`, the set of its positions, `words` words each.
    const NONE: u32 = u32::MAX;
    let mut slot_of = vec![NONE; distinct];
    let mut positions: Vec<u64> = Vec::new();
    for (i, &id) in short.iter().enumerate() {
        let slot = &mut slot_of[id as usize];
        if *slot == NONE {
            *slot = (positions.len() / words) as u32;
            positions.resize(positions.len() + words, 0);
        }
        positions[*slot as usize * words + i / 64] |= 1 << (i % 64);
    }
    // A zero bit marks a line of `short` matched so far.
    let mut v = vec![u64::MAX; words];
    for &id in long {
        let slot = slot_of[id as usize];
        if slot == NONE {
            // A line `short` lacks changes nothing.
            continue;
        }
        let slot = slot as usize;
        let matches = &positions[slot * words..(slot + 1) * words];
        let mut carry = false;
        for (word, &m) in v.iter_mut().zip(matches) {
            let kept = *word & m;
            let (sum, c1) = word.overflowing_add(kept);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            *word = sum | (*word & !m);
        }
    }
    let tail = short.len() % 64;
    let ones: usize = v
        .iter()
        .enumerate()
        .map(|(k, &word)| {
            let word = if k + 1 == words && tail != 0 {
                word & ((1u64 << tail) - 1)
            } else {
                word
            };
            word.count_ones() as usize
        })
        .sum();
    short.len() - ones
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
                    similarity: None,
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
    let mut ids = LineIds::default();
    let model_ids: Vec<(usize, Vec<u32>)> = model_left
        .iter()
        .map(|&m| (model[m].text.lines().count().max(1), ids.of(&model[m].text)))
        .collect();
    let ideal_ids: Vec<(usize, Vec<u32>)> = ideal_left
        .iter()
        .map(|&j| (ideal[j].text.lines().count().max(1), ids.of(&ideal[j].text)))
        .collect();
    for (&m, (la, a)) in model_left.iter().zip(&model_ids) {
        for (&j, (lb, b)) in ideal_left.iter().zip(&ideal_ids) {
            // Cheap bound first: files of very different size cannot be half alike.
            if la.min(lb) * 3 < *la.max(lb) {
                continue;
            }
            let s = id_similarity(a, b, ids.len());
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
                similarity: Some(s),
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
    use proptest::prelude::*;
    use similar::TextDiff;

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

    #[test]
    fn lines_are_cut_as_the_diff_cuts_them() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\rc\n\n", "\r\r\n\n", "é\nx"] {
            let diff = TextDiff::from_lines(text, "");
            let expected: Vec<&str> = diff.old_slices().to_vec();
            assert_eq!(diff_lines(text), expected, "{text:?}");
        }
    }

    #[test]
    fn similarity_is_the_ratio_of_a_line_diff() {
        let texts = [
            "a\nb\nc\nd\n",
            "d\nc\nb\na\n",
            "a\nb\nx\nd\n",
            "a\nb\nc\nd",
            "a\r\nb\r\nc\r\nd\r\n",
            "b\na\nb\na\nc\n",
            "",
        ];
        for a in texts {
            for b in texts {
                let diffed = TextDiff::from_lines(a, b).ratio();
                assert_eq!(similarity(a, b), diffed, "{a:?} {b:?}");
            }
        }
        // Reordered lines share every line but not their order.
        assert_eq!(similarity(texts[0], texts[1]), 0.25);
    }

    proptest! {
        /// Lists long enough to take several 64-bit words and to make the diff intern its
        /// lines (past 100), over a small alphabet so that lines repeat and cross.
        #[test]
        fn similarity_agrees_with_the_diff(
            a in prop::collection::vec(prop::sample::select(vec!["a\n", "b\n", "c\n", "d\r\n", "e\r", "f"]), 0..180),
            b in prop::collection::vec(prop::sample::select(vec!["a\n", "b\n", "c\n", "d\r\n", "e\r", "f"]), 0..180),
        ) {
            let (a, b) = (a.concat(), b.concat());
            prop_assert_eq!(similarity(&a, &b), TextDiff::from_lines(&a, &b).ratio());
        }
    }
}
