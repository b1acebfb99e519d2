//! A task's own `lib/MODEL_FAILURES.md`, read as data: the failures it lists, with their
//! severity where the document states one ([`parse_model_failures`], [`parse_labels`]), each
//! verified against the answers ([`verify_labels`]), and how they compare with iacgrade's
//! findings ([`compare`]).
//!
//! The documents come in many forms — a heading per failure, severity sections over numbered
//! items, bold-led bullets, tables with a severity column, "Issue 3:" paragraphs — written by
//! people and by models. Parsing never fails: a document with no recognisable failure yields an
//! empty list.

mod compare;
mod evidence;
mod outline;
mod parse;
mod severity;
mod verify;
mod vocabulary;
mod words;

pub use compare::compare;
pub use parse::{parse_labels, parse_model_failures, Label};
pub use severity::severity_word;
pub use verify::{verify_labels, Answers};
pub use words::meaningful_stems;
