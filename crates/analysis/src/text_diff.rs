//! Line differences between paired files: what was kept, what changed, and where each change
//! sits (the resource or function around it), plus a map from model lines to ideal lines used
//! to show the ideal code that replaced a model line.

use iacgrade_task::SourceFile;
use similar::{capture_diff_slices, get_diff_ratio, Algorithm, DiffOp};

use crate::pairing::{diff_lines, FilePair, LineIds};

/// One contiguous change between a model file and its ideal counterpart (1-based, end
/// exclusive; an empty range means nothing on that side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub model_start: usize,
    pub model_end: usize,
    pub ideal_start: usize,
    pub ideal_end: usize,
    /// The resource or function the change belongs to, when one can be named.
    pub anchor: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PairDiff {
    pub pair: FilePair,
    pub model_lines: usize,
    pub ideal_lines: usize,
    /// Model lines the ideal kept unchanged.
    pub unchanged: usize,
    pub hunks: Vec<Hunk>,
    /// For each model line (index = line - 1), the ideal line it is equal to.
    equal_to: Vec<Option<usize>>,
}

impl PairDiff {
    pub fn compute(mut pair: FilePair, model: &SourceFile, ideal: &SourceFile) -> PairDiff {
        let model_lines = model.text.lines().count();
        let ideal_lines = ideal.text.lines().count();
        let ops = if model.text == ideal.text {
            // Identical files: one run of equal lines, no diff needed.
            let len = diff_lines(&model.text).len();
            pair.similarity.get_or_insert(1.0);
            if len == 0 {
                Vec::new()
            } else {
                vec![DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len,
                }]
            }
        } else {
            // The line diff on line numbers: the same diff as on the lines themselves (equal
            // lines get equal numbers), with every comparison one of two integers.
            let mut ids = LineIds::default();
            let (old, new) = (ids.of(&model.text), ids.of(&ideal.text));
            let ops = capture_diff_slices(Algorithm::Myers, &old, &new);
            pair.similarity
                .get_or_insert_with(|| get_diff_ratio(&ops, old.len(), new.len()));
            ops
        };
        let mut equal_to = vec![None; model_lines];
        let mut unchanged = 0;
        let mut hunks = Vec::new();
        for op in &ops {
            match *op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    unchanged += len;
                    for k in 0..len {
                        if let Some(slot) = equal_to.get_mut(old_index + k) {
                            *slot = Some(new_index + k + 1);
                        }
                    }
                }
                _ => {
                    let (old, new) = (op.old_range(), op.new_range());
                    // Neighbouring non-equal ops form one hunk.
                    match hunks.last_mut() {
                        Some(Hunk {
                            model_end,
                            ideal_end,
                            ..
                        }) if *model_end == old.start + 1 && *ideal_end == new.start + 1 => {
                            *model_end = old.end + 1;
                            *ideal_end = new.end + 1;
                        }
                        _ => hunks.push(Hunk {
                            model_start: old.start + 1,
                            model_end: old.end + 1,
                            ideal_start: new.start + 1,
                            ideal_end: new.end + 1,
                            anchor: None,
                        }),
                    }
                }
            }
        }
        if !hunks.is_empty() {
            let model_text: Vec<&str> = model.text.lines().collect();
            let ideal_text: Vec<&str> = ideal.text.lines().collect();
            let mut model_search = UpwardSearch::new(&model_text);
            let mut ideal_search = UpwardSearch::new(&ideal_text);
            for h in &mut hunks {
                let line = if h.model_end > h.model_start {
                    h.model_start
                } else {
                    h.model_start.saturating_sub(1).max(1)
                };
                h.anchor = model_search
                    .definition_above(line)
                    .or_else(|| ideal_search.definition_above(h.ideal_start));
            }
        }
        PairDiff {
            pair,
            model_lines,
            ideal_lines,
            unchanged,
            hunks,
            equal_to,
        }
    }

    /// The ideal line that stands where a model line stood: the line it is equal to, or, for a
    /// changed line, the ideal line at the same offset after the last equal line above it.
    pub fn ideal_line_for(&self, model_line: usize) -> usize {
        if model_line == 0 || self.equal_to.is_empty() {
            return 1;
        }
        let idx = (model_line - 1).min(self.equal_to.len() - 1);
        if let Some(l) = self.equal_to[idx] {
            return l;
        }
        for back in (0..idx).rev() {
            if let Some(l) = self.equal_to[back] {
                return (l + (idx - back)).min(self.ideal_lines.max(1));
            }
        }
        (idx + 1).min(self.ideal_lines.max(1))
    }

    /// Whether a model line was changed by the ideal answer.
    pub fn is_changed(&self, model_line: usize) -> bool {
        model_line >= 1
            && self
                .equal_to
                .get(model_line - 1)
                .is_some_and(|l| l.is_none())
    }
}

/// The nearest definition at or above `line` that names a place in the code: a resource block,
/// a CloudFormation logical id, a function or a class.
pub fn enclosing_definition(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    definition_above(&lines, line)
}

/// [`definition_above`] asked for lines in increasing order, as the hunks of a diff come: each
/// question reads only the lines since the previous one (a file with hundreds of changes is
/// not read upwards hundreds of times).
struct UpwardSearch<'l> {
    lines: &'l [&'l str],
    /// The last line asked about (exclusive end of the lines read) and its answer.
    read_to: usize,
    found: Option<String>,
}

impl<'l> UpwardSearch<'l> {
    fn new(lines: &'l [&'l str]) -> Self {
        UpwardSearch {
            lines,
            read_to: 0,
            found: None,
        }
    }

    fn definition_above(&mut self, line: usize) -> Option<String> {
        let start = line.min(self.lines.len());
        if start < self.read_to {
            // Out of order: read from the line itself.
            return definition_above(self.lines, line);
        }
        if let Some(found) = self.lines[self.read_to..start]
            .iter()
            .rev()
            .find_map(|l| definition_on(l))
        {
            self.found = Some(found);
        }
        self.read_to = start;
        self.found.clone()
    }
}

/// [`enclosing_definition`] on a text already cut into lines.
fn definition_above(lines: &[&str], line: usize) -> Option<String> {
    let start = line.min(lines.len());
    lines[..start].iter().rev().find_map(|l| definition_on(l))
}

/// The definition a line opens, when it opens one with a name.
fn definition_on(l: &str) -> Option<String> {
    let t = l.trim_start();
    let indent = l.len() - t.len();
    let found = if let Some(rest) = t.strip_prefix("resource \"") {
        Some(format!(
            "resource {}",
            rest.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
                .replace('"', "")
        ))
    } else if let Some(rest) = t.strip_prefix("def ") {
        rest.split('(').next().map(|n| format!("def {n}"))
    } else if let Some(rest) = t.strip_prefix("class ") {
        rest.split([':', '(', ' ', '{'])
            .next()
            .map(|n| format!("class {n}"))
    } else if let Some(rest) = t
        .strip_prefix("function ")
        .or_else(|| t.strip_prefix("export function "))
        .or_else(|| t.strip_prefix("async function "))
    {
        rest.split('(')
            .next()
            .map(|n| format!("function {}", n.trim()))
    } else if indent == 2 && t.ends_with(':') && !t.starts_with('-') && !t.starts_with('#') {
        // A CloudFormation logical id under Resources/Outputs (two-space indent).
        Some(t.trim_end_matches(':').to_string())
    } else {
        None
    };
    found.filter(|f| !f.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairing::PairedBy;
    use iacgrade_task::Origin;

    fn f(text: &str) -> SourceFile {
        SourceFile {
            path: Some("lib/x.py".into()),
            declared_language: None,
            text: text.into(),
            origin: Origin::ModelResponse,
            document: "d".into(),
            first_line: 1,
        }
    }

    #[test]
    fn maps_lines_and_names_the_function_of_each_change() {
        let model = f("def build():\n    a = 1\n    b = 2\n    c = 3\n");
        let ideal = f("def build():\n    a = 1\n    b = 20\n    c = 3\n    d = 4\n");
        let pair = FilePair {
            model: 0,
            ideal: 0,
            by: PairedBy::Path,
            similarity: None,
        };
        let d = PairDiff::compute(pair, &model, &ideal);
        assert_eq!(d.unchanged, 3);
        assert_eq!(d.hunks.len(), 2);
        assert_eq!(d.hunks[0].model_start, 3);
        assert_eq!(d.hunks[0].anchor.as_deref(), Some("def build"));
        assert!(d.is_changed(3));
        assert_eq!(d.ideal_line_for(3), 3);
        assert_eq!(d.ideal_line_for(4), 4);
    }

    #[test]
    fn the_upward_search_answers_as_reading_up_from_each_line() {
        let text = "x = 0\ndef a():\n    pass\n\nclass B:\n    y = 1\n  Bucket:\n    z\ndef c():\n";
        let lines: Vec<&str> = text.lines().collect();
        for step in 1..4 {
            let mut search = UpwardSearch::new(&lines);
            for line in (0..=lines.len() + 1).step_by(step) {
                assert_eq!(
                    search.definition_above(line),
                    definition_above(&lines, line),
                    "line {line}, step {step}"
                );
            }
        }
        // Asked out of order, it still answers.
        let mut search = UpwardSearch::new(&lines);
        assert_eq!(search.definition_above(8).as_deref(), Some("Bucket"));
        assert_eq!(search.definition_above(3).as_deref(), Some("def a"));
    }

    proptest::proptest! {
        /// The diff on line numbers is the diff on the lines, small files (compared line by
        /// line by the library) and large ones (numbered by the library itself) alike.
        #[test]
        fn numbered_lines_diff_as_the_lines_do(
            a in proptest::collection::vec(proptest::sample::select(vec!["a\n", "b\n", "c\r\n", "d\r", "e"]), 0..160),
            b in proptest::collection::vec(proptest::sample::select(vec!["a\n", "b\n", "c\r\n", "d\r", "e"]), 0..160),
        ) {
            let (a, b) = (a.concat(), b.concat());
            let mut ids = LineIds::default();
            let (old, new) = (ids.of(&a), ids.of(&b));
            let by_number = capture_diff_slices(Algorithm::Myers, &old, &new);
            let by_line = similar::TextDiff::from_lines(&a, &b);
            proptest::prop_assert_eq!(&by_number, &by_line.ops().to_vec());
            proptest::prop_assert_eq!(get_diff_ratio(&by_number, old.len(), new.len()), by_line.ratio());
        }
    }
}
