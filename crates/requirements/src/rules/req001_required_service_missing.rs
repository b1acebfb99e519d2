use iacgrade_findings::{Finding, Side};

use super::{declare_requirement_rule, finding, RequirementRule};
use crate::trace::{RequirementTrace, Verdict};

declare_requirement_rule! {
    /// ## What it checks
    /// Services the task requires — named in a requirement of the request or listed in
    /// metadata.json `aws_services` — of which the answer declares no resource (no resource of
    /// the service's CloudFormation namespace, e.g. `AWS::ElastiCache::*`, and no mention of it
    /// in the code that the front-ends may have missed). One finding per missing service.
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
        .filter(|s| {
            let v = if side == Side::Ideal { s.ideal } else { s.model };
            v == Verdict::Unmet
        })
        .map(|s| {
            let share = match side {
                Side::Ideal => trace.services.missing_ideal.len(),
                _ => trace.services.missing_model.len(),
            };
            finding(
                rule as &dyn RequirementRule,
                side,
                "lib/PROMPT.md".into(),
                None,
                format!(
                    "required service {} (from {}) is not declared; {} of {} required services are missing",
                    s.name,
                    s.from,
                    share,
                    trace.services.required.len()
                ),
                format!("Declare the {} resources the request asks for.", s.name),
            )
        })
        .collect()
}
