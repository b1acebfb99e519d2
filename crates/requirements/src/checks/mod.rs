//! Checks on the resource model, and the keyword table that maps a requirement to them
//! ([`table::TABLE`]).

pub mod availability;
pub mod common;
pub mod data;
pub mod encryption;
pub mod naming;
pub mod network;
pub mod presence;
pub mod table;

use crate::side::SideCode;
use crate::text::find_phrase;
use crate::trace::{Outcome, Verdict};

/// A requirement as the checks read it: its text and its context, in lower case.
#[derive(Debug, Clone)]
pub struct Item {
    pub text: String,
    pub context: String,
}

impl Item {
    pub fn new(text: &str, context: Option<&str>) -> Self {
        Item {
            text: text.to_lowercase(),
            context: context.unwrap_or_default().to_lowercase(),
        }
    }

    /// Text and context together: where subjects ("the database", "Redis") are looked for.
    pub fn subject_text(&self) -> String {
        format!("{} {}", self.text, self.context)
    }
}

/// The verdict of a table row on one side, reversed when the request negates the row's
/// trigger ("no NAT gateway").
pub fn run_row(row: &table::Row, side: &SideCode, item: &Item, negated: bool) -> Outcome {
    let outcome = match row.run {
        table::Run::Custom(f) => f(side, item),
        table::Run::KindPresent {
            kinds,
            what,
            identifiers,
        } => presence::kind_present(side, kinds, what, identifiers),
    };
    if !negated {
        return outcome;
    }
    let verdict = match outcome.verdict {
        Verdict::Met => Verdict::Unmet,
        Verdict::Unmet => Verdict::Met,
        Verdict::Unknown => Verdict::Unknown,
    };
    Outcome {
        verdict,
        why: format!("the request asks for none: {}", outcome.why),
        evidence: outcome.evidence,
    }
}

/// The rows whose trigger and subject the item names, each with whether every trigger
/// occurrence is negated. Negated rows are kept only when the row allows it.
pub fn rows_for(item: &Item) -> Vec<(&'static table::Row, bool)> {
    let subject_text = item.subject_text();
    table::TABLE
        .iter()
        .filter_map(|row| {
            let hits: Vec<usize> = row
                .triggers
                .iter()
                .flat_map(|t| find_phrase(&item.text, t))
                .collect();
            if hits.is_empty() {
                return None;
            }
            if !row.subjects.is_empty()
                && !row
                    .subjects
                    .iter()
                    .any(|s| !find_phrase(&subject_text, s).is_empty())
            {
                return None;
            }
            let negated = hits
                .iter()
                .all(|at| crate::text::negated_at(&item.text, *at));
            if negated && !row.negatable {
                return None;
            }
            Some((row, negated))
        })
        .collect()
}
