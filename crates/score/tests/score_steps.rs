//! Score steps for each blocker and category, and the worked example of the reference task.

use iacgrade_findings::Severity;
use iacgrade_score::{
    score, BlockerFacts, ComplexityFacts, FixedFix, PlatformMismatch, Policy, ScoreInput,
    ServiceCoverage, WrongRegion,
};
use iacgrade_task::{Language, Platform};

fn fix(rule: &str, severity: Severity) -> FixedFix {
    FixedFix {
        rule: rule.into(),
        severity,
        category: "C".into(),
        message: format!("{rule} fixed"),
        at: Some("tap.py:33".into()),
    }
}

/// The ideal side of examples/healthcare-analytics, as complexity facts: a VPC with NAT, ECS on
/// Fargate, ElastiCache Redis with failover, Secrets Manager, logs.
fn healthcare_complexity() -> ComplexityFacts {
    ComplexityFacts {
        services: ["EC2", "ECS", "ElastiCache", "IAM", "Logs", "SecretsManager"]
            .map(String::from)
            .to_vec(),
        integrated: true,
        security: vec![
            "secrets manager".into(),
            "iam policy".into(),
            "encryption setting".into(),
        ],
        availability: vec!["failover".into(), "multiple azs".into()],
        advanced: vec![],
        resources: 34,
    }
}

fn value(input: &ScoreInput) -> f64 {
    score(input, &Policy::default()).value
}

#[test]
fn worked_example_healthcare_analytics_is_six() {
    let input = ScoreInput {
        fixed: vec![fix("API001", Severity::Critical)],
        blockers: BlockerFacts::default(),
        complexity: Some(healthcare_complexity()),
        ..Default::default()
    };
    let s = score(&input, &Policy::default());
    let steps: Vec<(&str, f64)> = s
        .steps
        .iter()
        .map(|st| (st.step.as_str(), st.delta))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("base", 8.0),
            ("fixes", 0.0),
            ("category:D", -4.0),
            ("complexity:multiple_services", 1.0),
            ("complexity:security_practices", 1.0),
            ("complexity:high_availability", 0.0),
        ]
    );
    assert_eq!(s.value, 6.0);
    insta::assert_json_snapshot!("healthcare_analytics_score", s);
}

#[test]
fn each_blocker_sets_the_score() {
    let base = ScoreInput {
        fixed: vec![fix("ENC002", Severity::High), fix("AVL001", Severity::High)],
        complexity: Some(healthcare_complexity()),
        ..Default::default()
    };
    let mut platform = base.clone();
    platform.blockers.platform_mismatch = Some(PlatformMismatch {
        expected_platform: Some(Platform::Pulumi),
        expected_language: Some(Language::Go),
        found_platform: Some(Platform::Cdk),
        found_language: Some(Language::Ts),
        side: "ideal".into(),
    });
    assert_eq!(value(&platform), 3.0);
    let mut region = base.clone();
    region.blockers.wrong_region = Some(WrongRegion {
        mandatory: vec!["eu-west-1".into()],
        followed: vec!["us-east-1".into()],
        side: "ideal".into(),
    });
    assert_eq!(value(&region), 5.0);
    let s = score(&region, &Policy::default());
    assert_eq!(s.steps[1].step, "blocker:region");
    assert_eq!(s.steps.len(), 2, "no adjustment after a blocker");
    let mut services = base.clone();
    services.blockers.services = Some(ServiceCoverage {
        required: 4,
        missing: vec!["rds".into(), "sqs".into()],
    });
    assert_eq!(value(&services), 4.0);
    services.blockers.services = Some(ServiceCoverage {
        required: 4,
        missing: vec!["rds".into()],
    });
    assert_eq!(value(&services), 10.0, "25% missing is not a blocker");
    let mut both = platform.clone();
    both.blockers.wrong_region = region.blockers.wrong_region.clone();
    assert_eq!(value(&both), 3.0, "the lowest blocker wins");
}

#[test]
fn categories_follow_the_decision_tree() {
    let with = |fixes: Vec<FixedFix>| ScoreInput {
        fixed: fixes,
        ..Default::default()
    };
    // No complexity facts: only the fixes move the score.
    assert_eq!(
        value(&with(vec![
            fix("ENC002", Severity::High),
            fix("TLS001", Severity::High)
        ])),
        10.0
    );
    assert_eq!(
        value(&with(vec![
            fix("ENC002", Severity::High),
            fix("API001", Severity::Critical)
        ])),
        9.0
    );
    assert_eq!(
        value(&with(vec![
            fix("ENC001", Severity::Medium),
            fix("API001", Severity::Critical)
        ])),
        8.0
    );
    let c = |n: usize| with((0..n).map(|_| fix("API003", Severity::Critical)).collect());
    assert_eq!(value(&c(7)), 6.0, "≥ 6 C only: -2");
    assert_eq!(value(&c(5)), 7.0, "4–5 C only: -1");
    assert_eq!(value(&c(4)), 7.0);
    assert_eq!(value(&c(3)), 5.0, "3 trivial: D -3");
    assert_eq!(value(&c(2)), 4.0, "1–2 trivial: D -4");
    assert_eq!(value(&c(0)), 4.0, "no fix: D -4");
    let s = score(&c(3), &Policy::default());
    assert!(s
        .steps
        .iter()
        .any(|st| st.step == "category:D" && st.why.contains("minimal_three")));
}

#[test]
fn complexity_cap_and_single_service() {
    let mut facts = healthcare_complexity();
    facts.advanced = vec!["event-driven".into()];
    let input = ScoreInput {
        fixed: vec![fix("ENC001", Severity::Medium)],
        complexity: Some(facts),
        ..Default::default()
    };
    assert_eq!(value(&input), 10.0, "8 + 0 + 2 (capped)");
    let single = ComplexityFacts {
        services: vec!["IAM".into(), "S3".into()],
        security: vec!["encryption setting".into()],
        ..Default::default()
    };
    let input = ScoreInput {
        fixed: vec![fix("ENC001", Severity::Medium)],
        complexity: Some(single),
        ..Default::default()
    };
    let s = score(&input, &Policy::default());
    assert_eq!(s.value, 8.0, "single service -1, security +1");
    assert!(s
        .steps
        .iter()
        .any(|st| st.step == "complexity:single_service" && st.delta == -1.0));
}

#[test]
fn score_json_matches_the_contract() {
    let s = score(&ScoreInput::default(), &Policy::default());
    let json = serde_json::to_value(&s).expect("json");
    assert_eq!(json["policy"], "default");
    assert!(json["value"].is_i64(), "{json}");
    assert_eq!(json["steps"][0]["step"], "base");
    assert_eq!(json["steps"][0]["delta"], 8);
    assert!(json["steps"][0]["why"].is_string());
}
