//! tasks/<platform>-<id>.html: one task's judgement on one page. Errors and notes first, then
//! checkpoints, the findings with the model's and the ideal snippet side by side, requirements,
//! what the model got right, the score and how it was reached, the model-vs-ideal comparison and
//! the agreement with the task's own MODEL_FAILURES.md.

use std::fmt::Write;

use super::html::{
    badge, esc, linkify, maybe_number, number, page, signed, with_code, NavLink, Script,
};
use super::snippet_diff::snippet_view;
use crate::source_files::{place_in_task, TaskFiles};
use crate::task_report::{FindingView, TaskReport};
use crate::vocabulary::{
    check_status_class, finding_status_class, is_model_failure, severity_class, severity_rank,
};

/// The page of one task; links are relative to the tasks/ folder.
pub fn render_task_page(report: &TaskReport) -> String {
    render_task_page_linked(report, &TaskFiles::default())
}

/// The page of one task whose findings link to the file pages in `files`.
pub fn render_task_page_linked(report: &TaskReport, files: &TaskFiles) -> String {
    let mut body = String::new();
    heading(&mut body, report);
    summary(&mut body, report);
    problems(&mut body, report);
    checkpoints(&mut body, report);
    findings(&mut body, report, files);
    requirements(&mut body, report);
    strengths_and_gaps(&mut body, report);
    score(&mut body, report);
    comparison(&mut body, report);
    existing(&mut body, report);
    let title = format!(
        "{} \u{b7} {} \u{b7} iacgrade",
        display_id(report),
        report.platform()
    );
    let nav = [
        NavLink {
            label: "Overview",
            href: "../index.html",
        },
        NavLink {
            label: "Scores",
            href: "../index.html#scores",
        },
        NavLink {
            label: "All tasks",
            href: "../tasks.html",
        },
    ];
    page(&title, &nav, &body, Script::None)
}

fn display_id(report: &TaskReport) -> &str {
    if report.task.id.trim().is_empty() {
        "(task without id)"
    } else {
        &report.task.id
    }
}

fn heading(out: &mut String, report: &TaskReport) {
    let _ = write!(
        out,
        "<p class=\"meta\"><a href=\"../index.html\">Dashboard</a> \u{203a} <a href=\"../tasks.html\">Tasks</a></p>\
         <h1>{}</h1><p class=\"meta\"><span>{}</span><span>{}</span>",
        esc(display_id(report)),
        esc(report.platform()),
        esc(report.task.language.as_deref().unwrap_or("unknown language")),
    );
    if !report.task.path.is_empty() {
        let _ = write!(
            out,
            "<span class=\"mono\">{}</span>",
            esc(&report.task.path)
        );
    }
    out.push_str("</p>");
}

fn kpi(out: &mut String, value: &str, label: &str) {
    let _ = write!(
        out,
        "<div class=\"kpi\"><div class=\"value\">{value}</div><div class=\"label\">{label}</div></div>"
    );
}

fn summary(out: &mut String, report: &TaskReport) {
    out.push_str("<div class=\"kpis\">");
    kpi(
        out,
        &maybe_number(report.computed_score()),
        "computed score",
    );
    kpi(
        out,
        &maybe_number(report.recorded_score()),
        "recorded score",
    );
    let failures = report
        .findings
        .iter()
        .filter(|f| is_model_failure(f.shown_status()))
        .count();
    kpi(out, &failures.to_string(), "model failures");
    let failed = report
        .checkpoints
        .iter()
        .filter(|c| c.status == "fail")
        .count();
    kpi(
        out,
        &format!("{failed}/{}", report.checkpoints.len()),
        "checkpoints failed",
    );
    if let Some(resources) = &report.resources {
        kpi(
            out,
            &format!("{} / {}", resources.model, resources.ideal),
            "resources (model / ideal)",
        );
    }
    out.push_str("</div>");
}

fn problems(out: &mut String, report: &TaskReport) {
    if !report.errors.is_empty() {
        out.push_str(
            "<div class=\"callout error\"><strong>Input errors</strong><ul class=\"plain\">",
        );
        for error in &report.errors {
            let location = place_text(&error.file, error.line);
            let _ = write!(
                out,
                "<li><span class=\"mono\">{}</span>: {}</li>",
                esc(&location),
                esc(&error.message)
            );
        }
        out.push_str("</ul></div>");
    }
    if !report.notes.is_empty() {
        out.push_str("<div class=\"callout note\"><strong>Notes</strong><ul class=\"plain\">");
        for note in &report.notes {
            let _ = write!(out, "<li>{}</li>", esc(note));
        }
        out.push_str("</ul></div>");
    }
}

fn checkpoints(out: &mut String, report: &TaskReport) {
    out.push_str("<section class=\"card\" id=\"checkpoints\"><h2>Checkpoints</h2>");
    if report.checkpoints.is_empty() {
        out.push_str("<p class=\"empty\">No checkpoint was evaluated.</p></section>");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table class=\"data\"><thead><tr><th>Id</th><th>Checkpoint</th>\
         <th>Status</th><th>Message</th><th>Evidence</th></tr></thead><tbody>",
    );
    for checkpoint in &report.checkpoints {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
            esc(&checkpoint.id),
            esc(&checkpoint.name),
            badge(check_status_class(&checkpoint.status), &checkpoint.status),
            with_code(&checkpoint.message)
        );
        for evidence in &checkpoint.evidence {
            let location = place_text(&evidence.file, evidence.line);
            let _ = write!(
                out,
                "<div><span class=\"meta mono\">{}</span> <code>{}</code></div>",
                esc(&location),
                esc(&evidence.text)
            );
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

/// Groups of findings in the order they matter to a reviewer.
const FINDING_GROUPS: [(&str, &[&str]); 4] = [
    ("Model failures", &["fixed", "unfixed"]),
    ("Standing (in both answers)", &["standing"]),
    ("Regressions (only in the ideal answer)", &["regression"]),
    (
        "Suppressed (accepted in the answer or by a baseline, not counted)",
        &["suppressed"],
    ),
];

fn findings(out: &mut String, report: &TaskReport, files: &TaskFiles) {
    let _ = write!(
        out,
        "<section class=\"card\" id=\"findings\"><h2>Findings <span class=\"meta\">{}</span></h2>",
        report.findings.len()
    );
    if report.findings.is_empty() {
        out.push_str("<p class=\"empty\">No findings.</p></section>");
        return;
    }
    let mut shown = 0;
    let known: Vec<&str> = FINDING_GROUPS
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    let other: Vec<&FindingView> = report
        .findings
        .iter()
        .filter(|f| !known.contains(&f.shown_status()))
        .collect();
    for (title, statuses) in FINDING_GROUPS {
        let mut group: Vec<&FindingView> = report
            .findings
            .iter()
            .filter(|f| statuses.contains(&f.shown_status()))
            .collect();
        group.sort_by_key(|f| severity_rank(&f.severity));
        finding_group(out, report, files, title, &group, &mut shown);
    }
    finding_group(out, report, files, "Other", &other, &mut shown);
    out.push_str("</section>");
}

/// How many findings of a page show their snippets unfolded.
const SNIPPETS_OPEN: usize = 20;

/// Writes one group of findings; `shown` counts the findings written before it on the page.
fn finding_group(
    out: &mut String,
    report: &TaskReport,
    files: &TaskFiles,
    title: &str,
    group: &[&FindingView],
    shown: &mut usize,
) {
    if group.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h3>{} <span class=\"meta\">{}</span></h3>",
        esc(title),
        group.len()
    );
    for finding in group {
        finding_card(out, report, files, finding, *shown);
        *shown += 1;
    }
}

/// `file:line`, or the file alone when there is no line (or no file to put it on).
fn place_text(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) if !file.is_empty() => format!("{file}:{line}"),
        _ => file.to_string(),
    }
}

/// A place as text, linked to its line on the file's page when the file has one.
fn place_link(
    report: &TaskReport,
    files: &TaskFiles,
    side: &str,
    file: &str,
    line: Option<usize>,
) -> String {
    let text = esc(&place_text(file, line)).to_string();
    match files.link_from_task_page(&place_in_task(report, side, file, line)) {
        Some(href) => format!("<a href=\"{}\">{text}</a>", esc(&href)),
        None => text,
    }
}

fn finding_card(
    out: &mut String,
    report: &TaskReport,
    files: &TaskFiles,
    finding: &FindingView,
    position: usize,
) {
    let location = place_link(report, files, &finding.side, &finding.file, finding.line);
    let _ = write!(
        out,
        "<div class=\"finding {}\"><div class=\"head\">{}<span class=\"rule mono\">{}</span>\
         <span>{}</span>{}",
        severity_class(&finding.severity),
        badge(severity_class(&finding.severity), &finding.severity),
        esc(&finding.rule),
        esc(&finding.name),
        badge(
            finding_status_class(finding.shown_status()),
            finding.shown_status()
        ),
    );
    if !finding.category.is_empty() {
        let _ = write!(
            out,
            "<span class=\"meta\">category {}</span>",
            esc(&finding.category)
        );
    }
    let _ = write!(
        out,
        "<span class=\"where mono\">{location}</span></div><div class=\"message\">{}</div>",
        with_code(&finding.message)
    );
    if let Some(suppression) = &finding.suppression {
        let _ = write!(
            out,
            "<div class=\"suppression\">{} (status in the report: {})</div>",
            esc(&suppression.describe()),
            esc(&finding.status)
        );
    }
    if !finding.also_at.is_empty() {
        let places: Vec<String> = finding
            .also_at
            .iter()
            .map(|p| place_link(report, files, &finding.side, &p.file, p.line))
            .collect();
        let count = places.len();
        let _ = write!(
            out,
            "<details class=\"also-at\"><summary>the same mistake in {count} more place{}</summary>\
             <div class=\"mono\">{}</div></details>",
            if count == 1 { "" } else { "s" },
            places.join(", ")
        );
    }
    let snippets = snippet_view(
        finding.model_snippet.as_deref(),
        finding.ideal_snippet.as_deref(),
    );
    if !snippets.is_empty() {
        // Pages of tasks with hundreds of findings stay readable: the first snippets are shown,
        // the rest are one click away.
        let open = if position < SNIPPETS_OPEN {
            " open"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<details class=\"snippets\"{open}><summary>Snippets</summary>{snippets}</details>"
        );
    }
    let explained = [
        ("Root cause", finding.root_cause.as_deref()),
        ("Fix", finding.fix.as_deref()),
    ];
    let docs = finding.docs.as_deref().filter(|d| !d.trim().is_empty());
    if explained.iter().any(|(_, t)| t.is_some()) || docs.is_some() {
        out.push_str("<dl>");
        for (label, text) in explained {
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                let _ = write!(out, "<dt>{label}</dt><dd>{}</dd>", with_code(text));
            }
        }
        if let Some(docs) = docs {
            let shown = linkify(docs);
            let _ = write!(out, "<dt>Docs</dt><dd>{shown}</dd>");
        }
        out.push_str("</dl>");
    }
    out.push_str("</div>");
}

fn requirement_badge(verdict: &str) -> String {
    let class = match verdict {
        "met" => "met",
        "unmet" => "unmet",
        _ => "unknown",
    };
    badge(
        class,
        if verdict.is_empty() {
            "unknown"
        } else {
            verdict
        },
    )
}

fn requirements(out: &mut String, report: &TaskReport) {
    out.push_str("<section class=\"card\" id=\"requirements\"><h2>Requirements of the prompt</h2>");
    if report.requirements.is_empty() {
        out.push_str("<p class=\"empty\">No requirement was traced for this task.</p></section>");
        return;
    }
    out.push_str(
        "<div class=\"scroll\"><table class=\"data\"><thead><tr><th>Id</th><th>Requirement</th>\
         <th>Model</th><th>Ideal</th><th>Evidence</th></tr></thead><tbody>",
    );
    for requirement in &report.requirements {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&requirement.id),
            esc(&requirement.text),
            requirement_badge(&requirement.model),
            requirement_badge(&requirement.ideal),
            esc(&requirement.evidence)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn text_list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "<h3>{title}</h3><ul class=\"plain\">");
    for item in items {
        let _ = write!(out, "<li>{}</li>", esc(item));
    }
    out.push_str("</ul>");
}

fn strengths_and_gaps(out: &mut String, report: &TaskReport) {
    if report.positives.is_empty()
        && report.knowledge_gaps.is_empty()
        && report.recommendations.is_empty()
    {
        return;
    }
    out.push_str("<section class=\"card\" id=\"positives\"><h2>What the model got right, and what it lacked</h2>");
    if !report.positives.is_empty() {
        out.push_str("<h3>Positives</h3><ul class=\"plain\">");
        for positive in &report.positives {
            let _ = write!(out, "<li>{}", esc(&positive.text));
            if let Some(evidence) = positive.evidence.as_deref().filter(|e| !e.is_empty()) {
                let _ = write!(out, " <span class=\"meta mono\">{}</span>", esc(evidence));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    text_list(out, "Knowledge gaps", &report.knowledge_gaps);
    text_list(out, "Recommendations", &report.recommendations);
    out.push_str("</section>");
}

fn score(out: &mut String, report: &TaskReport) {
    out.push_str("<section class=\"card\" id=\"score\"><h2>Score</h2>");
    let Some(score) = report.score.as_ref() else {
        out.push_str("<p class=\"empty\">No score was computed for this task.</p></section>");
        return;
    };
    let _ = write!(
        out,
        "<p class=\"sub\">{} under policy <code>{}</code>; recorded {}.</p>",
        maybe_number(report.computed_score()),
        esc(&score.policy),
        maybe_number(report.recorded_score())
    );
    if !score.steps.is_empty() {
        out.push_str(
            "<table class=\"data\"><thead><tr><th>Step</th><th class=\"num\">Delta</th><th>Why</th></tr></thead><tbody>",
        );
        for step in &score.steps {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&step.step),
                signed(step.delta),
                esc(&step.why)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
}

fn comparison(out: &mut String, report: &TaskReport) {
    let answers = [
        ("Model", &report.answers.model),
        ("Ideal", &report.answers.ideal),
    ];
    if report.diff.is_none() && answers.iter().all(|(_, a)| a.is_none()) {
        return;
    }
    out.push_str(
        "<section class=\"card\" id=\"comparison\"><h2>Model answer against ideal answer</h2>",
    );
    if answers.iter().any(|(_, a)| a.is_some()) {
        out.push_str(
            "<table class=\"data\"><thead><tr><th>Answer</th><th>Form</th><th class=\"num\">Blocks</th>\
             <th class=\"num\">With path</th><th>Detected</th></tr></thead><tbody>",
        );
        for (side, facts) in answers {
            let Some(facts) = facts else { continue };
            let detected = [
                facts.detected_platform.as_deref(),
                facts.detected_language.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/");
            let _ = write!(
                out,
                "<tr><td>{side}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&facts.form),
                facts.blocks,
                facts.files_with_path,
                esc(&detected)
            );
        }
        out.push_str("</tbody></table>");
    }
    if let Some(diff) = &report.diff {
        let f = &diff.files;
        let r = &diff.resources;
        let _ = write!(
            out,
            "<h3>Files and resources</h3><ul class=\"plain\"><li>Files: {} paired ({} identical, {} \
             changed, {} renamed), {} only in the ideal answer, {} only in the model answer.</li>\
             <li>Resources: {} matched ({} changed), {} only in the model answer, {} only in the ideal \
             answer.</li><li>The ideal answer kept {}% of the model's lines unchanged.</li></ul>",
            f.paired,
            f.identical,
            f.changed,
            f.renamed,
            f.only_in_ideal,
            f.only_in_model,
            r.matched,
            r.changed,
            r.only_in_model,
            r.only_in_ideal,
            number((diff.unchanged_share * 100.0).round())
        );
        for (title, symbols) in [
            ("SDK names only the model uses", &diff.symbols_only_in_model),
            (
                "SDK names only the ideal answer uses",
                &diff.symbols_only_in_ideal,
            ),
        ] {
            if symbols.is_empty() {
                continue;
            }
            let quoted: Vec<String> = symbols
                .iter()
                .map(|s| format!("<code>{}</code>", esc(s)))
                .collect();
            let _ = write!(out, "<h3>{title}</h3><p>{}</p>", quoted.join(" "));
        }
    }
    out.push_str("</section>");
}

fn existing(out: &mut String, report: &TaskReport) {
    let Some(existing) = &report.existing else {
        return;
    };
    out.push_str(
        "<section class=\"card\" id=\"labels\"><h2>Agreement with the task's MODEL_FAILURES.md</h2>",
    );
    if existing.labelled.is_empty() {
        out.push_str("<p class=\"empty\">The document lists no failure iacgrade could read.</p>");
    } else {
        out.push_str(
            "<table class=\"data\"><thead><tr><th>Labelled failure</th><th>Severity</th>\
             <th class=\"num\">Line</th><th>Matched by</th></tr></thead><tbody>",
        );
        for (index, labelled) in existing.labelled.iter().enumerate() {
            let matched: Vec<String> = existing
                .found
                .iter()
                .filter(|m| m.labelled == index)
                .filter_map(|m| report.findings.get(m.finding))
                .map(|f| format!("<span class=\"mono\">{}</span>", esc(&f.rule)))
                .collect();
            let severity = labelled.severity.as_deref().unwrap_or("");
            let matched = if matched.is_empty() {
                badge("st-fail", "missed")
            } else {
                matched.join(", ")
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{matched}</td></tr>",
                esc(&labelled.title),
                if severity.is_empty() {
                    String::new()
                } else {
                    badge(severity_class(&severity.to_ascii_lowercase()), severity)
                },
                labelled.line
            );
        }
        out.push_str("</tbody></table>");
    }
    let unlabelled: Vec<&FindingView> = existing
        .unlabelled_findings
        .iter()
        .filter_map(|&i| report.findings.get(i))
        .collect();
    if !unlabelled.is_empty() {
        out.push_str("<h3>Model failures the document does not list</h3><ul class=\"plain\">");
        for finding in unlabelled {
            let _ = write!(
                out,
                "<li>{} <span class=\"mono\">{}</span> {}</li>",
                badge(severity_class(&finding.severity), &finding.severity),
                esc(&finding.rule),
                with_code(&finding.message)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}
