//! The pipeline's validation checkpoints that run no tool: A–F and K. G–I come from the run
//! stage, J from the score.

mod a_metadata;
mod b_platform_language;
mod c_template_structure;
mod d_prompt_style;
mod e_platform_code;
pub mod f_environment_suffix;
mod k_file_locations;
mod vocabulary;

pub use k_file_locations::{placement, Placement};

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::Evidence;

use crate::CheckInput;

/// Checkpoints A–F and K for one task, in order.
pub fn static_checkpoints(input: &CheckInput) -> Vec<Checkpoint> {
    vec![
        a_metadata::check(input.task),
        b_platform_language::check(input.task),
        c_template_structure::check(input.task),
        d_prompt_style::check(input.task),
        e_platform_code::check(input),
        f_environment_suffix::check(input),
        k_file_locations::check(input),
    ]
}

fn checkpoint(
    id: &str,
    name: &str,
    status: CheckStatus,
    message: impl Into<String>,
    evidence: Vec<Evidence>,
) -> Checkpoint {
    Checkpoint {
        id: id.to_string(),
        name: name.to_string(),
        status,
        message: message.into(),
        evidence,
    }
}
