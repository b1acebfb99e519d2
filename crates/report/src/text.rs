use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};
use iacgrade_findings::{CheckStatus, Severity};

use crate::markdown::{matched_label_finding, verdict_words};
use crate::sarif::file_position;
use crate::{escape_controls as clean, other_places, Report};

/// How text output is styled.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStyle {
    /// ANSI colours; the CLI turns them off for NO_COLOR and for output that is not a terminal.
    pub color: bool,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.to_string()
        }
    }
}

fn status_style(status: CheckStatus) -> Style {
    let color = match status {
        CheckStatus::Pass => AnsiColor::Green,
        CheckStatus::Fail => AnsiColor::Red,
        CheckStatus::Warn => AnsiColor::Yellow,
        CheckStatus::Skip => AnsiColor::BrightBlack,
    };
    Style::new()
        .fg_color(Some(color.into()))
        .effects(Effects::BOLD)
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Critical => AnsiColor::Red,
        Severity::High => AnsiColor::Magenta,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
    };
    Style::new()
        .fg_color(Some(color.into()))
        .effects(Effects::BOLD)
}

/// The report as a person reads it in a terminal: the task line, the checkpoint table, findings
/// by severity, the score and any input errors.
///
/// Every string that may hold task content goes through `clean` ([`escape_controls`]) where it
/// is written: the colours are the renderer's own control sequences, so the output as a whole
/// cannot be escaped afterwards.
///
/// [`escape_controls`]: crate::escape_controls
pub fn render_text(report: &Report, style: TextStyle) -> String {
    let p = Paint { color: style.color };
    let bold = Style::new().effects(Effects::BOLD);
    let dim = Style::new().effects(Effects::DIMMED);
    let mut out = String::new();

    let t = &report.task;
    let platform = match (&t.platform, &t.language) {
        (Some(p), Some(l)) => format!("{}/{}", clean(p), clean(l)),
        (Some(p), None) => clean(p).into_owned(),
        _ => "platform unknown".into(),
    };
    let recorded = t
        .recorded_score
        .map(|s| format!(", recorded score {s}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {}  ({platform}{recorded})",
        p.paint(bold, "task"),
        clean(&t.path)
    );
    for (label, facts) in [
        ("model", &report.answers.model),
        ("ideal", &report.answers.ideal),
    ] {
        if let Some(f) = facts {
            let detected = match (&f.detected_platform, &f.detected_language) {
                (Some(p), Some(l)) => format!("{p}/{l}"),
                _ => "no platform detected".into(),
            };
            let _ = writeln!(
                out,
                "  {label} answer: {} · {} block(s), {} with a path · {detected}",
                f.form.replace('_', " "),
                f.blocks,
                f.files_with_path
            );
        }
    }
    if let Some(r) = &report.resources {
        let _ = writeln!(out, "  resources: model {}, ideal {}", r.model, r.ideal);
    }
    if let Some(j) = report.judged_response.as_ref().filter(|j| j.turns > 1) {
        let _ = writeln!(
            out,
            "  judged: {} (turn {} of {}{})",
            j.file,
            j.turn,
            j.turns,
            j.prompt
                .as_ref()
                .map(|p| format!(", answering {p}"))
                .unwrap_or_default()
        );
    }
    if let Some(reason) = report.not_judged_reason.as_ref().filter(|_| !report.judged) {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} {reason}",
            p.paint(severity_style(Severity::Critical), "NOT JUDGED")
        );
        let _ = writeln!(out, "  no findings and no score: there is nothing to judge");
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "{}", p.paint(bold, "Checkpoints"));
    let name_width = report
        .checkpoints
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &report.checkpoints {
        let status = format!("{:<4}", c.status.as_str());
        let _ = writeln!(
            out,
            "  {}  {:<name_width$}  {}  {}",
            c.id,
            c.name,
            p.paint(status_style(c.status), &status),
            clean(&c.message)
        );
        if c.status != CheckStatus::Pass {
            for e in c.evidence.iter().take(5) {
                let place = document_place(&e.file, e.line);
                let _ = writeln!(out, "       {} {}", p.paint(dim, &place), clean(&e.text));
            }
            if c.evidence.len() > 5 {
                let _ = writeln!(out, "       … {} more", c.evidence.len() - 5);
            }
        }
    }

    if !report.findings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", p.paint(bold, "Findings"));
        for severity in Severity::ALL {
            for (index, f) in report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.severity == severity)
            {
                let place = document_place(&f.file, f.line);
                let status = serde_json::to_value(f.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {} {} {} [{}] {}",
                    p.paint(
                        severity_style(severity),
                        &format!("{:<8}", severity.as_str())
                    ),
                    f.rule,
                    p.paint(dim, &place),
                    status,
                    clean(&f.message)
                );
                if let Some(others) = other_places(f, |p| document_place(&p.file, Some(p.line))) {
                    let _ = writeln!(out, "           also at: {}", clean(&others));
                }
                // Suppressed findings are shown, never dropped: say by what and why.
                for s in report.suppressions_of(index) {
                    let written = match (&s.file, s.line) {
                        (Some(file), Some(line)) => format!(" ({file}:{line})"),
                        (Some(file), None) => format!(" ({file})"),
                        _ => String::new(),
                    };
                    let _ = writeln!(
                        out,
                        "           suppressed ({}){}{}",
                        s.kind.as_str(),
                        s.justification
                            .as_deref()
                            .map(|j| format!(": {}", clean(j)))
                            .unwrap_or_default(),
                        clean(&written)
                    );
                }
                for e in &f.evidence {
                    let at = match e.line {
                        Some(l) => format!("{}:{l}", e.file),
                        None => e.file.clone(),
                    };
                    let _ = writeln!(out, "           proof: {at}: {}", e.text);
                }
                if let Some(fix) = &f.fix {
                    let _ = writeln!(out, "           fix: {}", clean(fix));
                }
            }
        }
    }

    if let Some(labels) = &report.existing_labels {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            p.paint(bold, "Labelled failures (lib/MODEL_FAILURES.md)")
        );
        if labels.is_empty() {
            let _ = writeln!(out, "  the document lists no failure");
        }
        for l in labels {
            let _ = writeln!(
                out,
                "  {:<18} {:<8} MODEL_FAILURES.md:{} {}",
                verdict_words(l.verdict),
                l.severity.as_deref().unwrap_or("—"),
                l.line,
                l.title
            );
            let _ = writeln!(out, "           {}", l.reason);
            if let Some(finding) = matched_label_finding(report, l) {
                let _ = writeln!(out, "           finding: {finding}");
            }
        }
    }

    if let Some(score) = &report.score {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} {} (policy {})",
            p.paint(bold, "Score"),
            score.value,
            clean(&score.policy)
        );
        for s in &score.steps {
            let _ = writeln!(out, "  {:+} {}: {}", s.delta, clean(&s.step), clean(&s.why));
        }
    }

    if !report.errors.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", p.paint(bold, "Input problems"));
        for e in &report.errors {
            let place = match e.line {
                Some(l) => format!("{}:{l}", e.file),
                None => e.file.clone(),
            };
            let _ = writeln!(out, "  {}: {}", clean(&place), clean(&e.message));
        }
    }
    out
}

/// `file:line` as the user opens it: a block of an answer document, labelled by the block's
/// first line (`lib/MODEL_RESPONSE.md:62`), becomes the document's own line, as in markdown,
/// SARIF and GitHub annotations; control characters of the task are escaped.
fn document_place(file: &str, line: Option<usize>) -> String {
    match file_position(file, line) {
        (file, Some(line)) => format!("{}:{line}", clean(&file)),
        (file, None) => clean(&file).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::document_place;

    #[test]
    fn a_block_of_an_answer_is_placed_at_the_document_s_line() {
        // The block starting at line 60, its 3rd line: line 62 of the document.
        assert_eq!(
            document_place("lib/MODEL_RESPONSE.md:60", Some(3)),
            "lib/MODEL_RESPONSE.md:62"
        );
        assert_eq!(
            document_place("lib/MODEL_RESPONSE.md:60", None),
            "lib/MODEL_RESPONSE.md:60"
        );
        assert_eq!(
            document_place("lib/tap_stack.py", Some(12)),
            "lib/tap_stack.py:12"
        );
        assert_eq!(document_place("metadata.json", None), "metadata.json");
        assert_eq!(document_place("lib/\u{1b}x.py", Some(1)), "lib/\\x1bx.py:1");
    }
}
