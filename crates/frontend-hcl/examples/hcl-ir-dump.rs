//! Prints the graph the Terraform front-end builds for some files (one configuration), as JSON.
//!
//! ```text
//! cargo run -p iacgrade-frontend-hcl --example hcl-ir-dump -- main.tf variables.tf outputs.tf
//! ```

use iacgrade_task::{Origin, SourceFile};

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: ir-dump FILE.tf [FILE.tf ...]");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile {
                path: Some(path.clone()),
                declared_language: None,
                text,
                origin: Origin::Project,
                document: path,
                first_line: 1,
            }),
            Err(err) => {
                eprintln!("{path}: {err}");
                std::process::exit(2);
            }
        }
    }
    let graph = iacgrade_frontend_hcl::parse(&files, None);
    match serde_json::to_string_pretty(&graph) {
        Ok(json) => println!("{json}"),
        Err(err) => eprintln!("cannot print the graph: {err}"),
    }
}
