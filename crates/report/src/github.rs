//! The reports as GitHub Actions workflow commands: one annotation per failure of the model and
//! per failed or warning checkpoint, shown on the pull request's files.
//!
//! `::error file=TASK/lib/MODEL_RESPONSE.md,line=42,title=API001 unknown-sdk-symbol::message`
//!
//! Critical and high failures are errors, medium ones warnings, low ones notices; failed
//! checkpoints are errors, warning checkpoints warnings. Standing findings, regressions, task
//! findings and suppressed or baselined findings are not annotated (they are in the other
//! formats). The file is the task path joined with the place the user has (see [`user_place`]):
//! the answer document and its line for code taken from an answer. Escaping follows GitHub's
//! runner: `%`, CR and LF in the message; also `:` and `,` in properties.

use std::fmt::Write;

use iacgrade_findings::{CheckStatus, FindingStatus, Severity, Side};

use crate::place::{fallback_place, user_place, UserPlace};
use crate::Report;

/// A workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(
    out: &mut String,
    level: &str,
    report: &Report,
    place: &UserPlace,
    title: &str,
    message: &str,
) {
    let task = report.task.path.trim_end_matches('/');
    let file = if task.is_empty() || task == "." {
        place.file.clone()
    } else {
        format!("{task}/{}", place.file)
    };
    let file = file.strip_prefix("./").unwrap_or(&file).to_string();
    let _ = writeln!(
        out,
        "::{level} file={},line={},title={}::{}",
        escape_property(&file),
        place.line,
        escape_property(title),
        escape_data(message)
    );
}

/// One task's annotations.
pub fn render_github(report: &Report) -> String {
    let mut out = String::new();
    for c in &report.checkpoints {
        let level = match c.status {
            CheckStatus::Fail => "error",
            CheckStatus::Warn => "warning",
            CheckStatus::Pass | CheckStatus::Skip => continue,
        };
        let place = c
            .evidence
            .iter()
            .find(|e| !e.file.is_empty())
            .map(|e| user_place(report, Side::Task, &e.file, e.line))
            .unwrap_or_else(|| fallback_place(report));
        let title = format!("Checkpoint {} {}", c.id, c.name);
        annotation(&mut out, level, report, &place, &title, &c.message);
    }
    if !report.judged {
        let why = report
            .not_judged_reason
            .as_deref()
            .unwrap_or("there is no model answer to judge");
        annotation(
            &mut out,
            "error",
            report,
            &fallback_place(report),
            "Not judged",
            why,
        );
    }
    for (i, f) in report.findings.iter().enumerate() {
        if f.side != Side::Model
            || !matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
            || report.suppressions_of(i).next().is_some()
        {
            continue;
        }
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let place = user_place(report, f.side, &f.file, f.line);
        let title = format!("{} {} ({})", f.rule, f.name, f.severity.as_str());
        let message = match f.fix.as_deref().filter(|x| !x.trim().is_empty()) {
            Some(fix) => format!("{}\nFix: {fix}", f.message),
            None => f.message.clone(),
        };
        annotation(&mut out, level, report, &place, &title, &message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_expects() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a,b: 5%\n"), "a%2Cb%3A 5%25%0A");
    }
}
