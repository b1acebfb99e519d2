//! The IR front-end for infrastructure programs: Pulumi, AWS CDK and CDKTF code written in
//! Python or TypeScript/JavaScript becomes a [`ResourceGraph`] without running anything.
//!
//! Pipeline inside the front-end:
//! 1. **select** (`select`): which files are code this front-end reads (declared language,
//!    extension, content) and which are tests (skipped: their mocks would duplicate resources).
//! 2. **lower** ([`python`], [`typescript`]): tree-sitter syntax trees become one small program
//!    model ([`ast`]) shared by both languages.
//! 3. **evaluate** (`eval`): the program runs abstractly — imports resolve names to SDK paths,
//!    the program's own functions and classes are followed, loops with known bounds expand —
//!    and every SDK call that declares something is recorded ([`sdk`] says what a call is,
//!    [`naming`] which property is a physical name).
//!
//! Canonical kinds come from the tables in `crates/ir/data/kinds/` (`pulumi.tsv`, `cdk.tsv`,
//! `terraform.tsv` for CDKTF); a type without a mapping keeps `pulumi:<token>`, `cdk:<path>` or
//! `cdktf:<terraform type>`.
//!
//! Options recorded on resources (keys in snake_case whatever the language):
//! `provider`, `parent`, `depends_on`, `protect`, `retain_on_delete`, ... (Pulumi resource
//! options, as written), `removal_policy`, `deletion_protection`, `DeletionPolicy`,
//! `UpdateReplacePolicy` (CDK), `count`, `for_each`, `prevent_destroy` (CDKTF), and from the
//! surrounding code `loop` (an unexpanded loop's source), `loop_index`, `condition` (an undecided
//! `if`), `component` (the enclosing Pulumi component type or CDK/CDKTF construct class).
//! `count_index` (CDKTF `count: N`, expanded). Pulumi resources without a physical name get
//! `physical_name_from_logical_name: true`: Pulumi auto-names them from the logical name (plus
//! a random suffix), so suffix rules read the logical name.
//!
//! Logical names: the first argument of a Pulumi resource; the construct id of a CDK/CDKTF
//! construct, prefixed with the id of the program's own enclosing construct when that is not
//! a stack (`Queues/Dlq`); a null value when a snippet leaves the name out. Two resources from
//! the same line of a loop whose names do not change get `[i]` appended.
//!
//! Symbols (for the API check): `import` — every module imported, as written; `member` — every
//! attribute path used from an imported SDK name, the alias replaced by the module as imported
//! (`import pulumi_aws as aws` + `aws.ec2.Vpc` → `pulumi_aws.ec2.Vpc`; `import * as s3 from
//! "aws-cdk-lib/aws-s3"` + `s3.Bucket` → `aws-cdk-lib/aws-s3.Bucket`; `import { aws_s3 as s3 }
//! from "aws-cdk-lib"` → `aws-cdk-lib.aws_s3.Bucket`), and every name a `from`/named import
//! brings in; `argument` — every keyword argument and every key of an object-literal argument
//! of an SDK constructor (`pulumi_aws.ec2.Vpc.cidr_block`). Names resolved from conventional
//! aliases of import-less snippets are not recorded. Test files are not read at all.

pub mod ast;
mod cdk_methods;
mod eval;
mod implicit;
mod lower;
pub mod naming;
pub mod python;
pub mod sdk;
mod select;
pub mod typescript;

pub use lower::ParseFailure;

use iacgrade_ir::ResourceGraph;
use iacgrade_task::{Diagnostic, Platform, SourceFile};

pub use implicit::implicit_sdk_path;
pub use select::{code_language, is_test_file, CodeLanguage};

/// Builds the resource graph of the Python and TypeScript/JavaScript files among `files`;
/// every other file is ignored. Each call is classified by the SDK its name resolves to through
/// the file's imports; `platform_hint` (the task's platform) only says which framework the
/// conventional aliases of import-less snippets belong to (`ec2`, `aws`, `S3Bucket`).
pub fn parse(files: &[SourceFile], platform_hint: Option<Platform>) -> ResourceGraph {
    let mut graph = ResourceGraph::default();
    let mut python_files = Vec::new();
    let mut script_files = Vec::new();
    let mut next_id = 0usize;
    for (position, file) in files.iter().enumerate() {
        let Some(language) = code_language(file) else {
            continue;
        };
        // An answer that shows the same file twice, verbatim, declares its resources once.
        if file.path.is_some()
            && files[..position]
                .iter()
                .any(|earlier| earlier.path == file.path && earlier.text == file.text)
        {
            continue;
        }
        if is_test_file(file, language) {
            continue;
        }
        let group = match language {
            CodeLanguage::Python => &mut python_files,
            _ => &mut script_files,
        };
        let index = group.len();
        let lowered = match language {
            CodeLanguage::Python => python::lower(&file.text, index as u32, &mut next_id),
            CodeLanguage::TypeScript => typescript::lower(
                &file.text,
                typescript::Dialect::TypeScript,
                index as u32,
                &mut next_id,
            ),
            CodeLanguage::Tsx => typescript::lower(
                &file.text,
                typescript::Dialect::Tsx,
                index as u32,
                &mut next_id,
            ),
            CodeLanguage::JavaScript => typescript::lower(
                &file.text,
                typescript::Dialect::JavaScript,
                index as u32,
                &mut next_id,
            ),
        };
        let lowered = match lowered {
            Ok(lowered) => lowered,
            Err(failure) => {
                let message = match failure {
                    ParseFailure::GrammarNotLoaded => {
                        "the parser for this language could not be loaded".to_string()
                    }
                    ParseFailure::TooMuchWork => format!(
                        "the parser stopped: recovering from this file's syntax errors took \
                         more than its work budget ({} progress checks and {} bytes read \
                         per byte of text); none of this file was read, so its resources \
                         are missing from the model",
                        lower::PARSE_CHECKS_PER_BYTE,
                        lower::PARSE_READS_PER_BYTE
                    ),
                    ParseFailure::LineTooLong(line, bytes) => format!(
                        "line {line} is {bytes} bytes long (more than {}); the file was not \
                         parsed, so its resources are missing from the model",
                        lower::PARSE_LINE_LIMIT
                    ),
                };
                graph.problems.push(diagnostic(file, 1, &message));
                continue;
            }
        };
        if let Some((line, message)) = &lowered.syntax_error {
            graph.problems.push(diagnostic(file, *line, message));
        }
        if lowered.truncated {
            graph.problems.push(diagnostic(
                file,
                1,
                "file too large: only its beginning was read",
            ));
        }
        graph.files.push(file.display_name());
        group.push(eval::ProgramFile {
            display: file.display_name(),
            text: file.text.clone(),
            first_line: file.first_line,
            body: lowered.body,
            entry_rank: select::entry_rank(file),
        });
    }
    for program in [python_files, script_files] {
        if program.is_empty() {
            continue;
        }
        let framework = match platform_hint {
            Some(Platform::Pulumi) => Some(sdk::Framework::Pulumi),
            Some(Platform::Cdk) => Some(sdk::Framework::Cdk),
            Some(Platform::Cdktf) => Some(sdk::Framework::Cdktf),
            _ => None,
        };
        let g = eval::evaluate(&program, framework);
        graph.resources.extend(g.resources);
        graph.outputs.extend(g.outputs);
        graph.providers.extend(g.providers);
        graph.symbols.extend(g.symbols);
        for p in g.parameters {
            if !graph.parameters.contains(&p) {
                graph.parameters.push(p);
            }
        }
        graph.problems.extend(g.problems);
    }
    graph
}

/// A problem in a file, located in the file when it has a path, else in its document.
fn diagnostic(file: &SourceFile, line: usize, message: &str) -> Diagnostic {
    match &file.path {
        Some(p) => Diagnostic::at_line(p.clone(), line, message),
        None => Diagnostic::at_line(file.document.clone(), file.document_line(line), message),
    }
}
