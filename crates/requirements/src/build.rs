//! Assembling the trace: the request's items, regions and services, each judged on both sides.

use iacgrade_task::{Diagnostic, Evidence, Metadata, TextDocument};

use crate::checks::{common::merge, presence::service_present, rows_for, run_row, Item};
use crate::code_regions::{followed_region, region_outcome};
use crate::prompt::items::{requirement_items, PromptItem};
use crate::prompt::markdown::segments;
use crate::prompt::regions::{read_regions, region_codes, region_mentions, RegionRole};
use crate::services::{names_service, service_named, services_in, Service};
use crate::side::SideCode;
use crate::trace::{
    ItemKind, Outcome, RegionTrace, RequirementItem, RequirementTrace, ServiceRequirement,
    ServiceTrace, Verdict,
};

/// What the trace reads.
#[derive(Debug, Clone, Copy)]
pub struct TraceInput<'a> {
    /// The request: lib/PROMPT.md, then the later turns.
    pub prompts: &'a [TextDocument],
    pub metadata: Option<&'a Metadata>,
    /// The model's answer, when there is one.
    pub model: Option<SideCode<'a>>,
    /// The ideal answer, when there is one.
    pub ideal: Option<SideCode<'a>>,
}

/// Judges one side: unknown without code or when nothing could be read from it.
fn judge(side: Option<&SideCode>, name: &str, check: impl Fn(&SideCode) -> Outcome) -> Outcome {
    match side {
        None => Outcome::unknown(format!("no {name} answer")),
        Some(s) if !s.readable() => Outcome::unknown(
            "no resources could be read from this side's code (platform or language the static front-ends do not read, or no code)",
        ),
        Some(s) => check(s),
    }
}

/// Builds the requirement trace of a task.
pub fn trace(input: &TraceInput) -> RequirementTrace {
    let mut diagnostics = Vec::new();
    if input.prompts.is_empty() {
        diagnostics.push(Diagnostic::new(
            "lib/PROMPT.md",
            "no request to trace requirements from",
        ));
    }
    let segs: Vec<_> = input
        .prompts
        .iter()
        .flat_map(|p| segments(&p.path, &p.text))
        .collect();
    let prompt_items = requirement_items(&segs);
    let metadata_region = input.metadata.and_then(|m| m.region.as_deref());
    let regions = read_regions(
        region_mentions(&segs),
        metadata_region.map(|r| (r, "metadata")),
    );
    let model_followed = followed_region(input.model.as_ref(), &regions);
    let ideal_followed = followed_region(input.ideal.as_ref(), &regions);

    let mut items: Vec<RequirementItem> = Vec::new();
    if !regions.mandatory.is_empty() {
        let source = regions
            .mentions
            .iter()
            .find(|m| {
                m.role == RegionRole::Mandatory && regions.mandatory.first() == Some(&m.region)
            })
            .map(|m| Evidence::new(m.file.clone(), Some(m.line), m.text.clone()))
            .unwrap_or_else(|| {
                Evidence::new(
                    "metadata.json",
                    None,
                    format!("region {}", regions.mandatory.join(", ")),
                )
            });
        let model = region_outcome(&model_followed, &regions.mandatory, input.model.is_some());
        let ideal = region_outcome(&ideal_followed, &regions.mandatory, input.ideal.is_some());
        items.push(item(
            ItemKind::Region,
            format!("Deploy to {}", regions.mandatory.join(" and ")),
            source,
            None,
            vec!["region"],
            model,
            ideal,
        ));
    }

    let services = service_trace(input, &prompt_items);
    if !services.required.is_empty() {
        let names: Vec<&str> = services.required.iter().map(|s| s.name.as_str()).collect();
        let outcome = |missing: &[String], verdicts: Vec<Verdict>, present: bool| {
            if !present {
                return Outcome::unknown("no code on this side");
            }
            if !missing.is_empty() {
                Outcome::unmet(format!("missing: {}", missing.join(", ")), Vec::new())
            } else if verdicts.contains(&Verdict::Unknown) {
                Outcome::unknown(format!(
                    "{} of {} cannot be told from the code",
                    verdicts.iter().filter(|v| **v == Verdict::Unknown).count(),
                    verdicts.len()
                ))
            } else {
                Outcome::met(format!("all {} declared", verdicts.len()), Vec::new())
            }
        };
        let model = outcome(
            &services.missing_model,
            services.required.iter().map(|s| s.model).collect(),
            input.model.is_some_and(|m| m.readable()),
        );
        let ideal = outcome(
            &services.missing_ideal,
            services.required.iter().map(|s| s.ideal).collect(),
            input.ideal.is_some_and(|m| m.readable()),
        );
        let source = input
            .prompts
            .first()
            .map(|p| {
                Evidence::new(
                    p.path.clone(),
                    None,
                    "services the request and metadata.json name",
                )
            })
            .unwrap_or_else(|| Evidence::new("metadata.json", None, "aws_services"));
        items.push(item(
            ItemKind::Services,
            format!("Use {}", names.join(", ")),
            source,
            None,
            vec!["service-present"],
            model,
            ideal,
        ));
    }

    for p in &prompt_items {
        let check_item = Item::new(&p.text, p.context.as_deref());
        let rows = rows_for(&check_item);
        let named = services_in(&check_item.text);
        if rows.is_empty() && !region_codes(&p.text).is_empty() {
            // Covered by the region item.
            continue;
        }
        let ids: Vec<&'static str> = if rows.is_empty() {
            if named.is_empty() {
                Vec::new()
            } else {
                vec!["service-present"]
            }
        } else {
            rows.iter().map(|(r, _)| r.id).collect()
        };
        let run = |side: &SideCode| -> Outcome {
            if rows.is_empty() {
                if named.is_empty() {
                    return Outcome::unknown("no check maps this requirement");
                }
                return merge(
                    named
                        .iter()
                        .map(|(s, _)| service_present(side, s))
                        .collect(),
                );
            }
            merge(
                rows.iter()
                    .map(|(row, negated)| run_row(row, side, &check_item, *negated))
                    .collect(),
            )
        };
        let model = judge(input.model.as_ref(), "model", run);
        let ideal = judge(input.ideal.as_ref(), "ideal", run);
        items.push(item(
            ItemKind::Constraint,
            p.text.clone(),
            Evidence::new(p.file.clone(), Some(p.line), p.text.clone()),
            p.context.clone(),
            ids,
            model,
            ideal,
        ));
    }
    for (i, it) in items.iter_mut().enumerate() {
        it.id = format!("R{}", i + 1);
    }

    RequirementTrace {
        items,
        regions: RegionTrace {
            mandatory: regions.mandatory.clone(),
            mandatory_source: regions.mandatory_source.clone(),
            mentioned: regions.mentions.clone(),
            conflict: regions.conflict.clone(),
            model_followed,
            ideal_followed,
        },
        services,
        diagnostics,
    }
}

fn item(
    kind: ItemKind,
    text: String,
    source: Evidence,
    context: Option<String>,
    checks: Vec<&'static str>,
    model: Outcome,
    ideal: Outcome,
) -> RequirementItem {
    RequirementItem {
        id: String::new(),
        text,
        kind,
        source,
        context,
        checks,
        model: model.verdict,
        ideal: ideal.verdict,
        evidence: format!(
            "model {}: {}; ideal {}: {}",
            model.verdict.as_str(),
            model.why,
            ideal.verdict.as_str(),
            ideal.why
        ),
        model_why: model.why,
        ideal_why: ideal.why,
        model_evidence: model.evidence,
        ideal_evidence: ideal.evidence,
    }
}

/// Required services: metadata `aws_services` and the services the requirement items name.
fn service_trace(input: &TraceInput, prompt_items: &[PromptItem]) -> ServiceTrace {
    let mut required: Vec<(&'static Service, String)> = Vec::new();
    let mut unmapped = Vec::new();
    let add = |s: &'static Service, from: &str, required: &mut Vec<(&'static Service, String)>| {
        match required.iter_mut().find(|(r, _)| r.key == s.key) {
            Some((_, f)) if !f.contains(from) => *f = format!("{f}+{from}"),
            Some(_) => {}
            None => required.push((s, from.to_string())),
        }
    };
    for p in prompt_items {
        let lower = p.text.to_lowercase();
        for (s, _) in services_in(&lower) {
            if names_service(&lower, s) {
                add(s, "prompt", &mut required);
            }
        }
    }
    if let Some(m) = input.metadata {
        for name in &m.aws_services {
            match service_named(name) {
                Some(s) => add(s, "metadata", &mut required),
                None => unmapped.push(name.clone()),
            }
        }
    }
    let mut trace = ServiceTrace {
        unmapped,
        ..ServiceTrace::default()
    };
    for (service, from) in required {
        let model = judge(input.model.as_ref(), "model", |s| {
            service_present(s, service)
        });
        let ideal = judge(input.ideal.as_ref(), "ideal", |s| {
            service_present(s, service)
        });
        if model.verdict == Verdict::Unmet {
            trace.missing_model.push(service.key.clone());
        }
        if ideal.verdict == Verdict::Unmet {
            trace.missing_ideal.push(service.key.clone());
        }
        trace.required.push(ServiceRequirement {
            key: service.key.clone(),
            name: service.display.clone(),
            from,
            model: model.verdict,
            ideal: ideal.verdict,
            model_evidence: model.evidence,
            ideal_evidence: ideal.evidence,
        });
    }
    trace
}
