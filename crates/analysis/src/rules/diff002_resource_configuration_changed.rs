//! DIFF002 resource-configuration-changed: a resource both answers declare has a security
//! setting the ideal answer made safer, and no other check explains the change.
//!
//! Why: the corrected configuration is what the task needed; a protection the model left off,
//! an exposure it turned on, a weaker value it chose or a `*` it granted is what the model got
//! wrong about the resource's security.
//!
//! What counts (see `security_settings`): protections switched on (`StorageEncrypted`,
//! `MultiAZ`, the S3 public access block, ...), exposures switched off (`PubliclyAccessible`,
//! `MapPublicIpOnLaunch`, ...), protections the model did not set (a KMS key, `HttpTokens`),
//! values raised on a known scale (`AES256` → `aws:kms`, HTTP → HTTPS, a longer backup
//! retention), ingress open to `0.0.0.0/0` that the ideal closes, `*` grants that the ideal
//! scopes. What does not: names, descriptions, tags, formatting, equal values written
//! differently (`True`/`true`, `ec2.X.Y`/`X.Y`), reordered rules and statements, references on
//! either side (two names for one thing), defaults written down, settings of no security
//! consequence, and a protection the ideal weakened. Other changes are counted in the diff
//! summary, not reported. Medium.
//!
//! Example: the model's `AWS::RDS::DBInstance` has `StorageEncrypted: false`, the ideal's `true`.
//! Fix: apply the ideal answer's values.
//!
//! One finding per resource, listing up to five settings.

use iacgrade_findings::{Finding, Severity};

use super::DiffRule;
use crate::classify::resource_docs;
use crate::security_settings::safer_in_ideal;
use crate::Comparison;

pub const RULE: DiffRule = DiffRule {
    id: "DIFF002",
    name: "resource-configuration-changed",
    severity: Severity::Medium,
    documentation: "A resource both answers declare has a security setting the ideal answer made safer: a protection switched on or added, an exposure switched off, a value raised, world-open ingress closed, a `*` grant scoped.",
    check,
};

fn check(c: &Comparison) -> Vec<Finding> {
    let (Some(ideal), Some(matching)) = (c.ideal_graph, c.resources.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &matching.matches {
        if m.changes.is_empty() {
            continue;
        }
        let model_res = &c.model_graph.resources[m.model];
        let ideal_res = &ideal.resources[m.ideal];
        let safer = safer_in_ideal(&model_res.props, &ideal_res.props);
        if safer.is_empty() || c.resource_has_other_finding(model_res) {
            continue;
        }
        let listed: Vec<String> = safer.iter().take(5).map(|s| s.describe()).collect();
        let more = if safer.len() > 5 {
            format!(" and {} more", safer.len() - 5)
        } else {
            String::new()
        };
        let mut f = super::finding(
            &RULE,
            Severity::Medium,
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
