//! Every rule against its fixtures: small real source files under `tests/fixtures/<RULE-ID>/`,
//! parsed by the real front-ends.
//!
//! File names say what is expected and how to read them: `pass[-label].<platform>.<ext>` must
//! give no hit of the rule, `fail[-label].<platform>.<ext>` at least one, whose hits are
//! snapshotted (`snapshots/fixtures__<RULE-ID>-<file>.snap`). `<platform>` is `cfn`, `tf`, `pulumi`, `cdk`
//! or `cdktf`. A `prompt.md` beside them is the request the rule reads; a fixture with a label
//! reads `prompt-<label>.md` instead when there is one (`pass-requested.cfn.yaml` →
//! `prompt-requested.md`).

use std::path::{Path, PathBuf};

use iacgrade_ir::ResourceGraph;
use iacgrade_rules::{all_rules, Rule, RuleContext, RuleHit};
use iacgrade_task::{Origin, Platform, SourceFile};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Parses one fixture file with the front-end its platform needs.
fn graph_of(path: &Path, platform: Platform) -> ResourceGraph {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("fixture has a name")
        .to_string();
    let file = SourceFile {
        path: Some(name),
        declared_language: None,
        text,
        origin: Origin::IdealResponse,
        document: "lib/IDEAL_RESPONSE.md".into(),
        first_line: 1,
    };
    let files = std::slice::from_ref(&file);
    let graph = match platform {
        Platform::Cfn => iacgrade_frontend_cfn::parse(files, Some(platform)),
        Platform::Tf => iacgrade_frontend_hcl::parse(files, Some(platform)),
        _ => iacgrade_frontend_code::parse(files, Some(platform)),
    };
    assert!(
        graph.problems.is_empty(),
        "{}: front-end problems: {:?}",
        path.display(),
        graph.problems
    );
    assert!(
        !graph.resources.is_empty(),
        "{}: the fixture declares no resource the front-end can read",
        path.display()
    );
    graph
}

fn platform_of(file_name: &str) -> Option<Platform> {
    let mut parts = file_name.split('.');
    let _expectation = parts.next()?;
    Platform::parse(parts.next()?)
}

struct Fixture {
    path: PathBuf,
    name: String,
    expect_hits: bool,
    platform: Platform,
}

fn fixture_files(rule: &dyn Rule) -> Vec<Fixture> {
    let dir = fixtures_dir().join(rule.id());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Fixture> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let expect_hits = if name.starts_with("fail.") || name.starts_with("fail-") {
                true
            } else if name.starts_with("pass.") || name.starts_with("pass-") {
                false
            } else {
                return None;
            };
            let platform = platform_of(&name)?;
            Some(Fixture {
                path: e.path(),
                name,
                expect_hits,
                platform,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn prompt_of(rule: &dyn Rule, fixture: &Fixture) -> Option<String> {
    let dir = fixtures_dir().join(rule.id());
    let stem = fixture.name.split('.').next().unwrap_or_default();
    if let Some((_, label)) = stem.split_once('-') {
        if let Ok(prompt) = std::fs::read_to_string(dir.join(format!("prompt-{label}.md"))) {
            return Some(prompt);
        }
    }
    std::fs::read_to_string(dir.join("prompt.md")).ok()
}

fn run(rule: &dyn Rule, fixture: &Fixture) -> Vec<RuleHit> {
    let graph = graph_of(&fixture.path, fixture.platform);
    let prompt = prompt_of(rule, fixture);
    let mut ctx = RuleContext::new(&graph).with_platform(fixture.platform);
    if let Some(p) = prompt.as_deref() {
        ctx = ctx.with_prompt(p);
    }
    rule.check(&ctx)
}

#[test]
fn every_rule_has_a_passing_and_a_failing_fixture() {
    for rule in all_rules() {
        let fixtures = fixture_files(*rule);
        assert!(
            fixtures.iter().any(|f| f.expect_hits),
            "{} has no fail.* fixture",
            rule.id()
        );
        assert!(
            fixtures.iter().any(|f| !f.expect_hits),
            "{} has no pass.* fixture",
            rule.id()
        );
    }
}

#[test]
fn passing_fixtures_give_no_hit() {
    for rule in all_rules() {
        for fixture in fixture_files(*rule).iter().filter(|f| !f.expect_hits) {
            let hits = run(*rule, fixture);
            assert!(
                hits.is_empty(),
                "{} {}: expected no hit, got {hits:#?}",
                rule.id(),
                fixture.name
            );
        }
    }
}

#[test]
fn failing_fixtures_give_the_snapshotted_hits() {
    for rule in all_rules() {
        for fixture in fixture_files(*rule).iter().filter(|f| f.expect_hits) {
            let hits = run(*rule, fixture);
            assert!(
                !hits.is_empty(),
                "{} {}: expected hits, got none",
                rule.id(),
                fixture.name
            );
            assert!(hits.iter().all(|h| h.rule == rule.id()));
            let mut settings = insta::Settings::clone_current();
            // Beside this crate, whatever state the rest of the workspace is in.
            settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
            settings.bind(|| {
                insta::assert_json_snapshot!(format!("{}-{}", rule.id(), fixture.name), hits)
            });
        }
    }
}
