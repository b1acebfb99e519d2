//! Calibration: fitting the policy's numbers to recorded scores.
//!
//! A [`CalibrationSample`] is one task's [`ScoreInput`] (as `review` computes it: its fixed
//! findings, the standing ones and the regressions, blockers, complexity facts and task
//! facts) with the score a reviewer recorded. [`calibrate`] keeps the structure of a policy
//! (its category table, its decision tree, its blocker rules) and fits the numbers: each
//! blocker's value is the median recorded score of the tasks it applies to; the base score and
//! every adjustment are a least-absolute-deviation regression ([`lad`]) on features that mirror
//! [`crate::score`] exactly ([`Features`]: one per decision-tree branch, one per capped
//! severity count, one per complexity factor, task fact and declared platform), so that the
//! fitted policy, written as TOML, gives the same predictions through `--policy`. The
//! complexity cap is dropped in a fitted policy (it would make the score non-linear in the
//! weights). A ridge penalty shrinks every weight toward 0, that is every prediction toward
//! the base (the median): with few tasks behind a weight, the weight stays small.
//!
//! Quality is measured by k-fold cross-validation with folds drawn by a fixed seed: each fold
//! is predicted by a policy fitted on the other folds only. The report compares the default
//! policy, the constants 9 and the median, and the calibrated policy in sample and
//! cross-validated.

pub mod features;
pub mod lad;
pub mod metrics;

use serde::{Deserialize, Serialize};

use crate::input::ScoreInput;
use crate::policy::Policy;
use crate::score::{blocker, score};
pub use features::Features;
pub use metrics::{metrics, Metrics};

/// One task for calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationSample {
    pub task: String,
    pub input: ScoreInput,
    /// `metadata.training_quality`, 0–10.
    pub recorded: f64,
}

/// Settings of a fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FitOptions {
    /// Ridge per sample on every coefficient but the base (see [`lad::fit_lad`]).
    pub ridge: f64,
    /// A blocker's value is refitted only with at least this many tasks.
    pub min_blocker_samples: usize,
    /// A declared platform gets a weight only with at least this many (unblocked) tasks.
    pub min_platform_samples: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            ridge: 0.003,
            min_blocker_samples: 5,
            min_platform_samples: 20,
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
    let unblocked: Vec<&CalibrationSample> = samples
        .iter()
        .copied()
        .filter(|s| blocker(&s.input, structure).is_none())
        .collect();
    let features = Features::for_samples(
        unblocked.iter().map(|s| &s.input),
        options.min_platform_samples,
    );
    let x: Vec<Vec<f64>> = unblocked
        .iter()
        .map(|s| features.row(&s.input, structure))
        .collect();
    let y: Vec<f64> = unblocked.iter().map(|s| s.recorded).collect();
    let w = lad::fit_lad(&x, &y, options.ridge);
    let mut policy = features.write(structure, &w);
    let blocked: Vec<(String, f64)> = samples
        .iter()
        .filter_map(|s| blocker(&s.input, structure).map(|(_, step, _)| (step, s.recorded)))
        .collect();
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

/// The cross-validated agreement for one number of folds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossValidation {
    pub folds: usize,
    pub seed: u64,
    pub metrics: Metrics,
}

/// What calibration measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    pub samples: usize,
    pub options: FitOptions,
    /// Predicting 9 for every task.
    pub constant_9: Metrics,
    /// Predicting the median recorded score for every task (the median of all tasks: a
    /// baseline that is itself fitted in sample).
    pub constant_median: Metrics,
    pub median: f64,
    /// The name of the policy whose structure is kept.
    pub structure: String,
    /// That policy as it is (nothing fitted).
    pub default_policy: Metrics,
    pub calibrated_in_sample: Metrics,
    pub cross_validated: Vec<CrossValidation>,
    /// The policy fitted on every sample.
    pub policy: Policy,
    /// The fitted coefficients by setting name.
    pub weights: Vec<(String, f64)>,
}

/// The seed of the fold assignment.
pub const FOLD_SEED: u64 = 0x5EED_1AC6_2ADE;

/// The fold of every sample: the samples in task-name order, shuffled by a fixed seed, dealt
/// round-robin. Independent of the order the samples come in.
pub fn fold_assignment(samples: &[CalibrationSample], folds: usize, seed: u64) -> Vec<usize> {
    let folds = folds.max(1);
    let mut order: Vec<usize> = (0..samples.len()).collect();
    order.sort_by(|&a, &b| samples[a].task.cmp(&samples[b].task));
    // Fisher–Yates with xorshift64*.
    let mut state = seed.max(1);
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for i in (1..order.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut fold = vec![0; samples.len()];
    for (position, &i) in order.iter().enumerate() {
        fold[i] = position % folds;
    }
    fold
}

/// Predicted score of every sample under a policy.
pub fn predict(samples: &[&CalibrationSample], policy: &Policy) -> Vec<f64> {
    samples
        .iter()
        .map(|s| score(&s.input, policy).value)
        .collect()
}

/// Cross-validated predictions: each fold scored by a policy fitted on the other folds.
pub fn cross_validate(
    samples: &[CalibrationSample],
    folds: usize,
    seed: u64,
    structure: &Policy,
    options: FitOptions,
) -> Vec<f64> {
    let fold = fold_assignment(samples, folds, seed);
    let mut predicted = vec![0.0; samples.len()];
    for k in 0..folds.max(1) {
        let train: Vec<&CalibrationSample> = samples
            .iter()
            .zip(&fold)
            .filter(|(_, f)| **f != k)
            .map(|(s, _)| s)
            .collect();
        let fitted = fit(&train, structure, options);
        for (i, s) in samples.iter().enumerate() {
            if fold[i] == k {
                predicted[i] = score(&s.input, &fitted).value;
            }
        }
    }
    predicted
}

/// Calibrates the default policy's numbers, cross-validated with 5 and 10 folds.
pub fn calibrate(samples: &[CalibrationSample]) -> CalibrationReport {
    calibrate_with(samples, &[5, 10], &Policy::default(), FitOptions::default())
}

/// [`calibrate`] with other fold counts, another policy's structure and other fit settings.
pub fn calibrate_with(
    samples: &[CalibrationSample],
    folds: &[usize],
    structure: &Policy,
    options: FitOptions,
) -> CalibrationReport {
    let all: Vec<&CalibrationSample> = samples.iter().collect();
    let recorded: Vec<f64> = all.iter().map(|s| s.recorded).collect();
    let median_score = median(&mut recorded.clone()).unwrap_or(0.0);
    let policy = fit(&all, structure, options);
    let cross_validated = folds
        .iter()
        .map(|&k| {
            let k = k.max(2);
            CrossValidation {
                folds: k,
                seed: FOLD_SEED,
                metrics: metrics(
                    &cross_validate(samples, k, FOLD_SEED, structure, options),
                    &recorded,
                ),
            }
        })
        .collect();
    let features = Features::of_policy(&policy);
    CalibrationReport {
        samples: all.len(),
        options,
        constant_9: metrics(&vec![9.0; all.len()], &recorded),
        constant_median: metrics(&vec![median_score; all.len()], &recorded),
        median: median_score,
        structure: structure.name.clone(),
        default_policy: metrics(&predict(&all, structure), &recorded),
        calibrated_in_sample: metrics(&predict(&all, &policy), &recorded),
        cross_validated,
        weights: features
            .names()
            .into_iter()
            .zip(std::iter::once(policy.base).chain(features.read(&policy)))
            .collect(),
        policy,
    }
}
