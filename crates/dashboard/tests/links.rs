//! Every link of the dashboard leads somewhere: index.html, tasks.html and every task page link
//! only to files the dashboard wrote (and to ids those files hold), or to web documentation.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture_reports, ids, read, sample_corpus, start_tags};
use iacgrade_dashboard::{
    write_dashboard, ERROR_LIST_FILE, FINDING_LIST_FILE, INDEX_FILE, TASK_LIST_FILE,
};

/// The keys a fragment of the task or finding list may set (assets/filters.js).
const FILTER_KEYS: [&str; 7] = [
    "platform",
    "severity",
    "rule",
    "status",
    "checkpoint",
    "task",
    "api",
];

/// The pages of a written dashboard: the four at the root and every task page.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages = vec![
        root.join(INDEX_FILE),
        root.join(TASK_LIST_FILE),
        root.join(FINDING_LIST_FILE),
        root.join(ERROR_LIST_FILE),
    ];
    let mut tasks: Vec<PathBuf> = std::fs::read_dir(root.join("tasks"))
        .expect("tasks/")
        .map(|e| e.expect("entry").path())
        .collect();
    tasks.sort();
    pages.extend(tasks);
    // The file pages, folders within folders.
    let mut folders = vec![root.join("files")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                pages.push(path);
            }
        }
    }
    pages
}

/// The problems of one page's links, empty when every link resolves.
fn broken_links(page: &Path) -> Vec<String> {
    let html = read(page);
    let own_ids = ids(&html);
    let dir = page.parent().expect("a folder");
    let mut broken = Vec::new();
    for tag in start_tags(&html) {
        let Some(href) = tag.attribute("href").or(tag.attribute("src")) else {
            continue;
        };
        let href = href.replace("&amp;", "&");
        let is_web = href.starts_with("https://") || href.starts_with("http://");
        if (tag.name == "a" && is_web) || href.starts_with("data:") {
            continue;
        }
        let (file, fragment) = match href.split_once('#') {
            Some((file, fragment)) => (file, Some(fragment)),
            None => (href.as_str(), None),
        };
        let target_ids = if file.is_empty() {
            own_ids.clone()
        } else {
            let target = dir.join(file);
            if !target.is_file() {
                broken.push(format!("{}: {href} is no file", page.display()));
                continue;
            }
            ids(&read(&target))
        };
        if let Some(fragment) = fragment.filter(|f| f.contains('=')) {
            // A filtered list: every part sets a known filter of a list page.
            let is_list = file == TASK_LIST_FILE || file == FINDING_LIST_FILE;
            let known = fragment.split('&').all(|part| {
                part.split_once('=')
                    .is_some_and(|(key, value)| FILTER_KEYS.contains(&key) && !value.is_empty())
            });
            if !is_list || !known {
                broken.push(format!("{}: {href} is no filter of a list", page.display()));
            }
            continue;
        }
        if let Some(fragment) = fragment {
            if !target_ids.iter().any(|id| id == fragment) {
                broken.push(format!(
                    "{}: {href} names no id of its page",
                    page.display()
                ));
            }
        }
    }
    broken
}

#[test]
fn every_link_of_the_index_resolves() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_dashboard(&fixture_reports(), dir.path()).expect("writes");
    let index = dir.path().join(INDEX_FILE);
    assert_eq!(broken_links(&index), Vec::<String>::new());
    let linked_pages = start_tags(&read(&index))
        .iter()
        .filter_map(|t| t.attribute("href").map(str::to_string))
        .filter(|h| h.starts_with("tasks/"))
        .count();
    assert!(
        linked_pages >= 3,
        "the disagreement table links to task pages"
    );
}

#[test]
fn every_link_of_every_page_resolves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let task_folders = tempfile::tempdir().expect("tempdir");
    let mut reports = fixture_reports();
    reports.extend(sample_corpus(40));
    reports.push(common::task_with_files(task_folders.path()));
    write_dashboard(&reports, dir.path()).expect("writes");
    let all = pages(dir.path());
    // Four pages at the root, one per task, two file pages (the answer and a project file).
    assert_eq!(all.len(), 4 + reports.len() + 2);
    let broken: Vec<String> = all.iter().flat_map(|p| broken_links(p)).collect();
    assert_eq!(broken, Vec::<String>::new());
}

#[test]
fn the_task_list_links_every_task_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_dashboard(&fixture_reports(), dir.path()).expect("writes");
    let list = read(&dir.path().join(TASK_LIST_FILE));
    let mut linked: Vec<String> = start_tags(&list)
        .iter()
        .filter_map(|t| t.attribute("href"))
        .filter(|h| h.starts_with("tasks/"))
        .map(str::to_string)
        .collect();
    linked.sort();
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("tasks"))
        .expect("tasks/")
        .map(|e| format!("tasks/{}", e.expect("entry").file_name().to_string_lossy()))
        .collect();
    written.sort();
    assert_eq!(linked, written);
}
