//! Calibration on synthetic tasks whose true weights are known.

use iacgrade_findings::Severity;
use iacgrade_score::calibrate::{calibrate_with, fit, Features, FitOptions};
use iacgrade_score::policy::Rounding;
use iacgrade_score::{
    score, CalibrationSample, ComplexityFacts, FixedFix, Policy, ScoreInput, SeverityCounts,
    TaskFacts,
};

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
    let mut standing = SeverityCounts::default();
    for _ in 0..rng.below(4) {
        standing.add(RULES[rng.below(RULES.len() as u64)].1);
    }
    ScoreInput {
        fixed,
        complexity: Some(complexity),
        task: TaskFacts {
            turns: 1 + rng.below(2),
            // tf-hcl, the most frequent, is the reference the base stands for.
            platform: Some(PLATFORMS[rng.below(4).min(2)].to_string()),
            ..Default::default()
        },
        standing,
        ..Default::default()
    }
}

const PLATFORMS: [&str; 3] = ["cdk-ts", "pulumi-py", "tf-hcl"];

/// The layout of the synthetic tasks: two platforms weighed, the third the reference.
fn layout() -> Features {
    Features {
        platforms: vec!["cdk-ts".into(), "pulumi-py".into()],
    }
}

fn true_policy(rounding: Rounding) -> Policy {
    let mut w = vec![
        7.0, 0.8, 1.5, -1.5, -0.5, -2.0, -2.5, -3.0, 0.0, 0.1, 0.0, -0.1, 0.6, 0.4, 0.3, 0.2, -0.8,
    ];
    // Task facts: only multi-turn varies; standing findings by severity; no regressions.
    w.extend([0.0, 0.0, 0.0, 0.0, -0.7]);
    w.extend([-0.3, -0.2, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0]);
    // Platforms: cdk-ts, pulumi-py.
    w.extend([-0.4, 0.5]);
    let mut p = layout().write(&Policy::default(), &w);
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
    let data = samples(&truth, 800);
    let refs: Vec<&CalibrationSample> = data.iter().collect();
    let fitted = fit(
        &refs,
        &Policy::default(),
        FitOptions {
            ridge: 0.0,
            ..FitOptions::default()
        },
    );
    assert_eq!(Features::of_policy(&fitted), layout(), "{fitted:?}");
    assert!(
        (fitted.base - truth.base).abs() < 0.05,
        "base {}",
        fitted.base
    );
    // A branch no synthetic task takes cannot be learnt: compare the others.
    let seen: Vec<bool> = (1..layout().len())
        .map(|i| {
            data.iter()
                .any(|s| layout().row(&s.input, &Policy::default())[i] != 0.0)
        })
        .collect();
    assert!(seen.iter().filter(|s| **s).count() >= 20, "{seen:?}");
    let got = layout().read(&fitted);
    let want = layout().read(&truth);
    for (i, seen) in seen.into_iter().enumerate() {
        if seen {
            assert!(
                (got[i] - want[i]).abs() < 0.05,
                "{}: {} vs {}",
                layout().names()[i + 1],
                got[i],
                want[i]
            );
        }
    }
}

#[test]
fn cross_validated_fit_beats_the_constant_and_writes_a_usable_policy() {
    let truth = true_policy(Rounding::HalfUp);
    let data = samples(&truth, 500);
    let report = calibrate_with(&data, &[5, 10], &Policy::default(), FitOptions::default());
    assert_eq!(report.samples, 500);
    assert_eq!(report.cross_validated.len(), 2);
    for cv in &report.cross_validated {
        let m = &cv.metrics;
        assert!(m.mae < 0.2, "{cv:?}");
        assert!(m.mae < report.constant_9.mae && m.mae < report.constant_median.mae);
        assert!(m.within_one > 0.95, "{cv:?}");
        assert!(m.spearman.unwrap_or(0.0) > 0.9, "{cv:?}");
    }
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
