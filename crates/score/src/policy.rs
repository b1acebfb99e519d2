//! The scoring policy: the training-quality guide as numbers, read from TOML.
//!
//! `policies/default.toml` (embedded) implements the guide; [`Policy::from_file`] reads another
//! one, [`Policy::to_toml`] writes one (calibration does). Unknown keys are errors, and every
//! error names the file and the line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The embedded default policy.
pub const DEFAULT_POLICY_TOML: &str = include_str!("../../../policies/default.toml");

/// A guide category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    A,
    B,
    C,
}

impl Category {
    pub fn letter(self) -> &'static str {
        match self {
            Category::A => "A",
            Category::B => "B",
            Category::C => "C",
        }
    }

    pub fn parse(letter: &str) -> Option<Category> {
        match letter.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Category::A),
            "B" => Some(Category::B),
            "C" => Some(Category::C),
            _ => None,
        }
    }
}

/// A severity as the policy spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Critical,
    High,
    Medium,
    Low,
}

impl SeverityName {
    pub fn of(s: iacgrade_findings::Severity) -> Self {
        use iacgrade_findings::Severity::*;
        match s {
            Critical => SeverityName::Critical,
            High => SeverityName::High,
            Medium => SeverityName::Medium,
            Low => SeverityName::Low,
        }
    }
}

/// Step 2: blockers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blockers {
    pub platform_mismatch: f64,
    pub wrong_region: f64,
    pub services_missing: f64,
    /// Share of required services missing on the model side that makes the blocker.
    pub services_missing_share: f64,
}

/// One row of the category table: the first row that matches a fixed finding decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    /// Prefix of the rule id (`API`, `REQ001`); absent matches every rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Severity the finding must have; absent matches every severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<SeverityName>,
    pub category: Category,
    pub why: String,
}

/// Step 3: the adjustment for the fixes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixes {
    pub category_a_one: f64,
    pub category_a_two_or_more: f64,
    pub category_b: f64,
    pub only_c_many: f64,
    pub only_c_many_min: usize,
    pub only_c_some: f64,
    pub only_c_some_min: usize,
    pub minimal_three: f64,
    pub minimal_one_or_two: f64,
    pub no_fixes: f64,
    #[serde(default)]
    pub per_critical: f64,
    #[serde(default)]
    pub per_high: f64,
    #[serde(default)]
    pub per_medium: f64,
    #[serde(default)]
    pub per_low: f64,
    #[serde(default = "default_count_cap")]
    pub count_cap: usize,
}

fn default_count_cap() -> usize {
    5
}

/// Step 4: complexity of the ideal answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complexity {
    /// Cap on the sum of the positive factors; absent means no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bonus: Option<f64>,
    pub multiple_services: f64,
    pub multiple_services_min: usize,
    pub security_practices: f64,
    pub high_availability: f64,
    pub advanced_patterns: f64,
    pub single_service: f64,
    #[serde(default)]
    pub ignored_services: Vec<String>,
}

/// Weights of task facts ([`crate::input::TaskFacts`]). The guide has none: the default
/// policy leaves them at 0; a calibrated policy may not.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaskWeights {
    /// Per fix documented in lib/MODEL_FAILURES.md (count capped at `documented_cap`).
    pub per_documented_fix: f64,
    pub documented_cap: usize,
    /// When lib/MODEL_FAILURES.md exists but documents no fix.
    pub no_documented_fix: f64,
    /// metadata complexity "medium" / "expert" (against "hard").
    pub declared_medium: f64,
    pub declared_expert: f64,
    /// A request of more than one turn.
    pub multi_turn: f64,
    /// By the platform and language metadata declares (`pulumi-ts`, `cfn-yaml`; see
    /// [`crate::input::platform_key`]); a platform not listed adds nothing.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub platforms: BTreeMap<String, f64>,
}

/// Weights of the findings that are not fixes, per finding by severity (counts capped at
/// `count_cap`): standing ones (in both answers: the ideal answer left them) and regressions
/// (only in the ideal answer). The guide has none: the default policy leaves them at 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotFixed {
    pub standing_critical: f64,
    pub standing_high: f64,
    pub standing_medium: f64,
    pub standing_low: f64,
    pub regression_critical: f64,
    pub regression_high: f64,
    pub regression_medium: f64,
    pub regression_low: f64,
    pub count_cap: usize,
}

impl Default for NotFixed {
    fn default() -> Self {
        NotFixed {
            standing_critical: 0.0,
            standing_high: 0.0,
            standing_medium: 0.0,
            standing_low: 0.0,
            regression_critical: 0.0,
            regression_high: 0.0,
            regression_medium: 0.0,
            regression_low: 0.0,
            count_cap: default_count_cap(),
        }
    }
}

/// How the final value is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// To the nearest integer, 0.5 up (the guide).
    HalfUp,
    None,
}

/// Step 5: clamp and round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Final {
    pub min: f64,
    pub max: f64,
    pub rounding: Rounding,
}

/// A scoring policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub base: f64,
    pub blockers: Blockers,
    pub categories: Vec<CategoryRule>,
    pub fixes: Fixes,
    pub complexity: Complexity,
    #[serde(default)]
    pub task: TaskWeights,
    #[serde(default)]
    pub not_fixed: NotFixed,
    #[serde(rename = "final")]
    pub final_step: Final,
}

impl Default for Policy {
    /// The embedded `policies/default.toml`.
    fn default() -> Self {
        Policy::embedded().clone()
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Policy {
    /// The embedded `policies/default.toml`, read once per process: a corpus run scores every
    /// task with it.
    pub fn embedded() -> &'static Policy {
        static EMBEDDED: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(|| {
            match Policy::from_toml(DEFAULT_POLICY_TOML, "policies/default.toml") {
                Ok(p) => p,
                // The embedded file is checked by the tests; this arm is never taken in a build
                // that passed them.
                Err(e) => panic!("embedded default policy is invalid: {e}"),
            }
        })
    }

    /// Reads a policy file. Errors name the file and the line.
    pub fn from_file(path: &std::path::Path) -> Result<Policy, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the policy: {e}", path.display()))?;
        Policy::from_toml(&text, &path.display().to_string())
    }

    /// Reads a policy from TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Policy, String> {
        let policy: Policy = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            let message = e.message().trim().replace('\n', " ");
            format!("{file}:{line}: {message}")
        })?;
        policy.validate(text, file)?;
        Ok(policy)
    }

    /// Checks what TOML types cannot: ranges and orderings.
    fn validate(&self, text: &str, file: &str) -> Result<(), String> {
        let at = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1)
                .unwrap_or(1)
        };
        let share = self.blockers.services_missing_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(format!(
                "{file}:{}: services_missing_share must be between 0 and 1, not {share}",
                at("services_missing_share")
            ));
        }
        if self.final_step.min > self.final_step.max {
            return Err(format!(
                "{file}:{}: final.min ({}) is above final.max ({})",
                at("min"),
                self.final_step.min,
                self.final_step.max
            ));
        }
        if self.fixes.only_c_some_min > self.fixes.only_c_many_min {
            return Err(format!(
                "{file}:{}: only_c_some_min must not exceed only_c_many_min",
                at("only_c_some_min")
            ));
        }
        if self.categories.is_empty() {
            return Err(format!(
                "{file}:1: the policy has no [[categories]] rows: fixed findings could not be put in a category"
            ));
        }
        Ok(())
    }

    /// The policy as TOML (readable back with [`Policy::from_toml`]).
    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string_pretty(self).map_err(|e| format!("cannot write the policy: {e}"))
    }

    /// The category of a fixed finding by the table, with the row's reason; `None` when no
    /// row matches (a policy without catch-all rows).
    pub fn category_of(
        &self,
        rule: &str,
        severity: iacgrade_findings::Severity,
    ) -> Option<&CategoryRule> {
        let sev = SeverityName::of(severity);
        self.categories.iter().find(|row| {
            row.rule.as_deref().is_none_or(|prefix| {
                rule.to_ascii_uppercase()
                    .starts_with(&prefix.to_ascii_uppercase())
            }) && row.severity.is_none_or(|s| s == sev)
        })
    }
}
