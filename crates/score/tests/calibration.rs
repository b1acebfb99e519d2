//! Calibration on synthetic tasks whose true weights are known.

use iacgrade_findings::Severity;
use iacgrade_score::calibrate::{
    calibrate_with, features, features_of_policy, fit, with_weights, FitOptions,
};
use iacgrade_score::policy::Rounding;
use iacgrade_score::{score, CalibrationSample, ComplexityFacts, FixedFix, Policy, ScoreInput};

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

const RULES: [(&str, Severity); 5] = [
    ("ENC002", Severity::High),
    ("API001", Severity::Critical),
    ("ENC001", Severity::Medium),
    ("IMG001", Severity::Low),
    ("AVL001", Severity::High),
];

fn random_input(rng: &mut Rng) -> ScoreInput {
    let n = rng.below(10);
    let fixed = (0..n)
        .map(|_| {
            let (rule, severity) = RULES[rng.below(RULES.len() as u64)];
            FixedFix {
                rule: rule.into(),
                severity,
                category: "C".into(),
                message: String::new(),
                at: None,
            }
        })
        .collect();
    let pick = |rng: &mut Rng, s: &str| {
        if rng.below(2) == 1 {
            vec![s.to_string()]
        } else {
            vec![]
        }
    };
    let services = match rng.below(3) {
        0 => vec!["S3".to_string()],
        1 => vec!["S3".into(), "Lambda".into()],
        _ => vec![
            "S3".into(),
            "Lambda".into(),
            "DynamoDB".into(),
            "SQS".into(),
        ],
    };
    let complexity = ComplexityFacts {
        services,
        integrated: rng.below(4) != 0,
        security: pick(rng, "kms key"),
        availability: pick(rng, "multi-az"),
        advanced: pick(rng, "event-driven"),
        resources: 10,
    };
    ScoreInput {
        fixed,
        complexity: Some(complexity),
        ..Default::default()
    }
}

fn true_policy(rounding: Rounding) -> Policy {
    let mut w = vec![
        7.0, 0.8, 1.5, -1.5, -0.5, -2.0, -2.5, -3.0, 0.0, 0.1, 0.0, -0.1, 0.6, 0.4, 0.3, 0.2, -0.8,
    ];
    w.truncate(17);
    let mut p = with_weights(&Policy::default(), &w);
    p.final_step.rounding = rounding;
    p
}

fn samples(policy: &Policy, n: usize) -> Vec<CalibrationSample> {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    (0..n)
        .map(|i| {
            let input = random_input(&mut rng);
            let recorded = score(&input, policy).value;
            CalibrationSample {
                task: format!("task-{i}"),
                input,
                recorded,
            }
        })
        .collect()
}

#[test]
fn recovers_known_weights() {
    let truth = true_policy(Rounding::None);
    let data = samples(&truth, 600);
    let refs: Vec<&CalibrationSample> = data.iter().collect();
    let fitted = fit(
        &refs,
        &Policy::default(),
        FitOptions {
            ridge: 0.0,
            min_blocker_samples: 5,
        },
    );
    assert!(
        (fitted.base - truth.base).abs() < 0.05,
        "base {}",
        fitted.base
    );
    // A branch no synthetic task takes cannot be learnt: compare the others.
    let seen: Vec<bool> = (1..=features_of_policy(&truth).len())
        .map(|i| {
            data.iter()
                .any(|s| features(&s.input, &Policy::default())[i] != 0.0)
        })
        .collect();
    let got_want = features_of_policy(&fitted)
        .into_iter()
        .zip(features_of_policy(&truth));
    for ((got, want), seen) in got_want.zip(seen) {
        if !seen {
            continue;
        }
        assert!(
            (got - want).abs() < 0.05,
            "{:?} vs {:?}",
            features_of_policy(&fitted),
            features_of_policy(&truth)
        );
    }
}

#[test]
fn cross_validated_fit_beats_the_constant_and_writes_a_usable_policy() {
    let truth = true_policy(Rounding::HalfUp);
    let data = samples(&truth, 500);
    let report = calibrate_with(&data, 5, &Policy::default(), FitOptions::default());
    assert_eq!(report.samples, 500);
    assert!(
        report.calibrated_cross_validated.mae < 0.2,
        "{:?}",
        report.calibrated_cross_validated
    );
    assert!(report.calibrated_cross_validated.mae < report.constant_9.mae);
    assert!(report.calibrated_cross_validated.within_one > 0.95);
    assert!(report.calibrated_cross_validated.spearman.unwrap_or(0.0) > 0.9);
    // The written policy reads back and scores the same.
    let text = report.policy.to_toml().expect("toml");
    let back = Policy::from_toml(&text, "calibrated.toml").expect("read back");
    for s in data.iter().take(50) {
        assert_eq!(
            score(&s.input, &back).value,
            score(&s.input, &report.policy).value
        );
    }
}
