use std::process::ExitCode;

use iacgrade_findings::CheckStatus;
use iacgrade_report::{render_text, TextStyle};

use crate::cli::{Format, TaskArgs};
use crate::output::Sink;

pub fn run(args: &TaskArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task)?;
    let judgement = iacgrade_engine::check_task(&args.task);
    emit(args, &judgement.report)
}

/// Writes one task's report in the chosen format; exit 1 when a checkpoint failed.
pub fn emit(args: &TaskArgs, report: &iacgrade_report::Report) -> Result<ExitCode, String> {
    let mut sink = Sink::new(args.output.output.as_deref());
    let bytes = match args.output.format {
        Format::Text => render_text(
            report,
            TextStyle {
                color: sink.wants_color(),
            },
        )
        .into_bytes(),
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(report).map_err(|e| e.to_string())?;
            v.push(b'\n');
            v
        }
        Format::Jsonl => {
            let mut v = serde_json::to_vec(report).map_err(|e| e.to_string())?;
            v.push(b'\n');
            v
        }
        Format::Markdown => iacgrade_report::render_markdown(report).into_bytes(),
        Format::Html | Format::Summary => {
            return Err(
                "--format html and summary describe a corpus: use them with `iacgrade corpus`"
                    .into(),
            )
        }
        Format::Sarif => {
            let sarif = iacgrade_report::render_sarif(std::slice::from_ref(report));
            let mut v = serde_json::to_vec_pretty(&sarif).map_err(|e| e.to_string())?;
            v.push(b'\n');
            v
        }
    };
    sink.write_all(&bytes).map_err(|e| e.to_string())?;
    sink.finish().map_err(|e| e.to_string())?;
    let failed = report
        .checkpoints
        .iter()
        .any(|c| c.status == CheckStatus::Fail);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
