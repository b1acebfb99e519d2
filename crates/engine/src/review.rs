//! `review`: everything static — the checkpoints, the API check and the policy rules on both
//! sides, the model-vs-ideal analysis and the report.

use std::path::Path;

use iacgrade_analysis::{analyse, PracticeCheck, SideInput};
use iacgrade_checks::checkpoints::f_environment_suffix;
use iacgrade_findings::{Finding, Side as FindingSide};
use iacgrade_report::{Positive, ResourceCounts};
use iacgrade_task::{Language, Platform, Task};

use crate::sides::Side;
use crate::{check_task, Judgement};

/// What `review` does beyond the default.
#[derive(Debug, Clone, Default)]
pub struct ReviewOptions {
    /// Compare the findings with the task's own lib/MODEL_FAILURES.md.
    pub compare_existing: bool,
    /// The scoring policy; the default policy (the scoring guide) when `None`.
    pub policy: Option<iacgrade_score::Policy>,
    /// Rule selection and severity overrides (`iacgrade.toml`, `--select`, `--ignore`).
    pub findings: iacgrade_config::FindingPolicy,
    /// Also run both sides' real toolchains (`review --run`, `corpus --run`): checkpoints G, H
    /// and I, the stages' summaries, and the findings the model side's run proves.
    pub run: Option<iacgrade_run::RunOptions>,
}

/// Runs `review` on the task directory at `path`. Never fails.
pub fn review_task(path: &Path) -> Judgement {
    review_task_with(path, &ReviewOptions::default())
}

/// Runs `review` with options. Never fails.
pub fn review_task_with(path: &Path, options: &ReviewOptions) -> Judgement {
    let mut judgement = check_task(path);
    // No answer, no verdict: the checkpoints say what is there, nothing is scored. The labels
    // are still checked: an answer without code, or in a language iacgrade does not analyse,
    // still shows what its text holds.
    if !judgement.report.judged {
        if options.compare_existing {
            crate::existing::add_existing(&mut judgement);
        }
        return judgement;
    }
    let task = &judgement.task;
    let sides = &judgement.sides;
    let prompt = task.prompts.last().map(|p| p.text.as_str());
    // Analysed once for the rules of both sides.
    let request = prompt.map(|p| (p, iacgrade_rules::prompt::Request::new(p)));
    let request = request.as_ref().map(|(p, r)| (*p, r));

    let has_ideal = task.ideal_response.is_some() || task.has_project_tree();
    let trace = requirement_trace(task, sides, has_ideal);
    let mut model_findings = side_findings(task, &sides.model, FindingSide::Model, request);
    model_findings.extend(iacgrade_requirements::rules::findings(
        &trace,
        FindingSide::Model,
    ));
    let ideal_findings = has_ideal.then(|| {
        let mut f = side_findings(task, &sides.ideal, FindingSide::Ideal, request);
        f.extend(iacgrade_requirements::rules::findings(
            &trace,
            FindingSide::Ideal,
        ));
        f
    });

    let model_document = task
        .final_model_response()
        .map(|d| d.path.clone())
        .unwrap_or_else(|| "lib/MODEL_RESPONSE.md".into());
    let analysis = analyse(
        SideInput {
            files: &sides.model.facts.files,
            graph: &sides.model.facts.graph,
            findings: model_findings,
        },
        ideal_findings.map(|findings| SideInput {
            files: &sides.ideal.facts.files,
            graph: &sides.ideal.facts.graph,
            findings,
        }),
        &model_document,
        PracticeCheck::DEFAULTS,
    );

    // One unmet requirement is one finding; requirement findings are fixed only where the
    // ideal meets them.
    let mut findings = iacgrade_requirements::rules::consolidate(analysis.findings, &trace);
    findings
        .iter_mut()
        .for_each(iacgrade_analysis::classify::classify);
    iacgrade_analysis::sort_findings(&mut findings);
    let mut positives = analysis.positives;
    positives.extend(suffix_positive(&sides.model));
    positives.extend(requirement_positives(&trace));
    let mut notes = requirement_notes(&trace);
    notes.extend(analysis.notes);
    notes.extend(cannot_run_note(&findings));
    let requirements = trace
        .items
        .iter()
        .map(|i| {
            let mut r = iacgrade_report::Requirement {
                id: i.id.clone(),
                text: i.text.clone(),
                model: i.model.as_str().to_string(),
                ideal: i.ideal.as_str().to_string(),
                evidence: i.evidence.clone(),
                modality: Some(i.modality.as_str().to_string()),
                condition: i.condition.clone(),
            };
            judge_platform_requirement(task, sides, &mut r);
            r
        })
        .collect();
    let report = &mut judgement.report;
    report.resources = Some(ResourceCounts {
        model: sides.model.facts.graph.resources.len(),
        ideal: sides.ideal.facts.graph.resources.len(),
    });
    report.findings = findings;
    report
        .findings
        .extend(iacgrade_checks::integrity::check_integrity(
            &iacgrade_checks::CheckInput {
                task,
                model: &sides.model.facts,
                ideal: &sides.ideal.facts,
            },
        ));
    if let Some(run) = &options.run {
        let mut findings = std::mem::take(&mut report.findings);
        crate::execution::run_and_prove(task, report, &mut findings, run);
        report.findings = findings;
    }
    // The configuration's selection and severities, then the answers' own suppressions, both
    // before the score: it counts neither a deselected nor a suppressed finding. The run's
    // findings are among them.
    if options.findings.apply(&mut report.findings) {
        report
            .findings
            .iter_mut()
            .for_each(iacgrade_analysis::classify::classify);
    }
    report.suppressions = iacgrade_config::in_source_suppressions(
        &report.findings,
        iacgrade_config::SideSources {
            files: &sides.model.facts.files,
            graph: &sides.model.facts.graph,
        },
        iacgrade_config::SideSources {
            files: &sides.ideal.facts.files,
            graph: &sides.ideal.facts.graph,
        },
    );
    report.diff = Some(analysis.diff);
    report.positives = positives;
    report.knowledge_gaps = analysis.knowledge_gaps;
    report.recommendations = analysis.recommendations;
    report.requirements = requirements;
    report.notes = notes;
    let policy = options
        .policy
        .as_ref()
        .unwrap_or_else(|| iacgrade_score::Policy::embedded());
    let counted = report
        .findings
        .iter()
        .enumerate()
        .filter(|(i, _)| !report.is_suppressed_in_source(*i))
        .map(|(_, f)| f);
    let input = score_input(task, sides, &trace, counted);
    let score = iacgrade_score::score(&input, policy);
    judgement.score_input = Some(input);
    report.score = Some(report_score(score));
    if options.compare_existing {
        crate::existing::add_existing(&mut judgement);
    }
    judgement
}

/// The platform and language a side's code is checked against: what its code is written in,
/// or, when that cannot be told, what the metadata declares.
fn side_platform(task: &Task, side: &Side) -> Option<(Platform, Language)> {
    if let Some(d) = &side.facts.detected {
        return Some((d.platform, d.language));
    }
    let meta = task.metadata.as_ref()?;
    Some((meta.platform?, meta.language?))
}

/// Every check that reads one side's code: the API check and the policy rules.
fn side_findings(
    task: &Task,
    side: &Side,
    which: FindingSide,
    request: Option<(&str, &iacgrade_rules::prompt::Request)>,
) -> Vec<Finding> {
    let graph = &side.facts.graph;
    let mut findings = Vec::new();
    let platform = side_platform(task, side);
    if let Some((platform, language)) = platform {
        findings.extend(
            iacgrade_api::check_api(graph, platform, language)
                .into_iter()
                .map(|f| f.to_finding(which, iacgrade_findings::FindingStatus::Unfixed)),
        );
    }
    let mut ctx = iacgrade_rules::RuleContext::new(graph);
    if let Some((prompt, request)) = request {
        ctx = ctx.with_request(prompt, request);
    }
    if let Some((platform, _)) = platform {
        ctx = ctx.with_platform(platform);
    }
    for rule in iacgrade_rules::all_rules() {
        findings.extend(rule.check(&ctx).into_iter().map(|h| h.to_finding(which)));
    }
    // Source rules see what the model cannot follow; a line already reported by a rule on the
    // resource model is not reported twice.
    for f in iacgrade_checks::source_rules::check_sources(&side.facts.files, which) {
        let reported = match f.line {
            Some(line) => findings.iter().any(|g| g.is_at(&f.file, line)),
            None => findings
                .iter()
                .any(|g| g.file == f.file && g.line.is_none()),
        };
        if !reported {
            findings.push(f);
        }
    }
    iacgrade_findings::gather_repeats(findings)
}

/// Full use of the environment suffix is worth saying: it is a requirement of every task.
fn suffix_positive(model: &Side) -> Option<Positive> {
    let cp = f_environment_suffix::check_graph(
        &model.facts.graph,
        f_environment_suffix::DEFAULT_SUFFIX_THRESHOLD,
    );
    (cp.status == iacgrade_findings::CheckStatus::Pass && cp.message.contains("(100%)")).then(
        || Positive {
            text: "Environment suffix in every resource name".into(),
            evidence: Some(cp.message),
        },
    )
}

/// The request traced through both sides' resource graphs.
fn requirement_trace(
    task: &Task,
    sides: &crate::TaskSides,
    has_ideal: bool,
) -> iacgrade_requirements::RequirementTrace {
    let metadata_platform = task.metadata.as_ref().and_then(|m| m.platform);
    fn side_code<'a>(
        side: &'a Side,
        pin: Option<&'a str>,
        fallback: Option<Platform>,
    ) -> iacgrade_requirements::SideCode<'a> {
        let mut code = iacgrade_requirements::SideCode::new(&side.facts.graph, &side.facts.files);
        code.platform = side
            .facts
            .detected
            .as_ref()
            .map(|d| d.platform)
            .or(fallback);
        code.region_pin = pin;
        code
    }
    iacgrade_requirements::trace(&iacgrade_requirements::TraceInput {
        prompts: &task.prompts,
        metadata: task.metadata.as_ref(),
        model: task
            .final_model_response()
            .is_some()
            .then(|| side_code(&sides.model, None, metadata_platform)),
        ideal: has_ideal
            .then(|| side_code(&sides.ideal, task.aws_region.as_deref(), metadata_platform)),
    })
}

/// Requirements the model met are positives; the request's own contradictions are notes.
fn requirement_positives(trace: &iacgrade_requirements::RequirementTrace) -> Vec<Positive> {
    trace
        .items
        .iter()
        .filter(|i| i.model == iacgrade_requirements::Verdict::Met)
        .map(|i| Positive {
            text: format!("Requirement {} met: {}", i.id, i.text),
            evidence: Some(i.model_why.clone()),
        })
        .collect()
}

fn requirement_notes(trace: &iacgrade_requirements::RequirementTrace) -> Vec<String> {
    let mut notes = Vec::new();
    let r = &trace.regions;
    if let Some(c) = &r.conflict {
        let followed = |f: &iacgrade_requirements::FollowedRegion| match f.followed.as_str() {
            "mandatory" => format!("followed the mandatory region {}", f.regions.join(", ")),
            "conflicting" => format!("followed the conflicting region {}", f.regions.join(", ")),
            "unknown" => "does not say which region it deploys to".to_string(),
            _ => format!("deploys to {}", f.regions.join(", ")),
        };
        notes.push(format!(
            "The request contradicts itself on the region: {} is mandatory ({}), while {} is mentioned ({}). {} The model answer {}; the ideal answer {}.",
            c.mandatory, c.mandatory_at, c.other, c.other_at, c.why,
            followed(&r.model_followed),
            followed(&r.ideal_followed)
        ));
    }
    notes
}

/// The score's input: the fixed findings, the blockers and the ideal side's complexity.
fn score_input<'a>(
    task: &Task,
    sides: &crate::TaskSides,
    trace: &iacgrade_requirements::RequirementTrace,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> iacgrade_score::ScoreInput {
    let mut blockers = iacgrade_score::BlockerFacts::from_trace(trace);
    let meta = task.metadata.as_ref();
    let (expected_platform, expected_language) =
        (meta.and_then(|m| m.platform), meta.and_then(|m| m.language));
    // The guide's platform blocker: the deployed (ideal) code is not what the task declares.
    if let (Some(p), Some(l), Some(d)) = (
        expected_platform,
        expected_language,
        &sides.ideal.facts.detected,
    ) {
        if d.platform != p || !d.language.same_as(l) {
            blockers.platform_mismatch = Some(iacgrade_score::PlatformMismatch {
                expected_platform: Some(p),
                expected_language: Some(l),
                found_platform: Some(d.platform),
                found_language: Some(d.language),
                side: "ideal".into(),
            });
        }
    }
    let task_facts = iacgrade_score::TaskFacts {
        documented_fixes: task
            .model_failures
            .as_ref()
            .map(|d| iacgrade_score::documented_fixes(&d.text)),
        declared_complexity: meta.and_then(|m| m.complexity.clone()),
        turns: task.prompts.len(),
        platform: expected_platform
            .zip(expected_language)
            .map(|(p, l)| iacgrade_score::platform_key(p, l)),
    };
    let mut input = iacgrade_score::ScoreInput::default()
        .with_findings(findings)
        .with_blockers(blockers)
        .with_task_facts(task_facts);
    if !sides.ideal.facts.graph.resources.is_empty() {
        input = input.with_ideal_graph(&sides.ideal.facts.graph);
    }
    input
}

/// A program with an invented API fails before it provisions anything: say so next to the
/// requirement trace, which judges the code as written.
fn cannot_run_note(findings: &[Finding]) -> Option<String> {
    let f = findings.iter().find(|f| {
        f.rule.starts_with("API")
            && f.severity == iacgrade_findings::Severity::Critical
            && f.status == iacgrade_findings::FindingStatus::Fixed
    })?;
    Some(format!(
        "The model's program cannot run as written: {} ({}{}). Its requirements are traced on the code as written; they hold once that line is fixed.",
        f.message,
        f.file,
        f.line.map(|l| format!(":{l}")).unwrap_or_default()
    ))
}

/// A requirement that names the task's platform and language ("written with Pulumi in Python")
/// is met by a side whose code is detected as that platform and language.
fn judge_platform_requirement(
    task: &Task,
    sides: &crate::TaskSides,
    r: &mut iacgrade_report::Requirement,
) {
    let Some(meta) = task.metadata.as_ref() else {
        return;
    };
    let (Some(platform), Some(language)) = (meta.platform, meta.language) else {
        return;
    };
    let text = r.text.to_ascii_lowercase();
    let platform_words: &[&str] = match platform {
        Platform::Cdk => &["cdk"],
        Platform::Cdktf => &["cdktf", "cdk for terraform"],
        Platform::Pulumi => &["pulumi"],
        Platform::Tf => &["terraform"],
        Platform::Cfn => &["cloudformation"],
        Platform::Analysis | Platform::Cicd => return,
    };
    let language_words: &[&str] = match language {
        Language::Py => &["python"],
        Language::Ts => &["typescript"],
        Language::Js => &["javascript"],
        Language::Go => &["go", "golang"],
        Language::Java => &["java"],
        Language::Hcl => &["hcl", "terraform"],
        Language::Yaml | Language::Yml => &["yaml"],
        Language::Json => &["json"],
        Language::Sh => &["bash", "shell"],
    };
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let names = |list: &[&str]| {
        list.iter()
            .any(|w| words.contains(w) || (w.contains(' ') && text.contains(w)))
    };
    if !(names(platform_words) && names(language_words)) {
        return;
    }
    let verdict = |side: &Side| match &side.facts.detected {
        Some(d) if d.platform == platform && d.language.same_as(language) => "met",
        Some(_) => "unmet",
        None => "unknown",
    };
    if r.model == "unknown" {
        r.model = verdict(&sides.model).into();
    }
    if r.ideal == "unknown" {
        r.ideal = verdict(&sides.ideal).into();
    }
    r.evidence = format!(
        "platform and language detected from the code; {}",
        r.evidence
    );
}

/// A computed score as the report shows it, with every step.
pub(crate) fn report_score(score: iacgrade_score::Score) -> iacgrade_report::Score {
    iacgrade_report::Score {
        value: score.value,
        policy: score.policy,
        steps: score
            .steps
            .into_iter()
            .map(|s| iacgrade_report::ScoreStep {
                step: s.step,
                delta: s.delta,
                why: s.why,
            })
            .collect(),
    }
}
