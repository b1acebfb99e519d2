//! The fixed words of the JSON contract the dashboard sorts and colours by: severities,
//! checkpoint statuses and finding statuses. Words a newer report may bring that are not listed
//! here are shown as written, after the known ones, in a neutral colour.

/// Severities from worst to mildest (DESIGN.md, "Findings").
pub const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

/// Checkpoint statuses in the order the dashboard shows them.
pub const CHECK_STATUSES: [&str; 4] = ["pass", "warn", "fail", "skip"];

/// Finding statuses in the order the dashboard shows them: model failures first. `suppressed`
/// is the dashboard's own: a finding the report lists in `suppressions`, whatever its status.
pub const FINDING_STATUSES: [&str; 5] =
    ["fixed", "unfixed", "standing", "regression", "suppressed"];

/// Position of a severity in [`SEVERITIES`]; unknown severities sort after `low`.
pub fn severity_rank(severity: &str) -> usize {
    SEVERITIES
        .iter()
        .position(|s| *s == severity)
        .unwrap_or(SEVERITIES.len())
}

/// The CSS class that colours a severity (`sev-critical` ... `sev-low`, `sev-other`).
pub fn severity_class(severity: &str) -> &'static str {
    match severity {
        "critical" => "sev-critical",
        "high" => "sev-high",
        "medium" => "sev-medium",
        "low" => "sev-low",
        _ => "sev-other",
    }
}

/// The CSS class that colours a checkpoint status (`st-pass` ... `st-skip`, `st-other`).
pub fn check_status_class(status: &str) -> &'static str {
    match status {
        "pass" => "st-pass",
        "warn" => "st-warn",
        "fail" => "st-fail",
        "skip" => "st-skip",
        _ => "st-other",
    }
}

/// The CSS class of a finding status (`fs-fixed` ...).
pub fn finding_status_class(status: &str) -> &'static str {
    match status {
        "fixed" => "fs-fixed",
        "unfixed" => "fs-unfixed",
        "standing" => "fs-standing",
        "regression" => "fs-regression",
        "suppressed" => "fs-suppressed",
        _ => "fs-other",
    }
}

/// A failure of the model: in its answer and gone in the ideal one (`fixed`), or in its answer
/// with no ideal answer to compare with (`unfixed`). `standing` findings are in both answers and
/// `regression` ones only in the ideal answer: reported, never counted against the model. Give
/// it the status the dashboard shows ([`crate::task_report::FindingView::shown_status`]), so a
/// suppressed finding is no failure.
pub fn is_model_failure(status: &str) -> bool {
    matches!(status, "fixed" | "unfixed")
}

/// What a finding status means, for table headers and tooltips.
pub fn finding_status_meaning(status: &str) -> &'static str {
    match status {
        "fixed" => "in the model answer, gone in the ideal one: a model failure",
        "unfixed" => "in the model answer, no ideal answer to compare with",
        "standing" => "in both answers: reported, not counted as a model failure",
        "regression" => "only in the ideal answer",
        "suppressed" => {
            "accepted in the answer (an ignore comment or Metadata) or by a baseline: not counted"
        }
        _ => "a status this dashboard does not know",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_words_sort_last_and_get_neutral_classes() {
        assert!(severity_rank("info") > severity_rank("low"));
        assert_eq!(severity_class("info"), "sev-other");
        assert_eq!(check_status_class("error"), "st-other");
        assert!(!is_model_failure("standing"));
        assert!(is_model_failure("unfixed"));
    }
}
