//! iacgrade's verdicts on the tasks' labelled failures (`existing_labels`), counted per
//! platform: how many of the archive's labels the answers support.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::task_report::TaskReport;

/// The verdicts in the order the dashboard shows them.
pub const VERDICTS: [&str; 3] = ["supported", "unsupported", "outside_answer"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LabelVerdicts {
    /// Tasks whose report carries verdicts (the list may be empty).
    pub tasks: usize,
    /// Per platform, per verdict (a verdict this version does not know is kept as written).
    pub by_platform: BTreeMap<String, BTreeMap<String, usize>>,
}

impl LabelVerdicts {
    pub fn add(&mut self, report: &TaskReport) {
        if report.existing.is_none() && report.existing_labels.is_empty() {
            return;
        }
        self.tasks += 1;
        let platform = self
            .by_platform
            .entry(report.platform().to_string())
            .or_default();
        for label in &report.existing_labels {
            *platform.entry(label.verdict.clone()).or_default() += 1;
        }
    }

    /// Every verdict over all platforms.
    pub fn totals(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for counts in self.by_platform.values() {
            for (verdict, n) in counts {
                *out.entry(verdict.clone()).or_default() += n;
            }
        }
        out
    }

    /// The verdict columns: the known ones, then any other that appears.
    pub fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = VERDICTS.iter().map(|v| v.to_string()).collect();
        for counts in self.by_platform.values() {
            for verdict in counts.keys() {
                if !columns.contains(verdict) {
                    columns.push(verdict.clone());
                }
            }
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_verdicts_per_platform() {
        let report = TaskReport::from_json(
            r#"{"task": {"platform": "cfn"}, "existing": {"labelled": []},
                "existing_labels": [{"verdict": "supported"}, {"verdict": "unsupported"},
                                    {"verdict": "unsupported"}]}"#,
        )
        .expect("valid report");
        let mut v = LabelVerdicts::default();
        v.add(&report);
        v.add(&TaskReport::default());
        assert_eq!(v.tasks, 1);
        assert_eq!(v.by_platform["cfn"]["unsupported"], 2);
        assert_eq!(v.totals()["supported"], 1);
    }
}
