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
use std::sync::LazyLock;

use crate::text::PhraseSet;
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

/// Every row's triggers, then every row's subjects, each as one phrase set searched once per
/// item; `owners` maps a phrase's index (as given) back to its row.
struct RowPhrases {
    triggers: PhraseSet,
    trigger_rows: Vec<usize>,
    subjects: PhraseSet,
    subject_rows: Vec<usize>,
}

static ROW_PHRASES: LazyLock<RowPhrases> = LazyLock::new(|| {
    let flatten = |of: fn(&table::Row) -> &'static [&'static str]| {
        let mut phrases = Vec::new();
        let mut rows = Vec::new();
        for (index, row) in table::TABLE.iter().enumerate() {
            for phrase in of(row) {
                phrases.push(*phrase);
                rows.push(index);
            }
        }
        (PhraseSet::new(&phrases), rows)
    };
    let (triggers, trigger_rows) = flatten(|row| row.triggers);
    let (subjects, subject_rows) = flatten(|row| row.subjects);
    RowPhrases {
        triggers,
        trigger_rows,
        subjects,
        subject_rows,
    }
});

/// The rows whose trigger and subject the item names, each with whether every trigger
/// occurrence is negated. Negated rows are kept only when the row allows it.
pub fn rows_for(item: &Item) -> Vec<(&'static table::Row, bool)> {
    let phrases = &*ROW_PHRASES;
    // Trigger occurrences per row, in table order.
    let mut hits: Vec<Vec<usize>> = vec![Vec::new(); table::TABLE.len()];
    for (phrase, at, _) in phrases.triggers.find_all(&item.text) {
        hits[phrases.trigger_rows[phrase]].push(at);
    }
    if hits.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let mut subject_named = vec![false; table::TABLE.len()];
    for (phrase, _, _) in phrases.subjects.find_all(&item.subject_text()) {
        subject_named[phrases.subject_rows[phrase]] = true;
    }
    table::TABLE
        .iter()
        .zip(hits)
        .zip(subject_named)
        .filter_map(|((row, hits), subject_named)| {
            if hits.is_empty() {
                return None;
            }
            if !row.subjects.is_empty() && !subject_named {
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
