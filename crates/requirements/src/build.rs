//! Assembling the trace: the request's items, regions and services, each judged on both sides.

use iacgrade_rules::modality::{without_examples, Modality};
use iacgrade_task::{Diagnostic, Evidence, Metadata, TextDocument};

use crate::checks::{
    common::merge, presence::service_present, rows_for, run_row, table::Run, Item,
};
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
        let outcome = |verdicts: Vec<(&str, Verdict)>, present: bool| {
            if !present {
                return Outcome::unknown("no code on this side");
            }
            let missing: Vec<&str> = verdicts
                .iter()
                .filter(|(_, v)| *v == Verdict::Unmet)
                .map(|(k, _)| *k)
                .collect();
            let unknown = verdicts
                .iter()
                .filter(|(_, v)| *v == Verdict::Unknown)
                .count();
            if !missing.is_empty() {
                Outcome::unmet(format!("missing: {}", missing.join(", ")), Vec::new())
            } else if unknown > 0 {
                Outcome::unknown(format!(
                    "{unknown} of {} cannot be told from the code",
                    verdicts.len()
                ))
            } else {
                Outcome::met(format!("all {} declared", verdicts.len()), Vec::new())
            }
        };
        let model = outcome(
            services
                .required
                .iter()
                .map(|s| (s.key.as_str(), s.model))
                .collect(),
            input.model.is_some_and(|m| m.readable()),
        );
        let ideal = outcome(
            services
                .required
                .iter()
                .map(|s| (s.key.as_str(), s.ideal))
                .collect(),
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
        let mut services_item = item(
            ItemKind::Services,
            format!("Use {}", names.join(", ")),
            source,
            None,
            vec!["service-present"],
            model,
            ideal,
        );
        // Services only metadata.json lists are a hint: the item reports what is missing but
        // is a requirement only for what the request asks.
        if services.required.iter().all(|s| s.modality.is_none()) {
            services_item.modality = Modality::May;
        }
        items.push(services_item);
    }

    for p in &prompt_items {
        let check_item = Item::new(&p.text, p.context.as_deref());
        let mut rows = rows_for(&check_item);
        // Services are looked for in what the sentence asks, not in its examples.
        let asked = without_examples(&check_item.text);
        let mut named = services_in(&asked);
        if describes_traffic(&p.text) {
            // "Allow MySQL (port 3306) from the app tier" opens a port; it asks for no
            // database.
            named.clear();
        }
        if p.reading.modality == Modality::MustNot {
            // A prohibition is checked only as the absence of what it negates ("no NAT
            // gateway"); what it names otherwise ("fetched from existing entries, not
            // created") is not asked for.
            rows.retain(|(_, negated)| *negated);
            named.clear();
        }
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
        let mut kinds: Vec<String> = Vec::new();
        for (row, negated) in &rows {
            if let (Run::KindPresent { kinds: k, .. }, false) = (&row.run, negated) {
                kinds.extend(k.iter().map(|k| k.to_string()));
            }
        }
        if rows.is_empty() {
            for (service, _) in &named {
                kinds.extend(service.kinds.iter().cloned());
            }
        }
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
        let condition = p.reading.condition.as_deref();
        let conditional = |side: &SideCode| -> Outcome {
            match condition {
                Some(c) => match condition_holds(side, c) {
                    Some(why) => {
                        let mut o = run(side);
                        o.why = format!("{why}; {}", o.why);
                        o
                    }
                    None => Outcome::unknown(format!(
                        "the condition \"{c}\" does not hold in this answer"
                    )),
                },
                None => run(side),
            }
        };
        let model = judge(input.model.as_ref(), "model", conditional);
        let ideal = judge(input.ideal.as_ref(), "ideal", conditional);
        let mut it = item(
            ItemKind::Constraint,
            p.text.clone(),
            Evidence::new(p.file.clone(), Some(p.line), p.text.clone()),
            p.context.clone(),
            ids,
            model,
            ideal,
        );
        it.modality = p.reading.modality;
        it.condition = p.reading.condition.clone();
        it.kinds = kinds;
        items.push(it);
    }
    for (i, it) in items.iter_mut().enumerate() {
        it.id = format!("R{}", i + 1);
    }
    let mut services = services;
    if let Some(last) = revision_turn(input, &services) {
        set_aside_earlier_turns(&mut items, &mut services, last);
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

/// In a multi-turn task whose judged answer lacks most of what the first turn asks (a patch
/// of one section, "here's the fix for that resource"), the request of the last turn only:
/// the earlier turns' requirements were answered by the earlier answers.
fn revision_turn<'a>(input: &'a TraceInput, services: &ServiceTrace) -> Option<&'a str> {
    if input.prompts.len() < 2 {
        return None;
    }
    let asked = services
        .required
        .iter()
        .filter(|s| s.modality.is_some())
        .count();
    let partial = asked > 0 && services.missing_model.len() * 2 >= asked;
    partial.then(|| input.prompts.last().map(|p| p.path.as_str()))?
}

/// Earlier turns' requirements become unknown on the model side, with the reason.
fn set_aside_earlier_turns(items: &mut [RequirementItem], services: &mut ServiceTrace, last: &str) {
    const WHY: &str = "the judged answer revises part of an earlier answer; the earlier turns' requirements are not judged on it";
    for it in items.iter_mut() {
        if it.kind != ItemKind::Region && it.source.file != last && it.model == Verdict::Unmet {
            it.model = Verdict::Unknown;
            it.model_why = WHY.to_string();
            it.model_evidence.clear();
        }
    }
    for s in services.required.iter_mut() {
        let from_last = s.source.as_ref().is_some_and(|e| e.file == last);
        if !from_last && s.model == Verdict::Unmet {
            s.model = Verdict::Unknown;
            services.missing_model.retain(|k| *k != s.key);
        }
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
        modality: Modality::Must,
        condition: None,
        kinds: Vec::new(),
        model_why: model.why,
        ideal_why: ideal.why,
        model_evidence: model.evidence,
        ideal_evidence: ideal.evidence,
    }
}

/// Whether a condition ("using aws config") holds on one side: it names a service the side
/// declares. `Some(why)` when it holds; `None` when it does not or cannot be told (a
/// condition that names no service is never taken to hold).
fn condition_holds(side: &SideCode, condition: &str) -> Option<String> {
    let named = services_in(condition);
    if named.is_empty() {
        return None;
    }
    named
        .iter()
        .all(|(s, _)| service_present(side, s).verdict == Verdict::Met)
        .then(|| format!("the condition \"{condition}\" holds"))
}

/// Whether a requirement speaks of traffic (ports, what a rule allows) rather than of what to
/// build: the services it names are protocols and peers, not resources to declare.
fn describes_traffic(text: &str) -> bool {
    let lower = text.to_lowercase();
    let opens = ["allow ", "allows ", "deny ", "permit ", "restrict "]
        .iter()
        .any(|w| lower.trim_start_matches(['-', '*', ' ']).starts_with(w));
    opens || crate::text::contains(&lower, "port") || crate::text::contains(&lower, "ports")
}

/// The services a requirement asks for, with how it asks (must wins over should) and where.
type AskedService = (&'static Service, String, Option<Modality>, Option<Evidence>);

/// Required services: the services the request's requirements ask for (must or should), and
/// metadata `aws_services`, which is listed but never counted missing by itself.
fn service_trace(input: &TraceInput, prompt_items: &[PromptItem]) -> ServiceTrace {
    let mut required: Vec<AskedService> = Vec::new();
    let mut unmapped = Vec::new();
    let add = |s: &'static Service,
               from: &str,
               asked: Option<(Modality, Evidence)>,
               required: &mut Vec<AskedService>| {
        match required.iter_mut().find(|(r, ..)| r.key == s.key) {
            Some((_, f, modality, source)) => {
                if !f.contains(from) {
                    *f = format!("{f}+{from}");
                }
                if let Some((m, e)) = asked {
                    if modality.is_none() || (m == Modality::Must && *modality != Some(m)) {
                        *modality = Some(m);
                        *source = Some(e);
                    }
                }
            }
            None => {
                let (m, e) = asked.unzip();
                required.push((s, from.to_string(), m, e));
            }
        }
    };
    for p in prompt_items {
        if !p.reading.modality.asks_presence() || describes_traffic(&p.text) {
            continue;
        }
        let lower = without_examples(&p.text.to_lowercase());
        for (s, _) in services_in(&lower) {
            if names_service(&lower, s) {
                let source = Evidence::new(p.file.clone(), Some(p.line), p.text.clone());
                add(
                    s,
                    "prompt",
                    Some((p.reading.modality, source)),
                    &mut required,
                );
            }
        }
    }
    if let Some(m) = input.metadata {
        for name in &m.aws_services {
            match service_named(name) {
                Some(s) => add(s, "metadata", None, &mut required),
                None => unmapped.push(name.clone()),
            }
        }
    }
    let mut trace = ServiceTrace {
        unmapped,
        ..ServiceTrace::default()
    };
    for (service, from, modality, source) in required {
        let model = judge(input.model.as_ref(), "model", |s| {
            service_present(s, service)
        });
        let ideal = judge(input.ideal.as_ref(), "ideal", |s| {
            service_present(s, service)
        });
        if modality.is_some() && model.verdict == Verdict::Unmet {
            trace.missing_model.push(service.key.clone());
        }
        if modality.is_some() && ideal.verdict == Verdict::Unmet {
            trace.missing_ideal.push(service.key.clone());
        }
        trace.required.push(ServiceRequirement {
            key: service.key.clone(),
            name: service.display.clone(),
            from,
            modality,
            source,
            model: model.verdict,
            ideal: ideal.verdict,
            model_evidence: model.evidence,
            ideal_evidence: ideal.evidence,
        });
    }
    trace
}
