//! The SDK names models invent most, per platform: findings of the API rules (rule ids starting
//! with "API") written by the model, grouped by the name their message quotes between backticks.
//!
//! The API rules write messages such as "module `aws.s3` has no attribute `BucketV9`" or
//! "`aws_s3_bucket` has no argument `acl2`"; the name grouped by is the qualified one the model
//! wrote (`aws.s3.BucketV9`, `aws_s3_bucket.acl2`), so the same invention in two tasks is
//! counted together.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::task_report::{FindingView, TaskReport};

/// How often one invented name appears on one platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InventedApi {
    /// Tasks whose model answer uses it.
    pub tasks: usize,
    /// Places in the code using it, over all tasks (a finding's own place and its `also_at`).
    pub occurrences: usize,
    /// The rules that reported it (`API001`, ...).
    pub rules: BTreeSet<String>,
}

/// Invented names per platform.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InventedApis {
    /// Platform, then the invented name.
    pub by_platform: BTreeMap<String, BTreeMap<String, InventedApi>>,
    /// API findings whose message quotes no name, per platform (counted, not grouped).
    pub without_name: BTreeMap<String, usize>,
}

impl InventedApis {
    pub fn add(&mut self, report: &TaskReport) {
        let platform = report.platform();
        let mut seen_in_task = BTreeSet::new();
        for finding in report.findings.iter().filter(|f| is_model_api_finding(f)) {
            let Some(name) = invented_name(&finding.message) else {
                *self.without_name.entry(platform.to_string()).or_default() += 1;
                continue;
            };
            let entry = self
                .by_platform
                .entry(platform.to_string())
                .or_default()
                .entry(name.clone())
                .or_default();
            entry.occurrences += 1 + finding.also_at.len();
            entry.rules.insert(finding.rule.clone());
            if seen_in_task.insert(name) {
                entry.tasks += 1;
            }
        }
    }

    /// The `limit` most frequent names of a platform: most tasks first, then most occurrences,
    /// then by name.
    pub fn top(&self, platform: &str, limit: usize) -> Vec<(&str, &InventedApi)> {
        let Some(names) = self.by_platform.get(platform) else {
            return Vec::new();
        };
        let mut rows: Vec<(&str, &InventedApi)> =
            names.iter().map(|(n, api)| (n.as_str(), api)).collect();
        rows.sort_by(|a, b| {
            b.1.tasks
                .cmp(&a.1.tasks)
                .then(b.1.occurrences.cmp(&a.1.occurrences))
                .then(a.0.cmp(b.0))
        });
        rows.truncate(limit);
        rows
    }
}

/// An API finding about what the model wrote (not one only in the ideal answer, nor one the
/// answer or a baseline accepted).
fn is_model_api_finding(finding: &FindingView) -> bool {
    finding.rule.starts_with("API")
        && finding.side != "ideal"
        && finding.status != "regression"
        && finding.suppression.is_none()
}

/// The invented name a finding counts under in [`InventedApis`], when it counts at all.
pub fn invented_name_of(finding: &FindingView) -> Option<String> {
    is_model_api_finding(finding)
        .then(|| invented_name(&finding.message))
        .flatten()
}

/// The name a message quotes: the only backticked span, or the first and last joined with a dot
/// ("`aws.s3` has no attribute `BucketV9`" gives `aws.s3.BucketV9`), unless the last already
/// holds the first.
pub fn invented_name(message: &str) -> Option<String> {
    let mut pieces: Vec<&str> = message.split('`').collect();
    // An odd number of backticks leaves a last piece that was never closed.
    if pieces.len().is_multiple_of(2) {
        pieces.pop();
    }
    let spans: Vec<&str> = pieces
        .iter()
        .skip(1)
        .step_by(2)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    match spans.as_slice() {
        [] => None,
        [only] => Some((*only).to_string()),
        [first, .., last] if last.starts_with(first) => Some((*last).to_string()),
        [first, .., last] => Some(format!("{first}.{last}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_the_owner_and_the_missing_member() {
        assert_eq!(
            invented_name("module `aws.s3` has no attribute `BucketV9`").as_deref(),
            Some("aws.s3.BucketV9")
        );
        assert_eq!(
            invented_name("`aws_s3_bucket` has no argument `acl2`").as_deref(),
            Some("aws_s3_bucket.acl2")
        );
        assert_eq!(
            invented_name("unknown resource type `AWS::S3::Bukket`").as_deref(),
            Some("AWS::S3::Bukket")
        );
        assert_eq!(
            invented_name("`aws.s3` has no `aws.s3.Foo`").as_deref(),
            Some("aws.s3.Foo")
        );
    }

    #[test]
    fn messages_without_a_closed_quote_give_no_name() {
        assert_eq!(invented_name("no name here"), None);
        assert_eq!(invented_name("an unclosed `quote"), None);
        assert_eq!(invented_name("empty `` quote"), None);
        assert_eq!(invented_name("`` then `a` and `b").as_deref(), Some("a"));
    }
}
