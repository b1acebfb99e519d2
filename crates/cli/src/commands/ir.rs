use std::fmt::Write;
use std::process::ExitCode;

use crate::cli::{Format, IrArgs, SideArg};
use crate::output::Sink;

pub fn run(args: &IrArgs) -> Result<ExitCode, String> {
    super::require_task_dir(&args.task)?;
    let judgement = iacgrade_engine::check_task(&args.task);
    let side = match args.side {
        SideArg::Model => &judgement.sides.model,
        SideArg::Ideal => &judgement.sides.ideal,
    };
    let graph = &side.facts.graph;
    let bytes = match args.output.format {
        Format::Markdown
        | Format::Sarif
        | Format::Html
        | Format::Summary
        | Format::Junit
        | Format::Github => {
            return Err("ir prints a resource graph: use --format json, jsonl or text".into())
        }
        Format::Json => serde_json::to_vec_pretty(graph).map_err(|e| e.to_string())?,
        Format::Jsonl => serde_json::to_vec(graph).map_err(|e| e.to_string())?,
        Format::Text => {
            let mut out = String::new();
            for r in &graph.resources {
                let _ = writeln!(
                    out,
                    "{:<45} {:<40} {}:{}",
                    r.kind,
                    r.logical_name.render(),
                    r.span.file,
                    r.span.line
                );
            }
            let _ = writeln!(
                out,
                "{} resources, {} outputs, {} providers, {} symbols, {} problems",
                graph.resources.len(),
                graph.outputs.len(),
                graph.providers.len(),
                graph.symbols.len(),
                graph.problems.len()
            );
            out.into_bytes()
        }
    };
    let mut sink = Sink::new(args.output.output.as_deref());
    sink.write_all(&bytes).map_err(|e| e.to_string())?;
    sink.write_all(b"\n").map_err(|e| e.to_string())?;
    sink.finish().map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
