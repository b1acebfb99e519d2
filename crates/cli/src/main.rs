//! `iacgrade`: judges model-written infrastructure-as-code tasks.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

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
