//! The words that tell the parts of a failure document apart: sections that are not failures
//! (summary, recommendations, ...), headings that are fields of one failure (root cause, fix,
//! ...), headings that group failures ("Critical Failures", "2. Security Issues"), and the
//! numbering that marks a failure ("### 3.", "Issue 2:").
//!
//! The lists come from reading many such documents; each entry is matched against a heading
//! or lead reduced by [`normalise`].

use crate::severity::{severity_word, strip_emphasis};

/// Lower case, emphasis and code ticks removed, leading symbols (emoji, `#`, `-`) and trailing
/// punctuation dropped, whitespace collapsed.
pub fn normalise(text: &str) -> String {
    let plain = strip_emphasis(text).to_lowercase();
    let plain = plain.trim_start_matches(|c: char| !c.is_alphanumeric());
    let plain = plain.trim_end_matches(|c: char| {
        c == ':' || c == '.' || c == '-' || c.is_whitespace() || c == '*'
    });
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text after a failure's number: "1. X", "1) X", "#1 X", "1 - X", "Issue 1: X",
/// "Failure #2 - X", "Fix 3. X". `None` when the text is not numbered.
pub fn strip_numbering(text: &str) -> Option<String> {
    let plain = strip_emphasis(text);
    let plain = plain.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#');
    let plain = plain.trim_start();
    let lower = plain.to_ascii_lowercase();
    // "Issue 1:", "Failure #2 -", "Problem 3." and the like.
    let mut rest = plain;
    for word in NUMBERED_WORDS {
        if lower.starts_with(word) {
            let after = &plain[word.len()..];
            let after_trim = after.trim_start();
            if after_trim.starts_with('#') || after_trim.starts_with(|c: char| c.is_ascii_digit()) {
                rest = after_trim;
                break;
            }
        }
    }
    let rest = rest.trim_start_matches('#');
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &rest[digits..];
    // "1.2" is a sub-number; "1.5x faster" would be prose, but a heading never starts so.
    let after = after.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let separated = after.is_empty()
        || after.starts_with([' ', ')', ':', '-', '–', '—', '\t'])
        || rest.len() > digits && rest[digits..].starts_with('.');
    if !separated {
        return None;
    }
    let after = after.trim_start_matches([')', ':', '-', '–', '—', ' ', '\t', '.']);
    Some(after.trim().to_string())
}

/// Words that may lead a numbered failure ("Issue 3:").
const NUMBERED_WORDS: &[&str] = &[
    "issue", "failure", "problem", "bug", "error", "fix", "mistake", "gap", "finding", "defect",
    "flaw", "item", "fault",
];

/// Sections that are about the document or the task, not one failure: skipped with everything
/// under them. Matched as the start of the normalised heading, or anywhere for "summary".
const META_STARTS: &[&str] = &[
    "summary",
    "executive summary",
    "overview",
    "introduction",
    "intro",
    "conclusion",
    "recommendation",
    "training value",
    "training quality",
    "training",
    "key takeaway",
    "takeaway",
    "lesson",
    "key learning",
    "learning",
    "strength",
    "positive",
    "what worked",
    "what went well",
    "what the model got right",
    "what the model did well",
    "model strengths",
    "statistic",
    "failure statistic",
    "score",
    "scoring",
    "table of contents",
    "contents",
    "reference",
    "appendix",
    "next step",
    "notes",
    "note",
    "context",
    "background",
    "files modified",
    "file changes",
    "total",
    "assessment",
    "impact assessment",
    "impact analysis",
    "impact summary",
    "root causes",
    "root cause analysis",
    "common root causes",
    "model improvement",
    "areas for improvement",
    "improvement recommendation",
    "knowledge gap",
    "primary knowledge gap",
    "verification",
    "validation result",
    "validation summary",
    "test result",
    "testing result",
    "deployment result",
    "build result",
    "final",
    "comparison",
    "changes made",
    "corrective action",
    "how to",
    "prevention",
    "best practices applied",
    "best practices established",
    "best practices followed",
    "status",
    "results",
    "outcome",
    "deployment outcome",
    "compliance status",
    "success",
    "correct implementation",
    "ideal response",
    "ideal solution",
    "the ideal",
    "original requirement",
    "task description",
    "severity level",
    "severity definition",
    "severity scale",
    "impact level",
    "localstack compatib",
    "localstack-specific",
    "production vs",
    "services verified",
    "validation performed",
    "validations performed",
    "checks performed",
    "checks passed",
    "passed checks",
    "code quality",
    "quality metrics",
    "what was correct",
    "correct aspects",
    "correctly implemented",
    "environment detection",
];

/// Words that make an unnumbered section meta as its first or last word: "Overall
/// Assessment", "Severity Legend", "Migration Notes", "Deployment Considerations",
/// "Testing Strategy", "Scenario 1: ...".
const META_WORDS: &[&str] = &[
    "assessment",
    "successes",
    "legend",
    "strengths",
    "notes",
    "considerations",
    "checklist",
    "timeline",
    "strategy",
    "strategies",
    "recommendations",
    "conclusion",
    "conclusions",
    "takeaways",
    "lessons",
    "status",
    "success",
    "verified",
    "adjustments",
    "adaptations",
    "workarounds",
    "overview",
    "migration",
    "results",
    "remediation",
    "context",
    "scenario",
    "comparison",
];

/// Words that make an unnumbered section meta as its last word: "Testing Impact".
const META_LAST_WORDS: &[&str] = &[
    "impact",
    "details",
    "overview",
    "performed",
    "achievements",
    "readiness",
];

/// Whether a section heading is about the document rather than a failure: its text contains
/// "summary", or starts with a meta phrase, or (unnumbered headings only) starts or ends with a
/// meta word. A heading with a plural failure noun ("Requirements Violations", "Quality
/// Issues") is a group of failures, never meta.
pub fn is_meta_heading(text: &str) -> bool {
    if starts_with_failure_number(text) {
        // "Issue 2: Metric method that does not exist" is a failure whatever follows.
        return false;
    }
    let numbered = strip_numbering(text);
    let n = normalise(numbered.as_deref().unwrap_or(text));
    if n.contains("summary") {
        return true;
    }
    if denies_failures(&n) || marks_a_pass(text, &n) || praises(&n) {
        return true;
    }
    if has_group_word(&n) || names_a_failure(&n) {
        return false;
    }
    if starts_with_meta_phrase(&n) {
        return true;
    }
    if numbered.is_some() {
        // "3. No Backup Strategy" is a failure; numbered sections are rarely about the document.
        return false;
    }
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let edge = [words.first(), words.last()];
    edge.iter().flatten().any(|w| META_WORDS.contains(w))
        || words.last().is_some_and(|w| META_LAST_WORDS.contains(w))
}

/// Whether a heading lists what the model did right ("Areas Where Model Performed Well") or
/// what it lacked in knowledge ("Primary Knowledge Gaps"), whatever failure noun it holds.
fn praises(n: &str) -> bool {
    [
        "performed well",
        "did well",
        "done well",
        "went well",
        "got right",
        "did right",
        "knowledge gap",
    ]
    .iter()
    .any(|p| n.contains(p))
}

/// "Issue 3: ...", "Failure #2 - ...", "— Fault 1": a failure noun and its number.
pub fn starts_with_failure_number(text: &str) -> bool {
    let plain = strip_emphasis(text);
    let plain = plain
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    SINGULAR_FAILURE_WORDS.iter().any(|w| plain.starts_with(w)) && strip_numbering(&plain).is_some()
}

/// A tick marks what passed ("### 2. Security Configuration ✅"), unless the heading says a
/// failure was fixed ("#### 6. Deployment Errors - FIXED ✅", "Task - COMPLETED ✅").
fn marks_a_pass(text: &str, n: &str) -> bool {
    (text.contains('✅') || text.contains("[PASS]"))
        && !["fix", "resolv", "fail", "issue", "error", "completed"]
            .iter()
            .any(|w| n.contains(w))
}

/// Whether a heading says there is nothing to list: "No Corrections Required", "No Critical
/// Issues Found", "Issues: None". Its items are what the model got right.
fn denies_failures(n: &str) -> bool {
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.last() == Some(&"none") {
        return true;
    }
    // "no [critical] issues [found]": the noun second or third, at most a verdict word after it
    // ("No error handling in X" is a failure).
    let Some(("no" | "zero", rest)) = words.split_first().map(|(f, r)| (*f, r)) else {
        return false;
    };
    let is_noun =
        |w: &str| GROUP_WORDS.contains(&w) || SINGULAR_FAILURE_WORDS.contains(&w) || w == "changes";
    let Some(at) = rest.iter().take(2).position(|w| is_noun(w)) else {
        return false;
    };
    match &rest[at + 1..] {
        [] => true,
        [verdict] => matches!(
            *verdict,
            "required" | "needed" | "found" | "identified" | "detected" | "necessary" | "made"
        ),
        _ => false,
    }
}

/// Whether normalised text holds a singular failure noun ("Model Response Failure Analysis").
fn names_a_failure(n: &str) -> bool {
    n.split(|c: char| !c.is_alphanumeric())
        .any(|w| SINGULAR_FAILURE_WORDS.contains(&w))
}

const SINGULAR_FAILURE_WORDS: &[&str] = &[
    "failure", "failures", "issue", "problem", "error", "bug", "mistake", "flaw", "defect",
    "fault", "gap", "finding",
];

/// Whether the lead of a list item names something other than a failure ("Recommendations",
/// "Training value").
pub fn is_meta_lead(text: &str) -> bool {
    let n = normalise(text);
    !has_group_word(&n) && starts_with_meta_phrase(&n)
}

fn starts_with_meta_phrase(n: &str) -> bool {
    META_STARTS.iter().any(|m| {
        let Some(rest) = n.strip_prefix(m) else {
            return false;
        };
        // The phrase is a whole word, or its plural: "recommendations", not "training-set".
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        rest.chars().next().is_none_or(|c| !c.is_alphabetic())
    }) || n == "analysis"
}

/// Headings that are fields of one failure: "Problem", "Root Cause", "MODEL_RESPONSE Issue",
/// "IDEAL_RESPONSE Fix", "Why This Matters", "Before", "Error Encountered", ...
const FIELD_PHRASES: &[&str] = &[
    "problem",
    "problem statement",
    "the problem",
    "issue",
    "the issue",
    "issue description",
    "description",
    "details",
    "impact",
    "business impact",
    "security impact",
    "cost impact",
    "performance impact",
    "cost/security/performance impact",
    "impact level",
    "severity",
    "fix",
    "the fix",
    "fixes",
    "fix applied",
    "fixes applied",
    "solution",
    "solution applied",
    "resolution",
    "correction",
    "correction applied",
    "corrected code",
    "correct code",
    "corrected version",
    "root cause",
    "cause",
    "model response",
    "model_response",
    "model response issue",
    "model_response issue",
    "model output",
    "model code",
    "model's approach",
    "model approach",
    "what the model did",
    "what the model generated",
    "original issue",
    "original code",
    "original",
    "ideal response",
    "ideal_response",
    "ideal response fix",
    "ideal_response fix",
    "ideal code",
    "ideal solution",
    "ideal implementation",
    "ideal approach",
    "expected",
    "expected behavior",
    "expected behaviour",
    "actual",
    "actual behavior",
    "current",
    "before",
    "after",
    "before/after",
    "example",
    "code example",
    "evidence",
    "error",
    "error message",
    "error encountered",
    "errors encountered",
    "deployment error",
    "symptoms",
    "failure description",
    "failure mode",
    "failure modes",
    "example failure",
    "why this matters",
    "why it matters",
    "why this is better",
    "why",
    "what went wrong",
    "what was wrong",
    "how it was fixed",
    "explanation",
    "reason",
    "rationale",
    "location",
    "affected resources",
    "affected files",
    "code",
    "changes",
    "change",
    "lesson",
    "lesson learned",
    "learning",
    "prevention",
    "mitigation",
    "consequence",
    "consequences",
    "requirement",
    "prompt requirement",
    "aws documentation reference",
    "documentation reference",
    "documentation",
    "references",
    "test",
    "tests",
    "validation",
    "verification",
    "training value",
    "category",
    "status",
    "failure",
    "the failure",
    "correction",
    "corrections applied",
    "correct approach",
    "incorrect approach",
    "incorrect code",
    "wrong code",
    "detection",
    "symptom",
    "risk",
    "recommendation",
    "note",
    "file",
    "files",
    "resource",
    "resources",
    "line",
    "lines",
    "priority",
    "reason",
    "result",
    "outcome",
    "benefit",
    "benefits",
    "effect",
    "severity level",
    "training impact",
    "testing",
];

/// First words of short headings that describe one side of a failure ("Current
/// Implementation", "Recommended Fix", "Model's Code", "Before (model)").
const FIELD_LEAD_WORDS: &[&str] = &[
    "current",
    "recommended",
    "proposed",
    "suggested",
    "required",
    "corrected",
    "updated",
    "original",
    "expected",
    "actual",
    "model",
    "model's",
    "ideal",
    "why",
    "how",
    "before",
    "after",
    "problem",
    "impact",
    "solution",
    "fix",
    "fixed",
    "root",
    "example",
    "evidence",
    "resolution",
    "correction",
    "changes",
    "code",
    "what",
    "initial",
    "incorrect",
    "correct",
    "wrong",
    "right",
    "ideal_response",
    "model_response",
];

/// Whether a heading is a field of one failure rather than a failure.
pub fn is_field_heading(text: &str) -> bool {
    let n = normalise(text);
    let n = n.trim_end_matches(':').trim();
    // "IDEAL_RESPONSE Fix (lib/tap.ts)": the parenthesis does not change what it is.
    let n = match n.find(" (") {
        Some(i) => n[..i].trim(),
        None => n,
    };
    if FIELD_PHRASES.contains(&n) {
        return true;
    }
    let words: Vec<&str> = n.split_whitespace().collect();
    words.len() <= 4
        && words
            .first()
            .is_some_and(|w| FIELD_LEAD_WORDS.contains(&w.trim_end_matches(':')))
}

/// Plural nouns that make a heading a group of failures: "Security Issues", "Deployment Errors".
const GROUP_WORDS: &[&str] = &[
    "failures",
    "issues",
    "problems",
    "errors",
    "concerns",
    "fixes",
    "gaps",
    "findings",
    "mistakes",
    "bugs",
    "violations",
    "deficiencies",
    "shortcomings",
    "defects",
    "weaknesses",
    "corrections",
    "discrepancies",
    "misconfigurations",
    "blockers",
    "omissions",
    "flaws",
    "faults",
    "oversights",
    "anti-patterns",
    "antipatterns",
    "limitations",
];

/// Whether the heading names a group of failures by a plural failure noun.
pub fn has_group_word(text: &str) -> bool {
    normalise(text)
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| GROUP_WORDS.contains(&w))
}

/// Words that qualify a severity group without naming a failure: "High Priority", "Critical
/// Severity", "Medium Impact", "Identified", "Fixed".
const GROUP_QUALIFIERS: &[&str] = &[
    "priority",
    "severity",
    "impact",
    "level",
    "risk",
    "identified",
    "fixed",
    "found",
    "and",
    "found and fixed",
    "resolved",
    "addressed",
    "corrected",
    "in",
    "model",
    "response",
    "the",
];

/// The severity of a heading that groups failures by severity: "Critical Failures",
/// "High-Priority Issues", "2. Minor Issues", "Medium", "Critical Security Failures".
/// "Critical: no backups" (a failure with a marker) and "High Availability not configured"
/// (a failure) are not groups.
pub fn severity_group(text: &str) -> Option<&'static str> {
    let stripped = strip_numbering(text).unwrap_or_else(|| text.to_string());
    let n = normalise(&stripped);
    if n.contains(':') {
        return None;
    }
    let words: Vec<&str> = n
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let (first, rest) = words.split_first()?;
    let severity = severity_word(first)?;
    let has_group = rest.iter().any(|w| GROUP_WORDS.contains(w));
    let only_qualifiers = rest.iter().all(|w| GROUP_QUALIFIERS.contains(w));
    if only_qualifiers || (has_group && rest.len() <= 5) {
        Some(severity)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_recognised_and_removed() {
        assert_eq!(
            strip_numbering("1. Missing KMS").as_deref(),
            Some("Missing KMS")
        );
        assert_eq!(
            strip_numbering("**2) Open SG**").as_deref(),
            Some("Open SG")
        );
        assert_eq!(strip_numbering("Issue 3: Typo").as_deref(), Some("Typo"));
        assert_eq!(
            strip_numbering("Failure #4 - Bad ARN").as_deref(),
            Some("Bad ARN")
        );
        assert_eq!(strip_numbering("1.2 Sub item").as_deref(), Some("Sub item"));
        assert_eq!(strip_numbering("Issue").as_deref(), None);
        assert_eq!(strip_numbering("S3 bucket").as_deref(), None);
        assert_eq!(strip_numbering("2024 plan").as_deref(), None);
    }

    #[test]
    fn meta_fields_and_groups() {
        assert!(is_meta_heading("## Summary of Critical Failures"));
        assert!(is_meta_heading("Recommendations for Model Improvement"));
        assert!(is_meta_heading("Training Value Assessment"));
        assert!(!is_meta_heading("Missing Stack Outputs"));
        assert!(!is_meta_heading("3. No Backup Strategy"));
        assert!(is_meta_heading("Testing Strategy"));
        assert!(!is_meta_heading("Model Response Failure Analysis"));
        assert!(is_field_heading("**IDEAL_RESPONSE Fix**:"));
        assert!(is_field_heading("Root Cause"));
        assert!(!is_field_heading("Missing Root Volume Encryption"));
        assert!(has_group_word("1. Syntax Issues"));
        assert!(!has_group_word("Missing import"));
    }

    #[test]
    fn severity_groups() {
        assert_eq!(severity_group("Critical Failures"), Some("critical"));
        assert_eq!(severity_group("High-Priority Failures"), Some("high"));
        assert_eq!(severity_group("2. Minor Issues"), Some("low"));
        assert_eq!(severity_group("Medium"), Some("medium"));
        assert_eq!(
            severity_group("Critical Security Failures"),
            Some("critical")
        );
        assert_eq!(severity_group("Critical: no backups"), None);
        assert_eq!(severity_group("High Availability not configured"), None);
        assert_eq!(severity_group("Missing critical alarms"), None);
    }
}
