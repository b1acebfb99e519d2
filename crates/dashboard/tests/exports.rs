//! What the dashboard exports and shows beyond its pages of numbers: findings.csv (RFC 4180,
//! safe to open in a spreadsheet), the file pages a finding links to at its line, the list of
//! tasks with input errors, and suppressed findings kept apart from the model's failures.

mod common;

use common::{
    csv_hostile_task, fixture_reports, not_judged_task, pulumi_task, read, snapshot_settings,
    start_tags, task_with_files, unreadable_task,
};
use iacgrade_dashboard::csv_export::CSV_COLUMNS;
use iacgrade_dashboard::{write_dashboard, DashboardBuilder, ERROR_LIST_FILE, FINDINGS_CSV_FILE};

/// Reads CSV as RFC 4180 writes it: quoted cells may hold commas, doubled quotes and line breaks;
/// rows end in CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(c != '\n' && c != '\r', "a bare line break outside quotes");
                cell.push(c);
            }
        }
    }
    assert!(!quoted, "an unclosed quote");
    assert!(cell.is_empty() && row.is_empty(), "a row without CRLF");
    rows
}

#[test]
fn the_csv_of_the_fixtures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = vec![pulumi_task(), common::cdk_task(), csv_hostile_task()];
    write_dashboard(&reports, dir.path()).expect("writes");
    let csv = read(&dir.path().join(FINDINGS_CSV_FILE));
    snapshot_settings().bind(|| insta::assert_snapshot!("findings_csv_of_the_fixtures", csv));
}

#[test]
fn hostile_text_stays_inside_its_csv_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reports = fixture_reports();
    reports.push(csv_hostile_task());
    write_dashboard(&reports, dir.path()).expect("writes");
    let rows = parse_csv(&read(&dir.path().join(FINDINGS_CSV_FILE)));
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    assert_eq!(rows.len(), 1 + findings, "a header and one row per finding");
    assert_eq!(rows[0], CSV_COLUMNS);
    assert!(rows.iter().all(|r| r.len() == CSV_COLUMNS.len()));
    let hostile = rows.last().expect("the hostile row");
    let column = |name: &str| {
        let at = CSV_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("a column");
        hostile[at].as_str()
    };
    let finding = &csv_hostile_task().findings[0];
    assert_eq!(column("task"), "'=cmd|' /C calc'!A0");
    assert_eq!(column("file"), format!("'{}", finding.file));
    assert_eq!(column("message"), format!("'{}", finding.message));
    assert_eq!(column("fix"), "'-1+1");
    assert_eq!(column("docs"), "'\tdocs, \"quoted\"");
    for cell in hostile {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet reads as a formula: {cell:?}"
        );
    }
}

#[test]
fn hostile_text_never_becomes_markup_in_the_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reports = vec![
        common::hostile_task(),
        csv_hostile_task(),
        unreadable_task(),
    ];
    reports[2].errors[0].message = "<script>alert(3)</script>".into();
    write_dashboard(&reports, dir.path()).expect("writes");
    for page in ["findings.html", "tasks.html", ERROR_LIST_FILE] {
        let html = read(&dir.path().join(page));
        let tags = start_tags(&html);
        assert!(
            tags.iter().all(|t| t.name != "img"),
            "{page}: an <img> from a report"
        );
        let scripts = tags.iter().filter(|t| t.name == "script").count();
        let own = if page == ERROR_LIST_FILE { 1 } else { 3 };
        assert_eq!(scripts, own, "{page}: only the page's own scripts");
    }
    let errors = read(&dir.path().join(ERROR_LIST_FILE));
    assert!(errors.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
    // The data script holds the text as JSON strings: no line of it ends the script early.
    let data = read(&dir.path().join("filter-data.js"));
    assert!(data.starts_with("\"use strict\";\nwindow.IACGRADE_DATA = {findings: [\n"));
    assert!(data.contains(r#"\"</script><script>alert(1)</script>"#));
    assert!(data.ends_with("]};\n"));
}

#[test]
fn a_finding_links_to_its_line_in_the_file_the_user_has() {
    let tasks = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    write_dashboard(&[task_with_files(tasks.path())], dir.path()).expect("writes");
    let task_page = read(&dir.path().join("tasks/cdk-Pr301.html"));
    let links: Vec<String> = start_tags(&task_page)
        .iter()
        .filter_map(|t| t.attribute("href"))
        .filter(|h| h.starts_with("../files/"))
        .map(str::to_string)
        .collect();
    // Line 12 of the answer's lib/tap-stack.ts is line 19 of the document (the block starts
    // at 8); its other place, line 20, is 27; the ideal side's finding is in the project file.
    assert_eq!(
        links,
        [
            "../files/cdk-Pr301/lib/MODEL_RESPONSE.md.html#L19",
            "../files/cdk-Pr301/lib/MODEL_RESPONSE.md.html#L27",
            "../files/cdk-Pr301/lib/tap-stack.ts.html#L3",
            "../files/cdk-Pr301/lib/MODEL_RESPONSE.md.html#L32",
        ]
    );
    let document = read(
        &dir.path()
            .join("files/cdk-Pr301/lib/MODEL_RESPONSE.md.html"),
    );
    let ids = common::ids(&document);
    assert!(ids.iter().any(|id| id == "L19") && ids.iter().any(|id| id == "L37"));
    assert!(document.contains(
        "<tr id=\"L19\"><td>19</td><td>const line12 = new Thing(this, &#39;T12&#39;);</td></tr>"
    ));
    assert!(document.contains("&lt;script&gt;alert(&#39;answer&#39;)&lt;/script&gt;"));
    let tags = start_tags(&document);
    assert_eq!(tags.iter().filter(|t| t.name == "script").count(), 0);
    let project = read(&dir.path().join("files/cdk-Pr301/lib/tap-stack.ts.html"));
    assert!(project.contains("// &lt;img src=x onerror=alert(1)&gt;"));
    assert!(start_tags(&project).iter().all(|t| t.name != "img"));
    // The file page links back to its task and the index.
    let back: Vec<&str> = start_tags(&project)
        .iter()
        .filter_map(|t| {
            t.attribute("href").map(|h| {
                if h.ends_with("cdk-Pr301.html") {
                    "task"
                } else {
                    "other"
                }
            })
        })
        .collect();
    assert!(back.contains(&"task"));
}

#[test]
fn a_task_folder_that_is_gone_leaves_places_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut report = task_with_files(dir.path());
    report.task.path = dir.path().join("gone").display().to_string();
    let out = dir.path().join("dash");
    write_dashboard(&[report], &out).expect("writes");
    assert!(!out.join("files").exists());
    let page = read(&out.join("tasks/cdk-Pr301.html"));
    assert!(page.contains("lib/tap-stack.ts:12"));
    assert!(!page.contains("../files/"));
}

#[test]
fn suppressed_findings_are_shown_and_not_counted() {
    let tasks = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut builder = DashboardBuilder::new(dir.path()).expect("starts");
    builder.add(&task_with_files(tasks.path())).expect("adds");
    let aggregates = builder.aggregates().clone();
    builder.finish().expect("finishes");
    let low = &aggregates.findings.by_severity["low"];
    assert_eq!((low.fixed, low.suppressed, low.tasks_failed), (0, 1, 0));
    assert_eq!(aggregates.model_failures(), 1, "only API001");
    let page = read(&dir.path().join("tasks/cdk-Pr301.html"));
    assert!(page.contains("Suppressed (accepted in the answer or by a baseline, not counted)"));
    assert!(page.contains(
        "suppressed in the answer at lib/MODEL_RESPONSE.md:31: retention is set by the \
         account&#39;s policy (status in the report: fixed)"
    ));
    let rows = parse_csv(&read(&dir.path().join(FINDINGS_CSV_FILE)));
    let status = CSV_COLUMNS
        .iter()
        .position(|c| *c == "status")
        .expect("status");
    let statuses: Vec<&str> = rows[1..].iter().map(|r| r[status].as_str()).collect();
    assert_eq!(statuses, ["fixed", "standing", "suppressed"]);
}

#[test]
fn the_tasks_with_input_errors_are_listed_with_their_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = vec![pulumi_task(), unreadable_task(), not_judged_task()];
    write_dashboard(&reports, dir.path()).expect("writes");
    let page = read(&dir.path().join(ERROR_LIST_FILE));
    assert!(page.contains("2 of 3 task(s)"));
    assert!(page.contains(
        "<a href=\"tasks/unknown-Pr104.html\">Pr104</a></td><td>unknown</td><td class=\"mono\">\
         <div>metadata.json:3: expected `,` or `}`: fix the JSON and run again</div>"
    ));
    assert!(page.contains(
        "<a href=\"tasks/tf-Pr302.html\">Pr302</a></td><td>tf</td><td class=\"mono\">\
         <div>not judged: lib/MODEL_RESPONSE.md holds no code block</div>"
    ));
    let index = read(&dir.path().join("index.html"));
    assert!(index.contains(
        "<a class=\"kpi\" href=\"errors.html\" data-count=\"2\"><div class=\"value\">2</div>\
         <div class=\"label\">tasks with input errors or not judged</div></a>"
    ));
}
