//! DIFF003 resource-only-in-model: the model answer declares a kind of resource the ideal
//! answer has none of.
//!
//! Why: a resource the correction removed was not needed, or was wrong for the task; it costs
//! money and attack surface. Low: usually a matter of design taste.
//!
//! Example: the model adds an `AWS::EC2::Instance` bastion host the ideal answer does not have.
//! Fix: remove it, or justify it.
//!
//! One finding per kind, at the model's first resource of that kind; wiring kinds and kinds
//! outside `AWS::` are left to the diff summary (see DIFF001).

use std::collections::BTreeMap;

use iacgrade_findings::{Finding, Severity};

use super::DiffRule;
use crate::classify::resource_docs;
use crate::Comparison;

pub const RULE: DiffRule = DiffRule {
    id: "DIFF003",
    name: "resource-only-in-model",
    severity: Severity::Low,
    documentation: "The model answer declares a kind of resource the ideal answer has none of.",
    check,
};

fn check(c: &Comparison) -> Vec<Finding> {
    let Some(ideal) = c.ideal_graph else {
        return Vec::new();
    };
    // An ideal side with no resources was not parsed, not emptied by the fix.
    if ideal.resources.is_empty() {
        return Vec::new();
    }
    let mut model_counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in c.model_graph.resources.iter().enumerate() {
        if !crate::is_data_source(r) {
            model_counts.entry(r.kind.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (kind, idx) in model_counts {
        let in_ideal = ideal
            .resources
            .iter()
            .filter(|r| r.kind == kind && !crate::is_data_source(r))
            .count();
        if in_ideal > 0 || crate::classify::is_glue_kind(kind) {
            continue;
        }
        let surplus = &c.model_graph.resources[idx[0]];
        out.push(super::finding(
            &RULE,
            Severity::Low,
            &surplus.span.file,
            Some(surplus.span.line),
            format!(
                "the model answer declares {} {kind} ({}); the ideal answer has none",
                idx.len(),
                surplus.logical_name.render()
            ),
            "Remove the resource unless the task needs it.".into(),
            resource_docs(kind),
        ));
    }
    out
}
