//! What a project configures about its findings, as checkov, cfn-lint and ruff users expect:
//!
//! - [`selection`]: which rules report (`select`, `extend-select`, `ignore`, by code or prefix)
//!   and `[severity]` overrides;
//! - [`file`]: `iacgrade.toml`, found upward from the task or the working directory, with the
//!   same keys as the command-line flags;
//! - [`suppression`]: `iacgrade: ignore[CODE] reason` comments in the answers' code and
//!   CloudFormation `Metadata: {iacgrade: {ignore: [...]}}`;
//! - [`baseline`]: a file of stable fingerprints of accepted findings;
//! - [`exit`]: the exit policy (`--fail-on`).
//!
//! Filtering happens before the score, so a deselected finding never counts; a suppressed one
//! stays in the report, marked, and is left out of the score and the exit policy.

pub mod baseline;
pub mod exit;
pub mod file;
pub mod selection;
pub mod suppression;

pub use baseline::{Baseline, BaselineMatcher};
pub use exit::{ExitVerdict, FailOn};
pub use file::{find_config, ConfigFile, CONFIG_FILE_NAME};
pub use iacgrade_findings::fingerprint;
pub use selection::{FindingPolicy, RuleSelection};
pub use suppression::{in_source_suppressions, SideSources};
