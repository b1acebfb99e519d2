//! What the model got right, what it did not know, and what to do about it.
//!
//! A practice counts as a positive when the model side declares resources the practice applies
//! to and the practice's rule found nothing there. Knowledge gaps and recommendations are one
//! sentence per rule family among the model's failures.

use std::collections::BTreeMap;

use iacgrade_findings::{Finding, FindingStatus};
use iacgrade_ir::ResourceGraph;
use iacgrade_report::{DiffSummary, Positive};

use crate::classify::family;

/// A good practice whose rule's silence on the model side is worth saying.
#[derive(Debug, Clone, Copy)]
pub struct PracticeCheck {
    /// The rule that reports the practice missing.
    pub rule: &'static str,
    /// Resource kinds the practice applies to.
    pub kinds: &'static [&'static str],
    /// What the model did right, as a reviewer would say it.
    pub text: &'static str,
}

impl PracticeCheck {
    pub const DEFAULTS: &'static [PracticeCheck] = &[
        PracticeCheck {
            rule: "TLS001",
            kinds: &["AWS::ElastiCache::ReplicationGroup"],
            text: "Redis connections encrypted in transit (TLS)",
        },
        PracticeCheck {
            rule: "ENC005",
            kinds: &["AWS::ElastiCache::ReplicationGroup"],
            text: "Redis data encrypted at rest",
        },
        PracticeCheck {
            rule: "AVL002",
            kinds: &["AWS::ElastiCache::ReplicationGroup"],
            text: "Redis replicated across availability zones with automatic failover",
        },
        PracticeCheck {
            rule: "AVL001",
            kinds: &["AWS::RDS::DBInstance"],
            text: "Database deployed Multi-AZ",
        },
        PracticeCheck {
            rule: "ENC002",
            kinds: &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
            text: "Database storage encrypted",
        },
        PracticeCheck {
            rule: "NET003",
            kinds: &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
            text: "Database not publicly accessible",
        },
        PracticeCheck {
            rule: "ENC001",
            kinds: &["AWS::S3::Bucket"],
            text: "S3 buckets encrypted at rest",
        },
        PracticeCheck {
            rule: "NET002",
            kinds: &["AWS::S3::Bucket"],
            text: "S3 public access blocked",
        },
        PracticeCheck {
            rule: "NET004",
            kinds: &["AWS::ECS::Service"],
            text: "Service tasks run in private subnets without public IPs",
        },
        PracticeCheck {
            rule: "NET001",
            kinds: &["AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"],
            text: "No administrative or database port open to the internet",
        },
        PracticeCheck {
            rule: "IAM001",
            kinds: &[
                "AWS::IAM::Role",
                "AWS::IAM::Policy",
                "AWS::IAM::RolePolicy",
                "AWS::IAM::ManagedPolicy",
            ],
            text: "IAM policies without wildcard administrator statements",
        },
        PracticeCheck {
            rule: "SEC001",
            kinds: &[
                "AWS::ECS::TaskDefinition",
                "AWS::Lambda::Function",
                "AWS::RDS::DBInstance",
                "AWS::RDS::DBCluster",
                "AWS::ElastiCache::ReplicationGroup",
            ],
            text: "No secrets in plain text: credentials come from a secrets store",
        },
        PracticeCheck {
            rule: "LOG001",
            kinds: &["AWS::Logs::LogGroup"],
            text: "Log retention set",
        },
        PracticeCheck {
            rule: "ENC006",
            kinds: &["AWS::SQS::Queue"],
            text: "Queues encrypted",
        },
        PracticeCheck {
            rule: "ENC003",
            kinds: &["AWS::EC2::Volume", "AWS::EC2::LaunchTemplate"],
            text: "EBS volumes encrypted",
        },
        PracticeCheck {
            rule: "TLS003",
            kinds: &["AWS::ElasticLoadBalancingV2::Listener"],
            text: "Load balancer listeners use HTTPS",
        },
    ];
}

pub(crate) fn positives(
    model: &ResourceGraph,
    findings: &[Finding],
    practices: &[PracticeCheck],
    diff: &DiffSummary,
) -> Vec<Positive> {
    let mut out = Vec::new();
    for p in practices.iter().filter(|p| !p.kinds.is_empty()) {
        let applicable: Vec<_> = model
            .resources
            .iter()
            .filter(|r| p.kinds.contains(&r.kind.as_str()) && !crate::is_data_source(r))
            .collect();
        if applicable.is_empty() {
            continue;
        }
        let flagged = findings.iter().any(|f| {
            f.rule == p.rule
                && matches!(
                    f.status,
                    FindingStatus::Fixed | FindingStatus::Standing | FindingStatus::Unfixed
                )
        });
        if !flagged {
            let first = applicable[0];
            out.push(Positive {
                text: p.text.to_string(),
                evidence: Some(format!(
                    "{} {} ({}:{})",
                    first.kind,
                    first.logical_name.render(),
                    first.span.file,
                    first.span.line
                )),
            });
        }
    }
    if diff.files.paired > 0 && diff.unchanged_share >= 0.9 {
        out.push(Positive {
            text: format!(
                "{:.0}% of the model's lines were kept unchanged by the correction",
                diff.unchanged_share * 100.0
            ),
            evidence: None,
        });
    }
    out
}

fn gap_and_recommendation(family: &str) -> Option<(&'static str, &'static str)> {
    Some(match family {
        "API" => (
            "The exact surface of the SDK: which modules, classes and arguments exist",
            "Check every SDK name against the package (its type stubs or API reference) before using it; prefer names seen in the package's own examples.",
        ),
        "PLT" => (
            "Which platform and language the task mandates",
            "Restate the mandated platform and language before writing code, and keep to them.",
        ),
        "ENC" => (
            "Encryption at rest as a default for every data store",
            "Enable encryption at rest (with a customer-managed key where the request asks for one) on every store the stack creates.",
        ),
        "TLS" => (
            "Encryption in transit for every connection",
            "Turn on TLS for caches, databases and listeners, and deny plain-text access in resource policies.",
        ),
        "NET" => (
            "Network isolation: private subnets and narrow security groups",
            "Keep workloads and data stores in private subnets and open ports only to the security groups that need them.",
        ),
        "IAM" => (
            "Least-privilege IAM",
            "Scope every statement to the actions and resources the workload uses; never pair `*` actions with `*` resources.",
        ),
        "SEC" => (
            "Secrets handling through Secrets Manager or SSM",
            "Generate secrets, store them in Secrets Manager or SSM, and pass them by reference.",
        ),
        "AVL" => (
            "High availability across availability zones",
            "Spread stateful services over at least two availability zones with automatic failover.",
        ),
        "LOG" => (
            "Logging and monitoring",
            "Set log retention, enable VPC flow logs, and add the audit trail the request asks for.",
        ),
        "DST" => (
            "Destroyable test stacks",
            "Use DESTROY removal policies and no deletion protection in stacks that are deployed for testing.",
        ),
        "REQ" => (
            "Reading the request's constraints completely",
            "Turn every constraint of the request into a checklist and verify the code against it.",
        ),
        "DIFF" => (
            "The design the task calls for",
            "Compare the declared resources with the request's services and constraints before answering.",
        ),
        "IMG" | "RUN" => (
            "Current, pinned runtime and image versions",
            "Pin image tags and use supported runtimes.",
        ),
        _ => return None,
    })
}

pub(crate) fn gaps_and_recommendations(findings: &[Finding]) -> (Vec<String>, Vec<String>) {
    // Families in order of their most severe failure.
    let mut families: BTreeMap<String, (iacgrade_findings::Severity, Vec<&Finding>)> =
        BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed))
    {
        let entry = families
            .entry(family(&f.rule).to_string())
            .or_insert((f.severity, Vec::new()));
        entry.0 = entry.0.min(f.severity);
        entry.1.push(f);
    }
    let mut ordered: Vec<_> = families.into_iter().collect();
    ordered.sort_by_key(|(name, (sev, _))| (*sev, name.clone()));
    let mut gaps = Vec::new();
    let mut recs = Vec::new();
    for (name, (_, items)) in ordered {
        let Some((gap, rec)) = gap_and_recommendation(&name) else {
            continue;
        };
        let example = items
            .first()
            .map(|f| format!(" (e.g. {}: {})", f.rule, f.message))
            .unwrap_or_default();
        gaps.push(format!("{gap}{example}"));
        recs.push(rec.to_string());
    }
    (gaps, recs)
}
