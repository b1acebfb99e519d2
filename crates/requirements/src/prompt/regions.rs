//! AWS regions named in the request, and the role each mention plays.
//!
//! A request can name several regions for different reasons: the one everything must be
//! deployed to, a second region of a multi-region design, or a region that is only background
//! ("we plan to expand to São Paulo, sa-east-1, next year"). Each mention gets a
//! [`RegionRole`] from its section and its clause, and [`read_regions`] settles the mandatory
//! region(s) and reports a conflict when a background region stands against a mandatory one,
//! or when two regions both claim to be *the* region.

use std::sync::LazyLock;

use serde::Serialize;

use super::items::{section_role, sentences, SectionRole};
use super::markdown::{Segment, SegmentKind};
use crate::text::PhraseSet;

/// Why the request names a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionRole {
    /// Everything (or the main stack) must be deployed there.
    Mandatory,
    /// A further region of a multi-region design (DR, replica, secondary).
    Secondary,
    /// Context only: plans, existing systems, other teams.
    Background,
    /// Named without saying why.
    Mentioned,
}

/// One region named in the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionMention {
    pub region: String,
    pub role: RegionRole,
    pub file: String,
    pub line: usize,
    /// The sentence that names it.
    pub text: String,
}

const AREAS: &[&str] = &[
    "us-gov", "us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn",
];
const DIRECTIONS: &[&str] = &[
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north",
    "south",
    "east",
    "west",
    "central",
];

/// Every AWS region code in `text` (`eu-west-1`; availability zones such as `eu-west-1a` give
/// their region), in order, with byte offsets. Case is ignored; the codes are lower case.
pub fn region_codes(text: &str) -> Vec<(String, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut skip_until = 0;
    // Every code starts with a two-letter area and a hyphen ("us-", "eu-", "us-gov-"), so
    // only the places two bytes before a hyphen can start one.
    for hyphen in memchr::memchr_iter(b'-', bytes) {
        let Some(i) = hyphen.checked_sub(2) else {
            continue;
        };
        if i < skip_until {
            continue;
        }
        let boundary_before =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-');
        if boundary_before {
            if let Some(len) = region_at(&bytes[i..]) {
                out.push((text[i..i + len].to_ascii_lowercase(), i));
                skip_until = i + len;
            }
        }
    }
    out
}

/// Strips an ASCII prefix, ignoring case.
fn strip_prefix_ignore_case<'a>(s: &'a [u8], prefix: &str) -> Option<&'a [u8]> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix.as_bytes())
        .then(|| &s[prefix.len()..])
}

/// The length of the region code at the start of `s`, if one starts there.
fn region_at(s: &[u8]) -> Option<usize> {
    for area in AREAS {
        let Some(rest) = strip_prefix_ignore_case(s, area).and_then(|r| r.strip_prefix(b"-"))
        else {
            continue;
        };
        for dir in DIRECTIONS {
            let Some(rest) = strip_prefix_ignore_case(rest, dir).and_then(|r| r.strip_prefix(b"-"))
            else {
                continue;
            };
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits != 1 {
                continue;
            }
            // Bytes past ASCII are never letters or digits, as the characters they encode.
            let after = &rest[digits..];
            let ok = match after.first() {
                None => true,
                // An availability zone letter: eu-west-1a.
                Some(c) if c.is_ascii_alphabetic() => {
                    after.get(1).is_none_or(|n| !n.is_ascii_alphanumeric())
                }
                Some(c) => !c.is_ascii_alphanumeric(),
            };
            if ok {
                return Some(area.len() + 1 + dir.len() + 1 + digits);
            }
        }
    }
    None
}

const BACKGROUND_CUES: &[&str] = &[
    "expand",
    "expansion",
    "plan",
    "plans",
    "planned",
    "planning",
    "future",
    "next year",
    "later",
    "eventually",
    "roadmap",
    "currently",
    "existing",
    "legacy",
    "today",
    "previously",
    "used to",
    "source account",
    "source region",
    "migrating from",
    "migrate from",
    "moved from",
    "headquarters",
    "office",
    "offices",
    "customers in",
    "users in",
    "based in",
    "someday",
];

const SECONDARY_CUES: &[&str] = &[
    "secondary",
    "dr",
    "disaster recovery",
    "replica",
    "replicas",
    "replicate",
    "replicated",
    "replication",
    "failover region",
    "backup region",
    "standby",
    "cross-region",
    "second region",
    "multi-region",
    "passive",
];

const MANDATORY_CUES: &[&str] = &[
    "must",
    "mandatory",
    "only",
    "exclusively",
    "all resources",
    "every resource",
    "deploy",
    "deployed",
    "deploying",
    "deployment",
    "region",
    "target",
    "primary",
    "required",
    "hosting",
    "host",
    "hosted",
    "provision",
    "provisioned",
    "create",
    "launch",
    "run",
    "runs",
    "in",
];

/// The role of a mention from its clause and its section.
fn role_of(sentence: &str, section: SectionRole) -> RegionRole {
    static SECONDARY: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(SECONDARY_CUES));
    static PRIMARY: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(&["primary"]));
    static BACKGROUND: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(BACKGROUND_CUES));
    static STILL_MANDATORY: LazyLock<PhraseSet> =
        LazyLock::new(|| PhraseSet::new(&["must", "mandatory", "exclusively", "all resources"]));
    static MANDATORY: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(MANDATORY_CUES));
    let s = sentence.to_lowercase();
    if SECONDARY.contains_any(&s) && !PRIMARY.contains_any(&s) {
        return RegionRole::Secondary;
    }
    if section == SectionRole::Background || BACKGROUND.contains_any(&s) {
        // "must" inside a background section still states a requirement.
        if STILL_MANDATORY.contains_any(&s) {
            return RegionRole::Mandatory;
        }
        return RegionRole::Background;
    }
    if section == SectionRole::Requirement || MANDATORY.contains_any(&s) {
        return RegionRole::Mandatory;
    }
    RegionRole::Mentioned
}

/// Every region mention of the request's segments.
pub fn region_mentions(segments: &[Segment]) -> Vec<RegionMention> {
    let mut out = Vec::new();
    for seg in segments {
        if matches!(seg.kind, SegmentKind::Heading { .. }) {
            // A heading such as "Target region: us-east-1" names a mandatory region.
            for (region, _) in region_codes(&seg.text) {
                out.push(RegionMention {
                    region,
                    role: RegionRole::Mandatory,
                    file: seg.file.clone(),
                    line: seg.line,
                    text: seg.text.clone(),
                });
            }
            continue;
        }
        let section = section_role(&seg.headings);
        for sentence in sentences(&seg.text) {
            let codes = region_codes(&sentence);
            let several = codes.len() > 1;
            for (region, at) in codes {
                // With several regions in one sentence, read the clause around each one.
                let clause = if several {
                    clause_around(&sentence, at)
                } else {
                    sentence.clone()
                };
                out.push(RegionMention {
                    role: role_of(&clause, section),
                    region,
                    file: seg.file.clone(),
                    line: seg.line,
                    text: sentence.clone(),
                });
            }
        }
    }
    out
}

fn clause_around(sentence: &str, at: usize) -> String {
    const SEPARATORS: &[&str] = &[
        ",",
        ";",
        "(",
        ")",
        ":",
        " and ",
        " but ",
        " while ",
        " whereas ",
    ];
    let lower = sentence.to_ascii_lowercase();
    let start = SEPARATORS
        .iter()
        .filter_map(|s| lower[..at].rfind(s).map(|p| p + s.len()))
        .max()
        .unwrap_or(0);
    let end = SEPARATORS
        .iter()
        .filter_map(|s| lower[at..].find(s).map(|p| at + p))
        .min()
        .unwrap_or(lower.len());
    sentence.get(start..end).unwrap_or(sentence).to_string()
}

/// The request's regions, settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PromptRegions {
    /// The region(s) the code must deploy to, main region first; further regions of a
    /// multi-region design follow.
    pub mandatory: Vec<String>,
    /// Where the mandatory region came from: "prompt", "metadata" or "lib/AWS_REGION".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandatory_source: Option<String>,
    pub mentions: Vec<RegionMention>,
    /// A background or competing region that a reader could take for the mandatory one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<RegionConflict>,
}

/// Two regions of the request that pull in different directions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionConflict {
    pub mandatory: String,
    pub other: String,
    pub other_role: RegionRole,
    pub mandatory_at: String,
    pub other_at: String,
    pub why: String,
}

/// Settles the mandatory region(s) from the mentions; `fallback` (metadata's region) is used
/// when the request names none.
pub fn read_regions(mentions: Vec<RegionMention>, fallback: Option<(&str, &str)>) -> PromptRegions {
    let mut mandatory: Vec<String> = Vec::new();
    for m in mentions.iter().filter(|m| m.role == RegionRole::Mandatory) {
        if !mandatory.contains(&m.region) {
            mandatory.push(m.region.clone());
        }
    }
    if mandatory.is_empty() {
        // A region named without any role, and no other candidate: take it.
        let plain: Vec<&RegionMention> = mentions
            .iter()
            .filter(|m| m.role == RegionRole::Mentioned)
            .collect();
        if let Some(first) = plain.first() {
            if plain.iter().all(|m| m.region == first.region) {
                mandatory.push(first.region.clone());
            }
        }
    }
    let mut source = (!mandatory.is_empty()).then(|| "prompt".to_string());
    if mandatory.is_empty() {
        if let Some((region, from)) = fallback {
            mandatory.push(region.to_string());
            source = Some(from.to_string());
        }
    }
    let at = |m: &RegionMention| format!("{}:{}", m.file, m.line);
    let mut conflict = None;
    if let Some(main) = mandatory.first() {
        let main_mention = mentions.iter().find(|m| &m.region == main);
        let competing = mentions.iter().find(|m| {
            &m.region != main
                && (m.role == RegionRole::Background
                    || (m.role == RegionRole::Mandatory
                        && mandatory.len() > 1
                        && !is_secondary_anywhere(&mentions, &m.region)))
        });
        if let Some(other) = competing {
            let why = match other.role {
                RegionRole::Background => format!(
                    "the request names {} as background but requires {}",
                    other.region, main
                ),
                _ => format!(
                    "the request requires both {} and {} without calling either secondary",
                    main, other.region
                ),
            };
            conflict = Some(RegionConflict {
                mandatory: main.clone(),
                other: other.region.clone(),
                other_role: other.role,
                mandatory_at: main_mention
                    .map(at)
                    .unwrap_or_else(|| source.clone().unwrap_or_default()),
                other_at: at(other),
                why,
            });
        }
    }
    // Secondary regions join the mandatory list after the main region.
    for m in mentions.iter().filter(|m| m.role == RegionRole::Secondary) {
        if !mandatory.is_empty() && !mandatory.contains(&m.region) {
            mandatory.push(m.region.clone());
        }
    }
    PromptRegions {
        mandatory,
        mandatory_source: source,
        mentions,
        conflict,
    }
}

fn is_secondary_anywhere(mentions: &[RegionMention], region: &str) -> bool {
    mentions
        .iter()
        .any(|m| m.region == region && m.role == RegionRole::Secondary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::markdown::segments;

    #[test]
    fn codes_and_zones() {
        let found: Vec<String> = region_codes(
            "Use eu-west-1 (zones eu-west-1a, eu-west-1b); not us-east-10x or xus-east-1",
        )
        .into_iter()
        .map(|(r, _)| r)
        .collect();
        assert_eq!(found, vec!["eu-west-1", "eu-west-1", "eu-west-1"]);
        assert_eq!(
            region_codes("ap-southeast-2 and us-gov-west-1")[1].0,
            "us-gov-west-1"
        );
        // Case is ignored; offsets stay those of the text, also after non-ASCII characters.
        assert_eq!(
            region_codes("Région: EU-West-1B, é us-east-2é"),
            vec![("eu-west-1".to_string(), 9), ("us-east-2".to_string(), 24)]
        );
        assert!(region_codes("eu-west-1ab us-east-1-").len() == 1);
    }

    #[test]
    fn background_against_mandatory_is_a_conflict() {
        let text = "## Background\nWe plan to expand to sa-east-1 next year.\n\n## Constraints\n- Every resource is deployed in eu-west-1.\n";
        let regions = read_regions(region_mentions(&segments("p.md", text)), None);
        assert_eq!(regions.mandatory, vec!["eu-west-1"]);
        let conflict = regions.conflict.expect("conflict");
        assert_eq!(conflict.other, "sa-east-1");
        assert_eq!(conflict.other_role, RegionRole::Background);
    }

    #[test]
    fn multi_region_is_not_a_conflict() {
        let text = "Deploy the primary stack in us-east-1 and a DR replica in us-west-2.\n";
        let regions = read_regions(region_mentions(&segments("p.md", text)), None);
        assert_eq!(regions.mandatory, vec!["us-east-1", "us-west-2"]);
        assert!(regions.conflict.is_none());
    }
}
