//! What the model got right, what it did not know, and what to do about it.
//!
//! A practice counts as a positive when the model side declares resources the practice applies
//! to, the practice's rule found nothing there, and the practice *holds* on every one of them
//! as the rules read the code: `Encrypted: true` written on the volume, an HTTPS listener or
//! one that redirects. A rule's silence alone is not enough — rules that read the request stay
//! silent when the request does not ask, and a setting the code leaves out is no evidence.
//! Practices that claim an absence (no world-open admin port, no wildcard administrator
//! statement) hold when their rule, which always runs, found nothing. Knowledge gaps and
//! recommendations are one sentence per rule family among the model's failures.

use std::collections::BTreeMap;

use iacgrade_findings::{Finding, FindingStatus};
use iacgrade_ir::{Resource, ResourceGraph, Value};
use iacgrade_report::{DiffSummary, Positive};
use iacgrade_rules::props::{elements, enum_member, flag_value, get, key_eq, str_at, Flag};

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
    /// Whether the practice holds on one resource, as its code is written; `None` for
    /// practices that claim an absence their always-running rule looks for.
    pub holds: Option<fn(&Resource) -> bool>,
}

impl PracticeCheck {
    pub const DEFAULTS: &'static [PracticeCheck] = &[
        PracticeCheck {
            rule: "TLS001",
            kinds: &["AWS::ElastiCache::ReplicationGroup"],
            text: "Redis connections encrypted in transit (TLS)",
            holds: Some(|r| on_anywhere(r, &["TransitEncryptionEnabled"])),
        },
        PracticeCheck {
            rule: "ENC005",
            kinds: &["AWS::ElastiCache::ReplicationGroup"],
            text: "Redis data encrypted at rest",
            holds: Some(|r| on_anywhere(r, &["AtRestEncryptionEnabled"])),
        },
        PracticeCheck {
            rule: "AVL002",
            kinds: &["AWS::ElastiCache::ReplicationGroup"],
            text: "Redis replicated across availability zones with automatic failover",
            holds: Some(|r| on_anywhere(r, &["AutomaticFailoverEnabled"])),
        },
        PracticeCheck {
            rule: "AVL001",
            kinds: &["AWS::RDS::DBInstance"],
            text: "Database deployed Multi-AZ",
            holds: Some(|r| on_anywhere(r, &["MultiAZ", "multi_az"])),
        },
        PracticeCheck {
            rule: "ENC002",
            kinds: &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
            text: "Database storage encrypted",
            holds: Some(|r| {
                on_anywhere(r, &["StorageEncrypted"]) || set_anywhere(r, &["KmsKeyId"])
            }),
        },
        PracticeCheck {
            rule: "NET003",
            kinds: &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
            text: "Database not publicly accessible",
            holds: Some(|r| off_anywhere(r, &["PubliclyAccessible"])),
        },
        PracticeCheck {
            rule: "ENC001",
            kinds: &["AWS::S3::Bucket"],
            text: "S3 buckets encrypted at rest",
            holds: Some(|r| {
                set_anywhere(
                    r,
                    &[
                        "BucketEncryption",
                        "ServerSideEncryptionConfiguration",
                        "encryption",
                        "encryptionKey",
                    ],
                )
            }),
        },
        PracticeCheck {
            rule: "NET002",
            kinds: &["AWS::S3::Bucket"],
            text: "S3 public access blocked",
            holds: Some(|r| {
                on_anywhere(r, &["BlockPublicAcls", "BlockPublicPolicy"])
                    || set_anywhere(r, &["blockPublicAccess"])
            }),
        },
        PracticeCheck {
            rule: "NET004",
            kinds: &["AWS::ECS::Service"],
            text: "Service tasks run in private subnets without public IPs",
            holds: Some(|r| off_anywhere(r, &["AssignPublicIp"])),
        },
        PracticeCheck {
            rule: "NET001",
            kinds: &["AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"],
            text: "No administrative or database port open to the internet",
            holds: None,
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
            holds: None,
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
            holds: None,
        },
        PracticeCheck {
            rule: "LOG001",
            kinds: &["AWS::Logs::LogGroup"],
            text: "Log retention set",
            holds: Some(|r| set_anywhere(r, &["RetentionInDays", "retention"])),
        },
        PracticeCheck {
            rule: "ENC006",
            kinds: &["AWS::SQS::Queue"],
            text: "Queues encrypted",
            holds: Some(|r| {
                on_anywhere(r, &["SqsManagedSseEnabled"])
                    || set_anywhere(r, &["KmsMasterKeyId", "encryptionMasterKey"])
            }),
        },
        PracticeCheck {
            rule: "ENC003",
            kinds: &["AWS::EC2::Volume", "AWS::EC2::LaunchTemplate"],
            text: "EBS volumes encrypted",
            holds: Some(|r| on_anywhere(r, &["Encrypted"])),
        },
        PracticeCheck {
            rule: "TLS003",
            kinds: &["AWS::ElasticLoadBalancingV2::Listener"],
            text: "Load balancer listeners use HTTPS",
            holds: Some(listener_uses_https),
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
        let holds = match p.holds {
            Some(holds) => applicable.iter().all(|r| holds(r)),
            None => true,
        };
        if !flagged && holds {
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

/// Every value under one of `keys`, at any depth of a resource's properties (Terraform blocks,
/// CDK props objects and launch-template mappings nest the setting).
fn values_anywhere<'a>(value: &'a Value, keys: &[&str], out: &mut Vec<&'a Value>) {
    match value {
        Value::Map(entries) => {
            for (k, v) in entries {
                if keys.iter().any(|want| key_eq(k, want)) {
                    out.push(v);
                } else {
                    values_anywhere(v, keys, out);
                }
            }
        }
        Value::List(items) => items.iter().for_each(|v| values_anywhere(v, keys, out)),
        _ => {}
    }
}

/// Whether the setting is written, and every place it is written is on.
fn on_anywhere(r: &Resource, keys: &[&str]) -> bool {
    let mut found = Vec::new();
    values_anywhere(&r.props, keys, &mut found);
    !found.is_empty() && found.iter().all(|v| flag_value(v) == Flag::On)
}

/// Whether the setting is written, and every place it is written is off.
fn off_anywhere(r: &Resource, keys: &[&str]) -> bool {
    let mut found = Vec::new();
    values_anywhere(&r.props, keys, &mut found);
    !found.is_empty() && found.iter().all(|v| flag_value(v) == Flag::Off)
}

/// Whether the setting is written with a value (not null, not off).
fn set_anywhere(r: &Resource, keys: &[&str]) -> bool {
    let mut found = Vec::new();
    values_anywhere(&r.props, keys, &mut found);
    !found.is_empty()
        && found
            .iter()
            .all(|v| !matches!(v, Value::Null) && flag_value(v) != Flag::Off)
}

/// A listener serves HTTPS (or TLS), or answers plain HTTP only with a redirect.
fn listener_uses_https(r: &Resource) -> bool {
    let protocol = get(&r.props, &["Protocol"])
        .and_then(enum_member)
        .map(|p| p.to_ascii_uppercase());
    match protocol.as_deref() {
        Some("HTTPS") | Some("TLS") => true,
        Some("HTTP") => get(
            &r.props,
            &["DefaultActions", "default_action", "defaultAction"],
        )
        .is_some_and(|actions| {
            let actions = elements(actions);
            !actions.is_empty()
                && actions.iter().all(|a| {
                    str_at(a, &["Type"]).is_some_and(|t| t.eq_ignore_ascii_case("redirect"))
                })
        }),
        _ => false,
    }
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
