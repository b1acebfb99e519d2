//! Prints the IR of code files, or of a task's answer, as JSON.
//!
//! ```text
//! cargo run -p iacgrade-frontend-code --example ir-dump -- lib/tap_stack.py tap.py
//! cargo run -p iacgrade-frontend-code --example ir-dump -- --task TASK_DIR [--model]
//! ```

use std::path::Path;

use iacgrade_extract::extract_answer;
use iacgrade_task::{load_task, Origin, SourceFile};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (files, platform) = if args.first().map(String::as_str) == Some("--task") {
        let Some(dir) = args.get(1) else {
            eprintln!("usage: ir-dump --task TASK_DIR [--model]");
            std::process::exit(2);
        };
        let task = load_task(Path::new(dir));
        let platform = task.metadata.as_ref().and_then(|m| m.platform);
        let (doc, origin) = if args.iter().any(|a| a == "--model") {
            (task.final_model_response().cloned(), Origin::ModelResponse)
        } else {
            (task.ideal_response.clone(), Origin::IdealResponse)
        };
        let files = doc
            .map(|d| extract_answer(&d, origin).files)
            .unwrap_or_default();
        (files, platform)
    } else {
        let mut files = Vec::new();
        for path in &args {
            match std::fs::read_to_string(path) {
                Ok(text) => files.push(SourceFile {
                    path: Some(path.clone()),
                    declared_language: None,
                    text,
                    origin: Origin::Project,
                    document: path.clone(),
                    first_line: 1,
                }),
                Err(e) => eprintln!("{path}: {e}"),
            }
        }
        (files, None)
    };
    let graph = iacgrade_frontend_code::parse(&files, platform);
    match serde_json::to_string_pretty(&graph) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("cannot serialise the graph: {e}"),
    }
}
