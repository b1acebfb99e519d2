use iacgrade_findings::{Finding, Side};

use super::{declare_requirement_rule, finding, RequirementRule};
use crate::trace::{ItemKind, RequirementTrace, Verdict};

declare_requirement_rule! {
    /// ## What it checks
    /// The region the answer deploys to (a provider or stack environment with a literal
    /// region, an `AWS_REGION` pin or Pulumi config, else region literals in the code) against
    /// the region the request makes mandatory. When the request also names a background region
    /// (an expansion plan, an existing system), the message says which one the code followed.
    /// A region the code leaves to the environment is unknown and never reported.
    ///
    /// ## Why it matters
    /// Regions are compliance requirements (data residency) as much as configuration; the
    /// scoring guide makes a wrong region a blocker (score 5).
    ///
    /// ## Example
    /// Request: "Every resource is deployed in eu-west-1" (and, as background, "we plan to
    /// expand to sa-east-1"). The answer's provider says `region="sa-east-1"`: reported.
    ///
    /// ## Fix
    /// Deploy to the mandatory region: set it on the provider (or in lib/AWS_REGION) and do not
    /// hardcode another one.
    pub struct MandatoryRegionNotFollowed {
        id: "REQ002",
        name: "mandatory-region-not-followed",
        severity: High,
        category: "B",
        check: check,
    }
}

fn check(rule: &MandatoryRegionNotFollowed, trace: &RequirementTrace, side: Side) -> Vec<Finding> {
    let Some(item) = trace.items.iter().find(|i| i.kind == ItemKind::Region) else {
        return Vec::new();
    };
    let (verdict, followed, why, evidence) = match side {
        Side::Ideal => (
            item.ideal,
            &trace.regions.ideal_followed,
            &item.ideal_why,
            &item.ideal_evidence,
        ),
        _ => (
            item.model,
            &trace.regions.model_followed,
            &item.model_why,
            &item.model_evidence,
        ),
    };
    if verdict != Verdict::Unmet {
        return Vec::new();
    }
    let conflict_note = match (&trace.regions.conflict, followed.followed.as_str()) {
        (Some(c), "conflicting") => format!("; it followed {} ({}) instead", c.other, c.why),
        _ => String::new(),
    };
    let (file, line) = evidence
        .first()
        .map(|e| (e.file.clone(), e.line))
        .unwrap_or_else(|| ("lib/PROMPT.md".into(), None));
    vec![finding(
        rule as &dyn RequirementRule,
        side,
        file,
        line,
        format!("{why}{conflict_note}"),
        format!("Deploy to {}.", trace.regions.mandatory.join(" and ")),
    )]
}
