//! `iacgrade`: judges model-written infrastructure-as-code tasks.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// A corpus review allocates and frees millions of small strings and trees; mimalloc does that
/// markedly faster than the system allocator (see the README's benchmark section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("iacgrade: {err}");
            ExitCode::from(2)
        }
    }
}
