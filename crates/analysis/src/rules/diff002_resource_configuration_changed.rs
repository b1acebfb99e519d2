//! DIFF002 resource-configuration-changed: a resource both answers declare has security,
//! availability or retention settings the ideal answer added, removed or changed, and no other
//! check explains the change.
//!
//! Why: the corrected configuration is what the task needed; the difference is what the model
//! got wrong about the resource. Only settings of consequence count (encryption, keys, TLS,
//! public access, policies, CIDRs, Multi-AZ, failover, deletion, retention, backups, logging):
//! other changed values are counted in the diff summary, not reported one by one. Medium.
//!
//! Example: the model's `AWS::RDS::DBInstance` has `BackupRetentionPeriod: 0`, the ideal's 7.
//! Fix: apply the ideal answer's values.
//!
//! One finding per resource, listing up to five property paths.

use iacgrade_findings::{Finding, Severity};

use super::DiffRule;
use crate::classify::resource_docs;
use crate::Comparison;

pub const RULE: DiffRule = DiffRule {
    id: "DIFF002",
    name: "resource-configuration-changed",
    severity: Severity::Medium,
    documentation: "A resource both answers declare has security, availability or retention settings the ideal answer added, removed or changed.",
    check,
};

const SENSITIVE: &[&str] = &[
    "encrypt",
    "kms",
    "ssl",
    "tls",
    "public",
    "policy",
    "cidr",
    "ingress",
    "egress",
    "password",
    "secret",
    "multiaz",
    "failover",
    "deletion",
    "retention",
    "backup",
    "versioning",
    "logging",
    "https",
    "protocol",
];

fn check(c: &Comparison) -> Vec<Finding> {
    let (Some(ideal), Some(matching)) = (c.ideal_graph, c.resources.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &matching.matches {
        // Names and tags differ between any two answers; they are not a design change.
        let changes: Vec<_> = m
            .changes
            .iter()
            .filter(|p| !p.path.starts_with("tags") && !p.path.contains("name"))
            .collect();
        if changes.is_empty() {
            continue;
        }
        let model_res = &c.model_graph.resources[m.model];
        let ideal_res = &ideal.resources[m.ideal];
        if c.resource_has_other_finding(model_res) {
            continue;
        }
        let sensitive = changes
            .iter()
            .any(|p| SENSITIVE.iter().any(|s| p.path.contains(s)));
        let severity = if sensitive {
            Severity::Medium
        } else {
            Severity::Low
        };
        let listed: Vec<String> = changes
            .iter()
            .take(5)
            .map(|p| match (&p.model, &p.ideal) {
                (Some(a), Some(b)) => format!("{} {} → {}", p.path, short(a), short(b)),
                (None, Some(b)) => format!("{} added ({})", p.path, short(b)),
                (Some(a), None) => format!("{} removed (was {})", p.path, short(a)),
                (None, None) => p.path.clone(),
            })
            .collect();
        let more = if changes.len() > 5 {
            format!(" and {} more", changes.len() - 5)
        } else {
            String::new()
        };
        let mut f = super::finding(
            &RULE,
            severity,
            &model_res.span.file,
            Some(model_res.span.line),
            format!(
                "{} {}: {}{more}",
                model_res.kind,
                model_res.logical_name.render(),
                listed.join("; ")
            ),
            "Apply the ideal answer's configuration of this resource.".into(),
            resource_docs(&model_res.kind),
        );
        f.ideal_snippet = c.ideal_snippet_at(&ideal_res.span.file, ideal_res.span.line);
        out.push(f);
    }
    out
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        s.chars().take(40).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}
