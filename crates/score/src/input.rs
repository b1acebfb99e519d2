//! What the score reads: the fixed findings, the blockers, and the ideal side's complexity.
//! The analysis stage fills a [`ScoreInput`]; calibration holds the same facts per task.

use iacgrade_findings::{Finding, FindingStatus, Severity};
use iacgrade_requirements::RequirementTrace;
use iacgrade_task::{Language, Platform};
use serde::{Deserialize, Serialize};

use crate::complexity::ComplexityFacts;

/// A fixed finding as the score needs it: rule, severity, and where it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixedFix {
    pub rule: String,
    pub severity: Severity,
    /// The category the finding carries (`Finding::category`); the policy's table decides,
    /// this is used only when no row of the table matches.
    pub category: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

impl FixedFix {
    pub fn from_finding(f: &Finding) -> Self {
        FixedFix {
            rule: f.rule.clone(),
            severity: f.severity,
            category: f.category.clone(),
            message: f.message.clone(),
            at: Some(match f.line {
                Some(l) => format!("{}:{l}", f.file),
                None => f.file.clone(),
            }),
        }
    }
}

/// The platform/language the code shows against the one metadata.json declares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformMismatch {
    pub expected_platform: Option<Platform>,
    pub expected_language: Option<Language>,
    pub found_platform: Option<Platform>,
    pub found_language: Option<Language>,
    /// Which answer the detection read ("ideal", "model").
    pub side: String,
}

/// A mandatory region the code did not follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WrongRegion {
    pub mandatory: Vec<String>,
    pub followed: Vec<String>,
    pub side: String,
}

/// Required services and how many the model's answer lacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceCoverage {
    pub required: usize,
    pub missing: Vec<String>,
}

impl ServiceCoverage {
    pub fn missing_share(&self) -> f64 {
        if self.required == 0 {
            0.0
        } else {
            self.missing.len() as f64 / self.required as f64
        }
    }
}

/// The facts the guide's blockers are decided on. `None` means "not detected" (or not known).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BlockerFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_mismatch: Option<PlatformMismatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrong_region: Option<WrongRegion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<ServiceCoverage>,
}

impl BlockerFacts {
    /// The region and service facts of a requirement trace: the region as the *ideal* side
    /// (the code that is deployed) followed it, the services as the *model* side lacks them.
    pub fn from_trace(trace: &RequirementTrace) -> Self {
        use iacgrade_requirements::{ItemKind, Verdict};
        let wrong_region = trace
            .items
            .iter()
            .find(|i| i.kind == ItemKind::Region && i.ideal == Verdict::Unmet)
            .map(|_| WrongRegion {
                mandatory: trace.regions.mandatory.clone(),
                followed: trace.regions.ideal_followed.regions.clone(),
                side: "ideal".into(),
            });
        let services = (!trace.services.required.is_empty()).then(|| ServiceCoverage {
            required: trace.services.required.len(),
            missing: trace.services.missing_model.clone(),
        });
        BlockerFacts {
            platform_mismatch: None,
            wrong_region,
            services,
        }
    }
}

/// Facts of the task itself that a policy may weigh (the default policy does not): how many
/// fixes the existing failure analysis (lib/MODEL_FAILURES.md) documents, the complexity the
/// metadata declares, and how many turns the request has.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TaskFacts {
    /// Sections of lib/MODEL_FAILURES.md that document a fix (see [`documented_fixes`]);
    /// `None` when the task has no such file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documented_fixes: Option<usize>,
    /// metadata.json `complexity` ("medium", "hard", "expert").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_complexity: Option<String>,
    /// Number of prompts (1 for a single-turn task).
    #[serde(default)]
    pub turns: usize,
    /// The platform and language metadata.json declares, as `platform-language`
    /// (`pulumi-ts`, `cfn-yaml`); see [`platform_key`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
}

/// The key of a declared platform and language: `pulumi-ts`, `cfn-yaml` (`yml` is `yaml`).
pub fn platform_key(platform: Platform, language: Language) -> String {
    let language = match language {
        Language::Yml => Language::Yaml,
        l => l,
    };
    format!("{platform}-{language}")
}

/// Findings by severity, in [`Severity::ALL`] order (critical, high, medium, low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeverityCounts(pub [usize; 4]);

impl SeverityCounts {
    pub fn add(&mut self, severity: Severity) {
        let i = Severity::ALL
            .iter()
            .position(|s| *s == severity)
            .unwrap_or(3);
        self.0[i] += 1;
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// Words of section headings of a failure analysis that do not document a fix.
const NOT_A_FIX: &[&str] = &[
    "summary",
    "overview",
    "conclusion",
    "introduction",
    "training",
    "lessons",
    "impact",
    "recommendation",
    "score",
    "table of contents",
    "key takeaways",
    "statistics",
    "files",
];

/// Counts the fixes a failure analysis documents: its level 2–4 headings outside code blocks,
/// except summaries and similar sections.
pub fn documented_fixes(text: &str) -> usize {
    let mut in_fence = false;
    text.lines()
        .filter(|line| {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                in_fence = !in_fence;
                return false;
            }
            if in_fence {
                return false;
            }
            let hashes = t.chars().take_while(|c| *c == '#').count();
            if !(2..=4).contains(&hashes) || !t[hashes..].starts_with(' ') {
                return false;
            }
            let title = t[hashes..].to_lowercase();
            !NOT_A_FIX.iter().any(|w| title.contains(w))
        })
        .count()
}

/// Everything the score is computed from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScoreInput {
    /// The model's failures the ideal answer fixed. Findings of any other status given to
    /// [`ScoreInput::with_findings`] are left out.
    pub fixed: Vec<FixedFix>,
    pub blockers: BlockerFacts,
    /// The ideal side's complexity; `None` when there is no ideal resource model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complexity: Option<ComplexityFacts>,
    #[serde(default)]
    pub task: TaskFacts,
    /// Findings in both answers (`standing`) by severity: what the ideal answer left as it was.
    #[serde(default)]
    pub standing: SeverityCounts,
    /// Findings only in the ideal answer (`regression`) by severity.
    #[serde(default)]
    pub regressions: SeverityCounts,
}

impl ScoreInput {
    /// Keeps the findings whose status is `fixed`, and counts the standing ones and the
    /// regressions by severity.
    pub fn with_findings<'a>(mut self, findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        for f in findings {
            match f.status {
                FindingStatus::Fixed => self.fixed.push(FixedFix::from_finding(f)),
                FindingStatus::Standing => self.standing.add(f.severity),
                FindingStatus::Regression => self.regressions.add(f.severity),
                FindingStatus::Unfixed => {}
            }
        }
        self
    }

    pub fn with_task_facts(mut self, task: TaskFacts) -> Self {
        self.task = task;
        self
    }

    pub fn with_blockers(mut self, blockers: BlockerFacts) -> Self {
        self.blockers = blockers;
        self
    }

    /// The complexity of the ideal side's resource model.
    pub fn with_ideal_graph(mut self, graph: &iacgrade_ir::ResourceGraph) -> Self {
        self.complexity = Some(ComplexityFacts::from_graph(graph));
        self
    }
}
