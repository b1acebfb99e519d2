use std::process::ExitCode;

use iacgrade_report::{render_text, TextStyle};

use crate::cli::{Format, TaskArgs};
use crate::output::Sink;
use crate::settings::{task_exit, Settings};

pub fn run(args: &TaskArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task)?;
    let settings = Settings::resolve(&args.gate, &args.task, None)?;
    let mut judgement = iacgrade_engine::check_task(&args.task);
    settings.mark_baseline(&mut judgement.report);
    emit(args, &judgement.report)?;
    settings.write_baseline([&judgement.report])?;
    Ok(task_exit(&args.task, &settings.verdict(&judgement.report)))
}

/// Writes one task's report in the chosen format.
pub fn emit(args: &TaskArgs, report: &iacgrade_report::Report) -> Result<(), String> {
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
        Format::Junit => iacgrade_report::render_junit(std::slice::from_ref(report)).into_bytes(),
        Format::Github => iacgrade_report::render_github(report).into_bytes(),
        Format::Sarif => {
            let sarif = iacgrade_report::render_sarif_with(
                std::slice::from_ref(report),
                &super::rules::rule_catalog(),
            );
            let mut v = serde_json::to_vec_pretty(&sarif).map_err(|e| e.to_string())?;
            v.push(b'\n');
            v
        }
    };
    sink.write_all(&bytes).map_err(|e| e.to_string())?;
    sink.finish().map_err(|e| e.to_string())
}
