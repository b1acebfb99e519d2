//! The report as a failure analysis in the form of a task's `lib/MODEL_FAILURES.md`: what a
//! reviewer writes by hand today, drafted from the judgement.
//!
//! Sections, always in this order: title and summary; the model's failures by severity
//! (critical, high, medium, low — only `fixed` and `unfixed` findings are model failures);
//! issues in both answers (`standing`); issues introduced by the ideal answer (`regression`);
//! what the model got right; the requirement trace; testing results (checkpoints); knowledge
//! gaps; recommendations; notes; the comparison with the task's own MODEL_FAILURES.md (only with
//! `review --existing`); input problems (only when there are some); the score. An empty section
//! says so in one line instead of vanishing, so two documents always line up.
//!
//! The output depends only on the [`Report`]: same report, same bytes.

mod escape;
mod impact;
mod labels;

use std::fmt::Write;

use iacgrade_findings::{Finding, FindingStatus, Severity};

use crate::sarif::file_position;
use crate::{other_places, ExistingComparison, Report};
use escape::{code_block, code_span, fence_language, heading, prose, single_line, table_cell};
pub use impact::{impact_line, impact_of, Impact};
pub(crate) use labels::{matched as matched_label_finding, verdict_words};

/// Longest failure heading; the full message follows as "Problem" when it is cut.
const HEADING_CHARS: usize = 110;

/// Renders the report as a MODEL_FAILURES.md document.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::new();
    if !report.judged {
        not_judged(&mut out, report);
        return out;
    }
    title_and_summary(&mut out, report);
    model_failures(&mut out, report);
    other_findings(
        &mut out,
        report,
        FindingStatus::Standing,
        "Issues in both answers",
        "Found in the model answer and still present in the ideal answer: reported, not counted \
         as model failures.",
        "No issue is present in both answers.",
    );
    other_findings(
        &mut out,
        report,
        FindingStatus::Regression,
        "Issues introduced by the ideal answer",
        "Found only in the ideal answer.",
        "The ideal answer introduced no issue.",
    );
    positives(&mut out, report);
    requirement_trace(&mut out, report);
    testing_results(&mut out, report);
    bullet_section(
        &mut out,
        "Knowledge gaps",
        &report.knowledge_gaps,
        "No knowledge gap identified.",
    );
    bullet_section(
        &mut out,
        "Recommendations",
        &report.recommendations,
        "No recommendation.",
    );
    bullet_section(&mut out, "Notes", &report.notes, "No notes.");
    if let Some(existing) = &report.existing {
        existing_comparison(&mut out, report, existing);
    }
    if let Some(verified) = &report.existing_labels {
        labels::verified_labels(&mut out, report, verified);
    }
    input_problems(&mut out, report);
    score(&mut out, report);
    // One trailing newline, never two.
    while out.ends_with("\n\n") {
        out.pop();
    }
    // The whole document at once: nothing markdown writes itself is a control character, so
    // every one found came from the task.
    crate::escape_controls(&out).into_owned()
}

fn is_model_failure(f: &Finding) -> bool {
    matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
}

fn capitalized(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// `file:line` in the document a reader can open: a block of an answer named by its first line
/// (`lib/MODEL_RESPONSE.md:40`) becomes the answer's own line.
fn location(f: &Finding) -> String {
    place(&f.file, f.line)
}

fn place(file: &str, line: Option<usize>) -> String {
    match file_position(file, line) {
        (file, Some(line)) => format!("{file}:{line}"),
        (file, None) => file,
    }
}

/// `**Location**` with the other places of a repeated finding, the first few of them named.
fn location_line(f: &Finding) -> String {
    let line = code_span(&location(f));
    match other_places(f, |p| code_span(&place(&p.file, Some(p.line)))) {
        Some(others) => format!("{line}; also at {others}"),
        None => line,
    }
}

fn platform_label(platform: Option<&str>, language: Option<&str>) -> Option<String> {
    match (platform, language) {
        (Some(p), Some(l)) => Some(format!("{p}/{l}")),
        (Some(p), None) => Some(p.to_string()),
        _ => None,
    }
}

fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "an unknown share".to_string();
    }
    format!("{:.0}%", (share.clamp(0.0, 1.0) * 100.0).round())
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The document of a task with nothing to judge: what it is, why, and the input problems.
fn not_judged(out: &mut String, report: &Report) {
    let t = &report.task;
    let _ = writeln!(out, "# Model Response Failures Analysis\n");
    let _ = writeln!(out, "Task {}.\n", code_span(&t.id));
    let reason = report
        .not_judged_reason
        .as_deref()
        .unwrap_or("there is no model answer to judge");
    let _ = writeln!(
        out,
        "**Not judged:** {}. There are no findings and no score.\n",
        prose(reason)
    );
    input_problems(out, report);
    while out.ends_with("\n\n") {
        out.pop();
    }
}

fn title_and_summary(out: &mut String, report: &Report) {
    let t = &report.task;
    let _ = writeln!(out, "# Model Response Failures Analysis\n");
    let mut facts = vec![format!("Task {}", code_span(&t.id))];
    if let Some(p) = platform_label(t.platform.as_deref(), t.language.as_deref()) {
        facts.push(format!("platform {p} (metadata)"));
    }
    if let Some(s) = t.recorded_score {
        facts.push(format!("recorded score {s}"));
    }
    let _ = writeln!(out, "{}.\n", facts.join(" · "));

    if let Some(j) = report.judged_response.as_ref().filter(|j| j.turns > 1) {
        let _ = writeln!(
            out,
            "Judged answer: {} (turn {} of {}{}).\n",
            code_span(&j.file),
            j.turn,
            j.turns,
            j.prompt
                .as_ref()
                .map(|p| format!(", answering {}", code_span(p)))
                .unwrap_or_default()
        );
    }

    let _ = writeln!(out, "## Summary\n");
    let model = report.answers.model.as_ref();
    let detected = model.and_then(|m| {
        platform_label(
            m.detected_platform.as_deref(),
            m.detected_language.as_deref(),
        )
    });
    let written_as = match (model, detected) {
        (Some(m), Some(d)) => format!(
            "The model answer is written for {d} ({}, {}, {} with a path).",
            m.form.replace('_', " "),
            count(m.blocks, "code block", "code blocks"),
            m.files_with_path
        ),
        (Some(m), None) => format!(
            "The model answer's platform could not be detected ({}, {}).",
            m.form.replace('_', " "),
            count(m.blocks, "code block", "code blocks")
        ),
        (None, _) => "The task has no model answer to judge.".to_string(),
    };
    let _ = writeln!(out, "{written_as}");

    let failures: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| is_model_failure(f))
        .collect();
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            let n = failures.iter().filter(|f| f.severity == *s).count();
            format!("{n} {}", capitalized(*s))
        })
        .collect();
    let fixed = failures
        .iter()
        .filter(|f| f.status == FindingStatus::Fixed)
        .count();
    let _ = write!(
        out,
        "Total failures: {} ({}).",
        failures.len(),
        by_severity.join(", ")
    );
    if !failures.is_empty() {
        let _ = write!(
            out,
            " The ideal answer fixed {fixed} of them{}.",
            if fixed < failures.len() {
                "; the others have no ideal answer to compare with"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(out);

    if let Some(diff) = &report.diff {
        let f = &diff.files;
        let _ = writeln!(
            out,
            "The ideal answer kept {} of the model's lines unchanged over {} ({} identical, {} \
             changed, {} renamed); {} only in the ideal side, {} only in the model answer.",
            percent(diff.unchanged_share),
            count(f.paired, "paired file", "paired files"),
            f.identical,
            f.changed,
            f.renamed,
            count(f.only_in_ideal, "file", "files"),
            count(f.only_in_model, "file", "files"),
        );
        let r = &diff.resources;
        let _ = writeln!(
            out,
            "Resources: {} matched ({} of them changed), {} only in the model answer, {} only in \
             the ideal answer.",
            r.matched, r.changed, r.only_in_model, r.only_in_ideal
        );
    }
    if let Some(r) = &report.resources {
        let _ = writeln!(
            out,
            "The model answer declares {}, the ideal answer {}.",
            count(r.model, "resource", "resources"),
            r.ideal
        );
    }
    let _ = writeln!(out);
}

fn model_failures(out: &mut String, report: &Report) {
    let mut number = 0;
    for severity in Severity::ALL {
        let _ = writeln!(out, "## {} Failures\n", capitalized(severity));
        let mut any = false;
        for (index, f) in report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| is_model_failure(f) && f.severity == severity)
        {
            any = true;
            number += 1;
            failure(out, report, number, f);
            suppressed(out, report, index);
        }
        if !any {
            let _ = writeln!(
                out,
                "No {} failures.\n",
                capitalized(severity).to_ascii_lowercase()
            );
        }
    }
}

fn failure(out: &mut String, report: &Report, number: usize, f: &Finding) {
    let (title, cut) = heading(&f.message, HEADING_CHARS);
    let _ = writeln!(out, "### {number}. {title}\n");
    let _ = writeln!(out, "**Impact Level**: {}\n", capitalized(f.severity));
    let status = match f.status {
        FindingStatus::Fixed => "fixed in the ideal answer",
        _ => "no ideal answer to compare with",
    };
    let _ = writeln!(
        out,
        "**Rule**: {} {} ({status})\n",
        code_span(&f.rule),
        code_span(&f.name)
    );
    let _ = writeln!(out, "**Location**: {}\n", location_line(f));
    for e in &f.evidence {
        let _ = writeln!(
            out,
            "**Proof by running**: {} — {}\n",
            code_span(&place(&e.file, e.line)),
            code_span(&single_line(&e.text))
        );
    }
    if cut {
        let _ = writeln!(out, "**Problem**: {}\n", prose(&single_line(&f.message)));
    }
    let language = fence_language(&f.file, report.task.language.as_deref());
    let _ = writeln!(out, "**MODEL_RESPONSE Issue**:\n");
    match &f.model_snippet {
        Some(s) if !s.trim().is_empty() => {
            let _ = writeln!(out, "{}", code_block(s, language));
        }
        _ => {
            let _ = writeln!(out, "No snippet recorded.\n");
        }
    }
    let _ = writeln!(out, "**IDEAL_RESPONSE Fix**:\n");
    let mut fix_shown = false;
    if let Some(s) = f.ideal_snippet.as_ref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(out, "{}", code_block(s, language));
        fix_shown = true;
    }
    if let Some(fix) = f.fix.as_ref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(out, "{}\n", prose(fix.trim()));
        fix_shown = true;
    }
    if !fix_shown {
        let _ = writeln!(out, "No fix recorded.\n");
    }
    let root = f
        .root_cause
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(prose)
        .unwrap_or_else(|| "Not determined.".to_string());
    let _ = writeln!(out, "**Root Cause**: {root}\n");
    if let Some(docs) = f.docs.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let _ = writeln!(out, "**References**: {}\n", single_line(docs));
    }
    let _ = writeln!(
        out,
        "**Cost/Security/Performance Impact**: {}\n",
        impact_line(f.severity, &f.category)
    );
}

/// How a failure was suppressed, under its entry: shown, never dropped.
fn suppressed(out: &mut String, report: &Report, index: usize) {
    for s in report.suppressions_of(index) {
        let effect = match s.kind {
            iacgrade_findings::SuppressionKind::InSource => {
                "accepted in the answer; not counted in the score"
            }
            iacgrade_findings::SuppressionKind::Baseline => {
                "recorded in the baseline; does not fail the exit policy"
            }
        };
        let written = match (&s.file, s.line) {
            (Some(file), line) => format!(" at {}", code_span(&place(file, line))),
            _ => String::new(),
        };
        let reason = s
            .justification
            .as_deref()
            .map(|j| format!(": {}", prose(&single_line(j))))
            .unwrap_or_default();
        let _ = writeln!(out, "**Suppressed** ({effect}){written}{reason}\n");
    }
}

fn other_findings(
    out: &mut String,
    report: &Report,
    status: FindingStatus,
    title: &str,
    intro: &str,
    none: &str,
) {
    let _ = writeln!(out, "## {title}\n");
    let mut any = false;
    for severity in Severity::ALL {
        for f in report
            .findings
            .iter()
            .filter(|f| f.status == status && f.severity == severity)
        {
            if !any {
                let _ = writeln!(out, "{intro}\n");
                any = true;
            }
            let _ = write!(
                out,
                "- **{}** {} {} at {}: {}",
                capitalized(f.severity),
                code_span(&f.rule),
                code_span(&f.name),
                code_span(&location(f)),
                prose(&single_line(&f.message))
            );
            if let Some(fix) = f.fix.as_ref().filter(|s| !s.trim().is_empty()) {
                let _ = write!(out, " Fix: {}", prose(&single_line(fix)));
            }
            let _ = writeln!(out);
        }
    }
    if !any {
        let _ = writeln!(out, "{none}");
    }
    let _ = writeln!(out);
}

fn positives(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## What the model got right\n");
    if report.positives.is_empty() {
        let _ = writeln!(out, "No positive behaviour recorded.\n");
        return;
    }
    for p in &report.positives {
        let _ = write!(out, "- {}", prose(&single_line(&p.text)));
        if let Some(e) = p.evidence.as_deref().filter(|e| !e.trim().is_empty()) {
            let _ = write!(out, " ({})", prose(&single_line(e)));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
}

fn requirement_trace(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Requirement trace\n");
    if report.requirements.is_empty() {
        let _ = writeln!(out, "No requirement traced.\n");
        return;
    }
    let _ = writeln!(out, "| ID | Requirement | Model | Ideal |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for r in &report.requirements {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            table_cell(&r.id),
            table_cell(&r.text),
            table_cell(&r.model),
            table_cell(&r.ideal)
        );
    }
    let _ = writeln!(out);
}

fn testing_results(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Testing results\n");
    if report.checkpoints.is_empty() {
        let _ = writeln!(out, "No checkpoint was run.\n");
        return;
    }
    let _ = writeln!(out, "| Checkpoint | Name | Status | Message |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for c in &report.checkpoints {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            table_cell(&c.id),
            table_cell(&c.name),
            c.status.as_str(),
            table_cell(&c.message)
        );
    }
    let _ = writeln!(out);
}

fn bullet_section(out: &mut String, title: &str, items: &[String], none: &str) {
    let _ = writeln!(out, "## {title}\n");
    let items: Vec<&String> = items.iter().filter(|s| !s.trim().is_empty()).collect();
    if items.is_empty() {
        let _ = writeln!(out, "{none}\n");
        return;
    }
    for item in items {
        let _ = writeln!(out, "- {}", prose(&single_line(item)));
    }
    let _ = writeln!(out);
}

fn existing_comparison(out: &mut String, report: &Report, existing: &ExistingComparison) {
    let _ = writeln!(out, "## Comparison with the task's MODEL_FAILURES.md\n");
    let _ = writeln!(
        out,
        "The document lists {}: {} matched by a finding, {} not found. {} of this analysis are \
         not in the document.\n",
        count(existing.labelled.len(), "failure", "failures"),
        existing.found.len(),
        existing.missed.len(),
        count(
            existing.unlabelled_findings.len(),
            "model failure",
            "model failures"
        ),
    );
    if existing.labelled.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "| Line | Failure in the document | Severity | Finding |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for (i, l) in existing.labelled.iter().enumerate() {
        let matched = existing
            .found
            .iter()
            .find(|m| m.labelled == i)
            .and_then(|m| report.findings.get(m.finding))
            .map(|f| format!("{} at {}", f.rule, location(f)))
            .unwrap_or_else(|| "not found".to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            l.line,
            table_cell(&l.title),
            table_cell(l.severity.as_deref().unwrap_or("—")),
            table_cell(&matched)
        );
    }
    let _ = writeln!(out);
}

fn input_problems(out: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Input problems\n");
    for e in &report.errors {
        let place = match e.line {
            Some(l) => format!("{}:{l}", e.file),
            None => e.file.clone(),
        };
        let _ = writeln!(
            out,
            "- {}: {}",
            code_span(&place),
            prose(&single_line(&e.message))
        );
    }
    let _ = writeln!(out);
}

fn score(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Training quality score\n");
    let Some(score) = &report.score else {
        let _ = writeln!(out, "Not scored.\n");
        return;
    };
    let _ = write!(
        out,
        "**Score**: {} (policy {})",
        score.value,
        code_span(&score.policy)
    );
    if let Some(recorded) = report.task.recorded_score {
        let _ = write!(out, "; recorded score {recorded}");
    }
    let _ = writeln!(out, "\n");
    if score.steps.is_empty() {
        let _ = writeln!(out, "No scoring steps recorded.\n");
        return;
    }
    let _ = writeln!(out, "| Step | Change | Why |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for s in &score.steps {
        let _ = writeln!(
            out,
            "| {} | {:+} | {} |",
            table_cell(&s.step),
            s.delta,
            table_cell(&s.why)
        );
    }
    let _ = writeln!(out);
}
