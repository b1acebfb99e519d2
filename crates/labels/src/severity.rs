//! Severity as failure documents write it: words ("Critical", "major", "MODERATE", "P1"),
//! markers in a title ("(CRITICAL)", "[High]", "High:"), and fields in a failure's body
//! ("**Impact Level**: High (Deployment Blocker)", "Severity: Critical", "Impact: HIGH - ...").
//!
//! Everything maps onto iacgrade's four levels: critical, high, medium, low.

/// The canonical severity of one word, if it names one. "blocker" and "P0" are critical,
/// "major" and "P1" high, "moderate" and "P2" medium, "minor", "trivial" and "P3" low.
pub fn severity_word(word: &str) -> Option<&'static str> {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    Some(match w.as_str() {
        "critical" | "blocker" | "blocking" | "showstopper" | "p0" | "sev0" | "sev1" => "critical",
        "high" | "major" | "severe" | "p1" | "sev2" => "high",
        "medium" | "moderate" | "med" | "p2" | "sev3" => "medium",
        "low" | "minor" | "trivial" | "cosmetic" | "p3" | "p4" | "sev4" => "low",
        _ => return None,
    })
}

/// The severity a value starts with: "High (Deployment Blocker)", "**CRITICAL** - ...",
/// "🔴 Critical", "High-priority". Only the first word counts, so "This causes a high bill"
/// is no severity.
pub fn leading_severity(value: &str) -> Option<&'static str> {
    let first = value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '(' || c == ',')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| !w.is_empty())?;
    severity_word(first)
}

/// Field names whose value is a severity ("Impact Level: High"); "impact" only counts when its
/// value starts with a severity word, since it usually holds a sentence.
const SEVERITY_FIELDS: &[&str] = &[
    "impact level",
    "severity level",
    "severity",
    "priority",
    "criticality",
    "risk level",
    "risk",
    "level",
    "impact",
    "failure severity",
    "issue severity",
];

/// A body line that states a severity: `**Impact Level**: High`, `- Severity: Critical`,
/// `> **Severity:** MEDIUM`. Returns the severity and whether the field is a dedicated severity
/// field (everything but "impact").
pub fn severity_field(line: &str) -> Option<(&'static str, bool)> {
    let plain = strip_emphasis(line);
    let plain = plain.trim_start_matches(['>', '-', '*', '+']).trim();
    let (key, value) = split_field(plain)?;
    let key = key.to_ascii_lowercase();
    let key = key.trim();
    if !SEVERITY_FIELDS.contains(&key) {
        return None;
    }
    let severity = leading_severity(value)?;
    Some((severity, key != "impact"))
}

/// `Key: value`, `Key - value`, `Key — value` with a short key.
fn split_field(text: &str) -> Option<(&str, &str)> {
    for sep in [":", " - ", " – ", " — "] {
        if let Some((key, value)) = text.split_once(sep) {
            if key.split_whitespace().count() <= 3 && !key.trim().is_empty() {
                return Some((key.trim(), value.trim()));
            }
        }
    }
    None
}

/// Markdown emphasis and code ticks removed: `**Impact Level**:` → `Impact Level:`.
pub fn strip_emphasis(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '*' && *c != '`')
        .collect::<String>()
        .replace("__", "")
}

/// A severity marked in a failure's title, and the title without the marker:
/// "Missing DLQ permissions (CRITICAL)", "[High] Open security group", "Critical: no backups",
/// "No backups - Medium", "Open ports (Severity: High)". Words inside the title
/// ("Missing critical alarm") are not markers.
pub fn title_marker(title: &str) -> (Option<&'static str>, String) {
    let trimmed = title.trim();
    // A bracketed or parenthesised marker anywhere: "(CRITICAL)", "[High Severity]",
    // "(Severity: High)", "(High Impact)".
    for (open, close) in [('(', ')'), ('[', ']')] {
        let mut search_from = 0;
        while let Some(start) = trimmed[search_from..].find(open).map(|i| i + search_from) {
            let Some(end) = trimmed[start..].find(close).map(|i| i + start) else {
                break;
            };
            let inner = &trimmed[start + 1..end];
            if let Some(severity) = marker_phrase(inner) {
                let rest = format!("{} {}", &trimmed[..start], &trimmed[end + 1..]);
                return (Some(severity), tidy(&rest));
            }
            search_from = end + 1;
        }
    }
    // A prefix: "Critical: ...", "HIGH - ...", "High Priority: ...".
    if let Some((head, rest)) = split_field(trimmed) {
        if let Some(severity) = marker_phrase(head) {
            return (Some(severity), tidy(rest));
        }
    }
    // A suffix: "... - Critical", "...: High".
    for sep in [" - ", " – ", " — ", ": "] {
        if let Some((rest, tail)) = trimmed.rsplit_once(sep) {
            if let Some(severity) = marker_phrase(tail) {
                return (Some(severity), tidy(rest));
            }
        }
    }
    (None, trimmed.to_string())
}

/// A short phrase that is only a severity: "CRITICAL", "High Severity", "Severity: High",
/// "Medium Priority", "High Impact", "P1".
fn marker_phrase(text: &str) -> Option<&'static str> {
    let plain = strip_emphasis(text);
    let plain = plain.trim().trim_end_matches(':').trim();
    if let Some((key, value)) = split_field(plain) {
        let key = key.to_ascii_lowercase();
        if SEVERITY_FIELDS.contains(&key.as_str()) {
            return leading_severity(value);
        }
    }
    let words: Vec<&str> = plain
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let (first, rest) = words.split_first()?;
    let severity = severity_word(first)?;
    let qualifiers_only = rest.iter().all(|w| {
        matches!(
            w.to_ascii_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
            "severity"
                | "priority"
                | "impact"
                | "risk"
                | "level"
                | "issue"
                | "fix"
                | "fixed"
                | "failure"
                | "error"
                | "blocker"
                | ""
        )
    });
    qualifiers_only.then_some(severity)
}

/// Whitespace collapsed and separators left dangling by a removed marker trimmed.
fn tidy(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == '-' || c == ':' || c == '–' || c == '—' || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_map_onto_four_levels() {
        assert_eq!(severity_word("CRITICAL"), Some("critical"));
        assert_eq!(severity_word("Major"), Some("high"));
        assert_eq!(severity_word("moderate"), Some("medium"));
        assert_eq!(severity_word("minor"), Some("low"));
        assert_eq!(severity_word("missing"), None);
    }

    #[test]
    fn fields_state_severity() {
        assert_eq!(
            severity_field("**Impact Level**: High (Deployment Blocker)"),
            Some(("high", true))
        );
        assert_eq!(
            severity_field("- Severity: CRITICAL"),
            Some(("critical", true))
        );
        assert_eq!(
            severity_field("**Impact**: MEDIUM - deployment would fail"),
            Some(("medium", false))
        );
        assert_eq!(severity_field("**Impact**: This causes a high bill"), None);
        assert_eq!(severity_field("Missing KMS key: critical data"), None);
    }

    #[test]
    fn title_markers_are_taken_out() {
        assert_eq!(
            title_marker("Missing DLQ Permissions (CRITICAL)"),
            (Some("critical"), "Missing DLQ Permissions".to_string())
        );
        assert_eq!(
            title_marker("[High Severity] Open security group"),
            (Some("high"), "Open security group".to_string())
        );
        assert_eq!(
            title_marker("Critical: no backups"),
            (Some("critical"), "no backups".to_string())
        );
        assert_eq!(
            title_marker("No backups - Medium"),
            (Some("medium"), "No backups".to_string())
        );
        assert_eq!(
            title_marker("Open ports (Severity: High)"),
            (Some("high"), "Open ports".to_string())
        );
        assert_eq!(
            title_marker("Missing critical alarm (CloudWatch)"),
            (None, "Missing critical alarm (CloudWatch)".to_string())
        );
    }
}
