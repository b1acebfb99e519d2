use iacgrade_findings::{Finding, Side};

use super::{declare_requirement_rule, finding, RequirementRule};
use crate::trace::{RequirementTrace, Verdict};

declare_requirement_rule! {
    /// ## What it checks
    /// Services a requirement of the request asks for of which the answer declares no resource
    /// (no resource of the service's CloudFormation namespace, e.g. `AWS::ElastiCache::*`, and
    /// no mention of it in the code that the front-ends may have missed). One finding per
    /// missing service, quoting the sentence that asks for it.
    ///
    /// The sentence's modality decides: "must" (or a plain imperative in a requirement list)
    /// is high, "should"/"prefer" medium; options ("if needed", an "Optional" section),
    /// examples ("e.g. `lambda-{env}`"), prohibitions ("do not create GuardDuty detectors"),
    /// conditions and statements about the environment ask for nothing. metadata.json
    /// `aws_services` is a hint and never reported by itself.
    ///
    /// ## Why it matters
    /// A missing service is a missing part of the architecture the request asked for. The
    /// scoring guide makes half or more of the required services missing a blocker (score 4).
    ///
    /// ## Example
    /// Request: "Cache sessions in ElastiCache for Redis." The answer declares a VPC and an ECS
    /// service but no `aws.elasticache.ReplicationGroup`: ElastiCache is reported missing.
    ///
    /// ## Fix
    /// Declare the service's resources (here an ElastiCache replication group) and wire them to
    /// the rest of the stack.
    pub struct RequiredServiceMissing {
        id: "REQ001",
        name: "required-service-missing",
        severity: High,
        category: "A",
        check: check,
    }
}

fn check(rule: &RequiredServiceMissing, trace: &RequirementTrace, side: Side) -> Vec<Finding> {
    trace
        .services
        .required
        .iter()
        .filter_map(|s| {
            let v = if side == Side::Ideal { s.ideal } else { s.model };
            let modality = s.modality?;
            if v != Verdict::Unmet {
                return None;
            }
            let share = match side {
                Side::Ideal => trace.services.missing_ideal.len(),
                _ => trace.services.missing_model.len(),
            };
            let asked = trace.services.required.iter().filter(|r| r.modality.is_some()).count();
            let (file, quote) = match &s.source {
                Some(e) => (
                    e.file.clone(),
                    format!(
                        " (request, {}:{}: \"{}\")",
                        e.file,
                        e.line.unwrap_or(0),
                        shortened(&e.text)
                    ),
                ),
                None => ("lib/PROMPT.md".to_string(), String::new()),
            };
            let mut f = finding(
                rule as &dyn RequirementRule,
                side,
                file,
                None,
                format!(
                    "required service {} is not declared{quote}; {} of {} services the request asks for are missing",
                    s.name,
                    share,
                    asked
                ),
                format!("Declare the {} resources the request asks for.", s.name),
            );
            f.severity = super::severity_for(modality, f.severity);
            Some(f)
        })
        .collect()
}

/// A quoted sentence, cut at 160 characters.
fn shortened(text: &str) -> String {
    if text.chars().count() > 160 {
        text.chars().take(160).collect::<String>() + "…"
    } else {
        text.to_string()
    }
}
