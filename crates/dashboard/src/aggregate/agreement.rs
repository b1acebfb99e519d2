//! Agreement with the tasks' own lib/MODEL_FAILURES.md, where a report carries the comparison
//! (`existing`): how many labelled failures iacgrade found and missed, by the severity the
//! document gave them, and how many model failures it reported that the document does not list.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::task_report::TaskReport;

/// The label used for a labelled failure whose document gives no severity.
pub const UNSPECIFIED: &str = "unspecified";

/// Totals by severity over the tasks that were compared.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelAgreement {
    /// Tasks whose report holds a comparison.
    pub tasks: usize,
    /// Of those, tasks whose document lists at least one failure.
    pub tasks_labelled: usize,
    /// Labelled failures, by the severity the document wrote.
    pub labelled: BTreeMap<String, usize>,
    /// Labelled failures some finding matches.
    pub found: BTreeMap<String, usize>,
    /// Labelled failures no finding matches.
    pub missed: BTreeMap<String, usize>,
    /// Model failures the documents do not list, by the finding's severity.
    pub unlabelled: BTreeMap<String, usize>,
    /// Indexes in a comparison that point at nothing (a malformed report), counted and skipped.
    pub dangling_indexes: usize,
}

impl LabelAgreement {
    pub fn add(&mut self, report: &TaskReport) {
        let Some(existing) = &report.existing else {
            return;
        };
        self.tasks += 1;
        self.tasks_labelled += usize::from(!existing.labelled.is_empty());
        let severity_of = |index: usize| {
            existing.labelled.get(index).map(|l| {
                l.severity
                    .as_deref()
                    .map(|s| s.trim().to_ascii_lowercase())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| UNSPECIFIED.to_string())
            })
        };
        for index in 0..existing.labelled.len() {
            if let Some(severity) = severity_of(index) {
                *self.labelled.entry(severity).or_default() += 1;
            }
        }
        let found: BTreeSet<usize> = existing.found.iter().map(|m| m.labelled).collect();
        for index in found {
            match severity_of(index) {
                Some(severity) => *self.found.entry(severity).or_default() += 1,
                None => self.dangling_indexes += 1,
            }
        }
        let missed: BTreeSet<usize> = existing.missed.iter().copied().collect();
        for index in missed {
            match severity_of(index) {
                Some(severity) => *self.missed.entry(severity).or_default() += 1,
                None => self.dangling_indexes += 1,
            }
        }
        let unlabelled: BTreeSet<usize> = existing.unlabelled_findings.iter().copied().collect();
        for index in unlabelled {
            match report.findings.get(index) {
                Some(finding) => *self.unlabelled.entry(finding.severity.clone()).or_default() += 1,
                None => self.dangling_indexes += 1,
            }
        }
    }

    /// The severities that appear anywhere, known ones first in their order, then the rest.
    pub fn severities(&self) -> Vec<String> {
        let mut all: BTreeSet<&str> = BTreeSet::new();
        for map in [&self.labelled, &self.found, &self.missed, &self.unlabelled] {
            all.extend(map.keys().map(String::as_str));
        }
        let mut ordered: Vec<String> = all.into_iter().map(str::to_string).collect();
        ordered.sort_by_key(|s| {
            (
                crate::vocabulary::severity_rank(s),
                s == UNSPECIFIED,
                s.clone(),
            )
        });
        ordered
    }
}
