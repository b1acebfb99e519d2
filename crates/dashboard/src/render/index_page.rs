//! index.html: the corpus at a glance. Tasks per platform, checkpoint outcomes per platform, the
//! failure taxonomy by rule and severity, the SDK names models invent most, computed against
//! recorded scores, and agreement with the tasks' own MODEL_FAILURES.md.

use std::fmt::Write;

use super::charts::{bar_chart, score_histogram, stacked_chart, Bar, StackedRow};
use super::error_list::ERROR_LIST_FILE;
use super::finding_list::FINDING_LIST_FILE;
use super::html::{badge, breakable, esc, maybe_number, page, percent, signed, NavLink, Script};
use super::{count_cell, count_link_cell, filtered_link, score_cell};
use crate::aggregate::{CheckTally, CorpusAggregates, UNSPECIFIED};
use crate::vocabulary::{
    check_status_class, finding_status_meaning, severity_class, severity_rank, CHECK_STATUSES,
    FINDING_STATUSES, SEVERITIES,
};

/// The file name of the index, at the dashboard's root.
pub const INDEX_FILE: &str = "index.html";
/// The file name of the list of all tasks, at the dashboard's root.
pub const TASK_LIST_FILE: &str = "tasks.html";

/// How many rules the "top rules" chart shows.
const TOP_RULES: usize = 15;
/// How many invented names each platform lists.
const TOP_INVENTED: usize = 10;

/// The header links of the pages at the root.
pub fn root_nav() -> [NavLink<'static>; 9] {
    [
        NavLink {
            label: "Overview",
            href: "index.html#overview",
        },
        NavLink {
            label: "Checkpoints",
            href: "index.html#checkpoints",
        },
        NavLink {
            label: "Findings",
            href: "index.html#findings",
        },
        NavLink {
            label: "Invented APIs",
            href: "index.html#apis",
        },
        NavLink {
            label: "Scores",
            href: "index.html#scores",
        },
        NavLink {
            label: "MODEL_FAILURES.md",
            href: "index.html#labels",
        },
        NavLink {
            label: "All tasks",
            href: "tasks.html",
        },
        NavLink {
            label: "All findings",
            href: FINDING_LIST_FILE,
        },
        NavLink {
            label: "Input errors",
            href: ERROR_LIST_FILE,
        },
    ]
}

fn tasks_link(filters: &[(&str, &str)]) -> String {
    filtered_link(TASK_LIST_FILE, filters)
}

fn findings_link(filters: &[(&str, &str)]) -> String {
    filtered_link(FINDING_LIST_FILE, filters)
}

/// The whole index page.
pub fn render_index(aggregates: &CorpusAggregates) -> String {
    let mut body = String::new();
    overview(&mut body, aggregates);
    platforms(&mut body, aggregates);
    checkpoints(&mut body, aggregates);
    findings(&mut body, aggregates);
    invented_apis(&mut body, aggregates);
    scores(&mut body, aggregates);
    labels(&mut body, aggregates);
    let _ = write!(
        body,
        "<footer>Written by iacgrade{}. Self-contained: every page opens from disk and loads \
         nothing from the network. <a href=\"{TASK_LIST_FILE}\">All {} tasks</a> \u{b7} \
         <a href=\"{FINDING_LIST_FILE}\">all {} findings</a> \u{b7} \
         <a href=\"{}\">findings.csv</a>.</footer>",
        versions(aggregates),
        aggregates.tasks,
        aggregates
            .findings
            .by_severity
            .values()
            .map(|t| t.total())
            .sum::<usize>(),
        crate::finding_rows::FINDINGS_CSV_FILE
    );
    page(
        "iacgrade corpus dashboard",
        &root_nav(),
        &body,
        Script::Tables,
    )
}

fn versions(aggregates: &CorpusAggregates) -> String {
    if aggregates.tool_versions.is_empty() {
        return String::new();
    }
    let list: Vec<String> = aggregates
        .tool_versions
        .keys()
        .map(|v| esc(v).to_string())
        .collect();
    format!(" {}", list.join(", "))
}

/// A headline number that links to the list of exactly the `count` tasks or findings behind
/// it (the count is written on the card, in its value or its label).
fn kpi(out: &mut String, value: &str, label: &str, href: &str, count: usize) {
    let _ = write!(
        out,
        "<a class=\"kpi\" href=\"{}\" data-count=\"{count}\"><div class=\"value\">{value}</div><div class=\"label\">{label}</div></a>",
        esc(href)
    );
}

fn overview(out: &mut String, a: &CorpusAggregates) {
    let _ = write!(
        out,
        "<h1 id=\"overview\">Corpus dashboard</h1><p class=\"lead\">{} task(s) on {} platform(s). \
         Model failures are findings in the model's answer that the ideal answer fixed (or that \
         no ideal answer could confirm); standing findings are in both answers.</p><div class=\"kpis\">",
        a.tasks,
        a.platforms.len()
    );
    kpi(
        out,
        &a.tasks.to_string(),
        "tasks",
        &tasks_link(&[]),
        a.tasks,
    );
    kpi(
        out,
        &percent(a.findings.tasks_with_failures, a.tasks),
        &format!(
            "tasks with a model failure ({})",
            a.findings.tasks_with_failures
        ),
        &tasks_link(&[("status", "failure")]),
        a.findings.tasks_with_failures,
    );
    kpi(
        out,
        &a.model_failures().to_string(),
        "model failures",
        &findings_link(&[("status", "failure")]),
        a.model_failures(),
    );
    let (failed, ran) = a
        .checkpoints
        .overall
        .values()
        .fold((0, 0), |(f, r), t| (f + t.fail, r + t.total()));
    kpi(
        out,
        &percent(failed, ran),
        &format!(
            "of checkpoint results are failures, in {} task(s)",
            a.tasks_failing_a_checkpoint()
        ),
        &tasks_link(&[("checkpoint", "any")]),
        a.tasks_failing_a_checkpoint(),
    );
    let mean = a.scores.mean_abs_difference();
    kpi(
        out,
        &maybe_number(mean),
        &format!(
            "mean |computed \u{2212} recorded| over {} task(s)",
            a.scores.paired
        ),
        &tasks_link(&[("task", "paired")]),
        a.scores.paired,
    );
    kpi(
        out,
        &a.tasks_with_errors().to_string(),
        "tasks with input errors or not judged",
        ERROR_LIST_FILE,
        a.tasks_with_errors(),
    );
    out.push_str("</div>");
}

fn platforms(out: &mut String, a: &CorpusAggregates) {
    out.push_str(
        "<section class=\"card\" id=\"platforms\"><h2>Tasks per platform</h2>\
         <p class=\"sub\">Languages as metadata.json declares them.</p><div class=\"scroll\">\
         <table class=\"data sortable\"><thead><tr><th>Platform</th><th class=\"num\">Tasks</th>\
         <th>Languages</th><th class=\"num\">Model failures</th><th class=\"num\">Per task</th>\
         <th class=\"num\">Scored</th><th class=\"num\" title=\"input errors, or no answer to judge\">With errors</th></tr></thead><tbody>",
    );
    let rows = a.platforms_by_size();
    for (name, totals) in &rows {
        let languages: Vec<String> = totals
            .languages
            .iter()
            .map(|(l, n)| format!("{} {n}", esc(l)))
            .collect();
        let per_task = totals.model_failures as f64 / totals.tasks.max(1) as f64;
        let _ = write!(
            out,
            "<tr><td><a class=\"drill\" href=\"{}\">{}</a></td>{}<td class=\"nowrap\">{}</td>{}<td class=\"num\" data-v=\"{per_task:.2}\">{per_task:.1}</td>{}{}</tr>",
            esc(&tasks_link(&[("platform", name)])),
            esc(name),
            count_link_cell(totals.tasks, &tasks_link(&[("platform", name)])),
            languages.join(" \u{b7} "),
            count_link_cell(
                totals.model_failures,
                &findings_link(&[("platform", name), ("status", "failure")])
            ),
            count_cell(totals.scored),
            count_link_cell(
                totals.with_errors,
                &tasks_link(&[("platform", name), ("task", "errors")])
            ),
        );
    }
    out.push_str("</tbody></table></div><div>");
    let bars: Vec<Bar<'_>> = rows
        .iter()
        .map(|(name, totals)| Bar {
            label: name,
            value: totals.tasks,
            class: "bar",
        })
        .collect();
    out.push_str(&bar_chart("Tasks per platform", &bars));
    out.push_str("</div></div></section>");
}

fn status_parts(tally: &CheckTally) -> Vec<(usize, &'static str, &'static str)> {
    let mut parts: Vec<(usize, &'static str, &'static str)> = CHECK_STATUSES
        .iter()
        .map(|s| (tally.count(s), check_status_class(s), *s))
        .collect();
    parts.push((tally.other, "st-other", "other"));
    parts
}

fn legend_statuses(out: &mut String) {
    out.push_str("<div class=\"legend\">");
    for status in CHECK_STATUSES {
        let _ = write!(
            out,
            "<span><span class=\"swatch {}\"></span>{status}</span>",
            check_status_class(status)
        );
    }
    out.push_str("</div>");
}

fn legend_severities(out: &mut String) {
    out.push_str("<div class=\"legend\">");
    for severity in SEVERITIES {
        let _ = write!(
            out,
            "<span><span class=\"swatch {}\"></span>{severity}</span>",
            severity_class(severity)
        );
    }
    out.push_str("</div>");
}

fn checkpoints(out: &mut String, a: &CorpusAggregates) {
    let rates = &a.checkpoints;
    out.push_str(
        "<section class=\"card\" id=\"checkpoints\"><h2>Checkpoints</h2><p class=\"sub\">\
         How each checkpoint ended, over all tasks and per platform. A skipped checkpoint was not \
         checked (its input or tool was missing) and never counts as passed.</p>",
    );
    legend_statuses(out);
    let labels: Vec<String> = rates
        .overall
        .keys()
        .map(|id| match rates.names.get(id) {
            Some(name) => format!("{id} \u{b7} {name}"),
            None => id.clone(),
        })
        .collect();
    let rows: Vec<StackedRow<'_>> = rates
        .overall
        .values()
        .zip(&labels)
        .map(|(tally, label)| StackedRow {
            label,
            parts: status_parts(tally),
        })
        .collect();
    out.push_str(&stacked_chart("Checkpoint outcomes over all tasks", &rows));
    out.push_str(
        "<h3>Failure rate per platform</h3><p class=\"sub\">Each cell: the share of the platform's \
         tasks that fail the checkpoint; the bar shows pass, warn, fail and skip. Hover for counts.</p>\
         <div class=\"scroll\"><table class=\"data\"><thead><tr><th>Platform</th>",
    );
    for id in rates.overall.keys() {
        let name = rates.names.get(id).map(String::as_str).unwrap_or("");
        let _ = write!(out, "<th title=\"{}\">{}</th>", esc(name), esc(id));
    }
    out.push_str("</tr></thead><tbody>");
    let mut platform_rows: Vec<(&str, _)> = rates
        .by_platform
        .iter()
        .map(|(p, by_id)| (p.as_str(), by_id))
        .collect();
    platform_rows
        .sort_by_key(|(p, _)| std::cmp::Reverse(a.platforms.get(*p).map(|t| t.tasks).unwrap_or(0)));
    let overall_row = ("all platforms", &rates.overall);
    let rows = platform_rows
        .into_iter()
        .map(|(p, by_id)| (p, Some(p), by_id))
        .chain([(overall_row.0, None, overall_row.1)]);
    for (label, platform, by_id) in rows {
        let _ = write!(out, "<tr><td>{}</td>", esc(label));
        for id in rates.overall.keys() {
            match by_id.get(id) {
                Some(tally) => checkpoint_cell(out, label, platform, id, tally),
                None => out.push_str("<td class=\"cell zero\">\u{2013}</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

fn checkpoint_cell(
    out: &mut String,
    platform: &str,
    filter_platform: Option<&str>,
    id: &str,
    tally: &CheckTally,
) {
    let total = tally.total();
    let tooltip = format!(
        "{platform}, checkpoint {id}: pass {} \u{b7} warn {} \u{b7} fail {} \u{b7} skip {}{}",
        tally.pass,
        tally.warn,
        tally.fail,
        tally.skip,
        if tally.other > 0 {
            format!(" \u{b7} other {}", tally.other)
        } else {
            String::new()
        }
    );
    let rate = if tally.fail == 0 {
        percent(tally.fail, total)
    } else {
        // The tasks that fail this checkpoint, on this platform.
        let mut filters = vec![("checkpoint", id)];
        if let Some(platform) = filter_platform {
            filters.insert(0, ("platform", platform));
        }
        format!(
            "<a class=\"drill\" href=\"{}\">{}</a>",
            esc(&tasks_link(&filters)),
            percent(tally.fail, total)
        )
    };
    let _ = write!(
        out,
        "<td class=\"cell\" title=\"{}\"><span class=\"rate{}\">{rate}</span><div class=\"stack\">",
        esc(&tooltip),
        if tally.fail == 0 { " zero" } else { "" },
    );
    for (count, class, _) in status_parts(tally) {
        if count > 0 {
            let _ = write!(
                out,
                "<span class=\"{class}\" style=\"width:{:.1}%\"></span>",
                count as f64 * 100.0 / total.max(1) as f64
            );
        }
    }
    out.push_str("</div></td>");
}

fn findings(out: &mut String, a: &CorpusAggregates) {
    let tally = &a.findings;
    out.push_str(
        "<section class=\"card\" id=\"findings\"><h2>Findings by severity and rule</h2>\
         <p class=\"sub\">Fixed: in the model answer, gone in the ideal one. Unfixed: in the model \
         answer, no ideal answer to compare with. Both are model failures. Standing: in both answers. \
         Regression: only in the ideal answer. Suppressed: accepted in the answer or by a \
         baseline, counted as none of these. Every number links to the findings or tasks behind \
         it.</p><div class=\"grid2\"><div class=\"scroll\">\
         <table class=\"data\"><thead><tr><th>Severity</th>",
    );
    for status in FINDING_STATUSES {
        let _ = write!(
            out,
            "<th class=\"num\" title=\"{}\">{status}</th>",
            finding_status_meaning(status)
        );
    }
    out.push_str("<th class=\"num\">Tasks failed</th></tr></thead><tbody>");
    let mut severities: Vec<&String> = tally.by_severity.keys().collect();
    severities.sort_by_key(|s| (severity_rank(s), s.as_str()));
    for severity in &severities {
        let counts = &tally.by_severity[severity.as_str()];
        let _ = write!(
            out,
            "<tr><td>{}</td>",
            badge(severity_class(severity), severity)
        );
        for status in FINDING_STATUSES {
            out.push_str(&count_link_cell(
                counts.count(status),
                &findings_link(&[("severity", severity), ("status", status)]),
            ));
        }
        let _ = write!(
            out,
            "{}</tr>",
            count_link_cell(
                counts.tasks_failed,
                &tasks_link(&[("severity", severity), ("status", "failure")])
            )
        );
    }
    if severities.is_empty() {
        out.push_str("<tr><td colspan=\"7\" class=\"empty\">no findings</td></tr>");
    }
    out.push_str("</tbody></table></div><div>");
    let bars: Vec<Bar<'_>> = SEVERITIES
        .iter()
        .map(|s| Bar {
            label: s,
            value: tally
                .by_severity
                .get(*s)
                .map(|t| t.model_failures())
                .unwrap_or(0),
            class: severity_class(s),
        })
        .collect();
    out.push_str(&bar_chart("Model failures by severity", &bars));
    out.push_str("</div></div>");

    let rules = tally.rules_by_failures();
    let labels: Vec<String> = rules
        .iter()
        .take(TOP_RULES)
        .map(|(rule, _, t)| format!("{rule} {}", t.name))
        .collect();
    let bars: Vec<Bar<'_>> = rules
        .iter()
        .take(TOP_RULES)
        .zip(&labels)
        .filter(|((_, _, t), _)| t.statuses.model_failures() > 0)
        .map(|((_, severity, t), label)| Bar {
            label,
            value: t.statuses.model_failures(),
            class: severity_class(severity),
        })
        .collect();
    let _ = write!(out, "<h3>The {TOP_RULES} rules models fail most</h3>");
    legend_severities(out);
    out.push_str(&bar_chart("Model failures per rule", &bars));
    out.push_str(
        "<h3>All rules</h3><div class=\"filter\"><input type=\"search\" data-filter=\"rule-table\" \
         placeholder=\"Filter rules\" aria-label=\"Filter rules\"></div><div class=\"scroll\">\
         <table class=\"data sortable\" id=\"rule-table\"><thead><tr><th>Rule</th><th>Name</th>\
         <th>Severity</th>",
    );
    for status in FINDING_STATUSES {
        let _ = write!(out, "<th class=\"num\">{status}</th>");
    }
    out.push_str("<th class=\"num\">Tasks failed</th></tr></thead><tbody>");
    for (rule, severity, t) in &rules {
        let _ = write!(
            out,
            "<tr><td class=\"mono\"><a class=\"drill\" href=\"{}\">{}</a></td><td>{}</td><td data-v=\"{}\">{}</td>",
            esc(&findings_link(&[("rule", rule), ("severity", severity)])),
            esc(rule),
            esc(&t.name),
            severity_rank(severity),
            badge(severity_class(severity), severity)
        );
        for status in FINDING_STATUSES {
            out.push_str(&count_link_cell(
                t.statuses.count(status),
                &findings_link(&[("rule", rule), ("severity", severity), ("status", status)]),
            ));
        }
        let _ = write!(
            out,
            "{}</tr>",
            count_link_cell(
                t.statuses.tasks_failed,
                &tasks_link(&[
                    ("rule", rule),
                    ("severity", severity),
                    ("status", "failure")
                ])
            )
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn invented_apis(out: &mut String, a: &CorpusAggregates) {
    out.push_str(
        "<section class=\"card\" id=\"apis\"><h2>Invented APIs</h2><p class=\"sub\">SDK names, \
         resource types and arguments the models used that do not exist, from the API rules' \
         findings in the model answers, grouped by the name they quote. Tasks: how many model \
         answers use the name; uses: in how many places of their code.</p>",
    );
    let apis = &a.invented_apis;
    if apis.by_platform.is_empty() {
        out.push_str("<p class=\"empty\">No API findings in these reports.</p></section>");
        return;
    }
    out.push_str("<div class=\"grid2\">");
    for (platform, _) in a.platforms_by_size() {
        let top = apis.top(platform, TOP_INVENTED);
        if top.is_empty() {
            continue;
        }
        let distinct = apis.by_platform.get(platform).map(|m| m.len()).unwrap_or(0);
        let _ = write!(
            out,
            "<div><h3>{} <span class=\"meta\">{distinct} distinct name(s)</span></h3>\
             <table class=\"data\"><thead><tr><th>Name</th><th class=\"num\">Tasks</th>\
             <th class=\"num\">Uses</th><th>Rules</th></tr></thead><tbody>",
            esc(platform)
        );
        for (name, api) in top {
            let rules: Vec<String> = api.rules.iter().map(|r| esc(r).to_string()).collect();
            // One rule per line: the column stays narrow.
            let _ = write!(
                out,
                "<tr><td><a class=\"drill\" href=\"{}\"><code>{}</code></a></td>{}{}<td class=\"mono\">{}</td></tr>",
                esc(&findings_link(&[("platform", platform), ("api", name)])),
                breakable(name),
                count_link_cell(
                    api.tasks,
                    &tasks_link(&[("platform", platform), ("api", name)])
                ),
                count_cell(api.occurrences),
                rules.join("<br>")
            );
        }
        out.push_str("</tbody></table>");
        if let Some(n) = apis.without_name.get(platform) {
            let _ = write!(
                out,
                "<p class=\"meta\">{n} more finding(s) quote no name.</p>"
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</div></section>");
}

fn scores(out: &mut String, a: &CorpusAggregates) {
    let s = &a.scores;
    out.push_str("<section class=\"card\" id=\"scores\"><h2>Computed and recorded scores</h2>");
    if s.computed.total() == 0 && s.recorded.total() == 0 {
        out.push_str("<p class=\"empty\">No report has a score yet.</p></section>");
        return;
    }
    let _ = write!(
        out,
        "<p class=\"sub\">Computed: the score iacgrade's policy gives ({} task(s)). Recorded: \
         training_quality in metadata.json ({} task(s)). {} task(s) have both: mean |difference| {}, \
         mean difference (computed \u{2212} recorded) {}, {} within one point.</p>",
        s.computed.total(),
        s.recorded.total(),
        s.paired,
        maybe_number(s.mean_abs_difference()),
        s.mean_difference().map(signed).unwrap_or_else(|| "\u{2013}".into()),
        percent(s.within_one_point, s.paired),
    );
    out.push_str(
        "<div class=\"legend\"><span><span class=\"swatch computed\"></span>computed</span>\
         <span><span class=\"swatch recorded\"></span>recorded</span></div><div class=\"grid2\">",
    );
    let y_max = s
        .computed
        .bins
        .iter()
        .chain(&s.recorded.bins)
        .copied()
        .max()
        .unwrap_or(0);
    for (title, histogram, class) in [
        ("Computed scores", &s.computed, "computed"),
        ("Recorded scores", &s.recorded, "recorded"),
    ] {
        let _ = write!(out, "<div><h3>{title}</h3>");
        out.push_str(&score_histogram(title, &histogram.bins, y_max, class));
        if histogram.total() == 0 {
            out.push_str("<p class=\"meta\">No task has this score.</p>");
        }
        if histogram.outside > 0 {
            let _ = write!(
                out,
                "<p class=\"meta\">{} score(s) outside 0\u{2013}10 not shown.</p>",
                histogram.outside
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    if s.disagreements.is_empty() {
        out.push_str("<h3>Where they disagree</h3>");
        out.push_str("<p class=\"empty\">No task has two different scores.</p></section>");
        return;
    }
    let _ = write!(
        out,
        "<h3>The {} tasks where they disagree most</h3>",
        s.disagreements.len()
    );
    out.push_str(
        "<div class=\"scroll\"><table class=\"data sortable\"><thead><tr><th class=\"num\">#</th>\
         <th>Task</th><th>Platform</th><th class=\"num\">Computed</th><th class=\"num\">Recorded</th>\
         <th class=\"num\">Difference</th></tr></thead><tbody>",
    );
    for (rank, d) in s.disagreements.iter().enumerate() {
        let _ = write!(
            out,
            "<tr>{}<td><a href=\"{}\">{}</a></td><td>{}</td>{}{}<td class=\"num\" data-v=\"{}\">{}</td></tr>",
            count_cell(rank + 1),
            esc(&d.page),
            esc(&d.id),
            esc(&d.platform),
            score_cell(Some(d.computed)),
            score_cell(Some(d.recorded)),
            d.difference(),
            signed(d.difference())
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn labels(out: &mut String, a: &CorpusAggregates) {
    let agreement = &a.agreement;
    out.push_str("<section class=\"card\" id=\"labels\"><h2>Agreement with MODEL_FAILURES.md</h2>");
    if agreement.tasks == 0 {
        out.push_str(
            "<p class=\"empty\">No report compares its findings with the task's \
             lib/MODEL_FAILURES.md (reviews run without the comparison).</p></section>",
        );
        return;
    }
    let _ = write!(
        out,
        "<p class=\"sub\">Over {} task(s) compared, {} of them with a MODEL_FAILURES.md that lists \
         failures. Found: labelled failures a finding matches; missed: labelled failures none matches; unlabelled: model \
         failures iacgrade reports that the document does not list (by the finding's severity).</p>\
         <div class=\"scroll\"><table class=\"data\"><thead><tr><th>Severity</th><th class=\"num\">Labelled</th>\
         <th class=\"num\">Found</th><th class=\"num\">Missed</th><th class=\"num\">Found share</th>\
         <th class=\"num\">Unlabelled findings</th></tr></thead><tbody>",
        agreement.tasks,
        agreement.tasks_labelled
    );
    let get = |map: &std::collections::BTreeMap<String, usize>, key: &str| {
        map.get(key).copied().unwrap_or(0)
    };
    let mut totals = [0usize; 4];
    for severity in agreement.severities() {
        let row = [
            get(&agreement.labelled, &severity),
            get(&agreement.found, &severity),
            get(&agreement.missed, &severity),
            get(&agreement.unlabelled, &severity),
        ];
        for (total, value) in totals.iter_mut().zip(row) {
            *total += value;
        }
        let label = if severity == UNSPECIFIED {
            badge("plain", &severity)
        } else {
            badge(severity_class(&severity), &severity)
        };
        let _ = write!(
            out,
            "<tr><td>{label}</td>{}{}{}<td class=\"num\">{}</td>{}</tr>",
            count_cell(row[0]),
            count_cell(row[1]),
            count_cell(row[2]),
            percent(row[1], row[0]),
            count_cell(row[3])
        );
    }
    let _ = write!(
        out,
        "<tr><td><strong>all</strong></td>{}{}{}<td class=\"num\"><strong>{}</strong></td>{}</tr>\
         </tbody></table></div>",
        count_cell(totals[0]),
        count_cell(totals[1]),
        count_cell(totals[2]),
        percent(totals[1], totals[0]),
        count_cell(totals[3])
    );
    label_verdicts(out, a);
    if agreement.dangling_indexes > 0 {
        let _ = write!(
            out,
            "<p class=\"meta\">{} index(es) in the comparisons point at nothing and were skipped.</p>",
            agreement.dangling_indexes
        );
    }
    out.push_str("</section>");
}

/// iacgrade's verdicts on the labelled failures, per platform.
fn label_verdicts(out: &mut String, a: &CorpusAggregates) {
    let v = &a.label_verdicts;
    if v.by_platform.is_empty() {
        return;
    }
    let columns = v.columns();
    out.push_str(
        "<h3>Labelled failures checked against the answers</h3><p class=\"sub\">Supported: the \
         quoted model code is in the model answer and the ideal answer changes it; unsupported: \
         the answers do not show it; outside the answer: about tests, documentation, CI, \
         packaging or the deploy environment.</p><div class=\"scroll\"><table class=\"data\">\
         <thead><tr><th>Platform</th>",
    );
    for c in &columns {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(&c.replace('_', " ")));
    }
    out.push_str("<th class=\"num\">Supported share</th></tr></thead><tbody>");
    let row = |out: &mut String, name: &str, counts: &std::collections::BTreeMap<String, usize>| {
        let _ = write!(out, "<tr><td>{}</td>", esc(name));
        for c in &columns {
            out.push_str(&count_cell(counts.get(c).copied().unwrap_or(0)));
        }
        let all: usize = counts.values().sum();
        let supported = counts.get("supported").copied().unwrap_or(0);
        let _ = write!(
            out,
            "<td class=\"num\">{}</td></tr>",
            percent(supported, all)
        );
    };
    for (platform, counts) in &v.by_platform {
        row(out, platform, counts);
    }
    row(out, "all", &v.totals());
    out.push_str("</tbody></table></div>");
}
