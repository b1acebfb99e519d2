//! Requirement parsing on self-written requests: bullets, numbered lists with title items,
//! headings, bold pseudo-headings, "must" sentences, region roles and conflicts.

use std::path::Path;

use iacgrade_requirements::prompt::items::requirement_items;
use iacgrade_requirements::prompt::markdown::segments;
use iacgrade_requirements::prompt::regions::{read_regions, region_mentions};
use iacgrade_requirements::{trace, TraceInput};
use iacgrade_task::TextDocument;
use proptest::prelude::*;

fn fixture(name: &str) -> TextDocument {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prompts")
        .join(name);
    TextDocument {
        path: format!("lib/{name}"),
        text: std::fs::read_to_string(path).expect("fixture"),
    }
}

fn parsed(name: &str) -> serde_json::Value {
    let doc = fixture(name);
    let segs = segments(&doc.path, &doc.text);
    let items = requirement_items(&segs);
    let regions = read_regions(region_mentions(&segs), None);
    serde_json::json!({ "items": items, "regions": regions })
}

#[test]
fn bullets_and_headings() {
    let v = parsed("bullets_and_headings.md");
    insta::assert_json_snapshot!("bullets_and_headings", v);
    // Background ("Today it lives ... in us-east-1") is not the mandatory region.
    assert_eq!(
        v["regions"]["mandatory"],
        serde_json::json!(["ap-southeast-2"])
    );
    assert_eq!(v["regions"]["conflict"]["other"], "us-east-1");
    // Deliverables without "must" are not requirements.
    let texts: Vec<String> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(!texts.iter().any(|t| t.contains("Unit tests")));
    assert!(texts.iter().any(|t| t.contains("No NAT Gateway")));
}

#[test]
fn numbered_lists_with_title_items() {
    let v = parsed("numbered_with_titles.md");
    insta::assert_json_snapshot!("numbered_with_titles", v);
    let items = v["items"].as_array().expect("items");
    let aurora = items
        .iter()
        .find(|i| i["text"].as_str().is_some_and(|t| t.starts_with("Aurora")))
        .expect("aurora item");
    assert_eq!(aurora["context"], "Database Layer");
    assert_eq!(
        v["regions"]["mandatory"],
        serde_json::json!(["eu-central-1"])
    );
}

#[test]
fn bold_pseudo_headings_and_must_sentences() {
    let v = parsed("bold_constraints.md");
    insta::assert_json_snapshot!("bold_constraints", v);
    let texts: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["text"].as_str())
        .collect();
    assert!(texts.contains(&"The S3 bucket must have versioning enabled"));
    assert!(texts.iter().any(|t| t.contains("never expose")));
    assert_eq!(v["regions"]["mandatory"], serde_json::json!(["us-west-2"]));
}

#[test]
fn background_region_against_mandatory_region() {
    let v = parsed("region_conflict.md");
    assert_eq!(v["regions"]["mandatory"], serde_json::json!(["eu-west-1"]));
    assert_eq!(v["regions"]["conflict"]["other"], "sa-east-1");
    assert_eq!(v["regions"]["conflict"]["other_role"], "background");
}

#[test]
fn multi_region_requests_keep_both_regions() {
    let v = parsed("multi_region.md");
    assert_eq!(
        v["regions"]["mandatory"],
        serde_json::json!(["us-east-1", "us-west-2"])
    );
    assert!(v["regions"]["conflict"].is_null());
}

#[test]
fn trace_without_code_is_unknown_everywhere() {
    let prompts = [fixture("region_conflict.md")];
    let t = trace(&TraceInput {
        prompts: &prompts,
        metadata: None,
        model: None,
        ideal: None,
    });
    assert!(!t.items.is_empty());
    for item in &t.items {
        assert_eq!(item.model, iacgrade_requirements::Verdict::Unknown);
        assert_eq!(item.ideal, iacgrade_requirements::Verdict::Unknown);
    }
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "(?s).{0,400}") {
        let doc = TextDocument { path: "lib/PROMPT.md".into(), text };
        let t = trace(&TraceInput { prompts: std::slice::from_ref(&doc), metadata: None, model: None, ideal: None });
        prop_assert!(t.items.iter().all(|i| i.id.starts_with('R')));
    }

    #[test]
    fn markdown_like_input_never_panics(lines in proptest::collection::vec("(#{0,3} |- |1\\. |\\*\\*|  - )?[a-zA-Zé ü:-]{0,30}(eu-west-1|us-east-1a|São)?", 0..20)) {
        let doc = TextDocument { path: "lib/PROMPT.md".into(), text: lines.join("\n") };
        let _ = trace(&TraceInput { prompts: std::slice::from_ref(&doc), metadata: None, model: None, ideal: None });
    }
}
