//! The reference task (examples/healthcare-analytics, Pulumi Python): the model answer's only
//! defect is `pulumi.providers.Aws('provider', region=region)`. Through the real pipeline stages
//! (load, extract, the code front-end, the API check) the model side gets exactly one API
//! finding, on that line, naming `pulumi_aws.Provider`; the ideal side gets none.

use iacgrade_api::check_api;
use iacgrade_extract::extract_answer;
use iacgrade_task::{load_task, Language, Origin, Platform, TextDocument};
use std::path::Path;

fn findings_of(doc: &TextDocument, origin: Origin) -> Vec<iacgrade_api::ApiFinding> {
    let extraction = extract_answer(doc, origin);
    let graph = iacgrade_frontend_code::parse(&extraction.files, Some(Platform::Pulumi));
    check_api(&graph, Platform::Pulumi, Language::Py)
}

#[test]
fn model_answer_has_exactly_the_invented_provider_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics");
    let task = load_task(&root);
    let model = task
        .final_model_response()
        .expect("the example has a model answer");
    let ideal = task
        .ideal_response
        .as_ref()
        .expect("the example has an ideal answer");

    let model_findings = findings_of(model, Origin::ModelResponse);
    assert_eq!(model_findings.len(), 1, "{model_findings:#?}");
    let finding = &model_findings[0];
    assert_eq!(finding.rule, "API001");
    assert_eq!(finding.suggestion.as_deref(), Some("pulumi_aws.Provider"));
    let line = model
        .text
        .lines()
        .nth(finding.document_line - 1)
        .expect("the finding's line exists in MODEL_RESPONSE.md");
    assert!(
        line.contains("pulumi.providers.Aws("),
        "finding points at: {line}"
    );
    assert!(finding
        .message
        .contains("module `pulumi` has no attribute `providers`"));

    let ideal_findings = findings_of(ideal, Origin::IdealResponse);
    assert_eq!(
        ideal_findings,
        vec![],
        "the ideal answer uses only real APIs"
    );
}
