//! The rendered pages: a task page and the index for hand-built reports (snapshots), escaping of
//! everything a report carries, and dashboards of no tasks at all.

mod common;

use common::{
    fixture_reports, hostile_task, main_of, pulumi_task, read, snapshot_settings, start_tags,
};
use iacgrade_dashboard::{render_task_page, write_dashboard, TaskReport, INDEX_FILE};

#[test]
fn task_page_of_a_task_with_every_section() {
    let view = TaskReport::from_report(&pulumi_task()).expect("reads");
    let html = render_task_page(&view);
    snapshot_settings().bind(|| insta::assert_snapshot!("task_page_pulumi", main_of(&html)));
}

#[test]
fn index_of_the_fixtures() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_dashboard(&fixture_reports(), dir.path()).expect("writes");
    let html = read(&dir.path().join(INDEX_FILE));
    snapshot_settings().bind(|| insta::assert_snapshot!("index_of_the_fixtures", main_of(&html)));
}

#[test]
fn the_side_by_side_view_marks_the_changed_line() {
    let view = TaskReport::from_report(&pulumi_task()).expect("reads");
    let html = render_task_page(&view);
    assert!(html.contains(
        "<td class=\"del\">const logs = new aws.s3.BucketV9(`logs-${suffix}`, {</td>\
         <td class=\"ins\">const logs = new aws.s3.Bucket(`logs-${suffix}`, {</td>"
    ));
    assert!(html.contains("<td>  forceDestroy: true,</td><td>  forceDestroy: true,</td>"));
}

#[test]
fn text_from_reports_never_becomes_markup() {
    let view = TaskReport::from_report(&hostile_task()).expect("reads");
    let html = render_task_page(&view);
    let tags = start_tags(&html);
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert!(!names.contains(&"img"), "{names:?}");
    assert_eq!(names.iter().filter(|n| **n == "script").count(), 0);
    assert_eq!(
        names.iter().filter(|n| **n == "style").count(),
        1,
        "only the page's own"
    );
    assert_eq!(
        names.iter().filter(|n| **n == "link").count(),
        1,
        "only the empty icon"
    );
    assert!(html.contains(
        "module <code>&lt;/script&gt;&lt;script src=&quot;https://evil.example/x.js&quot;&gt;&lt;/script&gt;</code>"
    ));
    assert!(!tags
        .iter()
        .any(|t| t.attribute("href") == Some("javascript:alert(1)")));
    assert!(html.contains("lib/&lt;script&gt;alert(2)&lt;/script&gt;.ts:3"));
}

#[test]
fn a_repeated_mistake_lists_its_other_places() {
    let view = TaskReport::from_report(&pulumi_task()).expect("reads");
    let html = render_task_page(&view);
    assert!(
        html.contains(
            "<summary>the same mistake in 2 more places</summary>\
             <div class=\"mono\">lib/tap-stack.ts:58, lib/archive.ts:12</div>"
        ),
        "{html}"
    );
}

#[test]
fn a_dashboard_of_no_tasks_still_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = write_dashboard(&[], dir.path()).expect("writes");
    assert_eq!(summary.tasks, 0);
    // index, tasks, findings and errors pages, filter-data.js and findings.csv.
    assert_eq!(summary.files_written, 6);
    let html = read(&summary.index);
    assert!(html.contains("No report has a score yet."));
    assert!(html.contains("No API findings in these reports."));
}

#[test]
fn a_bare_report_renders_every_empty_section() {
    let view = TaskReport::from_json(r#"{"task":{"id":"bare"}}"#).expect("reads");
    let html = render_task_page(&view);
    assert!(html.contains("No checkpoint was evaluated."));
    assert!(html.contains("No findings."));
    assert!(html.contains("No requirement was traced for this task."));
    assert!(html.contains("No score was computed for this task."));
}

#[test]
fn every_task_gets_its_own_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reports = fixture_reports();
    reports.push(common::cdk_task());
    let summary = write_dashboard(&reports, dir.path()).expect("writes");
    assert_eq!(summary.tasks, 6);
    assert_eq!(summary.files_written, 12);
    let pages = std::fs::read_dir(dir.path().join("tasks"))
        .expect("tasks/")
        .count();
    assert_eq!(pages, 6);
    assert!(dir.path().join("tasks/cdk-Pr102.html").is_file());
    assert!(dir.path().join("tasks/cdk-Pr102-2.html").is_file());
}

#[test]
fn an_output_folder_that_cannot_be_made_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("taken");
    std::fs::write(&blocker, "a file, not a folder").expect("writes");
    let error = write_dashboard(&fixture_reports(), &blocker).expect_err("cannot write there");
    assert!(error.to_string().contains("taken"), "{error}");
}

mod never_markup {
    use super::common::{pulumi_task, start_tags};
    use iacgrade_dashboard::{render_task_page, TaskReport};
    use proptest::prelude::*;

    /// The tags a task page may hold, whatever its report says.
    const PAGE_TAGS: [&str; 37] = [
        "html", "head", "meta", "link", "title", "style", "body", "header", "div", "span", "nav",
        "a", "main", "p", "h1", "h2", "h3", "section", "table", "thead", "tbody", "tr", "th", "td",
        "ul", "li", "code", "strong", "dl", "dt", "dd", "details", "summary", "pre", "br", "wbr",
        "svg",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn report_text_never_adds_a_tag(text in "[ -~\n]{0,80}", id in ".{0,40}") {
            let mut report = pulumi_task();
            report.task.id = id;
            report.findings[0].message = text.clone();
            report.findings[0].model_snippet = Some(text.clone());
            report.findings[0].docs = Some(text.clone());
            report.findings[1].root_cause = Some(text.clone());
            report.notes = vec![text.clone()];
            report.checkpoints[0].message = text;
            let view = TaskReport::from_report(&report).expect("reads");
            let html = render_task_page(&view);
            for tag in start_tags(&html) {
                prop_assert!(PAGE_TAGS.contains(&tag.name.as_str()), "unexpected <{}>", tag.name);
                if tag.name == "a" {
                    let href = tag.attribute("href").unwrap_or("");
                    prop_assert!(
                        href.starts_with("../") || href.starts_with("https://") || href.starts_with("http://"),
                        "unexpected link {href}"
                    );
                }
            }
            prop_assert_eq!(start_tags(&html).iter().filter(|t| t.name == "style").count(), 1);
        }

        #[test]
        fn any_json_reads_or_fails_without_panicking(text in ".{0,200}") {
            let _ = TaskReport::from_json(&text);
        }
    }
}
