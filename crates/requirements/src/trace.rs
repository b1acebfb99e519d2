//! What the requirement trace reports (serialised into the review's `requirements`).

use iacgrade_rules::modality::Modality;
use iacgrade_task::{Diagnostic, Evidence};
use serde::Serialize;

use crate::prompt::regions::{RegionConflict, RegionMention};

/// Whether a side's code satisfies a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Unmet,
    /// The code does not say (a reference, a parameter, a construct default, a resource the
    /// front-end could not read) or no check maps the requirement.
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Unmet => "unmet",
            Verdict::Unknown => "unknown",
        }
    }
}

/// A verdict with its reason and the code that supports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub verdict: Verdict,
    pub why: String,
    pub evidence: Vec<Evidence>,
}

impl Outcome {
    pub fn met(why: impl Into<String>, evidence: Vec<Evidence>) -> Self {
        Outcome {
            verdict: Verdict::Met,
            why: why.into(),
            evidence,
        }
    }
    pub fn unmet(why: impl Into<String>, evidence: Vec<Evidence>) -> Self {
        Outcome {
            verdict: Verdict::Unmet,
            why: why.into(),
            evidence,
        }
    }
    pub fn unknown(why: impl Into<String>) -> Self {
        Outcome {
            verdict: Verdict::Unknown,
            why: why.into(),
            evidence: Vec::new(),
        }
    }
}

/// What kind of requirement an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// The region(s) everything must be deployed to.
    Region,
    /// The services the task requires (request and metadata).
    Services,
    /// A stated constraint or requirement of the request.
    Constraint,
}

/// One requirement, judged on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementItem {
    /// "R1", "R2", ... in order.
    pub id: String,
    pub text: String,
    pub kind: ItemKind,
    /// Where the request states it.
    pub source: Evidence,
    /// The title or heading the item belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The checks the item maps to (ids of the keyword table); empty when none does.
    pub checks: Vec<&'static str>,
    /// How the request asks for it (must, should, may, ...); region and service items are
    /// "must".
    pub modality: Modality,
    /// For a conditional item, its condition as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// CloudFormation kinds (or `AWS::Service::` namespaces) whose absence the item's checks
    /// report: what a "resource missing" comparison finding about the same thing names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    pub model: Verdict,
    pub ideal: Verdict,
    /// One line for people: both sides' reasons.
    pub evidence: String,
    pub model_why: String,
    pub ideal_why: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model_evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ideal_evidence: Vec<Evidence>,
}

/// The region the code of one side deploys to, and how that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowedRegion {
    /// Regions found, most authoritative first; empty when the code does not say.
    pub regions: Vec<String>,
    /// "provider" (a provider or stack env with a literal region), "pin" (AWS_REGION file,
    /// Pulumi config, variable default), "code" (region literals in the code text), or
    /// "unknown".
    pub basis: String,
    pub evidence: Vec<Evidence>,
    /// Which region of the request the code followed: "mandatory", "conflicting" (the other
    /// region of a conflict), "other" or "unknown".
    pub followed: String,
}

/// The request's regions and what each side did with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionTrace {
    pub mandatory: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandatory_source: Option<String>,
    pub mentioned: Vec<RegionMention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<RegionConflict>,
    pub model_followed: FollowedRegion,
    pub ideal_followed: FollowedRegion,
}

/// A required service and whether each side declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceRequirement {
    pub key: String,
    pub name: String,
    /// "prompt", "metadata" or both ("prompt+metadata").
    pub from: String,
    /// How the request asks for the service (must or should); `None` when only metadata.json
    /// lists it, which is a hint and never a finding by itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
    /// The sentence of the request that asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Evidence>,
    pub model: Verdict,
    pub ideal: Verdict,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub model_evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ideal_evidence: Vec<Evidence>,
}

/// The required services, and those each side lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ServiceTrace {
    pub required: Vec<ServiceRequirement>,
    /// Keys of services the request asks for (must or should) that the model's code does not
    /// declare (verdict unmet); services only metadata.json lists are never counted missing.
    pub missing_model: Vec<String>,
    pub missing_ideal: Vec<String>,
    /// metadata `aws_services` entries that name no known service (never counted missing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmapped: Vec<String>,
}

impl ServiceTrace {
    /// Share of required services missing on the model side (0 when none are required).
    pub fn missing_share_model(&self) -> f64 {
        if self.required.is_empty() {
            0.0
        } else {
            self.missing_model.len() as f64 / self.required.len() as f64
        }
    }
}

/// The requirement trace of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementTrace {
    pub items: Vec<RequirementItem>,
    pub regions: RegionTrace,
    pub services: ServiceTrace,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}
