//! The reference example (examples/healthcare-analytics, a Pulumi Python program of components
//! composed by a TapStack, with loops over AZs and an explicit provider): its static IR must
//! declare the same custom resources, type by type and count by count, as the program registers
//! when it runs under Pulumi's mocks.
//!
//! The fixture `tests/fixtures/healthcare-analytics-synth.json` is the output of the example's
//! harness; regenerate it (with the example's requirements.txt installed) by
//! `cd examples/healthcare-analytics && python tests/synth.py --out ../../crates/frontend-code/tests/fixtures/healthcare-analytics-synth.json`.
//!
//! Compared: custom resources only. Component resources (`"component": true`: the TapStack and
//! the components it composes) are not resources of the IR — their type strings are recorded as
//! the `component` option of the resources inside them — and providers
//! (`pulumi:providers:aws`) are compared separately against `graph.providers`.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::source;
use iacgrade_extract::extract_answer;
use iacgrade_ir::ResourceGraph;
use iacgrade_task::{Origin, Platform, TextDocument};

fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics")
}

fn harness_counts() -> (BTreeMap<String, usize>, usize) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/healthcare-analytics-synth.json");
    let text = std::fs::read_to_string(path).expect("harness output fixture");
    let registered: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON list");
    let mut counts = BTreeMap::new();
    let mut providers = 0;
    for r in registered {
        let t = r["type"].as_str().unwrap_or_default().to_string();
        if r["component"].as_bool() == Some(true) {
            continue;
        }
        if t.starts_with("pulumi:providers:") {
            providers += 1;
            continue;
        }
        *counts.entry(t).or_default() += 1;
    }
    (counts, providers)
}

fn ir_counts(graph: &ResourceGraph) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for r in &graph.resources {
        *counts.entry(r.source_type.clone()).or_default() += 1;
    }
    counts
}

#[test]
fn project_files_declare_what_the_program_registers() {
    let root = example_root();
    let mut files = vec![];
    for rel in [
        "tap.py",
        "lib/tap_stack.py",
        "lib/network.py",
        "lib/cache.py",
        "lib/compute.py",
    ] {
        let text = std::fs::read_to_string(root.join(rel)).expect("example file");
        files.push(source(rel, &text));
    }
    let graph = iacgrade_frontend_code::parse(&files, Some(Platform::Pulumi));
    let (expected, providers) = harness_counts();
    assert_eq!(ir_counts(&graph), expected);
    assert_eq!(graph.providers.len(), providers);
    assert!(graph.problems.is_empty(), "{:?}", graph.problems);
}

#[test]
fn ideal_answer_declares_what_the_program_registers() {
    let path = example_root().join("lib/IDEAL_RESPONSE.md");
    let text = std::fs::read_to_string(path).expect("ideal answer");
    let doc = TextDocument {
        path: "lib/IDEAL_RESPONSE.md".into(),
        text,
    };
    let files = extract_answer(&doc, Origin::IdealResponse).files;
    let graph = iacgrade_frontend_code::parse(&files, Some(Platform::Pulumi));
    let (expected, _) = harness_counts();
    assert_eq!(ir_counts(&graph), expected);
}
