//! Rule selection and severity overrides.
//!
//! Selectors are rule codes (`ENC001`) or prefixes of them (`ENC`, `CHK-`, `DIFF`), compared
//! without regard to case; `ALL` selects every rule. As in ruff, the most specific selector
//! decides: with `select = ["ENC"]` and `ignore = ["ENC001"]`, ENC001 is off and ENC002 on; with
//! `select = ["ENC001"]` and `ignore = ["ENC"]`, ENC001 is on. A selector that is both selected
//! and ignored is ignored.

use iacgrade_findings::{Finding, Severity};

/// Which rules may report findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSelection {
    /// `None`: every rule (`ALL`).
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
}

fn normalise(selectors: impl IntoIterator<Item = String>) -> Vec<String> {
    selectors
        .into_iter()
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// How specific the most specific selector of `selectors` matching `code` is: its length (0 for
/// `ALL`); `None` when none matches.
fn specificity(selectors: &[String], code: &str) -> Option<usize> {
    selectors
        .iter()
        .filter_map(|s| {
            if s == "ALL" {
                Some(0)
            } else {
                code.starts_with(s.as_str()).then_some(s.len())
            }
        })
        .max()
}

impl RuleSelection {
    pub fn new(
        select: Option<Vec<String>>,
        extend_select: Vec<String>,
        ignore: Vec<String>,
    ) -> RuleSelection {
        RuleSelection {
            select: select.map(normalise),
            extend_select: normalise(extend_select),
            ignore: normalise(ignore),
        }
    }

    /// Every selector, for checking them against the rule registry.
    pub fn selectors(&self) -> impl Iterator<Item = &str> {
        self.select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .map(String::as_str)
    }

    /// Whether the rule `code` reports findings.
    pub fn is_enabled(&self, code: &str) -> bool {
        let code = code.to_ascii_uppercase();
        let selected = match &self.select {
            None => Some(0),
            Some(list) => specificity(list, &code),
        };
        let selected = selected.max(specificity(&self.extend_select, &code));
        let Some(selected) = selected else {
            return false;
        };
        match specificity(&self.ignore, &code) {
            Some(ignored) => selected > ignored,
            None => true,
        }
    }

    /// Whether every rule is on (nothing to filter).
    pub fn is_everything(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty()
    }
}

/// The configured treatment of findings: which rules report, and at which severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingPolicy {
    pub selection: RuleSelection,
    /// Severity overrides by code or prefix; the most specific one applies.
    pub severity: Vec<(String, Severity)>,
}

impl FindingPolicy {
    /// The overridden severity of rule `code`, if any.
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        let code = code.to_ascii_uppercase();
        self.severity
            .iter()
            .filter_map(|(selector, severity)| {
                let selector = selector.trim().to_ascii_uppercase();
                let specificity = if selector == "ALL" {
                    0
                } else if code.starts_with(&selector) {
                    selector.len()
                } else {
                    return None;
                };
                Some((specificity, *severity))
            })
            .max_by_key(|(specificity, _)| *specificity)
            .map(|(_, severity)| severity)
    }

    /// Drops the findings of rules that are not selected and applies the severity overrides.
    /// Returns whether any severity changed (the caller then derives the categories again).
    pub fn apply(&self, findings: &mut Vec<Finding>) -> bool {
        if !self.selection.is_everything() {
            findings.retain(|f| self.selection.is_enabled(&f.rule));
        }
        let mut changed = false;
        for finding in findings.iter_mut() {
            if let Some(severity) = self.severity_of(&finding.rule) {
                changed |= finding.severity != severity;
                finding.severity = severity;
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn everything_is_selected_by_default() {
        let s = RuleSelection::default();
        assert!(s.is_enabled("API001") && s.is_enabled("CHK-A"));
    }

    #[test]
    fn the_most_specific_selector_decides() {
        let s = RuleSelection::new(Some(strings(&["enc"])), vec![], strings(&["ENC001"]));
        assert!(!s.is_enabled("ENC001"));
        assert!(s.is_enabled("ENC002"));
        assert!(!s.is_enabled("API001"));
        let s = RuleSelection::new(Some(strings(&["ENC001"])), vec![], strings(&["ENC"]));
        assert!(s.is_enabled("ENC001"));
        assert!(!s.is_enabled("ENC002"));
    }

    #[test]
    fn extend_select_adds_to_select_and_ignore_all_wins_ties() {
        let s = RuleSelection::new(Some(strings(&["API"])), strings(&["REQ"]), vec![]);
        assert!(s.is_enabled("REQ003") && s.is_enabled("API002") && !s.is_enabled("LOG001"));
        let s = RuleSelection::new(None, vec![], strings(&["ALL"]));
        assert!(!s.is_enabled("API001"));
        let s = RuleSelection::new(None, strings(&["DIFF002"]), strings(&["ALL"]));
        assert!(s.is_enabled("DIFF002") && !s.is_enabled("DIFF001"));
    }

    #[test]
    fn the_most_specific_severity_override_applies() {
        let policy = FindingPolicy {
            selection: RuleSelection::default(),
            severity: vec![
                ("LOG".into(), Severity::Low),
                ("LOG002".into(), Severity::High),
            ],
        };
        assert_eq!(policy.severity_of("log001"), Some(Severity::Low));
        assert_eq!(policy.severity_of("LOG002"), Some(Severity::High));
        assert_eq!(policy.severity_of("API001"), None);
    }
}
