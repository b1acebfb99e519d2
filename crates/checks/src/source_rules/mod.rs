//! Checks on the code's text where the resource model cannot see: values that reach a resource
//! through functions, JSON serialisation or deploy-time outputs. Each rule is one file with its
//! documentation in its doc comment.

mod plh001_placeholder_image;

use iacgrade_findings::{Finding, Side};
use iacgrade_task::SourceFile;

pub use plh001_placeholder_image::PLACEHOLDER_IMAGE;

/// A rule on source text.
pub struct SourceRule {
    pub id: &'static str,
    pub name: &'static str,
    pub documentation: &'static str,
    pub check: fn(&[SourceFile], Side) -> Vec<Finding>,
}

pub const SOURCE_RULES: &[SourceRule] = &[PLACEHOLDER_IMAGE];

/// Every source rule on one side's files.
pub fn check_sources(files: &[SourceFile], side: Side) -> Vec<Finding> {
    SOURCE_RULES
        .iter()
        .flat_map(|r| (r.check)(files, side))
        .collect()
}
