//! The policy file: the embedded default, round trips, and errors that name the line.

use iacgrade_score::Policy;

#[test]
fn default_policy_is_the_guide() {
    let p = Policy::default();
    assert_eq!(p.name, "default");
    assert_eq!(p.base, 8.0);
    assert_eq!(p.blockers.platform_mismatch, 3.0);
    assert_eq!(p.blockers.wrong_region, 5.0);
    assert_eq!(p.blockers.services_missing, 4.0);
    assert_eq!(p.complexity.max_bonus, Some(2.0));
    assert_eq!(p.fixes.minimal_one_or_two, -4.0);
}

#[test]
fn round_trip_through_toml() {
    let p = Policy::default();
    let text = p.to_toml().expect("serialise");
    let back = Policy::from_toml(&text, "written.toml").expect("read back");
    assert_eq!(p, back);
}

#[test]
fn from_file_reads_and_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, Policy::default().to_toml().expect("toml")).expect("write");
    assert_eq!(Policy::from_file(&path).expect("read"), Policy::default());
    let missing = dir.path().join("nope.toml");
    let err = Policy::from_file(&missing).expect_err("missing file");
    assert!(err.contains("nope.toml"), "{err}");
}

#[test]
fn malformed_values_name_file_and_line() {
    let text = iacgrade_score::policy::DEFAULT_POLICY_TOML.replace("base = 8", "base = \"eight\"");
    let line = text
        .lines()
        .position(|l| l.starts_with("base ="))
        .expect("base line")
        + 1;
    let err = Policy::from_toml(&text, "bad.toml").expect_err("bad type");
    assert!(err.starts_with(&format!("bad.toml:{line}:")), "{err}");
}

#[test]
fn unknown_keys_and_categories_are_errors_with_lines() {
    let text =
        iacgrade_score::policy::DEFAULT_POLICY_TOML.replace("wrong_region = 5", "wrong_regoin = 5");
    let err = Policy::from_toml(&text, "typo.toml").expect_err("typo");
    assert!(
        err.contains("typo.toml:") && err.contains("wrong_regoin"),
        "{err}"
    );

    let text = iacgrade_score::policy::DEFAULT_POLICY_TOML.replacen(
        "category = \"A\"",
        "category = \"E\"",
        1,
    );
    let line = text
        .lines()
        .position(|l| l.contains("category = \"E\""))
        .expect("line")
        + 1;
    let err = Policy::from_toml(&text, "cat.toml").expect_err("bad category");
    assert!(err.starts_with(&format!("cat.toml:{line}:")), "{err}");
}

#[test]
fn out_of_range_settings_are_errors() {
    let text = iacgrade_score::policy::DEFAULT_POLICY_TOML.replace(
        "services_missing_share = 0.5",
        "services_missing_share = 1.5",
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("services_missing_share"))
        .expect("line")
        + 1;
    let err = Policy::from_toml(&text, "range.toml").expect_err("range");
    assert!(err.starts_with(&format!("range.toml:{line}:")), "{err}");
}

#[test]
fn every_shipped_policy_reads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("policies/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            Policy::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
            read += 1;
        }
    }
    assert!(read >= 1);
}
