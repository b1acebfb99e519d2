//! Checkpoints A–E and K on the self-written fixture tasks: each checkpoint's pass and fail,
//! across the platform families.

use std::path::PathBuf;

use iacgrade_engine::check_task;
use iacgrade_findings::CheckStatus::{self, Fail, Pass, Skip, Warn};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/tasks")
        .join(name)
}

fn statuses(name: &str) -> Vec<(String, CheckStatus)> {
    check_task(&fixture(name))
        .report
        .checkpoints
        .iter()
        .map(|c| (c.id.clone(), c.status))
        .collect()
}

fn expect(name: &str, expected: [(&str, CheckStatus); 7]) {
    let got = statuses(name);
    let want: Vec<(String, CheckStatus)> = expected
        .iter()
        .map(|(id, s)| (id.to_string(), *s))
        .collect();
    assert_eq!(got, want, "checkpoints of {name}");
}

#[test]
fn cdk_task_with_a_clean_tree_passes_everything() {
    expect(
        "cdk-ts-static-site",
        [
            ("A", Pass),
            ("B", Pass),
            ("C", Pass),
            ("D", Pass),
            ("E", Pass),
            ("F", Pass),
            ("K", Pass),
        ],
    );
}

#[test]
fn cdktf_documents_only_task_warns_on_metadata_spelling_and_skips_structure() {
    expect(
        "cdktf-py-queue",
        [
            ("A", Warn),
            ("B", Pass),
            ("C", Skip),
            ("D", Pass),
            ("E", Pass),
            ("F", Pass),
            ("K", Pass),
        ],
    );
}

#[test]
fn pulumi_task_with_a_generated_prompt_fails_style() {
    expect(
        "pulumi-ts-scaffolded-prompt",
        [
            ("A", Pass),
            ("B", Pass),
            ("C", Skip),
            ("D", Fail),
            ("E", Warn),
            ("F", Skip),
            ("K", Pass),
        ],
    );
}

#[test]
fn terraform_task_with_cloudformation_code_and_a_root_readme_fails_e_c_and_k() {
    expect(
        "tf-hcl-mislabelled",
        [
            ("A", Pass),
            ("B", Pass),
            ("C", Fail),
            ("D", Pass),
            ("E", Fail),
            ("F", Pass),
            ("K", Fail),
        ],
    );
}

#[test]
fn cloudformation_task_with_broken_metadata_fails_a_b_c_and_e() {
    expect(
        "cfn-yaml-broken-metadata",
        [
            ("A", Fail),
            ("B", Fail),
            ("C", Fail),
            ("D", Pass),
            ("E", Fail),
            ("F", Warn),
            ("K", Pass),
        ],
    );
}

#[test]
fn cloudformation_json_answer_that_writes_docs_warns_on_file_locations() {
    expect(
        "cfn-json-answer-writes-docs",
        [
            ("A", Pass),
            ("B", Pass),
            ("C", Skip),
            ("D", Pass),
            ("E", Pass),
            ("F", Pass),
            ("K", Warn),
        ],
    );
}

#[test]
fn pulumi_names_without_the_suffix_fail_f() {
    expect(
        "pulumi-py-hardcoded-names",
        [
            ("A", Pass),
            ("B", Pass),
            ("C", Skip),
            ("D", Pass),
            ("E", Pass),
            ("F", Fail),
            ("K", Pass),
        ],
    );
    let judgement = check_task(&fixture("pulumi-py-hardcoded-names"));
    let f = judgement
        .report
        .checkpoints
        .iter()
        .find(|c| c.id == "F")
        .expect("F");
    assert!(
        f.message.starts_with("0/2 named resources"),
        "{}",
        f.message
    );
    assert!(f
        .evidence
        .iter()
        .any(|e| e.text.contains("hard-codes the environment \"prod\"")));
}

#[test]
fn unreadable_inputs_are_named_and_the_rest_is_still_checked() {
    let judgement = check_task(&fixture("broken-input"));
    let errors = &judgement.report.errors;
    let about = |file: &str| errors.iter().find(|e| e.file == file);
    let metadata = about("metadata.json").expect("invalid JSON reported");
    assert!(metadata.message.contains("invalid JSON"));
    assert_eq!(metadata.line, Some(4));
    assert!(about("lib/PROMPT.md")
        .expect("bad UTF-8 reported")
        .message
        .contains("UTF-8"));
    assert!(about("lib/MODEL_RESPONSE.md")
        .expect("NUL reported")
        .message
        .contains("NUL"));
    // The answer was still read: its code is detected despite the NUL byte.
    let model = judgement
        .report
        .answers
        .model
        .as_ref()
        .expect("model answer read");
    assert_eq!(model.detected_platform.as_deref(), Some("cdk"));
}

#[test]
fn a_task_without_metadata_fails_a_and_skips_what_needs_it() {
    expect(
        "no-metadata",
        [
            ("A", Fail),
            ("B", Skip),
            ("C", Skip),
            ("D", Pass),
            ("E", Skip),
            ("F", Skip),
            ("K", Pass),
        ],
    );
}

#[test]
fn evidence_points_at_the_line_that_decided() {
    let judgement = check_task(&fixture("tf-hcl-mislabelled"));
    let e = judgement
        .report
        .checkpoints
        .iter()
        .find(|c| c.id == "E")
        .expect("checkpoint E");
    let first = e.evidence.first().expect("E has evidence");
    // The ideal answer shows lib/TapStack.yml; the evidence names the document and its line.
    assert_eq!(first.file, "lib/IDEAL_RESPONSE.md");
    let line = first.line.expect("line known");
    let document = std::fs::read_to_string(fixture("tf-hcl-mislabelled/lib/IDEAL_RESPONSE.md"))
        .expect("fixture readable");
    let text = document
        .lines()
        .nth(line - 1)
        .expect("line inside the document");
    assert_eq!(text.trim(), first.text);
}

#[test]
fn json_report_of_a_clean_task() {
    let judgement = check_task(&fixture("cdk-ts-static-site"));
    let mut value = serde_json::to_value(&judgement.report).expect("serialises");
    value["task"]["path"] = serde_json::json!("fixtures/tasks/cdk-ts-static-site");
    value["tool"]["version"] = serde_json::json!("[version]");
    insta::assert_json_snapshot!(value);
}
