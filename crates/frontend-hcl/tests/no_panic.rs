//! The front-end never panics, whatever text it is given: arbitrary strings, and real
//! configurations cut or corrupted at any point.

use iacgrade_task::{Origin, SourceFile};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("fixtures/network/main.tf");

fn parse(text: String, language: Option<&str>) {
    let file = SourceFile {
        path: None,
        declared_language: language.map(str::to_string),
        text,
        origin: Origin::ModelResponse,
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 1,
    };
    let _ = iacgrade_frontend_hcl::parse(&[file], None);
}

proptest! {
    #[test]
    fn arbitrary_text(text in "\\PC*") {
        parse(text, Some("hcl"));
    }

    #[test]
    fn hcl_like_text(text in "(resource|variable|locals|\"|\\{|\\}|\\[|\\]|\\$\\{|=|count|for_each|each\\.key|local\\.x|var\\.y|\n| |[a-z_]{1,6}|[0-9]{1,3}|<<EOT|EOT|\\.\\.\\.){0,80}") {
        parse(text, None);
    }

    #[test]
    fn truncated_configuration(cut in 0usize..SAMPLE.len()) {
        let cut = (0..=cut).rev().find(|&i| SAMPLE.is_char_boundary(i)).unwrap_or(0);
        parse(SAMPLE[..cut].to_string(), Some("hcl"));
    }

    #[test]
    fn corrupted_configuration(at in 0usize..SAMPLE.len(), junk in "[{}\\[\\]\"$=#.]{1,4}") {
        let at = (0..=at).rev().find(|&i| SAMPLE.is_char_boundary(i)).unwrap_or(0);
        parse(format!("{}{}{}", &SAMPLE[..at], junk, &SAMPLE[at..]), Some("hcl"));
    }
}

#[test]
fn self_referencing_locals_end() {
    parse("locals {\n  a = local.b\n  b = \"${local.a}-x\"\n}\nresource \"x\" \"y\" { name = local.a }\n".into(), None);
}

#[test]
fn huge_literal_loops_are_not_expanded() {
    let text = "resource \"aws_sqs_queue\" \"q\" {\n  count = 100000\n}\n".to_string();
    let file = SourceFile {
        path: None,
        declared_language: Some("hcl".into()),
        text,
        origin: Origin::ModelResponse,
        document: "d".into(),
        first_line: 1,
    };
    let graph = iacgrade_frontend_hcl::parse(&[file], None);
    assert_eq!(graph.resources.len(), 1);
}
