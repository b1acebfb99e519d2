//! One unmet requirement, one finding; a requirement finding is fixed only where the ideal
//! answer meets it; a resource the ideal removed is judged by the request.
//!
//! Run after the analysis has set every finding's status. Three rules may notice one missing
//! thing: REQ001 (the request's service is not declared), REQ003 (a requirement whose check
//! found it absent) and DIFF001 (the ideal declares a kind of resource the model has none of).
//! The requirement finding stays — it quotes the request — and takes the comparison's ideal
//! snippet; the comparison finding goes. A DIFF001 no requirement finding confirms is medium
//! at most: the ideal answer added it, and the request either did not demand it or the trace
//! could not tell that the model's code lacks it. A DIFF003
//! (the model declares a kind the ideal has none of) about a kind the request asks for is not a
//! fix of the model but a regression of the ideal.

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_rules::modality::Modality;

use crate::services::by_key;
use crate::trace::{RequirementItem, RequirementTrace, ServiceRequirement, Verdict};

/// Whether `kind` is one of `kinds` (exact types, or `AWS::Service::` namespaces).
fn kind_in(kind: &str, kinds: &[String]) -> bool {
    kinds.iter().any(|k| {
        if k.ends_with("::") {
            kind.starts_with(k.as_str())
        } else {
            kind == k
        }
    })
}

/// The CloudFormation type a comparison finding's message names (`AWS::X::Y`).
fn kind_named(message: &str) -> Option<&str> {
    let start = message.find("AWS::")?;
    let rest = &message[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ':'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn service_kinds(s: &ServiceRequirement) -> Vec<String> {
    by_key(&s.key).map(|c| c.kinds.clone()).unwrap_or_default()
}

/// The service a REQ001 finding reports.
fn service_of<'a>(trace: &'a RequirementTrace, f: &Finding) -> Option<&'a ServiceRequirement> {
    let rest = f.message.strip_prefix("required service ")?;
    trace
        .services
        .required
        .iter()
        .filter(|s| rest.starts_with(&format!("{} is not declared", s.name)))
        .max_by_key(|s| s.name.len())
}

/// The requirement item a REQ003 finding reports (its message starts with the item's id).
fn item_of<'a>(trace: &'a RequirementTrace, f: &Finding) -> Option<&'a RequirementItem> {
    let id = f.message.split_whitespace().next()?;
    trace.items.iter().find(|i| i.id == id)
}

/// Whether a "must" requirement (a service or an item) asks for resources of `kind`.
fn must_asks_for(trace: &RequirementTrace, kind: &str) -> bool {
    trace
        .services
        .required
        .iter()
        .any(|s| s.modality == Some(Modality::Must) && kind_in(kind, &service_kinds(s)))
        || trace
            .items
            .iter()
            .any(|i| i.modality == Modality::Must && kind_in(kind, &i.kinds))
}

/// Whether the request asks (must or should) for resources of `kind`.
fn request_asks_for(trace: &RequirementTrace, kind: &str) -> bool {
    trace
        .services
        .required
        .iter()
        .any(|s| s.modality.is_some() && kind_in(kind, &service_kinds(s)))
        || trace
            .items
            .iter()
            .any(|i| i.modality.asks_presence() && kind_in(kind, &i.kinds))
}

/// The kinds whose absence a requirement finding reports.
fn kinds_reported(trace: &RequirementTrace, f: &Finding) -> Vec<String> {
    match f.rule.as_str() {
        "REQ001" => service_of(trace, f).map(service_kinds).unwrap_or_default(),
        "REQ003" => item_of(trace, f)
            .map(|i| i.kinds.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Applies the rules of this module to the findings of a task (statuses already set).
pub fn consolidate(findings: Vec<Finding>, trace: &RequirementTrace) -> Vec<Finding> {
    let mut findings = findings;
    // A requirement finding is fixed only where the ideal answer meets the requirement.
    for f in findings.iter_mut() {
        if f.side != Side::Model || f.status != FindingStatus::Fixed {
            continue;
        }
        let ideal = match f.rule.as_str() {
            "REQ001" => service_of(trace, f).map(|s| s.ideal),
            "REQ003" => item_of(trace, f).map(|i| i.ideal),
            _ => continue,
        };
        if ideal != Some(Verdict::Met) {
            f.status = FindingStatus::Unfixed;
        }
    }

    let model_failure = |f: &Finding| {
        f.side == Side::Model && matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
    };
    // Kinds the requirement findings of each side report missing.
    let mut reported_model: Vec<(usize, Vec<String>)> = Vec::new();
    let mut reported_ideal: Vec<Vec<String>> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if !matches!(f.rule.as_str(), "REQ001" | "REQ003") {
            continue;
        }
        let kinds = kinds_reported(trace, f);
        if kinds.is_empty() {
            continue;
        }
        if model_failure(f) {
            reported_model.push((i, kinds));
        } else if f.status == FindingStatus::Regression {
            reported_ideal.push(kinds);
        }
    }

    let mut drop = vec![false; findings.len()];
    // A presence requirement (one check, a kind that must exist) REQ001 already reports for
    // its service on the same side is the same missing thing.
    let service_kinds_of = |side: Side| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.rule == "REQ001" && f.side == side)
            .flat_map(|f| kinds_reported(trace, f))
            .collect()
    };
    let (model_services, ideal_services) =
        (service_kinds_of(Side::Model), service_kinds_of(Side::Ideal));
    for (i, f) in findings.iter().enumerate() {
        if f.rule != "REQ003" {
            continue;
        }
        let Some(item) = item_of(trace, f) else {
            continue;
        };
        let services = if f.side == Side::Model {
            &model_services
        } else {
            &ideal_services
        };
        if item.checks.len() == 1 && item.kinds.iter().any(|k| kind_in(k, services)) {
            drop[i] = true;
        }
    }
    let mut snippets: Vec<(usize, Option<String>)> = Vec::new();
    for (i, f) in findings.iter_mut().enumerate() {
        if f.side != Side::Model {
            continue;
        }
        let Some(kind) = kind_named(&f.message).map(str::to_string) else {
            continue;
        };
        match f.rule.as_str() {
            "DIFF001" => {
                if let Some((at, _)) = reported_model.iter().find(|(_, k)| kind_in(&kind, k)) {
                    drop[i] = true;
                    snippets.push((*at, f.ideal_snippet.clone()));
                } else if f.severity < Severity::Medium {
                    // Without a requirement finding, the comparison alone is not a broken
                    // requirement: the model's code may declare it in a form the front-ends do
                    // not read, or in an earlier turn's answer.
                    f.severity = Severity::Medium;
                    if !must_asks_for(trace, &kind) {
                        f.message.push_str(
                            "; the request does not require it, the ideal answer added it",
                        );
                    }
                }
            }
            "DIFF003" if request_asks_for(trace, &kind) => {
                if reported_ideal.iter().any(|k| kind_in(&kind, k)) {
                    drop[i] = true;
                } else {
                    f.status = FindingStatus::Regression;
                    f.side = Side::Ideal;
                    if must_asks_for(trace, &kind) {
                        f.severity = Severity::High;
                    } else {
                        f.severity = Severity::Medium;
                    }
                    f.message = format!(
                        "the ideal answer removed the {kind} the model declared, which the request asks for ({})",
                        f.message
                    );
                    f.fix = Some(format!(
                        "Keep the {kind} in the ideal answer: the request asks for it."
                    ));
                    f.ideal_snippet = None;
                }
            }
            _ => {}
        }
    }
    for (at, snippet) in snippets {
        if findings[at].ideal_snippet.is_none() {
            findings[at].ideal_snippet = snippet;
        }
    }
    findings
        .into_iter()
        .zip(drop)
        .filter_map(|(f, d)| (!d).then_some(f))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_namespaces() {
        assert!(kind_in(
            "AWS::ElastiCache::ReplicationGroup",
            &["AWS::ElastiCache::".to_string()]
        ));
        assert!(!kind_in(
            "AWS::EC2::VPC",
            &["AWS::EC2::NatGateway".to_string()]
        ));
        assert_eq!(
            kind_named("the model answer declares no AWS::EC2::NatGateway; the ideal ..."),
            Some("AWS::EC2::NatGateway")
        );
    }
}
