use std::process::ExitCode;

use crate::cli::ReviewArgs;

pub fn run(args: &ReviewArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task.task)?;
    let options = iacgrade_engine::ReviewOptions {
        compare_existing: args.existing,
        policy: super::load_policy(args.policy.as_deref())?,
    };
    let mut judgement = iacgrade_engine::review_task_with(&args.task.task, &options);
    if args.run {
        let run_options = super::run::run_options(&args.execution)?;
        let [ideal, model] = iacgrade_engine::add_run_checkpoints(&mut judgement, &run_options);
        iacgrade_engine::add_run_findings(&mut judgement, &ideal, &model, options.policy.as_ref());
    }
    let code = super::check::emit(&args.task, &judgement.report)?;
    // No answer, no verdict: say so where a CI log shows it, and fail the gate.
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
        return Ok(ExitCode::from(1));
    }
    Ok(code)
}
