//! Which parts of the request are requirements.
//!
//! - Every list item under a *requirement* heading ("Constraints", "Mandatory requirements",
//!   "Technical Requirements", "What we need to build", "Security", ...) is one, except a short
//!   title item whose nested items carry the content ("1. **Network Infrastructure**"): that
//!   title becomes the nested items' context.
//! - Elsewhere, outside *background* sections, a list item or a sentence is one when it speaks
//!   as a requirement ("must", "mandatory", "required", "ensure", "never", ...).
//! - Background sections ("Background", "Context", "Business context", "Overview") give none:
//!   they explain, they do not ask. Deliverable sections give only what they state with
//!   "must"-like words.

use std::sync::LazyLock;

use serde::Serialize;

use iacgrade_rules::modality::{modality_of, Reading};

use super::markdown::{Segment, SegmentKind};
use crate::text::PhraseSet;

/// What a section of the request is for, read from its headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionRole {
    Requirement,
    Background,
    Deliverable,
    Other,
}

const REQUIREMENT_HEADINGS: &[&str] = &[
    "constraint",
    "constraints",
    "requirement",
    "requirements",
    "mandatory",
    "must",
    "must have",
    "critical",
    "compliance",
    "security",
    "rules",
    "what we need to build",
    "what to build",
    "what we need",
    "what i need",
    "specifications",
    "specification",
    "implementation guidelines",
    "guardrails",
    "non-negotiable",
    "naming",
    "resource naming",
    "resource management",
    "resource lifecycle",
    "target region",
    "region",
    "environment",
    "platform requirements",
    "platform and language",
    "core infrastructure",
    "infrastructure components",
    "networking",
    "monitoring",
];

const BACKGROUND_HEADINGS: &[&str] = &[
    "background",
    "context",
    "business context",
    "additional context",
    "overview",
    "project overview",
    "task overview",
    "introduction",
    "about",
    "story",
    "scenario",
    "current state",
    "motivation",
];

const DELIVERABLE_HEADINGS: &[&str] = &[
    "deliverable",
    "deliverables",
    "what to deliver",
    "expected output",
    "output",
    "outputs",
    "testing",
    "tests",
    "success criteria",
    "optional",
    "optional enhancements",
    "notes",
    "code examples",
    "documentation",
];

/// Words that make a sentence a requirement wherever it stands.
pub const MODAL_WORDS: &[&str] = &[
    "must",
    "mandatory",
    "required",
    "requires",
    "shall",
    "ensure",
    "needs to",
    "need to",
    "has to",
    "have to",
    "never",
    "exclusively",
    "strictly",
    "always",
    "only in",
];

/// [`MODAL_WORDS`], searched for in one pass.
static MODAL: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(MODAL_WORDS));

/// The heading lists as phrase sets, built once: a request has hundreds of segments, each
/// asking for the role of its headings.
static BACKGROUND: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(BACKGROUND_HEADINGS));
static DELIVERABLE: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(DELIVERABLE_HEADINGS));
static REQUIREMENT: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(REQUIREMENT_HEADINGS));
/// Words that make a deliverable-sounding heading a requirement heading.
static OBLIGATION: LazyLock<PhraseSet> =
    LazyLock::new(|| PhraseSet::new(&["requirement", "requirements", "must", "mandatory"]));

/// The role of the innermost heading that has one.
pub fn section_role(headings: &[String]) -> SectionRole {
    for heading in headings.iter().rev() {
        if let Some(role) = heading_role(&heading.to_lowercase()) {
            return role;
        }
    }
    SectionRole::Other
}

/// The role one heading (lower case) gives its section, if any.
fn heading_role(heading: &str) -> Option<SectionRole> {
    // "Background" wins over words it shares with requirement headings.
    if BACKGROUND.contains_any(heading) {
        return Some(SectionRole::Background);
    }
    if DELIVERABLE.contains_any(heading) && !OBLIGATION.contains_any(heading) {
        return Some(SectionRole::Deliverable);
    }
    if REQUIREMENT.contains_any(heading) {
        return Some(SectionRole::Requirement);
    }
    None
}

/// A requirement as the request states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PromptItem {
    /// The requirement, markup removed.
    pub text: String,
    /// The title or heading it belongs to ("Database Layer", "Mandatory requirements").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    pub file: String,
    pub line: usize,
    pub section: SectionRole,
    /// How the sentence asks (must, should, may, ...), read from its words and headings.
    pub reading: Reading,
}

/// The modality of a segment's sentence: its headings and, for a nested item, the item it
/// sits under ("If using AWS Config:" over its sub-items).
fn reading_of(text: &str, seg: &Segment) -> Reading {
    let mut context = seg.headings.clone();
    if let Some(parent) = &seg.parent {
        let parent_reading = modality_of(parent, &seg.headings);
        if parent_reading.condition.is_some() {
            return parent_reading;
        }
        context.push(parent.clone());
    }
    modality_of(text, &context)
}

fn is_title_item(segments: &[Segment], index: usize) -> bool {
    let seg = &segments[index];
    let SegmentKind::ListItem { depth } = seg.kind else {
        return false;
    };
    let has_children = segments
        .get(index + 1)
        .is_some_and(|n| matches!(n.kind, SegmentKind::ListItem { depth: d } if d > depth));
    let words = seg.text.split_whitespace().count();
    has_children && (words <= 6 || seg.text.trim_end().ends_with(':'))
}

/// Splits text into sentences at `.`, `!`, `?` followed by a space (so `us-east-1.` and
/// `v1.2` stay whole).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        current.push(*c);
        let abbreviation = *c == '.' && {
            let lower = current.to_lowercase();
            ["e.g.", "i.e.", " eg.", " vs."]
                .iter()
                .any(|a| lower.ends_with(a))
        };
        let ends = matches!(c, '.' | '!' | '?')
            && !abbreviation
            && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if ends {
            let s = current.trim().to_string();
            if !s.is_empty() {
                out.push(s);
            }
            current.clear();
        }
    }
    let s = current.trim().to_string();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// The requirement items of a request's segments, in document order, without repeats.
pub fn requirement_items(segments: &[Segment]) -> Vec<PromptItem> {
    let mut out: Vec<PromptItem> = Vec::new();
    let push = |item: PromptItem, out: &mut Vec<PromptItem>| {
        let key = item.text.to_lowercase();
        if item.text.split_whitespace().count() >= 2
            && !out.iter().any(|o| o.text.to_lowercase() == key)
        {
            out.push(item);
        }
    };
    for (index, seg) in segments.iter().enumerate() {
        let role = section_role(&seg.headings);
        if role == SectionRole::Background {
            continue;
        }
        let lower = seg.text.to_lowercase();
        let context = seg.parent.clone().or_else(|| seg.headings.last().cloned());
        match seg.kind {
            SegmentKind::Heading { .. } => {}
            SegmentKind::ListItem { .. } => {
                if is_title_item(segments, index) {
                    continue;
                }
                let modal = MODAL.contains_any(&lower);
                if role == SectionRole::Requirement || modal {
                    push(
                        PromptItem {
                            text: seg.text.clone(),
                            context,
                            file: seg.file.clone(),
                            line: seg.line,
                            section: role,
                            reading: reading_of(&seg.text, seg),
                        },
                        &mut out,
                    );
                }
            }
            SegmentKind::Paragraph => {
                for sentence in sentences(&seg.text) {
                    if MODAL.contains_any(&sentence.to_lowercase()) {
                        let reading = reading_of(&sentence, seg);
                        push(
                            PromptItem {
                                text: sentence,
                                context: context.clone(),
                                file: seg.file.clone(),
                                line: seg.line,
                                section: role,
                                reading,
                            },
                            &mut out,
                        );
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::markdown::segments;

    #[test]
    fn roles_from_headings() {
        let h = |v: &[&str]| section_role(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(h(&["Task", "Constraints"]), SectionRole::Requirement);
        assert_eq!(h(&["Background"]), SectionRole::Background);
        assert_eq!(h(&["Business Context"]), SectionRole::Background);
        assert_eq!(h(&["What to deliver"]), SectionRole::Deliverable);
        assert_eq!(
            h(&["Deployment Requirements (CRITICAL)"]),
            SectionRole::Requirement
        );
        assert_eq!(h(&["Hello"]), SectionRole::Other);
    }

    #[test]
    fn title_items_become_context() {
        let text = "## Core Requirements\n1. **Database Layer**\n   - RDS MySQL in private subnets\n   - Encrypted storage\n";
        let items = requirement_items(&segments("p.md", text));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].context.as_deref(), Some("Database Layer"));
    }

    #[test]
    fn sentences_keep_regions_whole() {
        assert_eq!(
            sentences("Deploy to us-east-1. Use v1.2 now! Done"),
            vec!["Deploy to us-east-1.", "Use v1.2 now!", "Done"]
        );
    }
}
