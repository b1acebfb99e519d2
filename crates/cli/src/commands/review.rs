use std::process::ExitCode;

use crate::cli::ReviewArgs;
use crate::settings::{task_exit, Settings};

pub fn run(args: &ReviewArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task.task)?;
    let settings = Settings::resolve(&args.task.gate, &args.task.task, args.policy.as_deref())?;
    let mut options = settings.review_options(args.existing)?;
    if args.run {
        options.run = Some(super::run::run_options(&args.execution)?);
    }
    let mut judgement = iacgrade_engine::review_task_with(&args.task.task, &options);
    settings.mark_baseline(&mut judgement.report);
    super::check::emit(&args.task, &judgement.report)?;
    settings.write_baseline([&judgement.report])?;
    // No answer, no verdict: say so where a CI log shows it; the exit policy fails the gate.
    if let Some(reason) = judgement
        .report
        .not_judged_reason
        .as_ref()
        .filter(|_| !judgement.report.judged)
    {
        eprintln!(
            "iacgrade: {} not judged: {reason}",
            args.task.task.display()
        );
    }
    Ok(task_exit(
        &args.task.task,
        &settings.verdict(&judgement.report),
    ))
}
