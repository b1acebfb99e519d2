//! Corpus runs past one machine.
//!
//! - [`partition`]: which shard a task belongs to, from a stable hash of its path relative to
//!   the corpus, so every worker of a cluster agrees without talking to the others and adding a
//!   task moves no other task.
//! - [`cache`]: results stored under a content hash of everything that decides them, so a re-run
//!   judges only what changed.
//! - [`schedule`]: the wall time of N workers over known per-task durations (longest first), so a
//!   user can size a cluster before renting it.

pub mod cache;
pub mod partition;
pub mod schedule;

pub use cache::{CacheKey, CacheStats, ResultCache};
pub use partition::{relative_task_path, shard_of, Shard};
pub use schedule::{longest_first_makespan, Schedule};
