//! Findings from the requirement trace: one rule per file, named after its id, whose doc
//! comment is its documentation (what it checks, why, an example, the fix).
//!
//! Findings come out with status `unfixed`: the analysis stage, which compares both sides,
//! decides whether the ideal answer fixed them.

mod consolidate;
mod req001_required_service_missing;
mod req002_mandatory_region_not_followed;
mod req003_explicit_requirement_unmet;

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};

use iacgrade_rules::modality::Modality;

use crate::trace::RequirementTrace;

pub use consolidate::consolidate;
pub use req001_required_service_missing::RequiredServiceMissing;
pub use req002_mandatory_region_not_followed::MandatoryRegionNotFollowed;
pub use req003_explicit_requirement_unmet::ExplicitRequirementUnmet;

/// A rule on the requirement trace.
pub trait RequirementRule: Sync + Send {
    fn id(&self) -> &'static str;
    fn name(&self) -> &'static str;
    fn severity(&self) -> Severity;
    /// The scoring guide's category of a fix of this finding ("A", "B" or "C").
    fn category(&self) -> &'static str;
    /// The rule's doc comment, as markdown.
    fn documentation(&self) -> String;
    /// The rule's findings on one side (`Side::Model` or `Side::Ideal`).
    fn check(&self, trace: &RequirementTrace, side: Side) -> Vec<Finding>;
}

/// Declares a requirement rule: a unit struct whose doc comment is its documentation.
macro_rules! declare_requirement_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $rule:ident {
            id: $id:literal,
            name: $name:literal,
            severity: $severity:ident,
            category: $category:literal,
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $rule;

        impl $crate::rules::RequirementRule for $rule {
            fn id(&self) -> &'static str { $id }
            fn name(&self) -> &'static str { $name }
            fn severity(&self) -> ::iacgrade_findings::Severity {
                ::iacgrade_findings::Severity::$severity
            }
            fn category(&self) -> &'static str { $category }
            fn documentation(&self) -> String {
                let raw = concat!($($doc, "\n"),*);
                raw.lines()
                    .map(|l| l.strip_prefix(' ').unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim_end()
                    .to_string()
                    + "\n"
            }
            fn check(
                &self,
                trace: &$crate::trace::RequirementTrace,
                side: ::iacgrade_findings::Side,
            ) -> Vec<::iacgrade_findings::Finding> {
                $check(self, trace, side)
            }
        }
    };
}
pub(crate) use declare_requirement_rule;

/// Every requirement rule, in id order.
pub fn all_rules() -> &'static [&'static dyn RequirementRule] {
    &[
        &RequiredServiceMissing,
        &MandatoryRegionNotFollowed,
        &ExplicitRequirementUnmet,
    ]
}

pub fn rule_by_id(id: &str) -> Option<&'static dyn RequirementRule> {
    all_rules().iter().copied().find(|r| r.id() == id)
}

/// Every requirement finding of one side.
pub fn findings(trace: &RequirementTrace, side: Side) -> Vec<Finding> {
    all_rules()
        .iter()
        .flat_map(|r| r.check(trace, side))
        .collect()
}

/// The severity a requirement of this modality allows: "must" and "must not" keep the rule's
/// own, "should" is at most medium.
pub(crate) fn severity_for(modality: Modality, rule_severity: Severity) -> Severity {
    match modality {
        Modality::Should => rule_severity.max(Severity::Medium),
        _ => rule_severity,
    }
}

/// A finding of `rule` on `side`, located at `file:line`.
pub(crate) fn finding(
    rule: &dyn RequirementRule,
    side: Side,
    file: String,
    line: Option<usize>,
    message: String,
    fix: String,
) -> Finding {
    Finding {
        rule: rule.id().to_string(),
        name: rule.name().to_string(),
        severity: rule.severity(),
        category: rule.category().to_string(),
        status: FindingStatus::Unfixed,
        side,
        file,
        line,
        message,
        model_snippet: None,
        ideal_snippet: None,
        root_cause: None,
        fix: Some(fix),
        docs: None,
        also_at: Vec::new(),
        evidence: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_unique() {
        for (i, rule) in all_rules().iter().enumerate() {
            let doc = rule.documentation();
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", rule.id());
            }
            assert!(all_rules()[..i].iter().all(|r| r.id() != rule.id()));
            assert!(rule_by_id(rule.id()).is_some());
        }
    }
}
