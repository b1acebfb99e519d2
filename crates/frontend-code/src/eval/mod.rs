//! The evaluator: runs the lowered program abstractly (nothing is executed for real) to find the
//! resources, outputs, providers, parameters and SDK names it declares.
//!
//! How far evaluation goes:
//! - Every file's module-level code runs once; library files before entry points (`tap.py`,
//!   `__main__.py`, `bin/*.ts`, `index.ts`, ...), after a first pass that binds every file's
//!   imports, top-level classes and functions, and literal constants, so order rarely matters.
//! - Calls to the program's own functions and classes are followed (arguments bound to
//!   parameters, defaults used), so a component's resources are recorded once per instantiation
//!   and a literal the caller passes (`TapStack(app, "tap", environment_suffix="dev")`) is the
//!   parameter's value inside. Recursion and call chains deeper than 16 are cut off. Functions,
//!   methods and classes that nothing reached are walked once at the end with unknown
//!   arguments (placeholders named after the parameters), so nothing defined is missed; the
//!   program's roots (definitions no other code names) go first, so what they use is reached
//!   through them. When an answer shows several entry points for one program (`tap.py` and
//!   `__main__.py`), only the first instantiates its stack.
//! - A variable assigned once in its scope keeps its literal or template value (also across
//!   files: a module-level constant imported elsewhere); one assigned more than once is a
//!   placeholder with its name, and so is a variable bound to anything unknown
//!   (`env = config.get("env") or "dev"` → `${env}`). Resources, instances, providers and SDK
//!   names are tracked through every assignment, instance fields (`self.vpc`) included, so
//!   `vpc_id=self.vpc.id` is a reference to the VPC's logical name. `.append`/`.push` to a
//!   known list extends it (unless inside an unexpanded loop).
//! - `json.dumps(x)` / `JSON.stringify(x)` evaluate to `x` itself, so policy documents stay
//!   readable maps; `.format`, `%`, `+`, `.join`, `Output.concat`, `pulumi.interpolate` and
//!   template literals build templates.
//! - Loops over literal lists, `range(N)` with a known N, slices with a literal bound, dict
//!   items and `.forEach`/`.map` over known arrays are expanded; other loops run once and their
//!   resources carry the option `loop` with the iterated expression's source.
//! - `if` branches whose condition is a known constant are decided; otherwise both run, and
//!   their resources carry the option `condition`.

mod builtins;
mod calls;
mod expr;
mod program;
mod record;
mod stmt;
pub mod values;

pub use program::{evaluate, ProgramFile};
