//! The worked example from the reference task's real ideal-side IR: examples/healthcare-analytics
//! (Pulumi Python) scores 6 under the default policy — base 8, one trivial fix (the invented
//! `pulumi.providers.Aws`, API001) → Category D −4, complexity +2.

use std::path::Path;

use iacgrade_findings::{FindingStatus, Side};
use iacgrade_score::{score, FixedFix, Policy, ScoreInput};
use iacgrade_task::{load_task, Language, Origin, Platform};

#[test]
fn healthcare_analytics_from_the_real_ideal_graph() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics");
    let task = load_task(&root);
    let extract = |doc, origin| iacgrade_extract::extract_answer(doc, origin).files;
    let model_files = extract(
        task.final_model_response().expect("model"),
        Origin::ModelResponse,
    );
    let ideal_files = extract(
        task.ideal_response.as_ref().expect("ideal"),
        Origin::IdealResponse,
    );
    let platform = Some(Platform::Pulumi);
    let model = iacgrade_frontend_code::parse(&model_files, platform);
    let ideal = iacgrade_frontend_code::parse(&ideal_files, platform);

    // The model's API findings that the ideal answer does not have are the fixed ones.
    let api = |g| iacgrade_api::check_api(g, Platform::Pulumi, Language::Py);
    let ideal_symbols: Vec<String> = api(&ideal)
        .iter()
        .map(|f| format!("{}|{}", f.rule, f.symbol))
        .collect();
    let fixed: Vec<FixedFix> = api(&model)
        .iter()
        .filter(|f| !ideal_symbols.contains(&format!("{}|{}", f.rule, f.symbol)))
        .map(|f| FixedFix::from_finding(&f.to_finding(Side::Model, FindingStatus::Fixed)))
        .collect();
    assert_eq!(fixed.len(), 1, "{fixed:?}");
    assert_eq!(fixed[0].rule, "API001");

    let input = ScoreInput {
        fixed,
        ..Default::default()
    }
    .with_ideal_graph(&ideal);
    let facts = input.complexity.as_ref().expect("complexity");
    assert!(facts.integrated, "{facts:?}");
    let s = score(&input, &Policy::default());
    assert_eq!(s.value, 6.0, "{s:#?}");
    let deltas: Vec<(&str, f64)> = s
        .steps
        .iter()
        .map(|st| (st.step.as_str(), st.delta))
        .collect();
    assert!(deltas.contains(&("category:D", -4.0)), "{deltas:?}");
    assert_eq!(
        s.steps
            .iter()
            .filter(|st| st.step.starts_with("complexity:"))
            .map(|st| st.delta)
            .sum::<f64>(),
        2.0
    );
}
