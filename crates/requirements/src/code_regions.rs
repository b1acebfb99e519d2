//! The region a side's code deploys to.
//!
//! Read, most authoritative first: (1) providers and stack environments with a literal region
//! (a region inside a fallback expression such as `process.env.AWS_REGION || "us-east-1"`
//! counts); (2) pins: an `AWS_REGION` file, Pulumi stack config `aws:region`, the task's
//! lib/AWS_REGION for the ideal side; (3) region literals on code lines that speak of a region
//! or name an availability zone. The first source that yields regions decides.

use iacgrade_ir::Value;
use iacgrade_rules::props::literal_str;
use iacgrade_task::Evidence;

use crate::prompt::regions::{region_codes, PromptRegions};
use crate::side::SideCode;
use crate::trace::{FollowedRegion, Outcome};

fn push(regions: &mut Vec<String>, r: String) {
    if !regions.contains(&r) {
        regions.push(r);
    }
}

/// The region(s) a side deploys to, and which of the request's regions that is.
pub fn followed_region(side: Option<&SideCode>, prompt: &PromptRegions) -> FollowedRegion {
    let Some(side) = side else {
        return unknown_region("no code on this side");
    };
    let mut regions = Vec::new();
    let mut evidence = Vec::new();
    for p in &side.graph.providers {
        let Some(value) = &p.region else { continue };
        let text = match value {
            Value::Str(_) | Value::Template(_) => {
                literal_str(value).unwrap_or_else(|| value.render())
            }
            other => other.render(),
        };
        for (r, _) in region_codes(&text) {
            evidence.push(Evidence::new(
                p.span.file.clone(),
                Some(p.span.line),
                format!("provider {} region {}", p.name, value.render()),
            ));
            push(&mut regions, r);
        }
    }
    if !regions.is_empty() {
        return settle(regions, "provider", evidence, prompt);
    }
    for f in side.files {
        let path = f.path.clone().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default();
        let pinned = if name == "AWS_REGION" {
            region_codes(f.text.trim())
                .into_iter()
                .next()
                .map(|(r, _)| (r, 1))
        } else if name.starts_with("Pulumi") && (name.ends_with(".yaml") || name.ends_with(".yml"))
        {
            f.text.lines().enumerate().find_map(|(i, l)| {
                l.contains("aws:region")
                    .then(|| region_codes(l).into_iter().next().map(|(r, _)| (r, i + 1)))
                    .flatten()
            })
        } else {
            None
        };
        if let Some((r, line)) = pinned {
            evidence.push(Evidence::new(
                f.display_name(),
                Some(line),
                format!("region pin {r}"),
            ));
            push(&mut regions, r);
        }
    }
    if let Some(pin) = side.region_pin {
        for (r, _) in region_codes(pin) {
            evidence.push(Evidence::new(
                "lib/AWS_REGION",
                Some(1),
                format!("region pin {r}"),
            ));
            push(&mut regions, r);
        }
    }
    if !regions.is_empty() {
        return settle(regions, "pin", evidence, prompt);
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for f in side.files {
        for (i, line) in f.text.lines().enumerate() {
            let codes = region_codes(line);
            if codes.is_empty() {
                continue;
            }
            let lower = line.to_ascii_lowercase();
            let speaks = lower.contains("region") || lower.contains("availability");
            for (r, at) in codes {
                let zone = lower[at + r.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase());
                if speaks || zone {
                    match counts.iter_mut().find(|(x, _)| *x == r) {
                        Some((_, n)) => *n += 1,
                        None => {
                            evidence.push(Evidence::new(f.display_name(), Some(i + 1), line));
                            counts.push((r, 1));
                        }
                    }
                }
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    if counts.is_empty() {
        return unknown_region(
            "the code names no region (it comes from the environment or configuration)",
        );
    }
    settle(
        counts.into_iter().map(|(r, _)| r).collect(),
        "code",
        evidence,
        prompt,
    )
}

fn unknown_region(_why: &str) -> FollowedRegion {
    FollowedRegion {
        regions: Vec::new(),
        basis: "unknown".into(),
        evidence: Vec::new(),
        followed: "unknown".into(),
    }
}

fn settle(
    regions: Vec<String>,
    basis: &str,
    evidence: Vec<Evidence>,
    prompt: &PromptRegions,
) -> FollowedRegion {
    let followed = match regions.first() {
        None => "unknown",
        Some(main) if prompt.mandatory.contains(main) => "mandatory",
        Some(main) if prompt.conflict.as_ref().is_some_and(|c| &c.other == main) => "conflicting",
        Some(_) if prompt.mandatory.is_empty() => "unknown",
        Some(_) => "other",
    };
    FollowedRegion {
        regions,
        basis: basis.into(),
        evidence: evidence.into_iter().take(5).collect(),
        followed: followed.into(),
    }
}

/// The verdict on the region requirement for one side.
pub fn region_outcome(
    followed: &FollowedRegion,
    mandatory: &[String],
    side_present: bool,
) -> Outcome {
    if !side_present {
        return Outcome::unknown("no code on this side");
    }
    let Some(main) = followed.regions.first() else {
        return Outcome::unknown(
            "the code names no region (it comes from the environment or configuration)",
        );
    };
    let found = |r: &String| followed.regions.contains(r);
    if mandatory.len() > 1 {
        let hits = mandatory.iter().filter(|r| found(r)).count();
        return if hits == mandatory.len() {
            Outcome::met(
                format!("deploys to {}", mandatory.join(" and ")),
                followed.evidence.clone(),
            )
        } else if hits == 0 {
            Outcome::unmet(
                format!(
                    "deploys to {} ({}), not {}",
                    followed.regions.join(", "),
                    followed.basis,
                    mandatory.join(" and ")
                ),
                followed.evidence.clone(),
            )
        } else {
            Outcome::unknown(format!(
                "deploys to {hits} of the {} required regions as far as the code says",
                mandatory.len()
            ))
        };
    }
    let Some(want) = mandatory.first() else {
        return Outcome::unknown("the request names no region");
    };
    if main == want || (followed.basis == "code" && found(want)) {
        Outcome::met(
            format!("deploys to {want} ({})", followed.basis),
            followed.evidence.clone(),
        )
    } else {
        Outcome::unmet(
            format!(
                "deploys to {main} ({}), the request requires {want}",
                followed.basis
            ),
            followed.evidence.clone(),
        )
    }
}
