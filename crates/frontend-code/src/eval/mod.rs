//! The evaluator: runs the lowered program abstractly (nothing is executed for real) to find the
//! resources, outputs, providers, parameters and SDK names it declares.
//!
//! How far evaluation goes:
//! - Every file's module-level code runs once; library files before entry points (`tap.py`,
//!   `__main__.py`, `bin/*.ts`, `index.ts`, ...), after a first pass that binds every file's
//!   imports, top-level classes and functions, and literal constants, so order rarely matters.
//! - Calls to the program's own functions and classes are followed (arguments bound to
//!   parameters, defaults used), so a component's resources are recorded once per instantiation.
//!   Recursion and deep call chains are cut off. Functions, methods and classes that nothing
//!   reached are walked once at the end with unknown arguments, so nothing defined is missed.
//! - A variable assigned once in its scope keeps its literal or template value; one assigned
//!   more than once is a placeholder with its name. Resources, instances and SDK names are
//!   tracked through every assignment.
//! - Loops over literal lists, `range(N)` with a known N, slices with a literal bound, dict
//!   items and `.forEach`/`.map` over known arrays are expanded; other loops run once and their
//!   resources carry the option `loop` with the iterated expression's source.
//! - `if` branches whose condition is a known constant are decided; otherwise both run, and
//!   their resources carry the option `condition`.

mod calls;
mod expr;
mod program;
mod record;
mod stmt;
pub mod values;

pub use program::{evaluate, ProgramFile};
