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
use common::{fixture_reports, hostile_task, sample_corpus};
use iacgrade_dashboard::write_dashboard;
use serde_json::Value;

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
