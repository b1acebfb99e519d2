//! Prints the IR of the code files given on the command line, as JSON.
//!
//! `cargo run -p iacgrade-frontend-code --example ir-dump -- lib/tap_stack.py tap.py`

use iacgrade_task::{Origin, SourceFile};

fn main() {
    let mut files = Vec::new();
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile {
                path: Some(path.clone()),
                declared_language: None,
                text,
                origin: Origin::Project,
                document: path,
                first_line: 1,
            }),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
    let graph = iacgrade_frontend_code::parse(&files, None);
    match serde_json::to_string_pretty(&graph) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("cannot serialise the graph: {e}"),
    }
}
