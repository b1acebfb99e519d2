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

/// The module documentation of each checkpoint of this crate, by id: what `iacgrade rules CHK-A`
/// prints. Taken from the modules' own `//!` comments, so the docs live with the checks.
pub const CHECKPOINT_SOURCES: &[(&str, &str)] = &[
    ("A", include_str!("a_metadata.rs")),
    ("B", include_str!("b_platform_language.rs")),
    ("C", include_str!("c_template_structure.rs")),
    ("D", include_str!("d_prompt_style.rs")),
    ("E", include_str!("e_platform_code.rs")),
    ("F", include_str!("f_environment_suffix.rs")),
    ("K", include_str!("k_file_locations.rs")),
];

/// The `//!` documentation at the head of a source file, without the comment markers.
pub fn module_documentation(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            let text = l.trim_start_matches("//!");
            text.strip_prefix(' ').unwrap_or(text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

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
