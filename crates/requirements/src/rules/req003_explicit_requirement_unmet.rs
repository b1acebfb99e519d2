use iacgrade_findings::{Finding, Side};

use super::{declare_requirement_rule, finding, RequirementRule};
use iacgrade_rules::modality::Modality;

use crate::trace::{ItemKind, RequirementTrace, Verdict};

declare_requirement_rule! {
    /// ## What it checks
    /// A stated requirement of the request (a bullet under "Constraints", "Mandatory
    /// requirements", ..., or a sentence with "must") that a check of the keyword table found
    /// unmet in the answer: Redis without TLS when TLS is required, tasks with public IPs when
    /// private subnets are required, no NAT gateway when one is required, names without the
    /// environment suffix, and so on. Unknown verdicts (a reference, a construct default) are
    /// never reported.
    ///
    /// The requirement's modality decides the severity: "must" and "must not" (checked as the
    /// absence of the thing) are high, "should" medium; options, examples and statements
    /// about the environment are never reported, and a conditional requirement ("if using AWS
    /// Config, …") only when its condition holds in the answer. A requirement that only names
    /// services is left to REQ001, so one missing service is one finding.
    ///
    /// ## Why it matters
    /// The request is the specification: an answer that ignores an explicit requirement is
    /// wrong however good the rest is.
    ///
    /// ## Example
    /// Request: "All connections to Redis are encrypted in transit (TLS)." The answer's
    /// replication group has no `transit_encryption_enabled`: reported at the group.
    ///
    /// ## Fix
    /// Change the code as the requirement says; the finding's evidence names the resources.
    pub struct ExplicitRequirementUnmet {
        id: "REQ003",
        name: "explicit-requirement-unmet",
        severity: High,
        category: "B",
        check: check,
    }
}

fn check(rule: &ExplicitRequirementUnmet, trace: &RequirementTrace, side: Side) -> Vec<Finding> {
    trace
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Constraint)
        .filter(|i| i.modality.can_report() || i.modality == Modality::Conditional)
        // Services a requirement names are REQ001's: one missing service, one finding.
        .filter(|i| !(i.checks == ["service-present"] && i.modality.asks_presence()))
        .filter_map(|i| {
            let (verdict, why, evidence) = match side {
                Side::Ideal => (i.ideal, &i.ideal_why, &i.ideal_evidence),
                _ => (i.model, &i.model_why, &i.model_evidence),
            };
            if verdict != Verdict::Unmet {
                return None;
            }
            let (file, line) = evidence
                .first()
                .map(|e| (e.file.clone(), e.line))
                .unwrap_or_else(|| (i.source.file.clone(), i.source.line));
            let mut f = finding(
                rule as &dyn RequirementRule,
                side,
                file,
                line,
                format!(
                    "{} ({}): \"{}\" — {}",
                    i.id,
                    i.checks.join(", "),
                    i.text,
                    why
                ),
                format!(
                    "Meet the requirement stated at {}:{}.",
                    i.source.file,
                    i.source.line.unwrap_or(0)
                ),
            );
            // A condition that holds makes the requirement a "must".
            let modality = if i.modality == Modality::Conditional {
                Modality::Must
            } else {
                i.modality
            };
            f.severity = super::severity_for(modality, f.severity);
            Some(f)
        })
        .collect()
}
