//! The reports of one or more tasks as a JUnit XML document, for CI systems that show test
//! results (GitLab, Jenkins, Azure Pipelines, test-report actions).
//!
//! One `<testsuite>` per task, named by its id, with one `<testcase>` per checkpoint
//! (classname `TASK.checkpoints`) and one per failure of the model (classname
//! `TASK.findings`: a model-side finding that is `fixed` or `unfixed`). A failed checkpoint and a
//! critical or high model failure are `<failure>`s; a skipped checkpoint and a suppressed or
//! baselined finding are `<skipped>`; medium and low failures pass, with their message as
//! `<system-out>`. A task with no answer to judge has one failing test case saying so. Every
//! text from the task is escaped for XML, and characters XML 1.0 cannot hold become U+FFFD.

use std::fmt::Write;

use iacgrade_findings::{CheckStatus, FindingStatus, Severity, Side};

use crate::Report;

/// Text for an XML attribute or element: `& < > " '` as entities, characters XML 1.0 forbids
/// (controls other than tab, line feed and carriage return) replaced.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Counts of one suite or the whole document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JunitCounts {
    pub tests: usize,
    pub failures: usize,
    pub skipped: usize,
}

impl JunitCounts {
    fn add(&mut self, other: JunitCounts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.skipped += other.skipped;
    }
}

enum Outcome {
    Pass(Option<String>),
    Failure {
        kind: String,
        message: String,
        detail: String,
    },
    Skipped(String),
}

struct TestCase {
    classname: String,
    name: String,
    outcome: Outcome,
}

fn finding_place(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    }
}

fn cases(report: &Report) -> Vec<TestCase> {
    let task = &report.task.id;
    let mut out = Vec::new();
    for c in &report.checkpoints {
        let name = format!("{} {}", c.id, c.name);
        let outcome = match c.status {
            CheckStatus::Fail => Outcome::Failure {
                kind: "checkpoint".into(),
                message: c.message.clone(),
                detail: c
                    .evidence
                    .iter()
                    .map(|e| format!("{}: {}", finding_place(&e.file, e.line), e.text))
                    .collect::<Vec<_>>()
                    .join("\n"),
            },
            CheckStatus::Skip => Outcome::Skipped(c.message.clone()),
            CheckStatus::Pass | CheckStatus::Warn => {
                Outcome::Pass(Some(format!("{}: {}", c.status.as_str(), c.message)))
            }
        };
        out.push(TestCase {
            classname: format!("{task}.checkpoints"),
            name,
            outcome,
        });
    }
    if !report.judged {
        out.push(TestCase {
            classname: format!("{task}.findings"),
            name: "model answer judged".into(),
            outcome: Outcome::Failure {
                kind: "not-judged".into(),
                message: report
                    .not_judged_reason
                    .clone()
                    .unwrap_or_else(|| "there is no model answer to judge".into()),
                detail: String::new(),
            },
        });
    }
    for (i, f) in report.findings.iter().enumerate() {
        if f.side != Side::Model
            || !matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
        {
            continue;
        }
        let place = finding_place(&f.file, f.line);
        let name = format!("{} {} at {place}", f.rule, f.name);
        let suppression = report.suppressions_of(i).next();
        let outcome = if let Some(s) = suppression {
            Outcome::Skipped(format!(
                "{}{}",
                s.kind.as_str(),
                s.justification
                    .as_deref()
                    .map(|j| format!(": {j}"))
                    .unwrap_or_default()
            ))
        } else if matches!(f.severity, Severity::Critical | Severity::High) {
            let mut detail = format!("{place}\n{}", f.message);
            if let Some(snippet) = &f.model_snippet {
                let _ = write!(detail, "\n\nmodel:\n{snippet}");
            }
            if let Some(fix) = &f.fix {
                let _ = write!(detail, "\n\nfix: {fix}");
            }
            Outcome::Failure {
                kind: f.severity.as_str().into(),
                message: f.message.clone(),
                detail,
            }
        } else {
            Outcome::Pass(Some(format!("{}: {}", f.severity.as_str(), f.message)))
        };
        out.push(TestCase {
            classname: format!("{task}.findings"),
            name,
            outcome,
        });
    }
    out
}

/// One task's `<testsuite>` element and its counts.
pub fn junit_testsuite(report: &Report) -> (String, JunitCounts) {
    let cases = cases(report);
    let mut counts = JunitCounts {
        tests: cases.len(),
        ..JunitCounts::default()
    };
    let mut body = String::new();
    for case in &cases {
        let _ = write!(
            body,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_escape(&case.classname),
            xml_escape(&case.name)
        );
        match &case.outcome {
            Outcome::Pass(None) => body.push_str("/>\n"),
            Outcome::Pass(Some(out)) => {
                let _ = write!(
                    body,
                    ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                    xml_escape(out)
                );
            }
            Outcome::Failure {
                kind,
                message,
                detail,
            } => {
                counts.failures += 1;
                let _ = write!(
                    body,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml_escape(kind),
                    xml_escape(message),
                    xml_escape(detail)
                );
            }
            Outcome::Skipped(message) => {
                counts.skipped += 1;
                let _ = write!(
                    body,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    xml_escape(message)
                );
            }
        }
    }
    let suite = format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{body}  </testsuite>\n",
        xml_escape(&report.task.id),
        counts.tests,
        counts.failures,
        counts.skipped
    );
    (suite, counts)
}

/// A JUnit document built one task at a time (a corpus streams its reports in).
#[derive(Debug, Default)]
pub struct JunitLog {
    suites: String,
    counts: JunitCounts,
}

impl JunitLog {
    pub fn new() -> JunitLog {
        JunitLog::default()
    }

    pub fn add(&mut self, report: &Report) {
        let (suite, counts) = junit_testsuite(report);
        self.suites.push_str(&suite);
        self.counts.add(counts);
    }

    pub fn counts(&self) -> JunitCounts {
        self.counts
    }

    /// The whole document.
    pub fn finish(self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iacgrade\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{}</testsuites>\n",
            self.counts.tests, self.counts.failures, self.counts.skipped, self.suites
        )
    }
}

/// The reports as one JUnit XML document.
pub fn render_junit(reports: &[Report]) -> String {
    let mut log = JunitLog::new();
    for report in reports {
        log.add(report);
    }
    log.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_are_escaped() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'>\u{1b}[31m\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}[31m\n"
        );
    }
}
