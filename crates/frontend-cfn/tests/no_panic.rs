//! The front-end never panics, whatever text it is given: arbitrary strings, and real templates
//! cut or corrupted at any point.

use iacgrade_task::{Origin, SourceFile};
use proptest::prelude::*;

const YAML: &str = include_str!("fixtures/storage.yaml");
const JSON: &str = include_str!("fixtures/network.json");

fn parse(text: String, language: Option<&str>) {
    let file = SourceFile {
        path: None,
        declared_language: language.map(str::to_string),
        text,
        origin: Origin::ModelResponse,
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 1,
    };
    let _ = iacgrade_frontend_cfn::parse(&[file], None);
}

fn boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

proptest! {
    #[test]
    fn arbitrary_text(text in "Resources\\PC*") {
        parse(text, None);
    }

    #[test]
    fn yaml_like_text(text in "(Resources:|AWSTemplateFormatVersion:|Type: AWS::S3::Bucket|!Ref|!Sub|!GetAtt|&a|\\*a|<<:|- |: |\\{|\\}|\\[|\\]|'|\"|\n|  |\t|[A-Za-z]{1,5}|\\.\\.\\.|---){0,80}") {
        parse(text, Some("yaml"));
    }

    #[test]
    fn json_like_text(text in "(\\{|\\}|\\[|\\]|\"Resources\"|\"Type\"|\"AWS::S3::Bucket\"|:|,|\"[a-z]{0,3}\"|[0-9.eE-]{1,4}|true|null|//|/\\*|\\*/|\\\\u[0-9a-f]{0,4}|\\.\\.\\.|\n| ){0,80}") {
        parse(text, Some("json"));
    }

    #[test]
    fn truncated_templates(cut in 0usize..4000) {
        parse(YAML[..boundary(YAML, cut)].to_string(), Some("yaml"));
        parse(JSON[..boundary(JSON, cut)].to_string(), Some("json"));
    }

    #[test]
    fn corrupted_templates(at in 0usize..4000, junk in "[\\{\\}\\[\\]\"'!&*:\\-\t\n]{1,4}") {
        let y = boundary(YAML, at);
        parse(format!("{}{}{}", &YAML[..y], junk, &YAML[y..]), Some("yaml"));
        let j = boundary(JSON, at);
        parse(format!("{}{}{}", &JSON[..j], junk, &JSON[j..]), Some("json"));
    }
}

#[test]
fn alias_bombs_and_deep_nesting_end() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    bomb.push_str("Resources: {}\n");
    parse(bomb, Some("yaml"));
    parse(format!("Resources: {}", "[".repeat(50_000)), Some("yaml"));
    parse(
        format!("{{\"Resources\": {}", "[".repeat(50_000)),
        Some("json"),
    );
}
