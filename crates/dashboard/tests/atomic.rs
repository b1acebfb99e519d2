//! The dashboard folder is replaced whole: an unfinished run leaves the old dashboard as it was,
//! and nothing is ever written through a link found where a page goes.

mod common;

use std::path::Path;

use common::{fixture_reports, pulumi_task};
use iacgrade_dashboard::{write_dashboard, DashboardBuilder, INDEX_FILE};

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                files.push((rel, std::fs::read(&path).expect("read")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn an_unfinished_run_leaves_the_old_dashboard_whole() {
    let parent = tempfile::tempdir().expect("tempdir");
    let out = parent.path().join("dash");
    write_dashboard(&fixture_reports(), &out).expect("first run");
    let before = listing(&out);
    // A second run that stops before `finish` (killed, or failed on a write).
    let mut builder = DashboardBuilder::new(&out).expect("starts");
    builder.add(&pulumi_task()).expect("adds a page");
    drop(builder);
    assert_eq!(listing(&out), before, "the old dashboard is untouched");
    let leftovers: Vec<_> = std::fs::read_dir(parent.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["dash"], "no staging folder is left behind");
    // A finished run replaces it: only its own task remains.
    write_dashboard(&[pulumi_task()], &out).expect("second run");
    let after = listing(&out);
    assert!(after.iter().any(|(name, _)| name == INDEX_FILE));
    assert!(after.len() < before.len(), "pages of the old run are gone");
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_a_page_path_is_not_written_through() {
    let parent = tempfile::tempdir().expect("tempdir");
    let out = parent.path().join("dash");
    write_dashboard(&fixture_reports(), &out).expect("first run");
    let victim = parent.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write victim");
    // Every task page of the dashboard becomes a link to the victim (the index stays, so the
    // folder is still recognised as an earlier dashboard).
    for (rel, _) in listing(&out) {
        if rel == INDEX_FILE {
            continue;
        }
        let page = out.join(&rel);
        std::fs::remove_file(&page).expect("remove page");
        std::os::unix::fs::symlink(&victim, &page).expect("plant link");
    }
    write_dashboard(&fixture_reports(), &out).expect("second run");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    let index = out.join(INDEX_FILE);
    assert!(!std::fs::symlink_metadata(&index)
        .expect("stat")
        .file_type()
        .is_symlink());
}

#[cfg(unix)]
#[test]
fn a_link_or_a_folder_of_other_things_is_refused_as_the_target() {
    let parent = tempfile::tempdir().expect("tempdir");
    let elsewhere = parent.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let link = parent.path().join("dash");
    std::os::unix::fs::symlink(&elsewhere, &link).expect("link");
    let error = write_dashboard(&fixture_reports(), &link).expect_err("refused");
    assert!(error.to_string().contains("is a link"), "{error}");
    std::fs::write(elsewhere.join("notes.txt"), "mine").expect("write");
    let error = write_dashboard(&fixture_reports(), &elsewhere).expect_err("refused");
    assert!(error.to_string().contains("no dashboard"), "{error}");
    assert_eq!(std::fs::read_dir(&elsewhere).expect("list").count(), 1);
}
