//! The baseline: the findings a project has accepted, recorded by `--write-baseline FILE` and
//! read back by `--baseline FILE`, so that a CI gate fails only on new ones.
//!
//! A finding is keyed by its task and a fingerprint that does not change when lines move: the
//! rule code, the side, the file relative to the task (a block without a path is named by its
//! document alone, without the line it starts at) and a hash of the finding's snippet with its
//! whitespace collapsed (its message when it has no snippet). Two findings with the same key are
//! matched one for one.

use std::collections::HashMap;
use std::path::Path;

use iacgrade_findings::{file_without_line, fingerprint, Suppression, SuppressionKind};
use iacgrade_report::Report;
use serde::{Deserialize, Serialize};

/// The file format's version.
const BASELINE_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub task: String,
    pub rule: String,
    /// For people reading the file; the fingerprint already covers it.
    pub file: String,
    pub fingerprint: String,
}

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// The baseline of `reports`: every finding not already suppressed in the answer.
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Baseline {
        let mut baseline = Baseline {
            version: BASELINE_VERSION,
            findings: Vec::new(),
        };
        for report in reports {
            baseline.add(report);
        }
        baseline
    }

    /// Records the findings of one more report, in order (the file is written sorted).
    pub fn add(&mut self, report: &Report) {
        for (i, f) in report.findings.iter().enumerate() {
            if report.is_suppressed_in_source(i) {
                continue;
            }
            self.findings.push(BaselineEntry {
                task: report.task.id.clone(),
                rule: f.rule.clone(),
                file: file_without_line(&f.file).to_string(),
                fingerprint: fingerprint(f),
            });
        }
    }

    /// The file's text, sorted so that the same findings always give the same file.
    pub fn to_json(&self) -> Result<Vec<u8>, String> {
        let mut sorted = self.clone();
        sorted.version = BASELINE_VERSION;
        sorted.findings.sort_by(|a, b| {
            (&a.task, &a.rule, &a.file, &a.fingerprint).cmp(&(
                &b.task,
                &b.rule,
                &b.file,
                &b.fingerprint,
            ))
        });
        let mut bytes = serde_json::to_vec_pretty(&sorted).map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Reads a baseline file; the error names the file and the line.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}: not a baseline file: {e}", path.display(), e.line()))?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (this iacgrade writes {BASELINE_VERSION})",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Matches the findings of `reports` with the baseline, one for one, in a table that each
    /// call uses up: [`BaselineMatcher::mark`] then marks one report at a time.
    pub fn matcher(&self) -> BaselineMatcher {
        let mut remaining: HashMap<(String, String), usize> = HashMap::new();
        for entry in &self.findings {
            *remaining
                .entry((entry.task.clone(), entry.fingerprint.clone()))
                .or_default() += 1;
        }
        BaselineMatcher { remaining }
    }
}

/// What is left of a baseline to match (see [`Baseline::matcher`]).
pub struct BaselineMatcher {
    remaining: HashMap<(String, String), usize>,
}

impl BaselineMatcher {
    /// Adds a baseline suppression to every finding of `report` the baseline records; returns
    /// how many.
    pub fn mark(&mut self, report: &mut Report, baseline_file: &Path) -> usize {
        let mut marked = 0;
        for (i, f) in report.findings.iter().enumerate() {
            let key = (report.task.id.clone(), fingerprint(f));
            let Some(count) = self.remaining.get_mut(&key).filter(|c| **c > 0) else {
                continue;
            };
            *count -= 1;
            report.suppressions.push(Suppression {
                finding: i,
                kind: SuppressionKind::Baseline,
                justification: Some("recorded in the baseline".into()),
                file: Some(baseline_file.display().to_string()),
                line: None,
            });
            marked += 1;
        }
        marked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_findings::{Finding, FindingStatus, Severity, Side};

    fn finding(file: &str, line: usize, snippet: &str) -> Finding {
        Finding {
            rule: "ENC001".into(),
            name: "bucket-without-encryption".into(),
            severity: Severity::High,
            category: "B".into(),
            status: FindingStatus::Fixed,
            side: Side::Model,
            file: file.into(),
            line: Some(line),
            message: "bucket is not encrypted".into(),
            model_snippet: Some(snippet.into()),
            ideal_snippet: None,
            root_cause: None,
            fix: None,
            docs: None,
            also_at: Vec::new(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn the_fingerprint_ignores_lines_and_whitespace() {
        let a = finding("lib/MODEL_RESPONSE.md:40", 3, "new s3.Bucket(this, 'Logs')");
        let b = finding(
            "lib/MODEL_RESPONSE.md:52",
            9,
            "new s3.Bucket(this,\n   'Logs')",
        );
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = finding("lib/MODEL_RESPONSE.md:40", 3, "new s3.Bucket(this, 'Data')");
        assert_ne!(fingerprint(&a), fingerprint(&c));
        let d = finding("lib/stack.ts", 3, "new s3.Bucket(this, 'Logs')");
        assert_ne!(fingerprint(&a), fingerprint(&d));
        assert_eq!(fingerprint(&a).len(), 16);
    }

    #[test]
    fn the_file_keeps_paths_with_colons_that_are_not_lines() {
        assert_eq!(
            file_without_line("lib/MODEL_RESPONSE.md:40"),
            "lib/MODEL_RESPONSE.md"
        );
        assert_eq!(file_without_line("lib/a:b.ts"), "lib/a:b.ts");
        assert_eq!(file_without_line("main.tf"), "main.tf");
    }
}
