//! How iacgrade's findings line up with the failures a task's MODEL_FAILURES.md lists: the
//! pairs [`crate::verify_labels`] made (same place or same name), as the comparison the
//! report's `existing` field holds.
//!
//! Only model failures count as unlabelled — findings with status `fixed` or `unfixed` on the
//! model side — since `standing` and `regression` findings are not failures of the model answer.

use iacgrade_findings::{Finding, FindingStatus, Side};
use iacgrade_report::{ExistingComparison, ExistingLabel, ExistingMatch, LabelledFailure};

fn is_model_failure(f: &Finding) -> bool {
    f.side == Side::Model && matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
}

/// The comparison of the labelled failures with the findings, from the verified labels'
/// pairings (`verified[i]` is the verdict on `labelled[i]`).
pub fn compare(
    labelled: &[LabelledFailure],
    verified: &[ExistingLabel],
    findings: &[Finding],
) -> ExistingComparison {
    let found: Vec<ExistingMatch> = verified
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.matched_finding.map(|finding| ExistingMatch {
                labelled: i,
                finding,
            })
        })
        .collect();
    let missed = (0..labelled.len())
        .filter(|i| !found.iter().any(|m| m.labelled == *i))
        .collect();
    let unlabelled_findings = findings
        .iter()
        .enumerate()
        .filter(|(i, f)| is_model_failure(f) && !found.iter().any(|m| m.finding == *i))
        .map(|(i, _)| i)
        .collect();
    ExistingComparison {
        labelled: labelled.to_vec(),
        found,
        missed,
        unlabelled_findings,
    }
}
