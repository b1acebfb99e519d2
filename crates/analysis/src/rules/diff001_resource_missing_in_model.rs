//! DIFF001 resource-missing-in-model: the ideal answer declares a kind of resource the model
//! answer has none of.
//!
//! Why: a resource the corrected answer needed and the model left out is a missing part of the
//! design — a key, a trail, an alarm, a NAT gateway. Missing security, monitoring or
//! availability resources (see `classify::FEATURE_KINDS`) are high: they take a whole feature
//! away; others are medium.
//!
//! Example: the ideal answer declares `AWS::KMS::Key` for the database; the model answer
//! declares none. Fix: add the resource, as the ideal answer does.
//!
//! One finding per kind, at the ideal answer's first resource of that kind. Kinds that only wire
//! other resources together (routes, attachments, policies of a role; see
//! `classify::is_glue_kind`) and kinds outside CloudFormation's `AWS::` namespace are left to the
//! diff summary: their absence follows from another difference. A different number of resources
//! of a kind both answers have is a matter of loops and layout, not a finding.

use std::collections::BTreeMap;

use iacgrade_findings::{Finding, Severity};

use super::DiffRule;
use crate::classify::{resource_docs, FEATURE_KINDS};
use crate::Comparison;

pub const RULE: DiffRule = DiffRule {
    id: "DIFF001",
    name: "resource-missing-in-model",
    severity: Severity::Medium,
    documentation: "The ideal answer declares a kind of resource the model answer has none of. High for security, monitoring and availability kinds, medium otherwise.",
    check,
};

fn check(c: &Comparison) -> Vec<Finding> {
    let Some(ideal) = c.ideal_graph else {
        return Vec::new();
    };
    let mut ideal_counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in ideal.resources.iter().enumerate() {
        if !crate::is_data_source(r) {
            ideal_counts.entry(r.kind.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (kind, idx) in ideal_counts {
        let in_model = c
            .model_graph
            .resources
            .iter()
            .filter(|r| r.kind == kind && !crate::is_data_source(r))
            .count();
        if in_model > 0 || crate::classify::is_glue_kind(kind) {
            continue;
        }
        let first = &ideal.resources[idx[0]];
        let severity = if FEATURE_KINDS.contains(&kind) {
            Severity::High
        } else {
            Severity::Medium
        };
        let message = format!(
            "the model answer declares no {kind}; the ideal answer declares {} ({})",
            idx.len(),
            first.logical_name.render()
        );
        let mut f = super::finding(
            &RULE,
            severity,
            &c.model_document,
            None,
            message,
            format!(
                "Declare the {kind} as the ideal answer does ({}:{}).",
                first.span.file, first.span.line
            ),
            resource_docs(kind),
        );
        f.ideal_snippet = c.ideal_snippet_at(&first.span.file, first.span.line);
        out.push(f);
    }
    out
}
