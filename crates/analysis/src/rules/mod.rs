//! Findings that come from the comparison itself: what the ideal answer added, removed or
//! changed that no other check explains. One rule per file, documented in its doc comment.

mod diff001_resource_missing_in_model;
mod diff002_resource_configuration_changed;
mod diff003_resource_only_in_model;
mod diff004_sdk_name_replaced;

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};

use crate::Comparison;

/// A comparison rule: identity, documentation and the check.
pub struct DiffRule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub documentation: &'static str,
    pub check: fn(&Comparison) -> Vec<Finding>,
}

/// Every comparison rule, in id order.
pub const DIFF_RULES: &[DiffRule] = &[
    diff001_resource_missing_in_model::RULE,
    diff002_resource_configuration_changed::RULE,
    diff003_resource_only_in_model::RULE,
    diff004_sdk_name_replaced::RULE,
];

pub fn by_id(id: &str) -> Option<&'static DiffRule> {
    DIFF_RULES.iter().find(|r| r.id == id)
}

/// A comparison finding, model side, before its status and classification are set.
pub(crate) fn finding(
    rule: &DiffRule,
    severity: Severity,
    file: &str,
    line: Option<usize>,
    message: String,
    fix: String,
    docs: Option<String>,
) -> Finding {
    Finding {
        rule: rule.id.to_string(),
        name: rule.name.to_string(),
        severity,
        category: String::new(),
        status: FindingStatus::Fixed,
        side: Side::Model,
        file: file.to_string(),
        line,
        message,
        model_snippet: None,
        ideal_snippet: None,
        root_cause: None,
        fix: Some(fix),
        docs,
        also_at: Vec::new(),
        evidence: Vec::new(),
    }
}
