//! The score: a policy applied to a [`ScoreInput`], every step recorded with its reason.

use serde::{Serialize, Serializer};

use crate::input::ScoreInput;
use crate::policy::{Category, Policy, Rounding};

/// Writes whole numbers as integers (`8`, not `8.0`), others with at most three decimals.
fn number<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64((x * 1000.0).round() / 1000.0)
    }
}

/// One step of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreStep {
    /// `base`, `blocker:platform`, `fixes`, `category:A`, `complexity:multiple_services`,
    /// `clamp`, `round`, ...
    pub step: String,
    #[serde(serialize_with = "number")]
    pub delta: f64,
    pub why: String,
}

/// A score and how it was reached (the review's `score`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    #[serde(serialize_with = "number")]
    pub value: f64,
    /// The policy's name.
    pub policy: String,
    pub steps: Vec<ScoreStep>,
}

/// Counts of the fixes by category, after the policy's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CategoryCounts {
    pub a: usize,
    pub b: usize,
    pub c: usize,
}

/// Which branch of the guide's decision tree the fixes take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixTier {
    AOne,
    ATwoOrMore,
    B,
    OnlyCMany,
    OnlyCSome,
    MinimalThree,
    MinimalOneOrTwo,
    NoFixes,
}

impl FixTier {
    pub fn of(counts: CategoryCounts, policy: &Policy) -> FixTier {
        let f = &policy.fixes;
        if counts.a >= 2 {
            FixTier::ATwoOrMore
        } else if counts.a == 1 {
            FixTier::AOne
        } else if counts.b > 0 {
            FixTier::B
        } else if counts.c >= f.only_c_many_min {
            FixTier::OnlyCMany
        } else if counts.c >= f.only_c_some_min {
            FixTier::OnlyCSome
        } else if counts.c >= 3 {
            FixTier::MinimalThree
        } else if counts.c >= 1 {
            FixTier::MinimalOneOrTwo
        } else {
            FixTier::NoFixes
        }
    }

    /// The policy's delta for this tier and the setting's name.
    pub fn delta(self, policy: &Policy) -> (f64, &'static str) {
        let f = &policy.fixes;
        match self {
            FixTier::ATwoOrMore => (f.category_a_two_or_more, "category_a_two_or_more"),
            FixTier::AOne => (f.category_a_one, "category_a_one"),
            FixTier::B => (f.category_b, "category_b"),
            FixTier::OnlyCMany => (f.only_c_many, "only_c_many"),
            FixTier::OnlyCSome => (f.only_c_some, "only_c_some"),
            FixTier::MinimalThree => (f.minimal_three, "minimal_three"),
            FixTier::MinimalOneOrTwo => (f.minimal_one_or_two, "minimal_one_or_two"),
            FixTier::NoFixes => (f.no_fixes, "no_fixes"),
        }
    }
}

/// Which blocker applies, if any, with its value and reason (the lowest value wins).
pub fn blocker(input: &ScoreInput, policy: &Policy) -> Option<(f64, String, String)> {
    let b = &policy.blockers;
    let mut found: Vec<(f64, String, String)> = Vec::new();
    if let Some(m) = &input.blockers.platform_mismatch {
        let show = |p: Option<String>, l: Option<String>| {
            format!(
                "{}/{}",
                p.unwrap_or_else(|| "?".into()),
                l.unwrap_or_else(|| "?".into())
            )
        };
        found.push((
            b.platform_mismatch,
            "blocker:platform".into(),
            format!(
                "platform/language mismatch: metadata says {}, the {} code is {} (blockers.platform_mismatch)",
                show(m.expected_platform.map(|p| p.to_string()), m.expected_language.map(|l| l.to_string())),
                m.side,
                show(m.found_platform.map(|p| p.to_string()), m.found_language.map(|l| l.to_string())),
            ),
        ));
    }
    if let Some(r) = &input.blockers.wrong_region {
        found.push((
            b.wrong_region,
            "blocker:region".into(),
            format!(
                "wrong region: the request requires {}, the {} code deploys to {} (blockers.wrong_region)",
                r.mandatory.join(", "),
                r.side,
                if r.followed.is_empty() { "another region".into() } else { r.followed.join(", ") }
            ),
        ));
    }
    if let Some(s) = &input.blockers.services {
        let share = s.missing_share();
        if s.required > 0 && share >= b.services_missing_share {
            found.push((
                b.services_missing,
                "blocker:services".into(),
                format!(
                    "{} of {} required services missing on the model side ({:.0}% ≥ {:.0}%): {} (blockers.services_missing)",
                    s.missing.len(),
                    s.required,
                    share * 100.0,
                    b.services_missing_share * 100.0,
                    s.missing.join(", ")
                ),
            ));
        }
    }
    found.into_iter().min_by(|a, b| a.0.total_cmp(&b.0))
}

/// The category counts of the fixes, and one line per category naming the rules.
pub fn categorize(input: &ScoreInput, policy: &Policy) -> (CategoryCounts, Vec<String>) {
    let mut counts = CategoryCounts::default();
    let mut lines: Vec<(Category, String)> = Vec::new();
    for fix in &input.fixed {
        let (category, why) = match policy.category_of(&fix.rule, fix.severity) {
            Some(row) => (row.category, row.why.clone()),
            None => (
                Category::parse(&fix.category).unwrap_or(Category::C),
                format!(
                    "no policy row matches; the finding's own category {}",
                    fix.category
                ),
            ),
        };
        match category {
            Category::A => counts.a += 1,
            Category::B => counts.b += 1,
            Category::C => counts.c += 1,
        }
        lines.push((
            category,
            format!(
                "{} ({}{}) → {}: {}",
                fix.rule,
                fix.severity.as_str(),
                fix.at
                    .as_ref()
                    .map(|a| format!(", {a}"))
                    .unwrap_or_default(),
                category.letter(),
                why
            ),
        ));
    }
    lines.sort_by_key(|(c, _)| *c);
    (counts, lines.into_iter().map(|(_, l)| l).collect())
}

/// Severity counts of the fixes, capped at the policy's `count_cap`.
pub fn severity_counts(input: &ScoreInput, cap: usize) -> [f64; 4] {
    let mut out = [0usize; 4];
    for f in &input.fixed {
        let i = iacgrade_findings::Severity::ALL
            .iter()
            .position(|s| *s == f.severity)
            .unwrap_or(3);
        out[i] += 1;
    }
    out.map(|n| n.min(cap) as f64)
}

/// The complexity factors in the guide's priority order (name, holds, reason), whether the
/// answer is a single service, and the list of counted services.
pub type ComplexityReading = (Vec<(&'static str, bool, String)>, bool, String);

/// Which complexity factors hold, in the guide's priority order, and whether the answer is a
/// single service.
pub fn complexity_factors(input: &ScoreInput, policy: &Policy) -> Option<ComplexityReading> {
    let facts = input.complexity.as_ref()?;
    let c = &policy.complexity;
    let services = facts.counted_services(&c.ignored_services);
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    let factors = vec![
        (
            "multiple_services",
            services.len() >= c.multiple_services_min && facts.integrated,
            format!(
                "{} services ({}){}",
                services.len(),
                services.join(", "),
                if facts.integrated {
                    ", wired together"
                } else {
                    ", no cross-service reference seen"
                }
            ),
        ),
        (
            "security_practices",
            !facts.security.is_empty(),
            format!("security practices: {}", list(&facts.security)),
        ),
        (
            "high_availability",
            !facts.availability.is_empty(),
            format!("availability: {}", list(&facts.availability)),
        ),
        (
            "advanced_patterns",
            !facts.advanced.is_empty(),
            format!("patterns: {}", list(&facts.advanced)),
        ),
    ];
    let single = services.len() == 1;
    Some((
        factors,
        single,
        format!("{} service(s): {}", services.len(), services.join(", ")),
    ))
}

fn factor_delta(policy: &Policy, name: &str) -> f64 {
    let c = &policy.complexity;
    match name {
        "multiple_services" => c.multiple_services,
        "security_practices" => c.security_practices,
        "high_availability" => c.high_availability,
        "advanced_patterns" => c.advanced_patterns,
        _ => 0.0,
    }
}

/// Scores a task under a policy.
pub fn score(input: &ScoreInput, policy: &Policy) -> Score {
    let mut steps = vec![ScoreStep {
        step: "base".into(),
        delta: policy.base,
        why: format!("the policy's base score (base = {})", policy.base),
    }];
    let mut value = policy.base;
    if let Some((set_to, step, why)) = blocker(input, policy) {
        steps.push(ScoreStep {
            step,
            delta: set_to - value,
            why: format!("{why}; the score is set to {set_to} and no other adjustment applies"),
        });
        value = set_to;
        return finish(value, steps, policy);
    }

    let (counts, lines) = categorize(input, policy);
    steps.push(ScoreStep {
        step: "fixes".into(),
        delta: 0.0,
        why: if lines.is_empty() {
            "no fixed finding: the ideal answer fixed nothing the checks found".into()
        } else {
            format!(
                "{} fixed finding(s): A {}, B {}, C {} — {}",
                input.fixed.len(),
                counts.a,
                counts.b,
                counts.c,
                lines.join("; ")
            )
        },
    });
    let tier = FixTier::of(counts, policy);
    let (delta, setting) = tier.delta(policy);
    let why = match tier {
        FixTier::ATwoOrMore => format!(
            "{} Category A fixes (Category C penalties ignored)",
            counts.a
        ),
        FixTier::AOne => "1 Category A fix (Category C penalties ignored)".to_string(),
        FixTier::B => format!(
            "{} Category B fix(es), no Category A: ±0 in the guide",
            counts.b
        ),
        FixTier::OnlyCMany => format!(
            "{} fixes, all Category C (≥ {})",
            counts.c, policy.fixes.only_c_many_min
        ),
        FixTier::OnlyCSome => format!(
            "{} fixes, all Category C ({}–{})",
            counts.c,
            policy.fixes.only_c_some_min,
            policy.fixes.only_c_many_min.saturating_sub(1)
        ),
        FixTier::MinimalThree => "3 fixes, all Category C: Category D, minimal changes".to_string(),
        FixTier::MinimalOneOrTwo => format!(
            "{} trivial fix(es), all Category C: Category D, minimal changes",
            counts.c
        ),
        FixTier::NoFixes => {
            "no fix found: Category D, the model's answer needed no change the checks see"
                .to_string()
        }
    };
    let step_name = match tier {
        FixTier::ATwoOrMore | FixTier::AOne => "category:A",
        FixTier::B => "category:B",
        FixTier::OnlyCMany | FixTier::OnlyCSome => "category:C",
        _ => "category:D",
    };
    steps.push(ScoreStep {
        step: step_name.into(),
        delta,
        why: format!("{why} (fixes.{setting})"),
    });
    value += delta;

    let f = &policy.fixes;
    let sev = severity_counts(input, f.count_cap);
    for (i, (weight, name)) in [
        (f.per_critical, "critical"),
        (f.per_high, "high"),
        (f.per_medium, "medium"),
        (f.per_low, "low"),
    ]
    .into_iter()
    .enumerate()
    {
        if weight != 0.0 && sev[i] > 0.0 {
            let d = weight * sev[i];
            steps.push(ScoreStep {
                step: format!("fixes:{name}"),
                delta: d,
                why: format!(
                    "{} {name} fix(es) (capped at {}) × {weight} (fixes.per_{name})",
                    sev[i], f.count_cap
                ),
            });
            value += d;
        }
    }

    let adjustments = task_adjustments(input, policy)
        .into_iter()
        .chain(platform_adjustment(input, policy))
        .chain(not_fixed_adjustments(input, policy));
    for (step, delta, why) in adjustments {
        steps.push(ScoreStep { step, delta, why });
        value += delta;
    }

    match complexity_factors(input, policy) {
        None => steps.push(ScoreStep {
            step: "complexity".into(),
            delta: 0.0,
            why: "no ideal resource model: complexity not assessed".into(),
        }),
        Some((factors, single, services)) => {
            let cap = policy.complexity.max_bonus;
            let mut bonus = 0.0;
            for (name, holds, why) in factors {
                if !holds {
                    continue;
                }
                let want = factor_delta(policy, name);
                let d = match cap {
                    Some(cap) if want > 0.0 => want.min((cap - bonus).max(0.0)),
                    _ => want,
                };
                let note = if d < want {
                    format!(
                        " (cap complexity.max_bonus = {} reached)",
                        cap.unwrap_or(0.0)
                    )
                } else {
                    String::new()
                };
                if want > 0.0 {
                    bonus += d;
                }
                steps.push(ScoreStep {
                    step: format!("complexity:{name}"),
                    delta: d,
                    why: format!("{why} (complexity.{name}){note}"),
                });
                value += d;
            }
            if single {
                let d = policy.complexity.single_service;
                steps.push(ScoreStep {
                    step: "complexity:single_service".into(),
                    delta: d,
                    why: format!("{services}: a single service (complexity.single_service)"),
                });
                value += d;
            }
        }
    }
    finish(value, steps, policy)
}

/// The task-fact indicators in feature order: documented fixes (capped), no documented fix,
/// declared medium, declared expert, multi-turn.
pub fn task_features(input: &ScoreInput, policy: &Policy) -> [f64; 5] {
    let t = &input.task;
    let cap = policy.task.documented_cap.max(1);
    let documented = t.documented_fixes.map(|n| n.min(cap) as f64).unwrap_or(0.0);
    let none = if t.documented_fixes == Some(0) {
        1.0
    } else {
        0.0
    };
    let declared = t
        .declared_complexity
        .as_deref()
        .map(str::to_ascii_lowercase);
    let medium = if declared.as_deref() == Some("medium") {
        1.0
    } else {
        0.0
    };
    let expert = if declared.as_deref() == Some("expert") {
        1.0
    } else {
        0.0
    };
    let multi = if t.turns > 1 { 1.0 } else { 0.0 };
    [documented, none, medium, expert, multi]
}

fn task_adjustments(input: &ScoreInput, policy: &Policy) -> Vec<(String, f64, String)> {
    let w = &policy.task;
    let x = task_features(input, policy);
    let rows = [
        (w.per_documented_fix, "task:documented_fixes", format!("{} fix(es) documented in lib/MODEL_FAILURES.md (capped at {}) × {} (task.per_documented_fix)", x[0], w.documented_cap, w.per_documented_fix)),
        (w.no_documented_fix, "task:no_documented_fix", "lib/MODEL_FAILURES.md documents no fix (task.no_documented_fix)".to_string()),
        (w.declared_medium, "task:declared_medium", "metadata declares medium complexity (task.declared_medium)".to_string()),
        (w.declared_expert, "task:declared_expert", "metadata declares expert complexity (task.declared_expert)".to_string()),
        (w.multi_turn, "task:multi_turn", format!("a request of {} turns (task.multi_turn)", input.task.turns)),
    ];
    rows.into_iter()
        .zip(x)
        .filter(|((weight, _, _), xi)| *weight != 0.0 && *xi != 0.0)
        .map(|((weight, step, why), xi)| (step.to_string(), weight * xi, why))
        .collect()
}

/// The weight of the task's declared platform, if the policy lists it.
fn platform_adjustment(input: &ScoreInput, policy: &Policy) -> Option<(String, f64, String)> {
    let key = input.task.platform.as_deref()?;
    let weight = *policy.task.platforms.get(key)?;
    (weight != 0.0).then(|| {
        (
            format!("task:platform:{key}"),
            weight,
            format!("metadata declares {key} (task.platforms.{key})"),
        )
    })
}

/// The standing findings and the regressions by severity, capped at `not_fixed.count_cap`, in
/// [`crate::calibrate::FEATURES`] order: standing critical, high, medium, low, then the same
/// for regressions.
pub fn not_fixed_counts(input: &ScoreInput, policy: &Policy) -> [f64; 8] {
    let cap = policy.not_fixed.count_cap;
    let mut out = [0.0; 8];
    for (i, n) in input
        .standing
        .0
        .iter()
        .chain(input.regressions.0.iter())
        .enumerate()
    {
        out[i] = (*n).min(cap) as f64;
    }
    out
}

fn not_fixed_adjustments(input: &ScoreInput, policy: &Policy) -> Vec<(String, f64, String)> {
    let w = &policy.not_fixed;
    let weights = [
        (w.standing_critical, "standing_critical"),
        (w.standing_high, "standing_high"),
        (w.standing_medium, "standing_medium"),
        (w.standing_low, "standing_low"),
        (w.regression_critical, "regression_critical"),
        (w.regression_high, "regression_high"),
        (w.regression_medium, "regression_medium"),
        (w.regression_low, "regression_low"),
    ];
    weights
        .into_iter()
        .zip(not_fixed_counts(input, policy))
        .filter(|((weight, _), n)| *weight != 0.0 && *n != 0.0)
        .map(|((weight, name), n)| {
            let (status, severity) = name.split_once('_').unwrap_or((name, ""));
            (
                format!("not_fixed:{name}"),
                weight * n,
                format!(
                    "{n} {severity} {status} finding(s) (capped at {}) × {weight} (not_fixed.{name})",
                    w.count_cap
                ),
            )
        })
        .collect()
}

fn finish(value: f64, mut steps: Vec<ScoreStep>, policy: &Policy) -> Score {
    let fin = &policy.final_step;
    let clamped = value.clamp(fin.min, fin.max);
    if clamped != value {
        steps.push(ScoreStep {
            step: "clamp".into(),
            delta: clamped - value,
            why: format!("{value} is outside {}–{}", fin.min, fin.max),
        });
    }
    let rounded = match fin.rounding {
        // Rounded to micro-units first so that 7.4999999 from float sums is 7.5.
        Rounding::HalfUp => ((clamped * 1e6).round() / 1e6 + 0.5).floor(),
        Rounding::None => clamped,
    };
    if rounded != clamped {
        steps.push(ScoreStep {
            step: "round".into(),
            delta: rounded - clamped,
            why: format!("{clamped} rounded to the nearest integer, 0.5 up"),
        });
    }
    Score {
        value: rounded,
        policy: policy.name.clone(),
        steps,
    }
}
