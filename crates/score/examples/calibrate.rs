//! Calibrates the scoring policy on a corpus of tasks with recorded scores.
//!
//! ```text
//! cargo run --release -p iacgrade-score --example calibrate -- /work/shared/corpus --out policy.toml
//! cargo run --release -p iacgrade-score --example calibrate -- CORPUS --folds 10 --samples samples.json --limit 300
//! ```
//!
//! For every task with `metadata.training_quality`, both answers go through the static
//! pipeline as far as it exists: extract → detect → front-ends (CloudFormation, Terraform,
//! code; graphs concatenated) → policy rules and the API check on each side → requirement
//! trace. A model-side finding with no ideal-side finding of the same rule on the same kind
//! (policy rules), the same symbol (API rules) or the same requirement (REQ rules) counts as
//! fixed. Blockers: the ideal code's detected platform/language against metadata, the region
//! the ideal code follows, the share of required services the model's code lacks. Complexity
//! comes from the ideal graph. The report (JSON) goes to stdout, a summary to stderr, the
//! fitted policy to `--out`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use iacgrade_findings::{Finding, Side};
use iacgrade_ir::ResourceGraph;
use iacgrade_requirements::{trace, SideCode, TraceInput};
use iacgrade_rules::{check_all, RuleContext};
use iacgrade_score::calibrate::{calibrate_with, FitOptions};
use iacgrade_score::{
    documented_fixes, BlockerFacts, CalibrationSample, ComplexityFacts, FixedFix, PlatformMismatch,
    Policy, ScoreInput, TaskFacts,
};
use iacgrade_task::{load_task, Language, Origin, Platform, SourceFile, Task};

struct Options {
    corpus: PathBuf,
    out: Option<PathBuf>,
    samples: Option<PathBuf>,
    from_samples: Option<PathBuf>,
    folds: usize,
    limit: usize,
    ridge: f64,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        corpus: PathBuf::new(),
        out: None,
        samples: None,
        from_samples: None,
        folds: 5,
        limit: usize::MAX,
        ridge: FitOptions::default().ridge,
    };
    let mut corpus = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--out" => o.out = Some(PathBuf::from(value("--out")?)),
            "--samples" => o.samples = Some(PathBuf::from(value("--samples")?)),
            "--from-samples" => o.from_samples = Some(PathBuf::from(value("--from-samples")?)),
            "--folds" => {
                o.folds = value("--folds")?
                    .parse()
                    .map_err(|_| "--folds needs a number")?
            }
            "--limit" => {
                o.limit = value("--limit")?
                    .parse()
                    .map_err(|_| "--limit needs a number")?
            }
            "--ridge" => {
                o.ridge = value("--ridge")?
                    .parse()
                    .map_err(|_| "--ridge needs a number")?
            }
            other if corpus.is_none() && !other.starts_with("--") => {
                corpus = Some(PathBuf::from(other))
            }
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    o.corpus = corpus.ok_or("usage: calibrate CORPUS_DIR [--out policy.toml] [--samples samples.json] [--from-samples samples.json] [--folds N] [--limit N] [--ridge X]")?;
    Ok(o)
}

fn graph_of(files: &[SourceFile], platform: Option<Platform>) -> ResourceGraph {
    let mut graph = iacgrade_frontend_cfn::parse(files, platform);
    for other in [
        iacgrade_frontend_hcl::parse(files, platform),
        iacgrade_frontend_code::parse(files, platform),
    ] {
        graph.absorb(other);
    }
    graph
}

/// The key that says "the same finding" across the two sides.
fn key(f: &Finding, kind: Option<&str>) -> String {
    if f.rule.starts_with("REQ") {
        let head = f.message.split([';', '—']).next().unwrap_or_default();
        return if f.rule == "REQ002" {
            f.rule.clone()
        } else {
            format!("{}|{}", f.rule, head.trim())
        };
    }
    format!("{}|{}", f.rule, kind.unwrap_or_default())
}

struct SideFindings {
    findings: Vec<(String, Finding)>,
}

fn side_findings(
    graph: &ResourceGraph,
    prompt: &str,
    platform: Option<Platform>,
    language: Option<Language>,
    side: Side,
) -> SideFindings {
    let mut out = Vec::new();
    let mut ctx = RuleContext::new(graph).with_prompt(prompt);
    if let Some(p) = platform {
        ctx = ctx.with_platform(p);
    }
    for hit in check_all(&ctx) {
        let f = hit.to_finding(side);
        out.push((key(&f, hit.kind.as_deref()), f));
    }
    if let (Some(p), Some(l)) = (platform, language) {
        for hit in iacgrade_api::check_api(graph, p, l) {
            let f = hit.to_finding(side, iacgrade_findings::FindingStatus::Unfixed);
            out.push((key(&f, Some(&hit.symbol)), f));
        }
    }
    SideFindings { findings: out }
}

fn sample(task: &Task, dir_platform: Option<Platform>) -> Option<CalibrationSample> {
    let meta = task.metadata.as_ref()?;
    let recorded = meta.training_quality.as_ref()?.value;
    let platform = meta.platform.or(dir_platform);
    let language = meta.language;
    let model_files = task
        .final_model_response()
        .map(|d| iacgrade_extract::extract_answer(d, Origin::ModelResponse).files)
        .unwrap_or_default();
    let ideal_files = task
        .ideal_response
        .as_ref()
        .map(|d| iacgrade_extract::extract_answer(d, Origin::IdealResponse).files)
        .unwrap_or_default();
    let model_graph = graph_of(&model_files, platform);
    let ideal_graph = graph_of(&ideal_files, platform);
    let prompt: String = task
        .prompts
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");

    let has_ideal = task.ideal_response.is_some();
    let model_side = SideCode::new(&model_graph, &model_files).with_platform(platform);
    let ideal_side = SideCode::new(&ideal_graph, &ideal_files)
        .with_platform(platform)
        .with_region_pin(task.aws_region.as_deref());
    let tr = trace(&TraceInput {
        prompts: &task.prompts,
        metadata: Some(meta),
        model: task.final_model_response().map(|_| model_side),
        ideal: has_ideal.then_some(ideal_side),
    });

    let mut model = side_findings(&model_graph, &prompt, platform, language, Side::Model);
    let mut ideal = side_findings(&ideal_graph, &prompt, platform, language, Side::Ideal);
    for f in iacgrade_requirements::rules::findings(&tr, Side::Model) {
        model.findings.push((key(&f, None), f));
    }
    for f in iacgrade_requirements::rules::findings(&tr, Side::Ideal) {
        ideal.findings.push((key(&f, None), f));
    }
    let ideal_keys: HashSet<&String> = ideal.findings.iter().map(|(k, _)| k).collect();
    let fixed: Vec<FixedFix> = if has_ideal {
        model
            .findings
            .iter()
            .filter(|(k, _)| !ideal_keys.contains(k))
            .map(|(_, f)| FixedFix::from_finding(f))
            .collect()
    } else {
        Vec::new()
    };

    let mut blockers = BlockerFacts::from_trace(&tr);
    if let Some(d) = iacgrade_detect::detect(&ideal_files) {
        let platform_differs = meta.platform.is_some_and(|p| p != d.platform);
        let language_differs = meta.language.is_some_and(|l| !l.same_as(d.language));
        if platform_differs || language_differs {
            blockers.platform_mismatch = Some(PlatformMismatch {
                expected_platform: meta.platform,
                expected_language: meta.language,
                found_platform: Some(d.platform),
                found_language: Some(d.language),
                side: "ideal".into(),
            });
        }
    }
    let complexity =
        (!ideal_graph.resources.is_empty()).then(|| ComplexityFacts::from_graph(&ideal_graph));
    Some(CalibrationSample {
        task: task.root.display().to_string(),
        input: ScoreInput {
            fixed,
            blockers,
            complexity,
            task: TaskFacts {
                documented_fixes: task
                    .model_failures
                    .as_ref()
                    .map(|d| documented_fixes(&d.text)),
                declared_complexity: meta.complexity.clone(),
                turns: task.prompts.len(),
            },
        },
        recorded,
    })
}

fn task_dirs(corpus: &Path) -> Vec<(Option<Platform>, PathBuf)> {
    let mut out = Vec::new();
    let Ok(platforms) = std::fs::read_dir(corpus) else {
        return out;
    };
    for p in platforms
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
    {
        let name = p.file_name().to_string_lossy().into_owned();
        let platform = Platform::parse(name.split('-').next().unwrap_or_default());
        if let Ok(tasks) = std::fs::read_dir(p.path()) {
            for t in tasks.filter_map(|e| e.ok()).filter(|e| e.path().is_dir()) {
                out.push((platform, t.path()));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn main() {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Some(path) = &o.from_samples {
        let samples: Vec<CalibrationSample> = match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}: cannot read samples: {e}", path.display());
                std::process::exit(2);
            }
        };
        report_and_write(&o, &samples);
        return;
    }
    let dirs: Vec<_> = task_dirs(&o.corpus).into_iter().take(o.limit).collect();
    if dirs.is_empty() {
        eprintln!(
            "{}: no task directories (expected CORPUS/PLATFORM/TASK)",
            o.corpus.display()
        );
        std::process::exit(2);
    }
    let started = std::time::Instant::now();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4);
    let chunks: Vec<Vec<(Option<Platform>, PathBuf)>> = (0..workers)
        .map(|w| dirs.iter().skip(w).step_by(workers).cloned().collect())
        .collect();
    let mut samples: Vec<CalibrationSample> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|(p, dir)| sample(&load_task(dir), *p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    samples.sort_by(|a, b| a.task.cmp(&b.task));
    eprintln!(
        "{} tasks read, {} with a recorded score, in {:.1?}",
        dirs.len(),
        samples.len(),
        started.elapsed()
    );
    if let Some(path) = &o.samples {
        match serde_json::to_string(&samples) {
            Ok(text) => {
                if let Err(e) = std::fs::write(path, text) {
                    eprintln!("{}: cannot write samples: {e}", path.display());
                }
            }
            Err(e) => eprintln!("cannot serialise samples: {e}"),
        }
    }
    report_and_write(&o, &samples);
}

fn report_and_write(o: &Options, samples: &[CalibrationSample]) {
    let options = FitOptions {
        ridge: o.ridge,
        ..FitOptions::default()
    };
    let report = calibrate_with(samples, o.folds, &Policy::default(), options);
    let show = |name: &str, m: &iacgrade_score::calibrate::Metrics| {
        eprintln!(
            "{name:<28} MAE {:.3}  within ±1 {:.1}%  Spearman {}",
            m.mae,
            m.within_one * 100.0,
            m.spearman
                .map(|s| format!("{s:.3}"))
                .unwrap_or_else(|| "n/a".into())
        );
    };
    show("constant 9", &report.constant_9);
    show("default policy", &report.default_policy);
    show("calibrated (in sample)", &report.calibrated_in_sample);
    show(
        &format!("calibrated ({}-fold CV)", report.folds),
        &report.calibrated_cross_validated,
    );
    match serde_json::to_string_pretty(&report) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("cannot serialise the report: {e}"),
    }
    if let Some(out) = &o.out {
        match report.policy.to_toml() {
            Ok(text) => {
                let header = format!(
                    "# Calibrated by `cargo run -p iacgrade-score --example calibrate` on {} tasks.\n# {}-fold cross-validated MAE {:.3} (constant 9: {:.3}; default policy: {:.3}).\n\n",
                    report.samples, report.folds, report.calibrated_cross_validated.mae, report.constant_9.mae, report.default_policy.mae
                );
                if let Err(e) = std::fs::write(out, header + &text) {
                    eprintln!("{}: cannot write the policy: {e}", out.display());
                    std::process::exit(2);
                }
                eprintln!("policy written to {}", out.display());
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    }
}
