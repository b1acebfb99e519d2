//! Extraction takes any text: it never panics, and every file it returns points inside the
//! document with lines that are really there.

use iacgrade_extract::extract_answer;
use iacgrade_task::{Origin, TextDocument};
use proptest::prelude::*;

/// Lines built from the pieces that steer the extractor (fences, headings, labels, comments,
/// tree glyphs, CR, odd unicode), so random documents exercise its branches, not only prose.
fn markdownish_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("```".to_string()),
        Just("````markdown".to_string()),
        Just("```python".to_string()),
        Just("   ~~~ts title=lib/a.ts".to_string()),
        Just("## File: lib/x.py".to_string()),
        Just("**`bin/tap.ts`**:".to_string()),
        Just("# lib/y.tf - resources".to_string()),
        Just("<!-- README.md -->".to_string()),
        Just("/**".to_string()),
        Just("AWSTemplateFormatVersion: '2010-09-09'".to_string()),
        Just("resource \"aws_s3_bucket\" \"b\" {".to_string()),
        Just("├── lib/ é\u{200b}\u{1F600}\r".to_string()),
        Just(String::new()),
        "\\PC{0,40}",
    ]
}

fn check(text: String) {
    let doc = TextDocument {
        path: "lib/MODEL_RESPONSE.md".to_string(),
        text,
    };
    let extraction = extract_answer(&doc, Origin::ModelResponse);
    let doc_lines: Vec<&str> = doc.text.split('\n').collect();
    let line_count = if doc.text.ends_with('\n') {
        doc_lines.len() - 1
    } else {
        doc_lines.len()
    };
    for file in &extraction.files {
        assert!(file.first_line >= 1, "first_line {} < 1", file.first_line);
        assert!(
            file.first_line <= line_count.max(1),
            "first_line {} past {line_count} lines",
            file.first_line
        );
        let text_lines = file.text.lines().count();
        if text_lines > 0 {
            assert!(file.document_line(text_lines) <= line_count);
        }
    }
    for diagnostic in &extraction.diagnostics {
        assert!(diagnostic
            .line
            .is_none_or(|line| line >= 1 && line <= line_count));
    }
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC*") {
        check(text);
    }

    #[test]
    fn never_panics_on_markdown_like_documents(
        lines in proptest::collection::vec(markdownish_line(), 0..60),
        crlf in any::<bool>(),
    ) {
        let separator = if crlf { "\r\n" } else { "\n" };
        check(lines.join(separator));
    }
}
