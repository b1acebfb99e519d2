//! The dashboard needs no network: no page loads a script, a style sheet, an image, a frame or a
//! font from a URL. Links to documentation (`<a href="https://...">`) are fine: they load
//! nothing until followed. Checked on every page, hostile reports included.

mod common;

use std::path::Path;

use common::{fixture_reports, read, sample_corpus, start_tags};
use iacgrade_dashboard::write_dashboard;

/// Attributes that make the browser fetch something when the page loads.
const LOADING_ATTRIBUTES: [&str; 5] = ["src", "href", "data", "poster", "srcset"];

fn is_remote(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")
}

/// What a page would load from the network, described.
fn remote_loads(page: &Path) -> Vec<String> {
    let html = read(page);
    let mut found = Vec::new();
    for tag in start_tags(&html) {
        for (name, value) in &tag.attributes {
            let loads =
                LOADING_ATTRIBUTES.contains(&name.as_str()) && !(tag.name == "a" && name == "href");
            if loads && is_remote(value) {
                found.push(format!(
                    "{}: <{} {name}=\"{value}\">",
                    page.display(),
                    tag.name
                ));
            }
            if name == "style" && value.to_ascii_lowercase().contains("url(") {
                found.push(format!(
                    "{}: <{} style> loads a url()",
                    page.display(),
                    tag.name
                ));
            }
        }
    }
    // The page's own style sheet: no @import and no url() at all.
    for (at, _) in html.match_indices("<style>") {
        let css = &html[at..html[at..]
            .find("</style>")
            .map(|e| at + e)
            .unwrap_or(html.len())];
        if css.contains("@import") || css.contains("url(") {
            found.push(format!(
                "{}: the style sheet loads something",
                page.display()
            ));
        }
    }
    found
}

#[test]
fn no_page_loads_anything_from_the_network() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reports = fixture_reports();
    reports.extend(sample_corpus(10));
    write_dashboard(&reports, dir.path()).expect("writes");
    let mut pages = vec![
        dir.path().join("index.html"),
        dir.path().join("tasks.html"),
        dir.path().join("findings.html"),
        dir.path().join("errors.html"),
    ];
    for entry in std::fs::read_dir(dir.path().join("tasks")).expect("tasks/") {
        pages.push(entry.expect("entry").path());
    }
    let loads: Vec<String> = pages.iter().flat_map(|p| remote_loads(p)).collect();
    assert_eq!(loads, Vec::<String>::new());
}

#[test]
fn documentation_links_stay_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_dashboard(&[common::pulumi_task()], dir.path()).expect("writes");
    let page = read(&dir.path().join("tasks/pulumi-Pr101.html"));
    let web_links: Vec<String> = start_tags(&page)
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attribute("href"))
        .filter(|h| is_remote(h))
        .map(str::to_string)
        .collect();
    assert_eq!(
        web_links,
        [
            "https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"
        ]
    );
}

#[test]
fn the_scanner_would_catch_a_remote_script() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("p.html");
    std::fs::write(
        &page,
        "<html><script src=\"https://cdn.example/x.js\"></script><img src='//x/y.png'></html>",
    )
    .expect("writes");
    assert_eq!(remote_loads(&page).len(), 2);
}
