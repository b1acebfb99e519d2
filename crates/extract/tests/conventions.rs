//! The labelling conventions answers use, one fixture each (tests/fixtures/*.md, written for
//! these tests), with a snapshot of what is extracted and assertions on what later stages rely on.

use std::path::Path;

use iacgrade_extract::{extract_answer, AnswerForm, Extraction};
use iacgrade_task::{Origin, TextDocument};
use serde::Serialize;

/// A YAML snapshot kept in tests/snapshots beside this crate's manifest, wherever the workspace
/// root is.
macro_rules! assert_snapshot {
    ($value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        settings.bind(|| insta::assert_yaml_snapshot!($value));
    }};
}

/// What a snapshot shows of one extracted file: enough to see paths, languages and lines.
#[derive(Serialize)]
struct FileSummary {
    path: Option<String>,
    language: Option<String>,
    first_line: usize,
    lines: usize,
    first_text_line: String,
}

#[derive(Serialize)]
struct Summary {
    form: AnswerForm,
    blocks: usize,
    files: Vec<FileSummary>,
    diagnostics: Vec<String>,
}

fn document(name: &str) -> TextDocument {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    TextDocument {
        path: "lib/MODEL_RESPONSE.md".to_string(),
        text,
    }
}

fn extract(name: &str) -> Extraction {
    let doc = document(name);
    let extraction = extract_answer(&doc, Origin::ModelResponse);
    assert_lines_map_back(&doc, &extraction);
    extraction
}

fn summary(extraction: &Extraction) -> Summary {
    Summary {
        form: extraction.form,
        blocks: extraction.blocks,
        files: extraction
            .files
            .iter()
            .map(|f| FileSummary {
                path: f.path.clone(),
                language: f.declared_language.clone(),
                first_line: f.first_line,
                lines: f.text.lines().count(),
                first_text_line: f.text.lines().next().unwrap_or("").to_string(),
            })
            .collect(),
        diagnostics: extraction
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

fn paths(extraction: &Extraction) -> Vec<Option<&str>> {
    extraction.files.iter().map(|f| f.path.as_deref()).collect()
}

/// Every line of every extracted file is the document line that `first_line` says it is
/// (less the indentation of an indented fence): findings can point into the markdown.
fn assert_lines_map_back(doc: &TextDocument, extraction: &Extraction) {
    let doc_lines: Vec<&str> = doc.text.lines().collect();
    for file in &extraction.files {
        assert_eq!(file.document, doc.path);
        assert!(file.first_line >= 1 && file.first_line <= doc_lines.len().max(1));
        for (offset, line) in file.text.lines().enumerate() {
            let in_doc = doc_lines[file.document_line(offset + 1) - 1];
            assert!(
                in_doc.ends_with(line),
                "line {} of {:?}: {in_doc:?} does not hold {line:?}",
                offset + 1,
                file.path
            );
        }
    }
}

#[test]
fn paths_from_headings() {
    let extraction = extract("headings.md");
    assert_eq!(extraction.form, AnswerForm::Fenced);
    assert_eq!(
        paths(&extraction),
        vec![
            Some("lib/storage_stack.py"),
            Some("bin/app.ts"),
            Some("lib/network.tf"),
            Some("lib/tap_stack.py"),
            Some("lib/queue-construct.ts"),
            Some("lib/infra/config.py"),
            // "## Deploying (cdk.json)" sits above a shell block: not that block's file.
            None,
        ]
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn paths_from_label_lines() {
    let extraction = extract("labels.md");
    assert_eq!(
        paths(&extraction),
        vec![
            Some("lib/orders-stack.ts"),
            Some("lib/handler.py"),
            Some("lib/config.json"),
            Some("templates/bucket.yml"),
            Some("provider.tf"),
            Some("lib/lambda/index.mjs"),
            Some("tap_stack.py"),
            Some("lib/src/main/java/app/Main.java"),
            Some("lib/titled.ts"),
        ]
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn paths_from_first_comments() {
    let extraction = extract("first_comment.md");
    assert_eq!(
        paths(&extraction),
        vec![
            Some("lib/worker.py"),
            Some("lib/api-stack.ts"),
            Some("bin/service.ts"),
            Some("web/index.html"),
            Some("db/schema.sql"),
            Some("tap_stack.tf"),
            Some("lib/scheduler-stack.ts"),
            None,
        ]
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn nested_fences_and_markdown_in_markdown() {
    let extraction = extract("nested.md");
    // The README is one markdown file; the unnamed runbook block is read as markdown, and its
    // inner blocks come out with their own labels; the block after it is not swallowed.
    assert_eq!(
        paths(&extraction),
        vec![Some("README.md"), Some("lib/runbook_check.py"), None, None]
    );
    let readme = &extraction.files[0];
    assert!(readme.text.contains("```bash\nnpm run deploy\n```"));
    assert_eq!(
        extraction.files[3].declared_language.as_deref(),
        Some("yaml")
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn a_whole_answer_wrapped_in_a_markdown_fence() {
    let extraction = extract("wrapped_answer.md");
    assert_eq!(
        paths(&extraction),
        vec![Some("lib/tap-stack.ts"), Some("bin/tap.ts")]
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn tilde_and_indented_fences() {
    let extraction = extract("tilde_indented.md");
    assert_eq!(
        paths(&extraction),
        vec![Some("lib/tilde.py"), Some("lib/indented.ts"), None]
    );
    // The list indentation is not part of the code.
    assert_eq!(
        extraction.files[1].text,
        "export const indented = {\n  deep: true,\n};\n"
    );
    // A longer tilde fence holds a shorter one.
    assert_eq!(extraction.files[2].text.lines().count(), 3);
    assert_snapshot!(summary(&extraction));
}

#[test]
fn an_unterminated_last_block_runs_to_the_end_with_a_diagnostic() {
    let extraction = extract("unterminated.md");
    assert_eq!(paths(&extraction), vec![Some("lib/cut_off.py")]);
    assert!(extraction.files[0]
        .text
        .ends_with("client = boto3.client(\"s3\")\n"));
    assert_eq!(extraction.diagnostics.len(), 1);
    assert_eq!(extraction.diagnostics[0].line, Some(3));
    assert_snapshot!(summary(&extraction));
}

#[test]
fn one_file_in_several_blocks_stays_several_files() {
    let extraction = extract("repeated.md");
    assert_eq!(
        paths(&extraction),
        vec![
            Some("lib/tap_stack.py"),
            Some("lib/tap_stack.py"),
            None,
            Some("lib/core-stack.ts"),
            Some("lib/core-stack.ts"),
            None,
        ]
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn unlabelled_blocks_trees_and_shell_sessions_are_kept() {
    let extraction = extract("unlabelled.md");
    assert_eq!(paths(&extraction), vec![None, None, None, None]);
    assert!(extraction.files[1].text.contains("├──"));
    assert_eq!(
        extraction.files[2].declared_language.as_deref(),
        Some("bash")
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn bare_template_without_fences() {
    for name in ["bare_yaml.md", "bare_json.md", "bare_unlabelled_hcl.md"] {
        let doc = document(name);
        let extraction = extract(name);
        assert_eq!(extraction.form, AnswerForm::Bare, "{name}");
        assert_eq!(extraction.blocks, 0);
        assert_eq!(extraction.files.len(), 1, "{name}");
        let file = &extraction.files[0];
        assert_eq!((file.path.as_deref(), file.first_line), (None, 1), "{name}");
        assert_eq!(file.text, doc.text, "{name}");
    }
}

#[test]
fn bare_terraform_split_at_file_name_comments() {
    let extraction = extract("bare_hcl.md");
    assert_eq!(extraction.form, AnswerForm::Bare);
    assert_eq!(
        paths(&extraction),
        vec![Some("provider.tf"), Some("variables.tf"), Some("main.tf")]
    );
    assert_snapshot!(summary(&extraction));
}

#[test]
fn prose_placeholder_and_empty_answers() {
    let cases = [
        ("prose.md", AnswerForm::ProseOnly),
        ("placeholder.md", AnswerForm::Placeholder),
        ("placeholder_template.md", AnswerForm::Placeholder),
        ("empty.md", AnswerForm::Empty),
    ];
    for (name, form) in cases {
        let extraction = extract(name);
        assert_eq!(extraction.form, form, "{name}");
        assert!(extraction.files.is_empty(), "{name}");
        assert_eq!(extraction.blocks, 0, "{name}");
    }
}

#[test]
fn crlf_documents_give_the_same_files_as_lf() {
    let lf = document("headings.md");
    let crlf = TextDocument {
        path: lf.path.clone(),
        text: lf.text.replace('\n', "\r\n"),
    };
    let a = extract_answer(&lf, Origin::IdealResponse);
    let b = extract_answer(&crlf, Origin::IdealResponse);
    assert_eq!(a.files, b.files);
    assert!(a.files.iter().all(|f| f.origin == Origin::IdealResponse));
}

#[test]
fn form_serialises_in_snake_case() {
    let json = serde_json::to_string(&AnswerForm::ProseOnly).expect("serialises");
    assert_eq!(json, "\"prose_only\"");
}

#[test]
fn a_large_adversarial_document_is_handled_quickly() {
    let mut text = String::new();
    for i in 0..12000 {
        text.push_str(match i % 5 {
            0 => "```markdown\n",
            1 => "```python\n",
            2 => "## File: lib/x.py\n",
            3 => "~~~~\n",
            _ => "# lib/y.py ├── **z.ts**: `a.json`\n",
        });
    }
    assert!(text.len() > 100_000);
    let doc = TextDocument {
        path: "lib/MODEL_RESPONSE.md".to_string(),
        text,
    };
    let started = std::time::Instant::now();
    let extraction = extract_answer(&doc, Origin::ModelResponse);
    assert!(started.elapsed().as_secs() < 5);
    assert_lines_map_back(&doc, &extraction);
}
