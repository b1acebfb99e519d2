//! The features of a task that a policy weighs, in one order shared by the fit and the policy:
//! [`Features::row`] reads them from a score input exactly as [`crate::score`] applies them,
//! [`Features::write`] puts fitted coefficients into a policy, [`Features::read`] takes them
//! back out.

use std::collections::BTreeMap;

use crate::input::ScoreInput;
use crate::policy::Policy;
use crate::score::{
    categorize, complexity_factors, not_fixed_counts, severity_counts, task_features, FixTier,
};

/// The fixed features after the intercept (`base`), by the setting each one's weight is.
/// `fixes.category_b` is the reference branch of the decision tree (its weight stays 0).
pub const FIXED: [&str; 29] = [
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
    "not_fixed.standing_critical",
    "not_fixed.standing_high",
    "not_fixed.standing_medium",
    "not_fixed.standing_low",
    "not_fixed.regression_critical",
    "not_fixed.regression_high",
    "not_fixed.regression_medium",
    "not_fixed.regression_low",
];

/// The feature layout: the intercept, [`FIXED`], then one indicator per declared platform
/// that has a weight (`task.platforms.KEY`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Features {
    pub platforms: Vec<String>,
}

impl Features {
    /// The layout for a training set: the platforms declared by at least `min_samples` inputs,
    /// except the most frequent one, the reference that the base score stands for (with every
    /// platform weighed, the indicators would sum to the intercept).
    pub fn for_samples<'a>(
        inputs: impl Iterator<Item = &'a ScoreInput>,
        min_samples: usize,
    ) -> Self {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for input in inputs {
            if let Some(p) = input.task.platform.as_deref() {
                *counts.entry(p).or_default() += 1;
            }
        }
        let reference = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(p, _)| *p);
        Features {
            platforms: counts
                .iter()
                .filter(|(p, n)| **n >= min_samples.max(1) && Some(**p) != reference)
                .map(|(p, _)| p.to_string())
                .collect(),
        }
    }

    /// The layout of a policy: the platforms it weighs.
    pub fn of_policy(policy: &Policy) -> Self {
        Features {
            platforms: policy.task.platforms.keys().cloned().collect(),
        }
    }

    /// Setting names in feature order, the intercept first.
    pub fn names(&self) -> Vec<String> {
        std::iter::once("base".to_string())
            .chain(FIXED.iter().map(|s| s.to_string()))
            .chain(self.platforms.iter().map(|p| format!("task.platforms.{p}")))
            .collect()
    }

    pub fn len(&self) -> usize {
        1 + FIXED.len() + self.platforms.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The feature row of an input under a policy's structure: 1 (intercept), then the
    /// features in [`Features::names`] order.
    pub fn row(&self, input: &ScoreInput, policy: &Policy) -> Vec<f64> {
        let mut row = vec![0.0; self.len()];
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
        row[8..12].copy_from_slice(&severity_counts(input, policy.fixes.count_cap));
        if let Some((factors, single, _)) = complexity_factors(input, policy) {
            for (i, (_, holds, _)) in factors.iter().enumerate() {
                row[12 + i] = if *holds { 1.0 } else { 0.0 };
            }
            row[16] = if single { 1.0 } else { 0.0 };
        }
        row[17..22].copy_from_slice(&task_features(input, policy));
        row[22..30].copy_from_slice(&not_fixed_counts(input, policy));
        if let Some(p) = input.task.platform.as_deref() {
            if let Some(i) = self.platforms.iter().position(|x| x == p) {
                row[30 + i] = 1.0;
            }
        }
        row
    }

    /// A copy of `policy` with the coefficients `w` (intercept first) written in, rounded to
    /// three decimals; `fixes.category_b` is set to 0 and the complexity cap is dropped.
    pub fn write(&self, policy: &Policy, w: &[f64]) -> Policy {
        let mut p = policy.clone();
        let r = |x: f64| (x * 1000.0).round() / 1000.0 + 0.0;
        let get = |i: usize| w.get(i).copied().map(r).unwrap_or(0.0);
        p.base = get(0);
        p.fixes.category_b = 0.0;
        p.complexity.max_bonus = None;
        for (i, slot) in self.slots(&mut p).into_iter().enumerate() {
            *slot = get(i + 1);
        }
        p.task.platforms = self
            .platforms
            .iter()
            .enumerate()
            .map(|(i, key)| (key.clone(), get(30 + i)))
            .collect();
        p
    }

    /// The coefficients of a policy in feature order after the intercept.
    pub fn read(&self, policy: &Policy) -> Vec<f64> {
        let mut p = policy.clone();
        let mut out: Vec<f64> = self.slots(&mut p).into_iter().map(|x| *x).collect();
        out.extend(
            self.platforms
                .iter()
                .map(|k| policy.task.platforms.get(k).copied().unwrap_or(0.0)),
        );
        out
    }

    /// The settings of [`FIXED`], in order.
    fn slots<'a>(&self, p: &'a mut Policy) -> Vec<&'a mut f64> {
        let f = &mut p.fixes;
        let c = &mut p.complexity;
        let t = &mut p.task;
        let n = &mut p.not_fixed;
        vec![
            &mut f.category_a_one,
            &mut f.category_a_two_or_more,
            &mut f.only_c_many,
            &mut f.only_c_some,
            &mut f.minimal_three,
            &mut f.minimal_one_or_two,
            &mut f.no_fixes,
            &mut f.per_critical,
            &mut f.per_high,
            &mut f.per_medium,
            &mut f.per_low,
            &mut c.multiple_services,
            &mut c.security_practices,
            &mut c.high_availability,
            &mut c.advanced_patterns,
            &mut c.single_service,
            &mut t.per_documented_fix,
            &mut t.no_documented_fix,
            &mut t.declared_medium,
            &mut t.declared_expert,
            &mut t.multi_turn,
            &mut n.standing_critical,
            &mut n.standing_high,
            &mut n.standing_medium,
            &mut n.standing_low,
            &mut n.regression_critical,
            &mut n.regression_high,
            &mut n.regression_medium,
            &mut n.regression_low,
        ]
    }
}
