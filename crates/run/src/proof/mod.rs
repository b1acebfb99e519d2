//! Toolchain evidence as findings (the EXE family): what the run stage proved by running the
//! model's answer — a build that fails, a synth that raises, a template cfn-lint rejects, a
//! deployment the emulator refuses, the task's unit tests failing — each a critical finding at
//! the answer's line the tool names, with the tool's own words as evidence. One rule per file,
//! documented in its doc comment.
//!
//! A run proves something about the model only against the ideal answer run the same way: a
//! finding is `fixed` when the ideal side passes the stage, `standing` when both sides fail it
//! alike, and "not comparable" (status `unfixed`, never counted as a model failure) when the
//! ideal side fails it otherwise or could not be run — then the harness or the task is at fault
//! as much as the answer.

mod locate;

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::{Evidence, Platform};

use crate::options::Stage;
use crate::report::{RunReport, StageResult, StageStatus};

pub use locate::{locate, Located};

/// One rule of the family: identity, documentation and the fix it suggests.
#[derive(Debug, Clone, Copy)]
pub struct ToolchainRule {
    pub id: &'static str,
    pub name: &'static str,
    /// The rule's doc comment (markdown).
    pub documentation: &'static str,
    /// The reference a finding links to.
    pub docs: &'static str,
    pub fix: &'static str,
}

impl ToolchainRule {
    /// The documentation without the doc comments' leading space.
    pub fn documentation(&self) -> String {
        self.documentation
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Declares a rule whose documentation is its doc comment.
macro_rules! toolchain_rule {
    (
        $(#[doc = $doc:literal])*
        pub const RULE = {
            id: $id:literal,
            name: $name:literal,
            docs: $docs:literal,
            fix: $fix:literal,
        }
    ) => {
        $(#[doc = $doc])*
        pub const RULE: ToolchainRule = ToolchainRule {
            id: $id,
            name: $name,
            documentation: concat!($($doc, "\n"),*),
            docs: $docs,
            fix: $fix,
        };
    };
}

mod exe001_build_fails;
mod exe002_synth_fails;
mod exe003_template_invalid;
mod exe004_deploy_rejected;
mod exe005_unit_tests_fail;

use exe001_build_fails::RULE as BUILD_FAILS;
use exe002_synth_fails::RULE as SYNTH_FAILS;
use exe003_template_invalid::RULE as TEMPLATE_INVALID;
use exe004_deploy_rejected::RULE as DEPLOY_REJECTED;
use exe005_unit_tests_fail::RULE as UNIT_TESTS_FAIL;

/// Every rule of the family, in id order.
pub const TOOLCHAIN_RULES: &[ToolchainRule] = &[
    BUILD_FAILS,
    SYNTH_FAILS,
    TEMPLATE_INVALID,
    DEPLOY_REJECTED,
    UNIT_TESTS_FAIL,
];

/// The message of a finding the ideal side cannot vouch for.
pub const NOT_COMPARABLE: &str =
    "not comparable: the ideal answer also fails here (harness or task problem)";

/// The findings the model side's run proves, judged against the ideal side's run (`None`:
/// there is no ideal answer, or it was not run).
pub fn toolchain_findings(model: &RunReport, ideal: Option<&RunReport>) -> Vec<Finding> {
    let mut out = Vec::new();
    let cfn = model.platform == Some(Platform::Cfn);
    if cfn {
        out.extend(template_findings(model, ideal));
    }
    let build = stage_finding(model, ideal, Stage::Build, &BUILD_FAILS);
    let synth_rule = if cfn { &TEMPLATE_INVALID } else { &SYNTH_FAILS };
    let synth = stage_finding(model, ideal, Stage::Synth, synth_rule);
    // A build error usually stops the synth at the same place: one mistake, one finding.
    let synth = synth.filter(|s| match &build {
        None => true,
        Some(b) => s.line.is_some() && (b.file.as_str(), b.line) != (s.file.as_str(), s.line),
    });
    out.extend(build);
    out.extend(synth);
    out.extend(stage_finding(model, ideal, Stage::Deploy, &DEPLOY_REJECTED));
    let unit_failed = model
        .stage(Stage::Unit)
        .and_then(|s| s.figures.tests)
        .is_some_and(|t| t.failed > 0);
    if unit_failed {
        out.extend(stage_finding(model, ideal, Stage::Unit, &UNIT_TESTS_FAIL));
    }
    out
}

/// The tool's own words for a failed stage: its first error line, else its reason.
fn words_of(stage: &StageResult) -> String {
    match &stage.figures.first_error {
        Some(e) => e.clone(),
        None => stage.reason.clone(),
    }
}

/// The words without what differs between two runs of the same mistake: paths, numbers.
fn normalised(words: &str) -> String {
    words
        .split_whitespace()
        .filter(|w| !w.contains('/'))
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// How the ideal side's run of `stage` qualifies a model failure with `words`.
fn compare(
    ideal: Option<&RunReport>,
    stage: Stage,
    words: &str,
) -> (FindingStatus, Option<String>) {
    let Some(result) = ideal.and_then(|r| r.stage(stage)) else {
        return (
            FindingStatus::Unfixed,
            Some(format!(
                "not comparable: the ideal answer's {} stage was not run",
                stage.as_str()
            )),
        );
    };
    match result.status {
        StageStatus::Passed => (FindingStatus::Fixed, None),
        StageStatus::Failed if normalised(&words_of(result)) == normalised(words) => {
            (FindingStatus::Standing, None)
        }
        StageStatus::Failed | StageStatus::TimedOut => {
            (FindingStatus::Unfixed, Some(NOT_COMPARABLE.to_string()))
        }
        StageStatus::NotChecked | StageStatus::Skipped => (
            FindingStatus::Unfixed,
            Some(format!(
                "not comparable: the ideal answer's {} stage is {} ({})",
                stage.as_str(),
                result.status.as_str(),
                result.reason
            )),
        ),
    }
}

/// The finding of one failed stage of the model side, when its tools ran and said why.
fn stage_finding(
    model: &RunReport,
    ideal: Option<&RunReport>,
    stage: Stage,
    rule: &ToolchainRule,
) -> Option<Finding> {
    let result = model.stage(stage)?;
    if result.status != StageStatus::Failed || result.commands.is_empty() {
        return None;
    }
    let words = words_of(result);
    let place = locate(&result.log, &model.sources);
    let (status, note) = compare(ideal, stage, &words);
    let verdict = result.reason.trim_end_matches('.');
    let mut message = if result.reason.contains(words.as_str()) {
        verdict.to_string()
    } else {
        format!("{verdict}: {words}")
    };
    if let Some(note) = note {
        message = format!("{note} — {message}");
    }
    Some(finding(rule, model, place, status, message, &words))
}

/// A finding of `rule` at `place`, with the tool's words as its evidence.
fn finding(
    rule: &ToolchainRule,
    model: &RunReport,
    place: Option<Located<'_>>,
    status: FindingStatus,
    message: String,
    words: &str,
) -> Finding {
    let fallback_document = model
        .sources
        .first()
        .map(|s| s.document.clone())
        .unwrap_or_else(|| "lib/MODEL_RESPONSE.md".to_string());
    let (file, line, evidence) = match &place {
        Some(at) => (
            at.source.name.clone(),
            Some(at.line),
            Evidence::new(at.source.document.clone(), Some(at.document_line()), words),
        ),
        None => (
            fallback_document.clone(),
            None,
            Evidence::new(fallback_document, None, words),
        ),
    };
    Finding {
        rule: rule.id.to_string(),
        name: rule.name.to_string(),
        severity: Severity::Critical,
        category: String::new(),
        status,
        side: Side::Model,
        file,
        line,
        message,
        model_snippet: None,
        ideal_snippet: None,
        root_cause: Some(words.to_string()),
        fix: Some(rule.fix.to_string()),
        docs: Some(rule.docs.to_string()),
        also_at: Vec::new(),
        evidence: vec![evidence],
    }
}

/// One cfn-lint error of the parseable format ("file:line:col:endline:endcol:E3030:message").
#[derive(Debug, Clone, PartialEq, Eq)]
struct LintError {
    path: String,
    line: usize,
    rule: String,
    message: String,
}

fn lint_errors(log: &str) -> Vec<LintError> {
    let mut out: Vec<LintError> = Vec::new();
    for line in log.lines() {
        let parts: Vec<&str> = line.trim().splitn(7, ':').collect();
        let [path, row, _, _, _, rule, message] = parts.as_slice() else {
            continue;
        };
        let is_error = rule.len() == 5
            && rule.starts_with('E')
            && rule[1..].chars().all(|c| c.is_ascii_digit());
        let Ok(row) = row.parse::<usize>() else {
            continue;
        };
        if !is_error {
            continue;
        }
        let error = LintError {
            path: path.to_string(),
            line: row,
            rule: rule.to_string(),
            message: message.trim().to_string(),
        };
        if !out
            .iter()
            .any(|e| e.rule == error.rule && e.message == error.message)
        {
            out.push(error);
        }
    }
    out
}

/// One finding per distinct cfn-lint error of the model's template.
fn template_findings(model: &RunReport, ideal: Option<&RunReport>) -> Vec<Finding> {
    let Some(lint) = model.stage(Stage::Lint) else {
        return Vec::new();
    };
    if lint.status != StageStatus::Failed {
        return Vec::new();
    }
    let ideal_lint = ideal.and_then(|r| r.stage(Stage::Lint));
    let ideal_errors = ideal_lint.map(|s| lint_errors(&s.log)).unwrap_or_default();
    lint_errors(&lint.log)
        .into_iter()
        .map(|error| {
            let words = format!("cfn-lint {}: {}", error.rule, error.message);
            let (status, note) = match ideal_lint.map(|s| s.status) {
                Some(StageStatus::Passed) => (FindingStatus::Fixed, None),
                Some(StageStatus::Failed)
                    if ideal_errors
                        .iter()
                        .any(|e| e.rule == error.rule && e.message == error.message) =>
                {
                    (FindingStatus::Standing, None)
                }
                // The ideal template was checked and has other errors, not this one.
                Some(StageStatus::Failed) if !ideal_errors.is_empty() => {
                    (FindingStatus::Fixed, None)
                }
                _ => compare(ideal, Stage::Lint, &words),
            };
            let place = locate::locate(&format!("{}:{}", error.path, error.line), &model.sources);
            let message = match note {
                Some(note) => format!("{note} — {words}"),
                None => words.clone(),
            };
            finding(&TEMPLATE_INVALID, model, place, status, message, &words)
        })
        .collect()
}

#[cfg(test)]
mod tests;
