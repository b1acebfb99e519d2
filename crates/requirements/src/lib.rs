//! The requirement trace: what the request asks, checked on each side's resource model.
//!
//! A reviewer judges an answer against what was asked. This crate reads the request
//! (lib/PROMPT.md and the later turns) into requirement items — the mandatory region (and every
//! region mentioned, with its role), the required services (from the request and metadata
//! `aws_services`), and each stated constraint — and maps each item to checks on the
//! [`iacgrade_ir::ResourceGraph`] of the model's and the ideal answer through one documented
//! keyword table ([`checks::table`]). Each item is `met`, `unmet` or `unknown` per side, with
//! evidence; a value the code computes (a reference, a parameter, a construct default) is
//! never taken for "unmet".
//!
//! [`rules`] turns the trace into findings (REQ001 required service missing, REQ002 mandatory
//! region not followed, REQ003 explicit requirement unmet).
//!
//! ```
//! use iacgrade_requirements::{trace, TraceInput};
//! use iacgrade_task::TextDocument;
//! let prompt = TextDocument { path: "lib/PROMPT.md".into(), text: "## Constraints\n- Deploy everything in eu-west-1.\n".into() };
//! let t = trace(&TraceInput { prompts: &[prompt], metadata: None, model: None, ideal: None });
//! assert_eq!(t.regions.mandatory, vec!["eu-west-1"]);
//! ```

mod build;
pub mod checks;
pub mod code_regions;
pub mod kinds;
pub mod prompt;
pub mod refs;
pub mod rules;
pub mod services;
pub mod side;
pub mod text;
pub mod trace;

pub use build::{trace, TraceInput};
pub use side::SideCode;
pub use trace::{
    FollowedRegion, ItemKind, Outcome, RegionTrace, RequirementItem, RequirementTrace,
    ServiceRequirement, ServiceTrace, Verdict,
};
