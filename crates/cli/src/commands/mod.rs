mod check;
mod corpus;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Corpus(args) => corpus::run(&args),
    }
}
