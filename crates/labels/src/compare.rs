//! How iacgrade's findings line up with the failures a task's MODEL_FAILURES.md lists.
//!
//! A labelled failure matches a finding when they share enough meaningful words
//! ([`crate::words`]): the failure's title against the finding's message and rule name. Only
//! model failures are candidates — findings with status `fixed` or `unfixed` — since `standing`
//! and `regression` findings are not failures of the model answer.
//!
//! Threshold: at least [`MIN_SHARED_STEMS`] shared stems, or every stem of the title when the
//! title has fewer (a one-word title such as "Encryption" matches on that word). Each finding
//! matches at most one failure and each failure at most one finding: pairs are taken greedily,
//! best first — most shared stems, then equal severity, then the larger share of the two word
//! sets in common, then document order.

use std::collections::BTreeSet;

use iacgrade_findings::{Finding, FindingStatus};
use iacgrade_report::{ExistingComparison, ExistingMatch, LabelledFailure};

use crate::words::meaningful_stems;

/// Shared stems needed for a match when the title has at least this many.
pub const MIN_SHARED_STEMS: usize = 2;

/// One candidate pairing and what ranks it.
#[derive(Debug)]
struct Pairing {
    labelled: usize,
    finding: usize,
    shared: usize,
    same_severity: bool,
    /// Shared stems per thousand stems of the union.
    overlap_permille: usize,
}

fn is_model_failure(f: &Finding) -> bool {
    matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
}

/// The words a finding is matched on: its message and its rule name.
/// Words reviewers use for a rule family's failures, which the finding's own message may not
/// contain ("does not exist" for an unknown API, "hardcoded" for a plain-text secret).
fn family_vocabulary(rule: &str) -> &'static str {
    let family: String = rule
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match family.as_str() {
        "API" => "api exist nonexistent invalid incorrect wrong hallucinated unknown",
        "ENC" => "encryption encrypted kms key",
        "TLS" => "tls ssl transit https encryption",
        "NET" => "public exposed open ingress network",
        "IAM" => "iam permissions privilege wildcard policy",
        "SEC" => "secret password hardcoded credentials plaintext",
        "AVL" => "availability multi az failover",
        "LOG" => "logging logs monitoring retention",
        "DST" => "retain deletion destroy removal policy",
        "REQ" => "missing requirement",
        "DIFF" => "missing configuration",
        _ => "",
    }
}

fn finding_stems(f: &Finding) -> BTreeSet<String> {
    let name = f.name.replace(['-', '_'], " ");
    meaningful_stems(&format!(
        "{} {} {} {}",
        f.message,
        name,
        f.root_cause.as_deref().unwrap_or_default(),
        family_vocabulary(&f.rule)
    ))
}

/// Compares the failures a document lists with the findings of the analysis.
pub fn compare(labelled: &[LabelledFailure], findings: &[Finding]) -> ExistingComparison {
    let titles: Vec<BTreeSet<String>> = labelled
        .iter()
        .map(|l| meaningful_stems(&l.title))
        .collect();
    let candidates: Vec<(usize, BTreeSet<String>)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| is_model_failure(f))
        .map(|(i, f)| (i, finding_stems(f)))
        .collect();

    let mut pairings = Vec::new();
    for (l, title) in titles.iter().enumerate() {
        if title.is_empty() {
            continue;
        }
        let required = MIN_SHARED_STEMS.min(title.len());
        for (f, stems) in &candidates {
            let shared = title.intersection(stems).count();
            if shared < required {
                continue;
            }
            let union = title.union(stems).count().max(1);
            pairings.push(Pairing {
                labelled: l,
                finding: *f,
                shared,
                same_severity: labelled[l].severity.as_deref()
                    == Some(findings[*f].severity.as_str()),
                overlap_permille: shared * 1000 / union,
            });
        }
    }
    pairings.sort_by(|a, b| {
        b.shared
            .cmp(&a.shared)
            .then(b.same_severity.cmp(&a.same_severity))
            .then(b.overlap_permille.cmp(&a.overlap_permille))
            .then(a.labelled.cmp(&b.labelled))
            .then(a.finding.cmp(&b.finding))
    });

    let mut labelled_taken = vec![false; labelled.len()];
    let mut finding_taken = vec![false; findings.len()];
    let mut found = Vec::new();
    for p in pairings {
        if labelled_taken[p.labelled] || finding_taken[p.finding] {
            continue;
        }
        labelled_taken[p.labelled] = true;
        finding_taken[p.finding] = true;
        found.push(ExistingMatch {
            labelled: p.labelled,
            finding: p.finding,
        });
    }
    found.sort_by_key(|m| m.labelled);
    let missed = (0..labelled.len())
        .filter(|&i| !labelled_taken[i])
        .collect();
    let unlabelled_findings = candidates
        .iter()
        .map(|(i, _)| *i)
        .filter(|&i| !finding_taken[i])
        .collect();
    ExistingComparison {
        labelled: labelled.to_vec(),
        found,
        missed,
        unlabelled_findings,
    }
}
