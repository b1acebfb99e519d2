//! The trace of the reference task (examples/healthcare-analytics) from its real answers,
//! extracted and parsed by the real front-ends.

use std::path::Path;

use iacgrade_findings::Side;
use iacgrade_requirements::{rules, trace, ItemKind, SideCode, TraceInput, Verdict};
use iacgrade_task::{load_task, Origin, Platform};

#[test]
fn healthcare_analytics_trace() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics");
    let task = load_task(&root);
    let model_doc = task.final_model_response().expect("model response");
    let ideal_doc = task.ideal_response.as_ref().expect("ideal response");
    let model_files = iacgrade_extract::extract_answer(model_doc, Origin::ModelResponse).files;
    let ideal_files = iacgrade_extract::extract_answer(ideal_doc, Origin::IdealResponse).files;
    let platform = Some(Platform::Pulumi);
    let model_graph = iacgrade_frontend_code::parse(&model_files, platform);
    let ideal_graph = iacgrade_frontend_code::parse(&ideal_files, platform);
    let t = trace(&TraceInput {
        prompts: &task.prompts,
        metadata: task.metadata.as_ref(),
        model: Some(SideCode::new(&model_graph, &model_files).with_platform(platform)),
        ideal: Some(
            SideCode::new(&ideal_graph, &ideal_files)
                .with_platform(platform)
                .with_region_pin(task.aws_region.as_deref()),
        ),
    });
    if std::env::var("SHOW_TRACE").is_ok() {
        println!("{}", serde_json::to_string_pretty(&t).expect("json"));
    }
    assert_eq!(t.regions.mandatory, vec!["eu-west-1"]);
    let conflict = t
        .regions
        .conflict
        .as_ref()
        .expect("background region conflict");
    assert_eq!(conflict.other, "sa-east-1");
    assert_eq!(t.regions.ideal_followed.followed, "mandatory");
    let region = t
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Region)
        .expect("region item");
    assert_eq!(region.ideal, Verdict::Met);
    assert!(
        t.services.missing_model.is_empty(),
        "{:?}",
        t.services.missing_model
    );
    assert!(
        t.services.missing_ideal.is_empty(),
        "{:?}",
        t.services.missing_ideal
    );
    let tls = t
        .items
        .iter()
        .find(|i| i.checks.contains(&"elasticache-transit-encryption"))
        .expect("TLS item");
    assert_eq!(tls.ideal, Verdict::Met, "{}", tls.evidence);
    assert!(
        rules::findings(&t, Side::Ideal).is_empty(),
        "{:#?}",
        rules::findings(&t, Side::Ideal)
    );
}
