//! The CloudFormation front-end of the `ir` stage: YAML and JSON templates (plain, SAM, or
//! CDK-synthesised) into a [`ResourceGraph`].
//!
//! [`parse`] looks at every file it is given, reads those that are templates and ignores the rest
//! (see [`select`] for how a file is recognised). Nothing is evaluated beyond what a template
//! states literally: intrinsic functions become references, templates or long-form maps (see
//! [`intrinsics`]), and each template section maps onto the graph as [`template`] describes.
//!
//! Broken input never stops the front-end: a syntax error keeps everything read before it,
//! duplicate keys and stray comments are read past, and each problem becomes a [`Diagnostic`] in
//! `graph.problems` naming the file and line (for text taken from an answer document, the message
//! also gives the document line).

mod intrinsics;
mod json;
pub mod names;
mod select;
mod template;
mod tree;
mod yaml;

use iacgrade_ir::ResourceGraph;
use iacgrade_task::{Diagnostic, Platform, SourceFile};

use select::Syntax;
use template::{resource_cut_off, DocumentKind, TemplateReader};
use tree::Node;

/// Builds the graph of every CloudFormation template among `files`.
///
/// `platform_hint` is the task's platform. When it names another infrastructure platform (CDK,
/// CDKTF, Pulumi, Terraform), only files with a template path are read — a template snippet quoted
/// in such an answer is usually a synthesised copy of resources the code already declares, and
/// counting it would declare them twice.
///
/// Whole templates are read first, in file order. Fragments — the inside of a `Resources` section
/// or a single resource body quoted on its own, as answers that explain a template piece by piece
/// do — are read after them and add only resources not declared yet (by logical id; a body
/// without a logical id only when no template declared any resource), so a fragment that repeats
/// part of a full template does not declare it twice. Fragment resources carry the option
/// `fragment: true`; the resource a syntax error cut off carries `truncated: true`.
pub fn parse(files: &[SourceFile], platform_hint: Option<Platform>) -> ResourceGraph {
    let mut graph = ResourceGraph::default();
    let mut fragments: Vec<Fragment<'_>> = Vec::new();
    for file in files {
        let Some(syntax) = select::syntax_of(file, platform_hint) else {
            continue;
        };
        read_file(file, syntax, &mut graph, &mut fragments);
    }
    let templates_declared_resources = !graph.resources.is_empty();
    for Fragment {
        file,
        root,
        kind,
        cut_off_line,
    } in fragments
    {
        if kind == DocumentKind::ResourceBody && templates_declared_resources {
            continue;
        }
        let reader = TemplateReader {
            file,
            display: file.display_name(),
            cut_off_line,
        };
        if reader.read_fragment(&root, kind, &mut graph) > 0
            && !graph.files.contains(&reader.display)
        {
            graph.files.push(reader.display);
        }
    }
    graph
}

/// A fragment kept for after the templates: its file, document and kind, and the line of the
/// resource a syntax error cut off in it.
struct Fragment<'f> {
    file: &'f SourceFile,
    root: Node,
    kind: DocumentKind,
    cut_off_line: Option<usize>,
}

/// Reads one candidate file: templates go into the graph at once, fragments are kept for later.
fn read_file<'f>(
    file: &'f SourceFile,
    syntax: Syntax,
    graph: &mut ResourceGraph,
    fragments: &mut Vec<Fragment<'f>>,
) {
    let (documents, read_problems, truncated) = match syntax {
        Syntax::Json => {
            let read = json::read(&file.text);
            (
                read.root.into_iter().collect::<Vec<Node>>(),
                read.problems,
                read.truncated,
            )
        }
        Syntax::JsonMembers => {
            // `"Bucket": {...}` quoted without its braces: read it inside a pair of them.
            let read = json::read(&format!("{{{}\n}}", file.text));
            (
                read.root.into_iter().collect::<Vec<Node>>(),
                read.problems,
                read.truncated,
            )
        }
        Syntax::Yaml => {
            let read = yaml::read_repairing(&file.text);
            (read.documents, read.problems, read.truncated)
        }
    };
    let mut templates: Vec<(Node, Option<usize>)> = Vec::new();
    let mut found_fragment = false;
    let last = documents.len().saturating_sub(1);
    for (index, root) in documents.into_iter().enumerate() {
        let Some(kind) = template::classify(&root) else {
            continue;
        };
        // Only the last document can have been cut off by the error that stopped reading.
        let cut_off_line = (truncated && index == last)
            .then(|| resource_cut_off(&root, kind))
            .flatten();
        if kind == DocumentKind::Template {
            templates.push((root, cut_off_line));
        } else {
            found_fragment = true;
            fragments.push(Fragment {
                file,
                root,
                kind,
                cut_off_line,
            });
        }
    }
    let looks_like_template = select::looks_like_template(&file.text);
    if templates.is_empty() && !found_fragment && !looks_like_template {
        return;
    }
    let display = file.display_name();
    let mut problems: Vec<(usize, String)> = read_problems
        .into_iter()
        .map(|p| (p.line, p.message))
        .collect();
    let something_read = !templates.is_empty() || found_fragment;
    if truncated && something_read {
        problems.push((
            problems.last().map(|p| p.0).unwrap_or(1),
            "reading stopped at the error above; only what came before it is in the graph".into(),
        ));
    }
    if !something_read {
        problems.push((
            1,
            "looks like a CloudFormation template but no template could be read".into(),
        ));
    }
    if !templates.is_empty() {
        graph.files.push(display.clone());
    }
    for (root, cut_off_line) in &templates {
        let reader = TemplateReader {
            file,
            display: display.clone(),
            cut_off_line: *cut_off_line,
        };
        reader.read_template(root, graph, &mut problems);
    }
    if syntax == Syntax::Yaml && indentation_lost(&file.text) {
        problems.insert(
            0,
            (
                1,
                "every line of this YAML starts at column 0: the template has lost its \
                 indentation, so sections and properties run together"
                    .into(),
            ),
        );
    }
    let total = problems.len();
    for (line, message) in problems.into_iter().take(MAX_PROBLEMS_PER_FILE) {
        graph
            .problems
            .push(diagnostic(file, &display, line, message));
    }
    if total > MAX_PROBLEMS_PER_FILE {
        let message = format!(
            "{} more problems in this file are not listed",
            total - MAX_PROBLEMS_PER_FILE
        );
        graph.problems.push(diagnostic(file, &display, 1, message));
    }
}

/// At most this many diagnostics are listed per file; a broken file (a template that lost its
/// indentation repeats every key) would otherwise bury the rest.
const MAX_PROBLEMS_PER_FILE: usize = 20;

/// Whether a YAML text of some length has every line at column 0 (indentation stripped when the
/// answer was written), which makes every key a top-level key.
fn indentation_lost(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    lines.len() >= 10 && lines.iter().all(|l| !l.starts_with([' ', '\t']))
}

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
