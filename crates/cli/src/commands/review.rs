use std::process::ExitCode;

use crate::cli::TaskArgs;

pub fn run(args: &TaskArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task)?;
    let judgement = iacgrade_engine::review_task(&args.task);
    super::check::emit(args, &judgement.report)
}
