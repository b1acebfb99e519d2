//! Line patterns: a regular expression guarded by a literal that every match must contain.
//!
//! Detection runs every pattern over every line of every file of thousands of tasks; checking a
//! plain substring first keeps that cheap, and writing the literal next to the expression makes
//! each pattern easy to read.

use regex::Regex;

/// One pattern tried on single lines.
pub(crate) struct LinePattern {
    /// A substring every matching line contains; lines without it are skipped unread.
    needle: &'static str,
    /// `None` when the expression did not compile: such a pattern never matches. The expressions
    /// are constants of this crate and the tests of every declaring module check them, so this
    /// only guards against a panic in a release that slipped past the tests.
    regex: Option<Regex>,
}

impl LinePattern {
    pub(crate) fn new(needle: &'static str, expression: &str) -> LinePattern {
        LinePattern {
            needle,
            regex: Regex::new(expression).ok(),
        }
    }

    /// Whether the line matches.
    pub(crate) fn is_match(&self, line: &str) -> bool {
        match &self.regex {
            Some(regex) => line.contains(self.needle) && regex.is_match(line),
            None => false,
        }
    }

    /// The text of the first capture group, when the line matches and the group took part.
    pub(crate) fn capture<'l>(&self, line: &'l str) -> Option<&'l str> {
        if !line.contains(self.needle) {
            return None;
        }
        self.regex
            .as_ref()?
            .captures(line)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str())
    }

    /// Whether the expression compiled (for the tests of modules declaring patterns).
    #[cfg(test)]
    pub(crate) fn is_valid(&self) -> bool {
        self.regex.is_some()
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
    fn capture_returns_the_first_group() {
        let p = LinePattern::new("runtime", r"^runtime:\s*(\w+)");
        assert_eq!(p.capture("runtime: python"), Some("python"));
        assert_eq!(p.capture("name: x"), None);
    }
}
