//! The `load` stage of the pipeline and the vocabulary every later stage shares.
//!
//! A task directory becomes a [`Task`]: its metadata (normalised, tolerant of the untidy values
//! real tasks carry), its prompts, both answers, the existing failure analysis, the region pin and
//! the project files. Nothing here panics on input: every problem becomes a [`Diagnostic`] that
//! names the file (and line where known), and loading goes on.

mod diagnostic;
mod load;
mod metadata;
mod platform;
mod source;

pub use diagnostic::{Diagnostic, Evidence};
pub use load::{load_task, ProjectFile, Task, TextDocument, MAX_FILE_BYTES};
pub use metadata::{Metadata, RecordedScore};
pub use platform::{Language, Platform};
pub use source::{Origin, SourceFile};
