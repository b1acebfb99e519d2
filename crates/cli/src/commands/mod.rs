mod bench;
mod calibrate;
mod check;
mod corpus;
mod doctor;
mod ir;
mod merge;
mod plan_run;
mod review;
mod rules;
mod run;
mod run_sample;
mod selection;
mod setup;
mod shell;

use std::process::ExitCode;

pub(crate) use rules::rule_codes;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Bench(args) => bench::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Corpus(args) => corpus::run(&args),
        Command::Ir(args) => ir::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Run(args) => run::run(&args),
        Command::RunSample(args) => run_sample::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::PlanRun(args) => plan_run::run(&args),
        Command::Setup(args) => setup::run(&args),
        Command::Doctor(args) => doctor::run(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man => shell::man(),
    }
}

/// A task argument must name a directory; anything else is a usage error (exit 2).
fn require_task_dir(path: &std::path::Path) -> Result<(), String> {
    if path.is_dir() {
        return Ok(());
    }
    let what = if path.exists() {
        "is not a directory; give the path of a task directory"
    } else {
        "does not exist; give the path of a task directory"
    };
    Err(format!("{}: {what}", path.display()))
}

/// The scoring policy of `--policy FILE`, or the default one.
pub(crate) fn load_policy(
    path: Option<&std::path::Path>,
) -> Result<Option<iacgrade_score::Policy>, String> {
    path.map(iacgrade_score::Policy::from_file).transpose()
}
