//! Invented APIs: the real SDK surfaces and the API check.
//!
//! The most common critical failure of model-written infrastructure code is an API that does
//! not exist — `pulumi.providers.Aws`, a CDK prop with the wrong name, a Terraform argument
//! borrowed from another resource, a CloudFormation property the type does not have. This crate
//! finds them statically, against data generated from the real packages (`tools/api-surface/`,
//! embedded under `data/`), and names the nearest real API.
//!
//! - [`surface`]: the embedded surfaces, loaded lazily, one per SDK and language;
//! - [`resolve`]: a qualified path, name by name, against a surface;
//! - [`suggest`]: nearest names, known renames;
//! - [`rules`]: API001–API005, one per file, and their registry;
//! - [`check_api`]: all rules on one side of a task.
//!
//! Precision first: wherever the data cannot vouch for a name (a `**kwargs` spread, an open
//! module, a value the front-end could not resolve), nothing is reported.

mod check;
pub mod finding;
pub mod packages;
pub mod resolve;
pub mod rules;
pub mod suggest;
pub mod surface;

pub use check::check_api;
pub use finding::ApiFinding;
pub use surface::{Surface, SurfaceId};
