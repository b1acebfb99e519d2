//! The keyword → check table: how a requirement of the request becomes checks on the resource
//! model. One row per check, read top to bottom; every row whose trigger the requirement's
//! text names (and whose subject the text or its heading names, when the row has subjects)
//! applies, and the requirement's verdict merges theirs (unmet wins, then unknown).
//!
//! | id | triggers (in the item) | subjects (item or heading) | checks |
//! |----|------------------------|----------------------------|--------|
//! | `elasticache-transit-encryption` | in transit, TLS, SSL | Redis, ElastiCache, cache | every replication group has `TransitEncryptionEnabled: true` |
//! | `elasticache-at-rest-encryption` | at rest | Redis, ElastiCache, cache | every replication group has `AtRestEncryptionEnabled: true` |
//! | `rds-storage-encryption` | encrypt, encrypted, at rest | RDS, database, Aurora, ... | `StorageEncrypted` (or a KMS key) on every database |
//! | `kms-key-used` | KMS, customer-managed key, CMK | — | an `AWS::KMS::Key` is declared and referenced |
//! | `ecs-private-networking` | private subnet(s), no public IP | ECS, Fargate, container, task | no ECS service assigns public IPs |
//! | `nat-gateway` | NAT gateway, NAT | — | an `AWS::EC2::NatGateway` exists (or a VPC construct makes one); reversed for "no NAT" |
//! | `secrets-manager-secret` | Secrets Manager | — | an `AWS::SecretsManager::Secret` exists and is referenced |
//! | `environment-suffix` | environment suffix, environmentSuffix, suffix | — | ≥ 80% of named resources carry a suffix placeholder |
//! | `high-availability` | Multi-AZ, high availability, failover, two AZs, ... | — | RDS `MultiAZ`, cache failover with a replica, subnets in ≥ 2 AZs (as the subject says) |
//! | `s3-versioning` | versioning, versioned | S3, bucket | every bucket is versioned |
//! | `log-retention` | retention | log, logs, CloudWatch | every log group sets `RetentionInDays` |
//! | `destroyable` | destroyable, Retain, removal/deletion policy, deletion protection | — | no Retain policy, deletion protection or `prevent_destroy` |
//! | `database-private` | publicly accessible, not public, private subnet(s) | RDS, database | no database is publicly accessible |
//! | `vpc-flow-logs` | flow log(s) | — | an `AWS::EC2::FlowLog` exists |
//! | `cloudtrail` | CloudTrail | — | an `AWS::CloudTrail::Trail` exists |
//! | `cloudwatch-alarms` | alarm(s) | — | an `AWS::CloudWatch::Alarm` exists |
//! | `cloudwatch-dashboard` | dashboard | — | an `AWS::CloudWatch::Dashboard` exists |
//! | `waf` | WAF, web ACL | — | a WAF web ACL exists |
//! | `vpc-endpoints` | VPC endpoint(s), PrivateLink | — | an `AWS::EC2::VPCEndpoint` exists; reversed for "no endpoints" |
//! | `auto-scaling` | auto scaling, scaling policy | — | an auto scaling group or scalable target exists |
//! | `dead-letter-queue` | dead-letter queue, DLQ | — | an `AWS::SQS::Queue` exists |
//!
//! A requirement no row maps is checked for the services it names (`service-present`); one
//! that names none stays unknown. Region requirements are judged by the region trace.

use super::Item;
use super::{availability, data, encryption, naming, network};
use crate::side::SideCode;
use crate::trace::Outcome;

/// How a row checks.
pub enum Run {
    /// A function of the side and the item.
    Custom(fn(&SideCode, &Item) -> Outcome),
    /// Some declared resource has one of the kinds.
    KindPresent {
        kinds: &'static [&'static str],
        what: &'static str,
        identifiers: &'static [&'static str],
    },
}

/// One row of the table.
pub struct Row {
    pub id: &'static str,
    /// Any of these phrases in the item's text triggers the row.
    pub triggers: &'static [&'static str],
    /// When not empty, one of these must occur in the item's text or its heading.
    pub subjects: &'static [&'static str],
    /// Whether a negated trigger ("no NAT gateway") reverses the verdict; otherwise a negated
    /// trigger does not apply the row.
    pub negatable: bool,
    pub run: Run,
}

const CACHE: &[&str] = &["redis", "elasticache", "cache", "caching", "valkey"];
const DATABASE: &[&str] = &[
    "rds",
    "database",
    "databases",
    "aurora",
    "postgres",
    "postgresql",
    "mysql",
    "db",
    "mariadb",
];

pub const TABLE: &[Row] = &[
    Row {
        id: "elasticache-transit-encryption",
        triggers: &[
            "in transit",
            "in-transit",
            "tls",
            "ssl",
            "transit encryption",
        ],
        subjects: CACHE,
        negatable: false,
        run: Run::Custom(encryption::elasticache_transit),
    },
    Row {
        id: "elasticache-at-rest-encryption",
        triggers: &["at rest", "at-rest"],
        subjects: CACHE,
        negatable: false,
        run: Run::Custom(encryption::elasticache_at_rest),
    },
    Row {
        id: "rds-storage-encryption",
        triggers: &["encrypt", "encrypted", "encryption", "at rest", "at-rest"],
        subjects: DATABASE,
        negatable: false,
        run: Run::Custom(encryption::rds_storage),
    },
    Row {
        id: "kms-key-used",
        triggers: &[
            "kms",
            "customer managed key",
            "customer-managed key",
            "customer managed keys",
            "customer-managed keys",
            "cmk",
            "cmks",
        ],
        subjects: &[],
        negatable: false,
        run: Run::Custom(encryption::kms_key_used),
    },
    Row {
        id: "ecs-private-networking",
        triggers: &[
            "private subnet",
            "private subnets",
            "no public ip",
            "no public ips",
            "without public ip",
            "without public ips",
        ],
        subjects: &["ecs", "fargate", "container", "containers", "task", "tasks"],
        negatable: false,
        run: Run::Custom(network::ecs_private),
    },
    Row {
        id: "nat-gateway",
        triggers: &["nat gateway", "nat gateways", "nat"],
        subjects: &[],
        negatable: true,
        run: Run::Custom(network::nat_gateway),
    },
    Row {
        id: "secrets-manager-secret",
        triggers: &["secrets manager", "secretsmanager", "secret manager"],
        subjects: &[],
        negatable: false,
        run: Run::Custom(data::secrets_manager_secret),
    },
    Row {
        id: "environment-suffix",
        triggers: &[
            "environment suffix",
            "environmentsuffix",
            "environment_suffix",
            "env suffix",
            "envsuffix",
            "suffix",
        ],
        subjects: &[],
        negatable: false,
        run: Run::Custom(naming::environment_suffix),
    },
    Row {
        id: "high-availability",
        triggers: &[
            "multi-az",
            "multi az",
            "multiaz",
            "high availability",
            "highly available",
            "automatic failover",
            "failover",
            "two availability zones",
            "2 availability zones",
            "multiple availability zones",
            "across availability zones",
            "two azs",
            "2 azs",
            "multiple azs",
            "at least two availability zones",
            "different zones",
        ],
        subjects: &[],
        negatable: false,
        run: Run::Custom(availability::high_availability),
    },
    Row {
        id: "s3-versioning",
        triggers: &["versioning", "versioned"],
        subjects: &["s3", "bucket", "buckets"],
        negatable: false,
        run: Run::Custom(data::s3_versioning),
    },
    Row {
        id: "log-retention",
        triggers: &["retention"],
        subjects: &["log", "logs", "log group", "log groups", "cloudwatch"],
        negatable: false,
        run: Run::Custom(data::log_retention),
    },
    Row {
        id: "destroyable",
        triggers: &[
            "destroyable",
            "retain policy",
            "retain policies",
            "removal policy",
            "removalpolicy",
            "deletionpolicy",
            "deletion policy",
            "deletion protection",
            "be destroyed",
            "cleanly destroyed",
            "fully destroyable",
        ],
        subjects: &[],
        negatable: false,
        run: Run::Custom(data::destroyable),
    },
    Row {
        id: "database-private",
        triggers: &[
            "publicly accessible",
            "not public",
            "private subnet",
            "private subnets",
            "no public access",
        ],
        subjects: DATABASE,
        negatable: false,
        run: Run::Custom(network::database_private),
    },
    Row {
        id: "vpc-flow-logs",
        triggers: &["flow logs", "flow log", "flowlogs"],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &["AWS::EC2::FlowLog"],
            what: "VPC flow log",
            identifiers: &["flow_log", "flowlog"],
        },
    },
    Row {
        id: "cloudtrail",
        triggers: &["cloudtrail"],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &["AWS::CloudTrail::Trail"],
            what: "CloudTrail trail",
            identifiers: &["cloudtrail"],
        },
    },
    Row {
        id: "cloudwatch-alarms",
        triggers: &["alarm", "alarms", "alerting"],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &["AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"],
            what: "CloudWatch alarm",
            identifiers: &["alarm"],
        },
    },
    Row {
        id: "cloudwatch-dashboard",
        triggers: &["dashboard", "dashboards"],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &["AWS::CloudWatch::Dashboard"],
            what: "CloudWatch dashboard",
            identifiers: &["dashboard"],
        },
    },
    Row {
        id: "waf",
        triggers: &["waf", "wafv2", "web acl", "web application firewall"],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &[
                "AWS::WAFv2::WebACL",
                "AWS::WAF::WebACL",
                "AWS::WAFRegional::WebACL",
            ],
            what: "WAF web ACL",
            identifiers: &["waf", "webacl", "web_acl"],
        },
    },
    Row {
        id: "vpc-endpoints",
        triggers: &["vpc endpoint", "vpc endpoints", "privatelink"],
        subjects: &[],
        negatable: true,
        run: Run::KindPresent {
            kinds: &["AWS::EC2::VPCEndpoint"],
            what: "VPC endpoint",
            identifiers: &["vpc_endpoint", "vpcendpoint"],
        },
    },
    Row {
        id: "auto-scaling",
        triggers: &[
            "auto scaling",
            "autoscaling",
            "auto-scaling",
            "scaling policy",
            "scaling policies",
        ],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &[
                "AWS::AutoScaling::AutoScalingGroup",
                "AWS::ApplicationAutoScaling::ScalableTarget",
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                "AWS::AutoScaling::ScalingPolicy",
            ],
            what: "auto scaling group or scalable target",
            identifiers: &["autoscaling", "auto_scaling", "scalable", "autoscale"],
        },
    },
    Row {
        id: "dead-letter-queue",
        triggers: &[
            "dead letter queue",
            "dead-letter queue",
            "dead letter queues",
            "dead-letter queues",
            "dlq",
            "dlqs",
        ],
        subjects: &[],
        negatable: false,
        run: Run::KindPresent {
            kinds: &["AWS::SQS::Queue"],
            what: "SQS queue",
            identifiers: &["dead_letter", "deadletter", "dlq"],
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let doc = include_str!("table.rs");
        for (i, row) in TABLE.iter().enumerate() {
            assert!(TABLE[..i].iter().all(|r| r.id != row.id), "{}", row.id);
            assert!(
                doc.contains(&format!("| `{}` |", row.id)),
                "{} missing from the table doc",
                row.id
            );
            assert!(!row.triggers.is_empty());
        }
    }
}
