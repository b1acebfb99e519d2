//! DIFF004 sdk-name-replaced: the ideal answer replaced an SDK class, function or module the
//! model used on a line it changed, and the API check found nothing wrong with it.
//!
//! Why: a replaced construct (`aws.ec2.SecurityGroupRule` for inline rules, a v1 module for a
//! v2 one) usually means the model picked a working but wrong or outdated API. Low.
//!
//! Example: the model uses `aws.s3.BucketV2` where the ideal answer uses `aws.s3.Bucket`.
//! Fix: use the API the ideal answer uses.

use std::collections::HashSet;

use iacgrade_findings::{Finding, Severity};
use iacgrade_ir::SymbolKind;

use super::DiffRule;
use crate::Comparison;

pub const RULE: DiffRule = DiffRule {
    id: "DIFF004",
    name: "sdk-name-replaced",
    severity: Severity::Low,
    documentation: "The ideal answer replaced an SDK class, function or module the model used on a changed line.",
    check,
};

fn check(c: &Comparison) -> Vec<Finding> {
    let Some(ideal) = c.ideal_graph else {
        return Vec::new();
    };
    // The ideal's names, gathered once: answers use thousands of SDK names on each side.
    let ideal_names: HashSet<(SymbolKind, &str)> = ideal
        .symbols
        .iter()
        .map(|t| (t.kind, t.path.as_str()))
        .collect();
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for s in &c.model_graph.symbols {
        if !matches!(s.kind, SymbolKind::Member | SymbolKind::Import) {
            continue;
        }
        if ideal_names.contains(&(s.kind, s.path.as_str())) {
            continue;
        }
        if seen.contains(&s.path) || !c.model_line_changed(&s.span.file, s.span.line) {
            continue;
        }
        if c.line_has_other_finding(&s.span.file, s.span.line) {
            continue;
        }
        seen.push(s.path.clone());
        out.push(super::finding(
            &RULE,
            Severity::Low,
            &s.span.file,
            Some(s.span.line),
            format!(
                "`{}` is not used by the ideal answer, which rewrote this line",
                s.text
            ),
            "Use the API the ideal answer uses here.".into(),
            None,
        ));
    }
    out
}
