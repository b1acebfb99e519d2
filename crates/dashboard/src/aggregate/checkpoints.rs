//! Checkpoint outcomes per platform: how often each checkpoint (A–L) passes, warns, fails or is
//! skipped, so a dataset owner sees where tasks of one platform go wrong.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::task_report::TaskReport;

/// Counts of one checkpoint's outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CheckTally {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub skip: usize,
    /// A status this version does not know.
    pub other: usize,
}

impl CheckTally {
    fn add(&mut self, status: &str) {
        match status {
            "pass" => self.pass += 1,
            "warn" => self.warn += 1,
            "fail" => self.fail += 1,
            "skip" => self.skip += 1,
            _ => self.other += 1,
        }
    }

    /// How many tasks ran this checkpoint at all.
    pub fn total(&self) -> usize {
        self.pass + self.warn + self.fail + self.skip + self.other
    }

    /// The count of a status named as in the contract (`pass`, `warn`, `fail`, `skip`).
    pub fn count(&self, status: &str) -> usize {
        match status {
            "pass" => self.pass,
            "warn" => self.warn,
            "fail" => self.fail,
            "skip" => self.skip,
            _ => self.other,
        }
    }
}

/// Checkpoint outcomes over the corpus, overall and per platform.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckpointRates {
    /// Checkpoint id to the name the first report gave it.
    pub names: BTreeMap<String, String>,
    pub overall: BTreeMap<String, CheckTally>,
    pub by_platform: BTreeMap<String, BTreeMap<String, CheckTally>>,
}

impl CheckpointRates {
    pub fn add(&mut self, report: &TaskReport) {
        let platform = report.platform();
        for checkpoint in &report.checkpoints {
            let id = super::checkpoint_id(&checkpoint.id);
            if !self.names.contains_key(id) && !checkpoint.name.is_empty() {
                self.names.insert(id.to_string(), checkpoint.name.clone());
            }
            self.overall
                .entry(id.to_string())
                .or_default()
                .add(&checkpoint.status);
            self.by_platform
                .entry(platform.to_string())
                .or_default()
                .entry(id.to_string())
                .or_default()
                .add(&checkpoint.status);
        }
    }
}
