//! Helpers shared by the integration tests: fixtures as source files, and a readable view of a
//! graph for snapshots.

#![allow(dead_code)]

use iacgrade_ir::ResourceGraph;
use iacgrade_task::{Origin, SourceFile};
use serde_json::{json, Value};

/// A fixture file of `tests/fixtures`, as a project file at `lib/<name>`.
pub fn fixture(name: &str) -> SourceFile {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    source(&format!("lib/{name}"), &text)
}

pub fn source(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: Some(path.to_string()),
        declared_language: None,
        text: text.to_string(),
        origin: Origin::Project,
        document: path.to_string(),
        first_line: 1,
    }
}

/// The graph as JSON, symbols as one line each (`kind path @file:line`) to keep snapshots short.
pub fn snapshot_view(graph: &ResourceGraph) -> Value {
    let symbols: Vec<String> = graph
        .symbols
        .iter()
        .map(|s| {
            format!(
                "{} {} @{}:{}",
                serde_json::to_value(s.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                s.path,
                s.span.file,
                s.span.line
            )
        })
        .collect();
    json!({
        "resources": graph.resources,
        "outputs": graph.outputs,
        "providers": graph.providers,
        "parameters": graph.parameters,
        "problems": graph.problems,
        "files": graph.files,
        "symbols": symbols,
    })
}
