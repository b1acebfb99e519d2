//! Calibration: fitting the policy's numbers to recorded scores.
//!
//! A [`CalibrationSample`] is one task's [`ScoreInput`] (its fixed findings, blockers and
//! complexity facts) with the score a reviewer recorded. [`calibrate`] keeps the structure of a
//! policy (its category table, its decision tree, its blocker rules) and fits the numbers:
//! each blocker's value is the median recorded score of the tasks it applies to; the base
//! score and every adjustment are a least-absolute-deviation regression ([`lad`]) on
//! indicator features that mirror [`crate::score`] exactly (one per decision-tree branch, one
//! per capped severity count, one per complexity factor), so that the fitted policy, written
//! as TOML, gives the same predictions through `--policy`. The complexity cap is dropped in a
//! fitted policy (it would make the score non-linear in the weights).
//!
//! Quality is measured by k-fold cross-validation: each fold is predicted by a policy fitted on
//! the others. The report compares the default policy, the calibrated one (in sample and
//! cross-validated) and the constant baseline.

pub mod lad;
pub mod metrics;

use serde::{Deserialize, Serialize};

use crate::input::ScoreInput;
use crate::policy::Policy;
use crate::score::{
    blocker, categorize, complexity_factors, score, severity_counts, task_features, FixTier,
};
pub use metrics::{metrics, Metrics};

/// One task for calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationSample {
    pub task: String,
    pub input: ScoreInput,
    /// `metadata.training_quality`, 0–10.
    pub recorded: f64,
}

/// The names of the fitted coefficients, in feature order (after the intercept, `base`).
pub const FEATURES: [&str; 21] = [
    "fixes.category_a_one",
    "fixes.category_a_two_or_more",
    "fixes.only_c_many",
    "fixes.only_c_some",
    "fixes.minimal_three",
    "fixes.minimal_one_or_two",
    "fixes.no_fixes",
    "fixes.per_critical",
    "fixes.per_high",
    "fixes.per_medium",
    "fixes.per_low",
    "complexity.multiple_services",
    "complexity.security_practices",
    "complexity.high_availability",
    "complexity.advanced_patterns",
    "complexity.single_service",
    "task.per_documented_fix",
    "task.no_documented_fix",
    "task.declared_medium",
    "task.declared_expert",
    "task.multi_turn",
];

/// The feature row of a sample under a policy's structure: 1 (intercept), then [`FEATURES`].
pub fn features(input: &ScoreInput, policy: &Policy) -> Vec<f64> {
    let mut row = vec![0.0; FEATURES.len() + 1];
    row[0] = 1.0;
    let (counts, _) = categorize(input, policy);
    let tier_index = match FixTier::of(counts, policy) {
        FixTier::AOne => Some(1),
        FixTier::ATwoOrMore => Some(2),
        FixTier::B => None,
        FixTier::OnlyCMany => Some(3),
        FixTier::OnlyCSome => Some(4),
        FixTier::MinimalThree => Some(5),
        FixTier::MinimalOneOrTwo => Some(6),
        FixTier::NoFixes => Some(7),
    };
    if let Some(i) = tier_index {
        row[i] = 1.0;
    }
    let sev = severity_counts(input, policy.fixes.count_cap);
    row[8..12].copy_from_slice(&sev);
    if let Some((factors, single, _)) = complexity_factors(input, policy) {
        for (i, (_, holds, _)) in factors.iter().enumerate() {
            row[12 + i] = if *holds { 1.0 } else { 0.0 };
        }
        row[16] = if single { 1.0 } else { 0.0 };
    }
    row[17..22].copy_from_slice(&task_features(input, policy));
    row
}

/// A copy of `policy` with the coefficients written in (intercept first).
pub fn with_weights(policy: &Policy, w: &[f64]) -> Policy {
    let mut p = policy.clone();
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    let get = |i: usize| w.get(i).copied().map(r).unwrap_or(0.0);
    p.base = get(0);
    p.fixes.category_a_one = get(1);
    p.fixes.category_a_two_or_more = get(2);
    p.fixes.category_b = 0.0;
    p.fixes.only_c_many = get(3);
    p.fixes.only_c_some = get(4);
    p.fixes.minimal_three = get(5);
    p.fixes.minimal_one_or_two = get(6);
    p.fixes.no_fixes = get(7);
    p.fixes.per_critical = get(8);
    p.fixes.per_high = get(9);
    p.fixes.per_medium = get(10);
    p.fixes.per_low = get(11);
    p.complexity.multiple_services = get(12);
    p.complexity.security_practices = get(13);
    p.complexity.high_availability = get(14);
    p.complexity.advanced_patterns = get(15);
    p.complexity.single_service = get(16);
    p.task.per_documented_fix = get(17);
    p.task.no_documented_fix = get(18);
    p.task.declared_medium = get(19);
    p.task.declared_expert = get(20);
    p.task.multi_turn = get(21);
    p.complexity.max_bonus = None;
    p
}

/// Settings of a fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FitOptions {
    /// Ridge per sample on every coefficient but the base (see [`lad::fit_lad`]).
    pub ridge: f64,
    /// A blocker's value is refitted only with at least this many tasks.
    pub min_blocker_samples: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            ridge: 0.003,
            min_blocker_samples: 5,
        }
    }
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Fits the numbers of `structure` to the samples.
pub fn fit(samples: &[&CalibrationSample], structure: &Policy, options: FitOptions) -> Policy {
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut blocked: Vec<(String, f64)> = Vec::new();
    for s in samples {
        match blocker(&s.input, structure) {
            Some((_, step, _)) => blocked.push((step, s.recorded)),
            None => {
                x.push(features(&s.input, structure));
                y.push(s.recorded);
            }
        }
    }
    let w = lad::fit_lad(&x, &y, options.ridge);
    let mut policy = with_weights(structure, &w);
    for (step, slot) in [
        ("blocker:platform", &mut policy.blockers.platform_mismatch),
        ("blocker:region", &mut policy.blockers.wrong_region),
        ("blocker:services", &mut policy.blockers.services_missing),
    ] {
        let mut values: Vec<f64> = blocked
            .iter()
            .filter(|(s, _)| s == step)
            .map(|(_, v)| *v)
            .collect();
        if values.len() >= options.min_blocker_samples {
            if let Some(m) = median(&mut values) {
                *slot = m;
            }
        }
    }
    policy.name = "calibrated".into();
    policy.description = format!(
        "Fitted to {} recorded scores ({} with a blocker) by least absolute deviation, ridge {}",
        samples.len(),
        blocked.len(),
        options.ridge
    );
    policy
}

/// What calibration measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    pub samples: usize,
    pub folds: usize,
    pub options: FitOptions,
    /// Predicting 9 for every task.
    pub constant_9: Metrics,
    /// The default policy (nothing fitted: in-sample and cross-validated are the same).
    pub default_policy: Metrics,
    pub calibrated_in_sample: Metrics,
    pub calibrated_cross_validated: Metrics,
    /// The policy fitted on every sample.
    pub policy: Policy,
    /// The fitted coefficients by setting name.
    pub weights: Vec<(String, f64)>,
}

/// Deterministic fold of a sample: a hash of its task name.
fn fold_of(task: &str, folds: usize) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in task.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % folds.max(1) as u64) as usize
}

/// Predicted score of every sample under a policy.
pub fn predict(samples: &[&CalibrationSample], policy: &Policy) -> Vec<f64> {
    samples
        .iter()
        .map(|s| score(&s.input, policy).value)
        .collect()
}

/// Calibrates the default policy's numbers with `folds`-fold cross-validation.
pub fn calibrate(samples: &[CalibrationSample], folds: usize) -> CalibrationReport {
    calibrate_with(samples, folds, &Policy::default(), FitOptions::default())
}

/// [`calibrate`] with another policy's structure and other fit settings.
pub fn calibrate_with(
    samples: &[CalibrationSample],
    folds: usize,
    structure: &Policy,
    options: FitOptions,
) -> CalibrationReport {
    let folds = folds.max(2);
    let all: Vec<&CalibrationSample> = samples.iter().collect();
    let recorded: Vec<f64> = all.iter().map(|s| s.recorded).collect();
    let constant = metrics(&vec![9.0; all.len()], &recorded);
    let default_policy = metrics(&predict(&all, structure), &recorded);
    let policy = fit(&all, structure, options);
    let in_sample = metrics(&predict(&all, &policy), &recorded);
    let mut cv_pred = vec![0.0; all.len()];
    for k in 0..folds {
        let train: Vec<&CalibrationSample> = all
            .iter()
            .copied()
            .filter(|s| fold_of(&s.task, folds) != k)
            .collect();
        let fitted = fit(&train, structure, options);
        for (i, s) in all.iter().enumerate() {
            if fold_of(&s.task, folds) == k {
                cv_pred[i] = score(&s.input, &fitted).value;
            }
        }
    }
    let cv = metrics(&cv_pred, &recorded);
    let mut weights = vec![("base".to_string(), policy.base)];
    let w = features_of_policy(&policy);
    weights.extend(FEATURES.iter().map(|f| f.to_string()).zip(w));
    CalibrationReport {
        samples: all.len(),
        folds,
        options,
        constant_9: constant,
        default_policy,
        calibrated_in_sample: in_sample,
        calibrated_cross_validated: cv,
        policy,
        weights,
    }
}

/// The coefficients of a policy in [`FEATURES`] order.
pub fn features_of_policy(p: &Policy) -> Vec<f64> {
    vec![
        p.fixes.category_a_one,
        p.fixes.category_a_two_or_more,
        p.fixes.only_c_many,
        p.fixes.only_c_some,
        p.fixes.minimal_three,
        p.fixes.minimal_one_or_two,
        p.fixes.no_fixes,
        p.fixes.per_critical,
        p.fixes.per_high,
        p.fixes.per_medium,
        p.fixes.per_low,
        p.complexity.multiple_services,
        p.complexity.security_practices,
        p.complexity.high_availability,
        p.complexity.advanced_patterns,
        p.complexity.single_service,
        p.task.per_documented_fix,
        p.task.no_documented_fix,
        p.task.declared_medium,
        p.task.declared_expert,
        p.task.multi_turn,
    ]
}
