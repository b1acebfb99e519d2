//! The dashboard in a real browser: headless Chromium opens index.html from disk, the charts
//! render with a size, the tables sort and filter, a task page is reached by following a link,
//! nothing is requested from the network and the console stays free of errors.
//!
//! Needs Debian's `chromium` (tools/install-browser.sh installs it; `CHROMIUM` may name another
//! binary). Without it the test is skipped with a reason, or fails when IACGRADE_REQUIRE_TOOLS=1
//! (as in CI). With IACGRADE_UPDATE_SCREENSHOT=1 it also writes the index's screenshot to
//! docs/dashboard.png:
//!
//! ```sh
//! IACGRADE_UPDATE_SCREENSHOT=1 cargo test -p iacgrade-dashboard --test browser
//! ```

#[path = "browser/cdp.rs"]
mod cdp;
mod common;

use std::path::{Path, PathBuf};

use cdp::Browser;
use common::{
    cdk_task, fixture_reports, hostile_task, not_judged_task, pulumi_task, sample_corpus,
    task_with_files, terraform_task,
};
use iacgrade_dashboard::write_dashboard;
use iacgrade_report::Report;
use serde_json::Value;

/// One browser at a time: two headless Chromiums starting together on a busy machine make
/// each other miss their timeouts.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Width of the screenshot and of the browser's viewport, in CSS pixels.
const VIEW_WIDTH: u32 = 1360;

/// The Chromium to drive: `$CHROMIUM`, else Debian's; Err names the path that was looked for.
fn chromium() -> Result<PathBuf, PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(path)
    }
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The reports the browser sees: a sample corpus large enough for the charts to mean
/// something, and the fixtures (the hostile one apart, in its own dashboard, so the screenshot
/// shows what a dataset owner would see).
fn dashboard(dir: &Path) -> PathBuf {
    let mut reports = sample_corpus(60);
    reports.extend(
        fixture_reports()
            .into_iter()
            .filter(|r| r.task.id != hostile_task().task.id),
    );
    write_dashboard(&reports, dir).expect("writes").index
}

/// Where the test writes its dashboard: IACGRADE_KEEP_DASHBOARD names a folder to keep it in
/// (to look at it afterwards), otherwise a temporary folder.
fn dashboard_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("IACGRADE_KEEP_DASHBOARD") {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let temp = tempfile::tempdir().expect("tempdir");
            (temp.path().to_path_buf(), Some(temp))
        }
    }
}

#[test]
fn the_dashboard_works_in_headless_chromium() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let executable = match chromium() {
        Ok(path) => path,
        Err(missing) => {
            let reason = format!(
                "chromium not found at {} (set CHROMIUM to use another): run tools/install-browser.sh",
                missing.display()
            );
            if std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref() == Ok("1") {
                panic!("IACGRADE_REQUIRE_TOOLS=1 and {reason}");
            }
            eprintln!("skipped: {reason}");
            return;
        }
    };
    let (dir, _temp) = dashboard_dir();
    let index = dashboard(&dir);
    let mut browser = Browser::launch(&executable).expect("chromium starts");
    browser
        .page_call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": VIEW_WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        )
        .expect("viewport");

    // The index loads and its charts have a size and marks.
    browser.navigate(&file_url(&index)).expect("index loads");
    let page = browser
        .evaluate(
            "({title: document.title, \
              charts: [...document.querySelectorAll('svg.chart')].map(s => { \
                const r = s.getBoundingClientRect(); \
                return {title: s.querySelector('title').textContent, width: r.width, height: r.height, \
                        marks: s.querySelectorAll('rect').length}; })})",
        )
        .expect("index evaluates");
    assert_eq!(page["title"], "iacgrade corpus dashboard");
    let charts = page["charts"].as_array().expect("a list of charts");
    let titles: Vec<&str> = charts.iter().filter_map(|c| c["title"].as_str()).collect();
    for wanted in [
        "Tasks per platform",
        "Checkpoint outcomes over all tasks",
        "Model failures by severity",
        "Model failures per rule",
        "Computed scores",
        "Recorded scores",
    ] {
        assert!(
            titles.contains(&wanted),
            "chart {wanted} missing from {titles:?}"
        );
    }
    for chart in charts {
        let size = |k: &str| chart[k].as_f64().unwrap_or(0.0);
        assert!(
            size("width") > 100.0 && size("height") > 50.0,
            "chart without size: {chart}"
        );
        assert!(
            chart["marks"].as_u64().unwrap_or(0) > 0,
            "chart without marks: {chart}"
        );
    }

    // The screenshot shows the index as it opens, before any click.
    let screenshot = browser.screenshot(VIEW_WIDTH, 4200).expect("screenshot");
    assert!(screenshot.starts_with(b"\x89PNG"), "a PNG");
    let shot_path = browser.scratch().join("dashboard.png");
    std::fs::write(&shot_path, &screenshot).expect("screenshot written");
    if std::env::var("IACGRADE_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/dashboard.png");
        std::fs::write(&docs, &screenshot).expect("docs/dashboard.png written");
        eprintln!("wrote {}", docs.display());
    }

    // Sorting works: a click on a header orders the rule table.
    let sorted = browser
        .evaluate(
            "(() => { const t = document.getElementById('rule-table'); \
               const th = t.tHead.rows[0].cells[0]; th.click(); th.click(); \
               const ids = [...t.tBodies[0].rows].map(r => r.cells[0].textContent); \
               return {sort: th.getAttribute('aria-sort'), ids}; })()",
        )
        .expect("sorting evaluates");
    assert_eq!(sorted["sort"], "ascending");
    let ids: Vec<&str> = sorted["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut expected = ids.clone();
    expected.sort_by_key(|s| s.to_lowercase());
    assert_eq!(ids, expected);

    // A task page is reached by following a link of the disagreement table.
    let href = browser
        .evaluate("document.querySelector('#scores a[href^=\"tasks/\"]').getAttribute('href')")
        .expect("a task link");
    let href = href.as_str().expect("an href").to_string();
    browser.clear_events();
    browser
        .evaluate("document.querySelector('#scores a[href^=\"tasks/\"]').click()")
        .expect("click");
    browser
        .wait_for("Page.loadEventFired")
        .expect("task page loads");
    let task = browser
        .evaluate(
            "({href: location.href, h1: document.querySelector('h1').textContent, \
              sections: [...document.querySelectorAll('section.card h2')].map(h => h.textContent)})",
        )
        .expect("task page evaluates");
    assert!(
        task["href"].as_str().unwrap_or("").ends_with(&href),
        "followed {href}, landed on {}",
        task["href"]
    );
    assert!(!task["h1"].as_str().unwrap_or("").is_empty());
    assert!(task["sections"].to_string().contains("Checkpoints"));

    // The hostile task's page shows its text and runs none of it.
    let hostile_dir = dir.join("hostile");
    write_dashboard(&[hostile_task()], &hostile_dir).expect("writes");
    let hostile = hostile_dir.join("tasks/cdk-Pr_105_____.._x.html");
    browser
        .navigate(&file_url(&hostile))
        .expect("hostile page loads");
    let injected = browser
        .evaluate(
            "({scripts: document.scripts.length, images: document.images.length, \
                   text: document.body.textContent.includes('evil.example/x.js')})",
        )
        .expect("hostile page evaluates");
    assert_eq!(injected["scripts"], 0);
    assert_eq!(injected["images"], 0);
    assert_eq!(injected["text"], true);

    // The task list filters as one types.
    browser
        .navigate(&file_url(&dir.join("tasks.html")))
        .expect("task list loads");
    let filtered = browser
        .evaluate(
            "(() => { const input = document.querySelector('input[data-filter]'); \
               input.value = 'Pr101'; input.dispatchEvent(new Event('input')); \
               return [...document.querySelectorAll('#task-table tbody tr')].filter(r => !r.hidden).length; })()",
        )
        .expect("filter evaluates");
    assert_eq!(filtered, 1);

    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let remote: Vec<String> = browser
        .requested_urls()
        .into_iter()
        .filter(|u| !u.starts_with("file://") && !u.starts_with("data:") && u != "about:blank")
        .collect();
    assert!(remote.is_empty(), "requests off the disk: {remote:?}");
    eprintln!("screenshot of the index: {}", shot_path.display());
}

/// The status a finding is shown and filtered with: `suppressed` when the report suppresses it.
fn shown_status(report: &Report, index: usize) -> String {
    if report.suppressions.iter().any(|s| s.finding == index) {
        "suppressed".into()
    } else {
        serde_json::to_value(report.findings[index].status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

fn severity_of(report: &Report, index: usize) -> String {
    serde_json::to_value(report.findings[index].severity)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Opens a page as a new document (a change of fragment alone would load nothing).
fn open(browser: &mut Browser, url: &str) {
    browser.navigate("about:blank").expect("blank page");
    browser
        .navigate(url)
        .unwrap_or_else(|e| panic!("{url}: {e}"));
}

/// Clicks the element `selector` names and waits for the page it leads to.
fn follow(browser: &mut Browser, selector: &str) -> String {
    browser.clear_events();
    let href = browser
        .evaluate(&format!(
            "(() => {{ const a = document.querySelector({selector:?}); a.click(); return a.getAttribute('href'); }})()"
        ))
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    browser
        .wait_for("Page.loadEventFired")
        .unwrap_or_else(|e| panic!("{selector} leads to a page: {e}"));
    href.as_str().unwrap_or("").to_string()
}

/// The rows of a table a reader sees: not hidden by the text filter, not put out by the filters.
const VISIBLE_ROWS: &str = "(id => [...document.getElementById(id).tBodies[0].rows]\
    .filter(r => !r.hidden && r.style.display !== 'none').length)";

#[test]
fn filters_and_drill_down_work_in_headless_chromium() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let Ok(executable) = chromium() else {
        if std::env::var("IACGRADE_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("IACGRADE_REQUIRE_TOOLS=1 and no chromium: run tools/install-browser.sh");
        }
        eprintln!("skipped: chromium not found (set CHROMIUM or run tools/install-browser.sh)");
        return;
    };
    let task_folders = tempfile::tempdir().expect("tempdir");
    let mut reports = sample_corpus(60);
    reports.extend([
        pulumi_task(),
        cdk_task(),
        terraform_task(),
        task_with_files(task_folders.path()),
        not_judged_task(),
    ]);
    let dir = tempfile::tempdir().expect("tempdir");
    write_dashboard(&reports, dir.path()).expect("writes");
    let url = |page: &str| file_url(&dir.path().join(page));
    let mut browser = Browser::launch(&executable).expect("chromium starts");

    // The finding list, filtered by platform then severity from its selects.
    let platform_of = |r: &Report| r.task.platform.clone().unwrap_or_default();
    let findings_where = |keep: &dyn Fn(&Report, usize) -> bool| -> usize {
        reports
            .iter()
            .map(|r| (0..r.findings.len()).filter(|&i| keep(r, i)).count())
            .sum()
    };
    let tasks_where = |keep: &dyn Fn(&Report, usize) -> bool| -> usize {
        reports
            .iter()
            .filter(|r| (0..r.findings.len()).any(|i| keep(r, i)))
            .count()
    };
    let pulumi_critical =
        |r: &Report, i: usize| platform_of(r) == "pulumi" && severity_of(r, i) == "critical";
    open(&mut browser, &url("findings.html"));
    let choose = |browser: &mut Browser, key: &str, value: &str| {
        browser
            .evaluate(&format!(
                "(() => {{ const s = document.querySelector('select[data-key={key}]'); \
                   s.value = {value:?}; s.dispatchEvent(new Event('change')); return s.value; }})()"
            ))
            .expect("a select changes")
    };
    assert_eq!(choose(&mut browser, "platform", "pulumi"), "pulumi");
    assert_eq!(choose(&mut browser, "severity", "critical"), "critical");
    let shown = browser
        .evaluate(&format!(
            "({{rows: {VISIBLE_ROWS}('finding-table'), hash: location.hash, \
               count: document.getElementById('filter-count').getAttribute('data-matches')}})"
        ))
        .expect("finding list evaluates");
    let expected = findings_where(&pulumi_critical);
    assert!(expected > 0, "the sample has critical Pulumi findings");
    assert_eq!(shown["rows"], expected, "{shown}");
    assert_eq!(shown["count"], expected.to_string());
    assert_eq!(shown["hash"], "#platform=pulumi&severity=critical");

    // The task list, opened with the same filters in its address.
    open(
        &mut browser,
        &format!("{}#platform=pulumi&severity=critical", url("tasks.html")),
    );
    let rows = browser
        .evaluate(&format!("{VISIBLE_ROWS}('task-table')"))
        .expect("task list evaluates");
    assert_eq!(rows, tasks_where(&pulumi_critical));

    // A rule of the index's rule table lists exactly its findings, and its "tasks failed"
    // exactly its tasks.
    open(&mut browser, &url("index.html"));
    let row = "#rule-table tbody tr:first-child";
    let counts = browser
        .evaluate(&format!(
            "(() => {{ const c = document.querySelector('{row}').cells; \
               const n = i => Number(c[i].getAttribute('data-v')); \
               return {{rule: c[0].textContent, severity: c[2].textContent, \
                        findings: n(3) + n(4) + n(5) + n(6) + n(7), tasks: n(8)}}; }})()"
        ))
        .expect("rule row evaluates");
    let rule = counts["rule"].as_str().expect("a rule").to_string();
    let severity = counts["severity"].as_str().expect("a severity").to_string();
    let of_rule =
        |r: &Report, i: usize| r.findings[i].rule == rule && severity_of(r, i) == severity;
    let failed = |r: &Report, i: usize| {
        of_rule(r, i) && matches!(shown_status(r, i).as_str(), "fixed" | "unfixed")
    };
    let href = follow(&mut browser, &format!("{row} td:first-child a"));
    assert_eq!(
        href,
        format!("findings.html#rule={rule}&severity={severity}")
    );
    let rows = browser
        .evaluate(&format!("{VISIBLE_ROWS}('finding-table')"))
        .expect("drill-down evaluates");
    assert_eq!(rows, counts["findings"], "the rule's findings");
    assert_eq!(rows, findings_where(&of_rule));
    open(&mut browser, &url("index.html"));
    follow(&mut browser, &format!("{row} td:last-child a"));
    let rows = browser
        .evaluate(&format!("{VISIBLE_ROWS}('task-table')"))
        .expect("drill-down evaluates");
    assert_eq!(rows, counts["tasks"], "the rule's failed tasks");
    assert_eq!(rows, tasks_where(&failed));

    // Every headline card lists as many rows as it counts.
    open(&mut browser, &url("index.html"));
    let cards = browser
        .evaluate(
            "[...document.querySelectorAll('a.kpi')].map(a => ({href: a.getAttribute('href'), \
               count: a.getAttribute('data-count'), text: a.textContent}))",
        )
        .expect("cards evaluate");
    let cards = cards.as_array().expect("cards").clone();
    assert_eq!(cards.len(), 6);
    for card in &cards {
        let href = card["href"].as_str().expect("an href");
        let count = card["count"].as_str().expect("a count");
        let text = card["text"].as_str().unwrap_or("");
        assert!(text.contains(count), "the card shows its count: {card}");
        open(&mut browser, &url(href));
        let table = if href.starts_with("findings") {
            "finding-table"
        } else if href.starts_with("errors") {
            "error-table"
        } else {
            "task-table"
        };
        let rows = browser
            .evaluate(&format!("{VISIBLE_ROWS}('{table}')"))
            .expect("drill-down evaluates");
        assert_eq!(rows.to_string(), count, "card {card}");
    }

    // A finding leads to its line in the file the user has.
    open(&mut browser, &url("tasks/cdk-Pr301.html"));
    let href = follow(&mut browser, "a[href^='../files/']");
    assert_eq!(href, "../files/cdk-Pr301/lib/MODEL_RESPONSE.md.html#L19");
    let line = browser
        .evaluate(
            "({target: document.querySelector(':target') && document.querySelector(':target').id, \
               code: document.getElementById('L19').cells[1].textContent, \
               scripts: document.scripts.length})",
        )
        .expect("file page evaluates");
    assert_eq!(line["target"], "L19");
    assert_eq!(line["code"], "const line12 = new Thing(this, 'T12');");
    assert_eq!(line["scripts"], 0);

    // The finding list's links lead there too.
    open(
        &mut browser,
        &format!(
            "{}#platform=cdk&rule=API001&severity=critical",
            url("findings.html")
        ),
    );
    let where_links = browser
        .evaluate("[...document.querySelectorAll('#finding-table a[href^=\"files/\"]')].map(a => a.getAttribute('href'))")
        .expect("links evaluate");
    assert!(
        where_links
            .to_string()
            .contains("files/cdk-Pr301/lib/MODEL_RESPONSE.md.html#L19"),
        "{where_links}"
    );

    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let remote: Vec<String> = browser
        .requested_urls()
        .into_iter()
        .filter(|u| !u.starts_with("file://") && !u.starts_with("data:") && u != "about:blank")
        .collect();
    assert!(remote.is_empty(), "requests off the disk: {remote:?}");
}
