use std::process::ExitCode;

use crate::cli::ReviewArgs;

pub fn run(args: &ReviewArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task.task)?;
    let options = iacgrade_engine::ReviewOptions {
        compare_existing: args.existing,
    };
    let judgement = iacgrade_engine::review_task_with(&args.task.task, &options);
    super::check::emit(&args.task, &judgement.report)
}
