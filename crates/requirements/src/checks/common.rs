//! What every check shares: picking resources by kind, evidence lines, judging a boolean
//! setting on many resources, and the "absent or merely unread" decision.

use iacgrade_ir::Resource;
use iacgrade_rules::props::{flag, Flag};
use iacgrade_rules::shape::{shape, Shape};
use iacgrade_task::Evidence;

use crate::kinds::kind_of;
use crate::side::SideCode;
use crate::trace::{Outcome, Verdict};

/// Declared resources whose canonical kind is one of `kinds`.
pub fn resources_of<'a>(side: &SideCode<'a>, kinds: &[&str]) -> Vec<&'a Resource> {
    side.declared_where(|r| {
        let k = kind_of(r);
        kinds.iter().any(|want| *want == k)
    })
    .collect()
}

/// An evidence line for a resource: where it is declared and what was read.
pub fn evidence(resource: &Resource, detail: &str) -> Evidence {
    Evidence::new(
        resource.span.file.clone(),
        Some(resource.span.line),
        format!(
            "{} {}: {}",
            kind_of(resource),
            resource.logical_name.render(),
            detail
        ),
    )
}

/// The outcome when no resource of the wanted kind was found: unmet, unless the code text
/// mentions one of `identifiers` (the front-end may have missed it), then unknown.
pub fn absent(side: &SideCode, what: &str, identifiers: &[&str]) -> Outcome {
    if let Some(id) = identifiers.iter().find(|id| side.code_mentions(id)) {
        return Outcome::unknown(format!(
            "no {what} was read from the code, but the code mentions `{id}`"
        ));
    }
    Outcome::unmet(format!("no {what} is declared"), Vec::new())
}

/// How one resource stands on a boolean setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Good,
    Bad,
    Unknown,
}

/// Whether an absent setting means "off" for this resource's shape: CloudFormation and
/// Terraform defaults are documented and fixed; construct libraries have their own defaults.
pub fn absent_is_off(resource: &Resource, side: &SideCode) -> bool {
    matches!(
        shape(resource, side.platform),
        Shape::Cloudformation | Shape::Terraform
    )
}

/// A boolean setting that must be on: on is good, off is bad, absent is bad where the default
/// is off (see [`absent_is_off`]) and unknown elsewhere, a reference is unknown.
pub fn must_be_on(resource: &Resource, side: &SideCode, keys: &[&str]) -> Standing {
    match flag(&resource.props, keys) {
        Flag::On => Standing::Good,
        Flag::Off => Standing::Bad,
        Flag::Unknown => Standing::Unknown,
        Flag::Absent if absent_is_off(resource, side) => Standing::Bad,
        Flag::Absent => Standing::Unknown,
    }
}

/// Combines per-resource standings: any bad resource makes the requirement unmet, any unknown
/// one (and no bad) unknown, all good met.
pub fn combine(standings: Vec<(&Resource, Standing, String)>, good: &str, bad: &str) -> Outcome {
    let bad_ones: Vec<_> = standings
        .iter()
        .filter(|(_, s, _)| *s == Standing::Bad)
        .collect();
    if !bad_ones.is_empty() {
        return Outcome::unmet(
            format!("{} of {} {bad}", bad_ones.len(), standings.len()),
            bad_ones.iter().map(|(r, _, d)| evidence(r, d)).collect(),
        );
    }
    let unknown: Vec<_> = standings
        .iter()
        .filter(|(_, s, _)| *s == Standing::Unknown)
        .collect();
    if !unknown.is_empty() {
        return Outcome {
            verdict: Verdict::Unknown,
            why: format!(
                "{} of {} cannot be read statically (reference, parameter or construct default)",
                unknown.len(),
                standings.len()
            ),
            evidence: unknown.iter().map(|(r, _, d)| evidence(r, d)).collect(),
        };
    }
    Outcome::met(
        format!("{} of {} {good}", standings.len(), standings.len()),
        standings
            .iter()
            .take(5)
            .map(|(r, _, d)| evidence(r, d))
            .collect(),
    )
}

/// Merges the outcomes of several checks on one requirement: unmet wins, then unknown.
pub fn merge(outcomes: Vec<Outcome>) -> Outcome {
    if outcomes.is_empty() {
        return Outcome::unknown("no check maps this requirement");
    }
    let pick = |v: Verdict| outcomes.iter().filter(move |o| o.verdict == v);
    let (verdict, chosen): (Verdict, Vec<&Outcome>) = if pick(Verdict::Unmet).next().is_some() {
        (Verdict::Unmet, pick(Verdict::Unmet).collect())
    } else if pick(Verdict::Unknown).next().is_some() {
        (Verdict::Unknown, pick(Verdict::Unknown).collect())
    } else {
        (Verdict::Met, outcomes.iter().collect())
    };
    Outcome {
        verdict,
        why: chosen
            .iter()
            .map(|o| o.why.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        evidence: chosen.iter().flat_map(|o| o.evidence.clone()).collect(),
    }
}
