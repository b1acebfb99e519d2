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
}

/// Runs `review` on the task directory at `path`. Never fails.
pub fn review_task(path: &Path) -> Judgement {
    review_task_with(path, &ReviewOptions::default())
}

/// Runs `review` with options. Never fails.
pub fn review_task_with(path: &Path, options: &ReviewOptions) -> Judgement {
    let mut judgement = check_task(path);
    let task = &judgement.task;
    let sides = &judgement.sides;
    let prompt = task.prompts.last().map(|p| p.text.as_str());

    let model_findings = side_findings(task, &sides.model, FindingSide::Model, prompt);
    let has_ideal = task.ideal_response.is_some() || task.has_project_tree();
    let ideal_findings =
        has_ideal.then(|| side_findings(task, &sides.ideal, FindingSide::Ideal, prompt));

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

    let mut positives = analysis.positives;
    positives.extend(suffix_positive(&sides.model));
    let report = &mut judgement.report;
    report.resources = Some(ResourceCounts {
        model: sides.model.facts.graph.resources.len(),
        ideal: sides.ideal.facts.graph.resources.len(),
    });
    report.findings = analysis.findings;
    report.diff = Some(analysis.diff);
    report.positives = positives;
    report.knowledge_gaps = analysis.knowledge_gaps;
    report.recommendations = analysis.recommendations;
    if options.compare_existing {
        if let Some(doc) = &judgement.task.model_failures {
            let labelled = iacgrade_labels::parse_model_failures(doc);
            report.existing = Some(iacgrade_labels::compare(&labelled, &report.findings));
        }
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
    prompt: Option<&str>,
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
    if let Some(p) = prompt {
        ctx = ctx.with_prompt(p);
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
        if !findings
            .iter()
            .any(|g| g.file == f.file && g.line == f.line)
        {
            findings.push(f);
        }
    }
    findings
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
