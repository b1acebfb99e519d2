//! iacgrade's policy rules: good practice judged on the resource model.
//!
//! Each rule is one file under `src/rules/`, named after its id, whose doc comment is its
//! documentation (what it checks, why it matters, an example, the fix, references);
//! [`all_rules`] is the registry `iacgrade rules [ID]` and the checks stage read. Rules see
//! only the IR ([`iacgrade_ir::ResourceGraph`]) through a small lookup layer ([`props`],
//! [`shape`], [`references`], [`policy`]) that hides the platforms' spellings and reports
//! "unknown" instead of guessing: a rule never reports what the code does not say.
//!
//! ```
//! use iacgrade_rules::{all_rules, check_all, RuleContext};
//! let graph = iacgrade_ir::ResourceGraph::default();
//! let hits = check_all(&RuleContext::new(&graph));
//! assert!(hits.is_empty());
//! assert!(all_rules().iter().all(|r| !r.documentation().is_empty()));
//! ```

pub mod embedded_json;
pub mod modality;
pub mod policy;
pub mod prompt;
pub mod props;
pub mod references;
pub mod rule;
pub mod rules;
pub mod shape;

pub use rule::{placeholder_category, Rule, RuleContext, RuleHit};
pub use rules::{all_rules, rule_by_id};

/// Runs every rule on one side of a task; hits in registry order, then source order.
pub fn check_all(ctx: &RuleContext) -> Vec<RuleHit> {
    all_rules().iter().flat_map(|r| r.check(ctx)).collect()
}
