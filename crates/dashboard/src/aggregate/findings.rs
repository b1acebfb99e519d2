//! The failure taxonomy: findings counted by rule and severity, split by status, so a dataset
//! owner sees which mistakes models make most (fixed and unfixed findings are model failures;
//! standing ones are in both answers, regressions only in the ideal one; suppressed ones were
//! accepted in the answer or by a baseline and count as none of these).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::task_report::TaskReport;
use crate::vocabulary::is_model_failure;

/// Findings of one group, by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusTally {
    pub fixed: usize,
    pub unfixed: usize,
    pub standing: usize,
    pub regression: usize,
    /// Accepted in the answer or by a baseline, whatever the report's status.
    pub suppressed: usize,
    /// A status this version does not know.
    pub other: usize,
    /// Tasks with at least one model failure (fixed or unfixed) in this group.
    pub tasks_failed: usize,
}

impl StatusTally {
    fn add(&mut self, status: &str) {
        match status {
            "fixed" => self.fixed += 1,
            "unfixed" => self.unfixed += 1,
            "standing" => self.standing += 1,
            "regression" => self.regression += 1,
            "suppressed" => self.suppressed += 1,
            _ => self.other += 1,
        }
    }

    /// Fixed plus unfixed: the findings that count against the model.
    pub fn model_failures(&self) -> usize {
        self.fixed + self.unfixed
    }

    pub fn total(&self) -> usize {
        self.fixed + self.unfixed + self.standing + self.regression + self.suppressed + self.other
    }

    /// The count of a status named as in the contract.
    pub fn count(&self, status: &str) -> usize {
        match status {
            "fixed" => self.fixed,
            "unfixed" => self.unfixed,
            "standing" => self.standing,
            "regression" => self.regression,
            "suppressed" => self.suppressed,
            _ => self.other,
        }
    }
}

/// One rule at one severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleTally {
    /// The rule's name as the first report gave it (`unknown-sdk-symbol`).
    pub name: String,
    pub statuses: StatusTally,
}

/// Findings over the corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingTally {
    pub by_severity: BTreeMap<String, StatusTally>,
    /// Rule id, then severity.
    pub by_rule: BTreeMap<String, BTreeMap<String, RuleTally>>,
    /// Tasks with at least one model failure.
    pub tasks_with_failures: usize,
}

impl FindingTally {
    pub fn add(&mut self, report: &TaskReport) {
        let mut failed_severities = BTreeSet::new();
        let mut failed_rules = BTreeSet::new();
        for finding in &report.findings {
            let severity = finding.severity.as_str();
            self.by_severity
                .entry(severity.to_string())
                .or_default()
                .add(finding.shown_status());
            let rule = self
                .by_rule
                .entry(finding.rule.clone())
                .or_default()
                .entry(severity.to_string())
                .or_default();
            if rule.name.is_empty() {
                rule.name = finding.name.clone();
            }
            rule.statuses.add(finding.shown_status());
            if is_model_failure(finding.shown_status()) {
                failed_severities.insert(severity);
                failed_rules.insert((finding.rule.as_str(), severity));
            }
        }
        for severity in &failed_severities {
            if let Some(tally) = self.by_severity.get_mut(*severity) {
                tally.tasks_failed += 1;
            }
        }
        for (rule, severity) in failed_rules {
            if let Some(tally) = self
                .by_rule
                .get_mut(rule)
                .and_then(|by_severity| by_severity.get_mut(severity))
            {
                tally.statuses.tasks_failed += 1;
            }
        }
        if !failed_severities.is_empty() {
            self.tasks_with_failures += 1;
        }
    }

    /// Rule rows (rule id, severity, tally), most model failures first, then by rule id.
    pub fn rules_by_failures(&self) -> Vec<(&str, &str, &RuleTally)> {
        let mut rows: Vec<(&str, &str, &RuleTally)> = self
            .by_rule
            .iter()
            .flat_map(|(rule, by_severity)| {
                by_severity
                    .iter()
                    .map(move |(severity, tally)| (rule.as_str(), severity.as_str(), tally))
            })
            .collect();
        rows.sort_by(|a, b| {
            b.2.statuses
                .model_failures()
                .cmp(&a.2.statuses.model_failures())
                .then(b.2.statuses.total().cmp(&a.2.statuses.total()))
                .then(a.0.cmp(b.0))
                .then(a.1.cmp(b.1))
        });
        rows
    }
}
