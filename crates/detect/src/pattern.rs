//! Line patterns: a regular expression guarded by a literal that every match must contain.
//!
//! Detection runs every pattern over every line of every file of thousands of tasks; checking a
//! plain substring first keeps that cheap, and writing the literal next to the expression makes
//! each pattern easy to read.

use std::cell::RefCell;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};

/// One pattern tried on single lines.
pub(crate) struct LinePattern {
    /// A substring every matching line contains; lines without it are skipped unread.
    needle: &'static str,
    /// The expression as compiled (ASCII word boundaries).
    expression: String,
    /// Compiled on first use: most patterns are only ever tried through a [`LinePatternSet`],
    /// and compiling hundreds of expressions a second time would be most of the start-up.
    /// `None` when the expression did not compile: such a pattern never matches. The expressions
    /// are constants of this crate and the tests of every declaring module check them, so this
    /// only guards against a panic in a release that slipped past the tests.
    regex: OnceLock<Option<Regex>>,
}

impl LinePattern {
    pub(crate) fn new(needle: &'static str, expression: &str) -> LinePattern {
        LinePattern {
            needle,
            expression: ascii_word_boundaries(expression),
            regex: OnceLock::new(),
        }
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| Regex::new(&self.expression).ok())
            .as_ref()
    }

    /// Whether the line matches.
    pub(crate) fn is_match(&self, line: &str) -> bool {
        line.contains(self.needle) && self.regex().is_some_and(|regex| regex.is_match(line))
    }

    /// The text of the first capture group, when the line matches and the group took part.
    pub(crate) fn capture<'l>(&self, line: &'l str) -> Option<&'l str> {
        if !line.contains(self.needle) {
            return None;
        }
        self.regex()?
            .captures(line)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str())
    }

    /// Whether the needle occurs in `text`: checked after a [`LinePatternSet`] reports a match,
    /// so that a set answers exactly as its patterns one by one would, and on a whole file
    /// before its lines are read (no line of a file without the needle can match).
    pub(crate) fn needle_in(&self, text: &str) -> bool {
        text.contains(self.needle)
    }

    /// Whether the expression compiled (for the tests of modules declaring patterns).
    #[cfg(test)]
    pub(crate) fn is_valid(&self) -> bool {
        self.regex().is_some()
    }
}

/// `expression` with its word boundaries (`\b`) made ASCII ones (`(?-u:\b)`). The marks are
/// ASCII code (`import`, `resource`, `self.`), and a Unicode word boundary makes the fast
/// automaton give up on every line holding a non-ASCII character (a comment in another
/// language, a box-drawing tree), falling back to a far slower engine.
fn ascii_word_boundaries(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut chars = expression.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(escaped) => {
                out.push('\\');
                out.push(escaped);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Many line patterns tried together: one pass of one automaton over a line tells which of them
/// match. Detection tries some fifty patterns on every line of every file; one pass instead of
/// fifty is most of its speed. Answers exactly as [`LinePattern::is_match`] on each member would.
pub(crate) struct LinePatternSet {
    /// `None` when the set would not compile as one (a size limit, or a member that does not
    /// compile): members are then tried one by one. Built as `regex::RegexSet` builds its sets.
    set: Option<meta::Regex>,
    /// How many members the set was built from.
    members: usize,
}

thread_local! {
    /// The match set of this thread, reused from line to line; `None` while in use.
    static MATCHED: RefCell<Option<PatternSet>> = const { RefCell::new(None) };
}

impl LinePatternSet {
    pub(crate) fn new<'p>(patterns: impl IntoIterator<Item = &'p LinePattern>) -> LinePatternSet {
        let expressions: Vec<&str> = patterns
            .into_iter()
            .map(|p| p.expression.as_str())
            .collect();
        let config = meta::Config::new()
            .nfa_size_limit(Some(10 << 20))
            .hybrid_cache_capacity(32 << 20)
            .match_kind(MatchKind::All)
            .utf8_empty(true)
            .which_captures(WhichCaptures::None);
        LinePatternSet {
            set: meta::Builder::new()
                .configure(config)
                .syntax(syntax::Config::new().utf8(true))
                .build_many(&expressions)
                .ok(),
            members: expressions.len(),
        }
    }

    /// Calls `found` with the index of every member of `patterns` (the slice the set was built
    /// from, in the same order) that matches the line.
    pub(crate) fn for_each_match(
        &self,
        patterns: &[&LinePattern],
        line: &str,
        mut found: impl FnMut(usize),
    ) {
        match &self.set {
            Some(set) => {
                // Taken out of the thread's slot for the search, so that a `found` that tries
                // another set meanwhile gets a fresh one instead of a borrow error.
                // A set in the slot is empty: it is cleared after use only when something
                // matched, since clearing and listing both walk every member, and most lines
                // match nothing.
                let mut matched = MATCHED
                    .with(|slot| slot.borrow_mut().take())
                    .filter(|m| m.capacity() >= set.pattern_len())
                    .unwrap_or_else(|| PatternSet::new(set.pattern_len()));
                set.which_overlapping_matches(&Input::new(line), &mut matched);
                if !matched.is_empty() {
                    for index in matched.iter() {
                        let index = index.as_usize();
                        if patterns[index].needle_in(line) {
                            found(index);
                        }
                    }
                    matched.clear();
                }
                MATCHED.with(|slot| *slot.borrow_mut() = Some(matched));
            }
            None => {
                for (index, pattern) in patterns.iter().enumerate().take(self.members) {
                    if pattern.is_match(line) {
                        found(index);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needle_guards_the_expression() {
        let p = LinePattern::new("aws_cdk", r"^\s*from\s+aws_cdk\b");
        assert!(p.is_match("from aws_cdk import Stack"));
        assert!(!p.is_match("from aws_cdkx import Stack"));
        assert!(!p.is_match("import pulumi"));
    }

    #[test]
    fn a_broken_expression_never_matches() {
        let p = LinePattern::new("", "(unclosed");
        assert!(!p.is_valid());
        assert!(!p.is_match("(unclosed"));
    }

    #[test]
    fn a_set_reports_what_each_member_would() {
        let patterns = [
            LinePattern::new("import", r"^\s*import\s+\w+"),
            LinePattern::new("", "(unclosed"),
            LinePattern::new("=>", r"=>\s*\{"),
            // The needle is part of the answer: this expression matches lines without it.
            LinePattern::new("xyz", r"\w+"),
        ];
        let members: Vec<&LinePattern> = patterns.iter().collect();
        let set = LinePatternSet::new(members.iter().copied());
        for line in [
            "import os",
            "const f = () => {",
            "plain words",
            "xyz => {",
            "(unclosed",
        ] {
            let mut from_set = Vec::new();
            set.for_each_match(&members, line, |i| from_set.push(i));
            let one_by_one: Vec<usize> = (0..patterns.len())
                .filter(|&i| patterns[i].is_match(line))
                .collect();
            assert_eq!(from_set, one_by_one, "line {line:?}");
        }
    }

    #[test]
    fn valid_patterns_are_tried_as_one_automaton() {
        let patterns = [
            LinePattern::new("import", r"^\s*import\s+\w+"),
            LinePattern::new("=>", r"=>\s*\{"),
        ];
        let members: Vec<&LinePattern> = patterns.iter().collect();
        let set = LinePatternSet::new(members.iter().copied());
        assert!(set.set.is_some());
        // Line after line on one thread: what one line matched is not carried to the next.
        for (line, expected) in [
            ("import x => { y", &[0, 1][..]),
            ("nothing here", &[]),
            ("f => {", &[1]),
        ] {
            let mut found = Vec::new();
            set.for_each_match(&members, line, |i| found.push(i));
            assert_eq!(found, expected, "{line:?}");
        }
    }

    #[test]
    fn word_boundaries_become_ascii_ones() {
        assert_eq!(ascii_word_boundaries(r"\bself\.\w"), r"(?-u:\b)self\.\w");
        // An escaped backslash followed by `b` is a literal, not a boundary.
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
        let p = LinePattern::new("self.", r"\bself\.\w");
        assert!(p.is_match("    x = self.bucket  # données"));
        assert!(!p.is_match("myself.bucket"));
    }

    #[test]
    fn capture_returns_the_first_group() {
        let p = LinePattern::new("runtime", r"^runtime:\s*(\w+)");
        assert_eq!(p.capture("runtime: python"), Some("python"));
        assert_eq!(p.capture("name: x"), None);
    }
}
