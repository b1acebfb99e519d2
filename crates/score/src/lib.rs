//! The training-quality score.
//!
//! A [`Policy`] (TOML; `policies/default.toml` is the scoring guide and is embedded) turns a
//! [`ScoreInput`] — the model's failures the ideal answer fixed, the blockers, the ideal side's
//! complexity — into a [`Score`]: a value and every step that produced it, each with its
//! reason and the setting it used. [`calibrate`] fits a policy's numbers to recorded scores
//! and measures the fit by cross-validation.
//!
//! ```
//! use iacgrade_score::{score, Policy, ScoreInput};
//! let s = score(&ScoreInput::default(), &Policy::default());
//! assert_eq!(s.steps[0].step, "base");
//! ```

pub mod calibrate;
pub mod complexity;
pub mod input;
pub mod policy;
mod score;

pub use calibrate::{calibrate, CalibrationReport, CalibrationSample};
pub use complexity::ComplexityFacts;
pub use input::{
    documented_fixes, platform_key, BlockerFacts, FixedFix, PlatformMismatch, ScoreInput,
    ServiceCoverage, SeverityCounts, TaskFacts, WrongRegion,
};
pub use policy::{Category, Policy};
pub use score::{
    blocker, categorize, complexity_factors, not_fixed_counts, score, severity_counts,
    task_features, FixTier, Score, ScoreStep,
};
