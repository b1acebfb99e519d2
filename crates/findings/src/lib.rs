//! The verdict vocabulary shared by every check and every report: [`Checkpoint`] results and
//! [`Finding`]s. Checks produce them, the analysis classifies them, reports render them; none of
//! those stages defines its own.

use iacgrade_task::Evidence;
use serde::{Deserialize, Serialize};

/// The result of one checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    /// Not checked: the input needed is absent or a tool is missing. Never counted as passed.
    Skip,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Warn => "warn",
            CheckStatus::Skip => "skip",
        }
    }
}

/// One of the pipeline's validation checkpoints (A–L), evaluated on one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// "A" ... "L".
    pub id: String,
    pub name: String,
    pub status: CheckStatus,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// How bad a finding is (DESIGN.md, "Findings").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// Whether a finding is a failure of the model that the ideal answer fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    /// In the model answer, gone in the ideal one: a model failure.
    Fixed,
    /// In both: reported, not counted as a model failure.
    Standing,
    /// Only in the ideal answer.
    Regression,
    /// No ideal answer to compare with.
    Unfixed,
}

/// Which answer a finding was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Model,
    Ideal,
    Task,
}

/// One defect, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id (`API001`).
    pub rule: String,
    /// Rule name (`unknown-sdk-symbol`).
    pub name: String,
    pub severity: Severity,
    /// A, B or C as the scoring guide defines them.
    pub category: String,
    pub status: FindingStatus,
    pub side: Side,
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
    pub model_snippet: Option<String>,
    pub ideal_snippet: Option<String>,
    pub root_cause: Option<String>,
    pub fix: Option<String>,
    pub docs: Option<String>,
    /// The other places where the same defect occurs (an invented name used again), in the
    /// order of the code; `file` and `line` above are the first. One mistake is one finding,
    /// however often the code repeats it.
    #[serde(default)]
    pub also_at: Vec<Place>,
    /// What a tool said when it ran the answer (a compiler error, a synth exception, a
    /// deployment rejected), each at its place in the answer document: the proof behind a
    /// finding of the toolchain family, or a second proof of a finding a check made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// Whether the finding is at this line of this file, at its own place or one of its others.
    pub fn is_at(&self, file: &str, line: usize) -> bool {
        (self.file == file && self.line == Some(line))
            || self
                .also_at
                .iter()
                .any(|p| p.file == file && p.line == line)
    }
}

/// One finding per mistake: a finding with the rule and message of an earlier one (the same
/// invented name used again, the same missing setting on another resource) becomes one of that
/// finding's `also_at` places; a repeat at the very same place adds nothing. The first finding
/// of each mistake keeps its position in the list.
pub fn gather_repeats(findings: Vec<Finding>) -> Vec<Finding> {
    let mut first_with: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings {
        let key = (finding.rule.clone(), finding.message.clone());
        let Some(&first) = first_with.get(&key) else {
            first_with.insert(key, out.len());
            out.push(finding);
            continue;
        };
        let places = std::iter::once((finding.file, finding.line))
            .chain(finding.also_at.into_iter().map(|p| (p.file, Some(p.line))));
        for (file, line) in places {
            let first = &mut out[first];
            let Some(line) = line else { continue };
            if !first.is_at(&file, line) {
                first.also_at.push(Place { file, line });
            }
        }
    }
    out
}

/// Why a finding does not count: its author accepted it in the answer with a reason, or a
/// baseline file recorded it before. A suppressed finding is still reported; it is left out of
/// the score and of the exit policy (a baselined one only of the exit policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// Index of the finding in the report's `findings`.
    pub finding: usize,
    pub kind: SuppressionKind,
    /// The reason written with the suppression; absent when none was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Where the suppression is written (the comment, the resource's `Metadata`, the baseline
    /// file), relative to the task directory where it is in the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// How a finding was suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionKind {
    /// An `iacgrade: ignore[CODE] reason` comment in the code, or a CloudFormation resource's
    /// `Metadata: {iacgrade: {ignore: [...]}}`.
    InSource,
    /// Recorded in the baseline file given with `--baseline`.
    Baseline,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::InSource => "in_source",
            SuppressionKind::Baseline => "baseline",
        }
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions and platforms, unlike the
/// standard library's.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// `lib/MODEL_RESPONSE.md:42` (a block named by its first line) → `lib/MODEL_RESPONSE.md`.
pub fn file_without_line(file: &str) -> &str {
    match file.rsplit_once(':') {
        Some((document, line))
            if !document.is_empty()
                && !line.is_empty()
                && line.chars().all(|c| c.is_ascii_digit()) =>
        {
            document
        }
        _ => file,
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The finding's stable fingerprint (16 hex digits), for baselines and code scanning: the rule,
/// the side, the file (a block without a path by its document alone) and the snippet with its
/// whitespace collapsed (the message when there is no snippet). Lines do not enter it.
pub fn fingerprint(finding: &Finding) -> String {
    let snippet = match finding.side {
        Side::Ideal => finding.ideal_snippet.as_deref(),
        _ => finding.model_snippet.as_deref(),
    }
    .filter(|s| !s.trim().is_empty())
    .unwrap_or(&finding.message);
    let side = match finding.side {
        Side::Model => "model",
        Side::Ideal => "ideal",
        Side::Task => "task",
    };
    let hash = stable_hash(&[
        &finding.rule.to_ascii_uppercase(),
        side,
        file_without_line(&finding.file),
        &collapse_whitespace(snippet),
    ]);
    format!("{hash:016x}")
}

/// A place in a file of one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, message: &str, file: &str, line: Option<usize>) -> Finding {
        Finding {
            rule: rule.into(),
            name: "rule-name".into(),
            severity: Severity::Medium,
            category: "B".into(),
            status: FindingStatus::Unfixed,
            side: Side::Model,
            file: file.into(),
            line,
            message: message.into(),
            model_snippet: None,
            ideal_snippet: None,
            root_cause: None,
            fix: None,
            docs: None,
            also_at: Vec::new(),
            evidence: Vec::new(),
        }
    }

    fn places(f: &Finding) -> Vec<(String, usize)> {
        f.also_at.iter().map(|p| (p.file.clone(), p.line)).collect()
    }

    #[test]
    fn repeats_join_the_first_finding_of_their_mistake() {
        let gathered = gather_repeats(vec![
            finding("LOG001", "log group keeps logs forever", "a.ts", Some(10)),
            finding("ENC009", "log group uses service keys", "a.ts", Some(10)),
            finding("LOG001", "log group keeps logs forever", "b.ts", Some(4)),
            // The same place twice adds nothing.
            finding("LOG001", "log group keeps logs forever", "a.ts", Some(10)),
            finding("LOG001", "log group keeps logs forever", "b.ts", Some(4)),
            // Same rule, other message: another mistake.
            finding("LOG001", "log group keeps logs one day", "a.ts", Some(30)),
        ]);
        let order: Vec<(&str, &str)> = gathered
            .iter()
            .map(|f| (f.rule.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("LOG001", "log group keeps logs forever"),
                ("ENC009", "log group uses service keys"),
                ("LOG001", "log group keeps logs one day"),
            ]
        );
        assert_eq!(places(&gathered[0]), [("b.ts".to_string(), 4)]);
        assert!(gathered[1].also_at.is_empty() && gathered[2].also_at.is_empty());
    }

    #[test]
    fn a_gathered_finding_brings_its_own_other_places() {
        let mut later = finding("API001", "no attribute `x`", "b.ts", Some(2));
        later.also_at = vec![
            Place {
                file: "b.ts".into(),
                line: 9,
            },
            Place {
                file: "a.ts".into(),
                line: 1,
            },
        ];
        let gathered = gather_repeats(vec![
            finding("API001", "no attribute `x`", "a.ts", Some(1)),
            later,
            // A repeat without a line has no place to add.
            finding("API001", "no attribute `x`", "c.ts", None),
        ]);
        assert_eq!(gathered.len(), 1);
        assert_eq!(
            places(&gathered[0]),
            [("b.ts".to_string(), 2), ("b.ts".to_string(), 9)]
        );
        assert!(gathered[0].is_at("a.ts", 1) && gathered[0].is_at("b.ts", 9));
        assert!(!gathered[0].is_at("c.ts", 1));
    }
}
