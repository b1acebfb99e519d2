//! `iacgrade`: judges model-written infrastructure-as-code tasks.

mod cli;
mod commands;
#[cfg(test)]
mod integrations;
mod output;
mod settings;

use std::process::ExitCode;

use clap::Parser;

/// A corpus review allocates and frees millions of small strings and trees; mimalloc does that
/// markedly faster than the system allocator (see the README's benchmark section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The parsers' trees are allocated by tree-sitter's C code, with the C allocator unless told
    // otherwise; mimalloc serves them as it serves the rest. Set before any parser exists, and
    // never changed: every tree is freed by the allocator that made it.
    // SAFETY: no tree-sitter object exists yet, and the four functions are one allocator's.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("iacgrade: {err}");
            ExitCode::from(2)
        }
    }
}
