//! Prints the graph the CloudFormation front-end builds for one template file, as JSON.
//!
//! ```text
//! cargo run -p iacgrade-frontend-cfn --example cfn-ir-dump -- path/to/template.yaml
//! ```

use iacgrade_task::{Origin, SourceFile};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: ir-dump TEMPLATE_FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(2);
        }
    };
    let file = SourceFile {
        path: Some(path.clone()),
        declared_language: None,
        text,
        origin: Origin::Project,
        document: path,
        first_line: 1,
    };
    let graph = iacgrade_frontend_cfn::parse(&[file], None);
    match serde_json::to_string_pretty(&graph) {
        Ok(json) => println!("{json}"),
        Err(err) => eprintln!("cannot print the graph: {err}"),
    }
}
