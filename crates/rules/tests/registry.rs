//! The registry as users see it through `iacgrade rules [ID]`: stable, unique ids and names,
//! documentation with every section, and findings that carry the rule's identity.

use iacgrade_findings::{FindingStatus, Severity, Side};
use iacgrade_rules::{all_rules, rule_by_id, RuleContext};

#[test]
fn ids_and_names_are_unique_and_well_formed() {
    let mut ids = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for rule in all_rules() {
        let id = rule.id();
        assert!(
            id.len() == 6
                && id[..3].chars().all(|c| c.is_ascii_uppercase())
                && id[3..].chars().all(|c| c.is_ascii_digit()),
            "{id}: ids are three capitals and three digits"
        );
        assert!(
            rule.name()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: names are kebab-case",
            rule.name()
        );
        assert!(ids.insert(id), "{id} is registered twice");
        assert!(
            names.insert(rule.name()),
            "{} is registered twice",
            rule.name()
        );
        // Only the deployability family (DEP) reports what AWS rejects at deploy time.
        if !id.starts_with("DEP") {
            assert_ne!(
                rule.severity(),
                Severity::Critical,
                "{id}: policy rules never stop a deploy"
            );
        }
    }
}

#[test]
fn every_rule_documents_what_why_example_fix_and_references() {
    for rule in all_rules() {
        let doc = rule.documentation();
        for section in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## Fix",
            "## References",
        ] {
            assert!(doc.contains(section), "{}: missing `{section}`", rule.id());
        }
        assert!(
            doc.contains(rule.docs_url()),
            "{}: the docs url is not among the references",
            rule.id()
        );
        assert!(
            !doc.lines()
                .any(|l| l.starts_with(' ') && !l.starts_with("  ")),
            "{}: documentation keeps rustdoc's leading space",
            rule.id()
        );
    }
}

#[test]
fn rules_are_found_by_id_or_name() {
    assert_eq!(rule_by_id("enc001").map(|r| r.id()), Some("ENC001"));
    assert_eq!(
        rule_by_id("world-open-admin-port").map(|r| r.id()),
        Some("NET001")
    );
    assert!(rule_by_id("XYZ999").is_none());
}

#[test]
fn the_rule_list() {
    let list: Vec<String> = all_rules()
        .iter()
        .map(|r| format!("{} {} {}", r.id(), r.severity().as_str(), r.name()))
        .collect();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.bind(|| insta::assert_json_snapshot!(list));
}

#[test]
fn hits_become_unfixed_findings_with_a_placeholder_category() {
    let template = iacgrade_task::SourceFile {
        path: Some("lib/template.yaml".into()),
        declared_language: None,
        text: "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      PubliclyAccessible: true\n".into(),
        origin: iacgrade_task::Origin::ModelResponse,
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 10,
    };
    let graph = iacgrade_frontend_cfn::parse(std::slice::from_ref(&template), None);
    let hits = iacgrade_rules::check_all(&RuleContext::new(&graph));
    let public = hits
        .iter()
        .find(|h| h.rule == "NET003")
        .expect("publicly accessible database is reported");
    let finding = public.to_finding(Side::Model);
    assert_eq!(finding.severity, Severity::High);
    assert_eq!(finding.category, "B");
    assert_eq!(finding.status, FindingStatus::Unfixed);
    assert_eq!(finding.file, "lib/template.yaml");
    assert_eq!(finding.line, Some(4));
    assert_eq!(public.document_line, Some(13));
    assert!(finding.fix.is_some() && finding.docs.is_some());
    let retention = hits.iter().find(|h| h.rule == "LOG001").expect("retention");
    assert_eq!(retention.to_finding(Side::Model).category, "C");
}

#[test]
fn documentation_reads_as_markdown() {
    let rule = rule_by_id("NET001").expect("NET001 is registered");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.bind(|| insta::assert_snapshot!(rule.documentation()));
}
