//! The Terraform front-end of the `ir` stage: HCL configurations into a [`ResourceGraph`].
//!
//! [`parse`] reads every file it is given that is Terraform (see [`select`]) as one
//! configuration — as Terraform reads a directory — and builds the graph as [`config`]
//! describes; expressions become IR values as [`eval`] describes, with nothing executed.
//!
//! Broken input never stops the front-end: a file that does not parse is read block by block
//! (see [`source`]), so only the broken blocks are lost, and every problem becomes a
//! [`Diagnostic`] in `graph.problems` naming the file and line (for text taken from an answer
//! document, the message also gives the document line).

mod config;
mod embedded_json;
mod eval;
mod functions;
pub mod names;
mod select;
mod source;

use iacgrade_ir::ResourceGraph;
use iacgrade_task::{Diagnostic, Platform, SourceFile};

use config::ConfigFile;
use select::Role;

/// Builds the graph of the Terraform configuration among `files`.
///
/// `platform_hint` is the task's platform. When it names another infrastructure platform (CDK,
/// CDKTF, Pulumi, CloudFormation), only files with a `.tf` path are read: an HCL snippet quoted
/// in such an answer illustrates, it is not deployed.
pub fn parse(files: &[SourceFile], platform_hint: Option<Platform>) -> ResourceGraph {
    let mut graph = ResourceGraph::default();
    let selected: Vec<(&SourceFile, Role)> = files
        .iter()
        .filter_map(|f| Some((f, select::role_of(f, platform_hint)?)))
        .collect();
    // Lines that only say `...` are read as comments; the texts live as long as the parse.
    let cleaned: Vec<Option<String>> = selected
        .iter()
        .map(|(f, _)| source::without_elisions(&f.text))
        .collect();
    let mut configs: Vec<ConfigFile<'_>> = Vec::new();
    let mut problems: Vec<(usize, usize, String)> = Vec::new();
    for ((file, role), cleaned) in selected.iter().copied().zip(&cleaned) {
        let text = cleaned.as_deref().unwrap_or(&file.text);
        let parsed = source::parse_text(text);
        // A block labelled hcl that holds no Terraform (a shell session, a plan's output) is
        // not worth a syntax error; one that declares blocks is.
        let worth_reporting =
            role == Role::VariableValues || source::has_top_level_block(&file.text);
        let index = configs.len();
        if worth_reporting {
            if cleaned.is_some() {
                let line = file
                    .text
                    .lines()
                    .position(|l| l.trim().starts_with("..."))
                    .map_or(1, |i| i + 1);
                problems.push((index, line, "content left out with `...` is skipped".into()));
            }
            problems.extend(
                parsed
                    .errors
                    .into_iter()
                    .map(|(line, message)| (index, line, message)),
            );
        }
        configs.push(ConfigFile {
            file,
            display: file.display_name(),
            chunks: parsed.chunks,
            is_tfvars: role == Role::VariableValues,
        });
    }
    config::build(&configs, &mut graph, &mut problems);
    for config in &configs {
        let declares_something = config
            .chunks
            .iter()
            .any(|c| c.body.blocks().next().is_some());
        if declares_something && !graph.files.contains(&config.display) {
            graph.files.push(config.display.clone());
        }
    }
    let mut listed = vec![0usize; configs.len()];
    for (index, line, message) in problems {
        let (Some(config), Some(count)) = (configs.get(index), listed.get_mut(index)) else {
            continue;
        };
        *count += 1;
        if *count <= MAX_PROBLEMS_PER_FILE {
            graph
                .problems
                .push(diagnostic(config.file, &config.display, line, message));
        }
    }
    for (config, count) in configs.iter().zip(listed) {
        if count > MAX_PROBLEMS_PER_FILE {
            let message = format!(
                "{} more problems in this file are not listed",
                count - MAX_PROBLEMS_PER_FILE
            );
            graph
                .problems
                .push(diagnostic(config.file, &config.display, 1, message));
        }
    }
    graph
}

/// At most this many diagnostics are listed per file, so one broken file does not bury the rest.
const MAX_PROBLEMS_PER_FILE: usize = 20;

/// A diagnostic for line `line` of `file`'s text. A file with a path is named by it (and, when
/// its text came from an answer document, the message says where in the document); a code block
/// without a path is named by its document and the document's line.
fn diagnostic(file: &SourceFile, display: &str, line: usize, message: String) -> Diagnostic {
    match &file.path {
        Some(path) if *path != file.document => Diagnostic::at_line(
            display,
            line,
            format!(
                "{message} ({} line {})",
                file.document,
                file.document_line(line)
            ),
        ),
        Some(_) => Diagnostic::at_line(display, line, message),
        None => Diagnostic::at_line(file.document.clone(), file.document_line(line), message),
    }
}
