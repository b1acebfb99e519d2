use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::prompt::contains_phrase;
use crate::props::{enum_member, flag, get, has, Flag};
use crate::rule::{Hits, RuleContext};
use crate::rules::s3::{bucket_encryption, BucketEncryption};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// When the request asks for KMS encryption ("encrypt the bucket with a customer-managed KMS
    /// key", "all data at rest must use KMS"), the resources it covers that use no KMS key:
    /// S3 buckets (SSE-S3 or nothing declared), DynamoDB tables (`SSESpecification` off, the
    /// default AWS-owned key), SQS queues and SNS topics (no `KmsMasterKeyId`), CloudWatch Logs
    /// log groups (no `KmsKeyId`).
    ///
    /// A sentence of the request covers a service when it speaks of encryption (`encrypt`,
    /// `encryption`, `at rest`, `SSE`), names a KMS key (`KMS`, `customer-managed key`, `CMK`)
    /// and names the service (`S3`/`bucket`, `DynamoDB`/`table`, `SQS`/`queue`, `SNS`/`topic`,
    /// `CloudWatch Logs`/`log group`) or all data (`all data`, `all resources`, `all data
    /// stores`, ...; log groups only when named). Not counted: negated or optional sentences
    /// ("do not use KMS", "KMS is unsupported"), sentences that accept a non-KMS alternative
    /// ("SSE-S3 or SSE-KMS"), and sentences that mention KMS for something else (IAM
    /// permissions, tags, outputs) without speaking of encryption. An AWS-managed KMS key counts
    /// as KMS: telling it from a customer-managed one needs the request's exact words, which the
    /// requirement trace judges.
    ///
    /// This is where DynamoDB encryption is judged: every table is encrypted with an AWS-owned
    /// key by default, so a table without `SSESpecification` is only a defect when KMS was
    /// asked for.
    ///
    /// ## Why it matters
    /// An explicit requirement of the request is broken (high). KMS keys give the owner control
    /// over who can decrypt, the ability to revoke access, and a CloudTrail record of every use.
    ///
    /// ## Example
    /// Request: "Store orders in DynamoDB, encrypted with a customer-managed KMS key."
    /// ```yaml
    /// # fails
    /// Orders:
    ///   Type: AWS::DynamoDB::Table
    ///   Properties: {BillingMode: PAY_PER_REQUEST, ...}
    /// # passes
    ///     SSESpecification:
    ///       SSEEnabled: true
    ///       SSEType: KMS
    ///       KMSMasterKeyId: !Ref OrdersKey
    /// ```
    ///
    /// ## Fix
    /// Create an `AWS::KMS::Key` (with rotation) and reference it from the resource's
    /// encryption setting.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt
    /// - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
    pub struct KmsRequiredByRequest {
        id: "ENC010",
        name: "kms-required-by-request",
        severity: High,
        docs: "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt",
        check: check,
    }
}

const KMS_TERMS: [&str; 8] = [
    "kms",
    "customer-managed key",
    "customer-managed keys",
    "customer managed key",
    "customer managed keys",
    "cmk",
    "cmks",
    "customer master key",
];

/// Words that say a sentence is about encryption (so "KMS decrypt permissions" or "tag the KMS
/// key" is not a request to encrypt with KMS).
const ENCRYPTION: [&str; 9] = [
    "encrypt",
    "encrypted",
    "encrypts",
    "encrypting",
    "encryption",
    "sse",
    "sse-kms",
    "at rest",
    "at-rest",
];

/// A sentence that accepts one of these accepts encryption without KMS.
const NON_KMS_ALTERNATIVES: [&str; 7] = [
    "sse-s3",
    "aes256",
    "aes-256",
    "s3-managed",
    "s3 managed",
    "s3_managed",
    "aws-owned",
];

const ALL_DATA: [&str; 10] = [
    "all data",
    "all resources",
    "all storage",
    "all services",
    "all data stores",
    "all stored data",
    "all supported",
    "all sensitive data",
    "across all services",
    "everything",
];

/// Whether a resource uses a KMS key, as far as the code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KmsUse {
    Yes,
    No,
    Unknown,
}

struct Service {
    kind: &'static str,
    noun: &'static str,
    subjects: &'static [&'static str],
    /// Whether "all data" requests cover it (not log groups: CloudWatch Logs encrypts by
    /// default, and requests about data stores do not mean logs).
    covered_by_all_data: bool,
    uses_kms: fn(&RuleContext, &Resource) -> KmsUse,
}

const SERVICES: [Service; 6] = [
    Service {
        kind: "AWS::S3::Bucket",
        noun: "S3 bucket",
        covered_by_all_data: true,
        subjects: &["s3", "bucket", "buckets"],
        uses_kms: s3_kms,
    },
    Service {
        kind: "AWS::DynamoDB::Table",
        noun: "DynamoDB table",
        covered_by_all_data: true,
        subjects: &["dynamodb", "table", "tables"],
        uses_kms: dynamodb_kms,
    },
    Service {
        kind: "AWS::DynamoDB::GlobalTable",
        noun: "DynamoDB table",
        covered_by_all_data: true,
        subjects: &["dynamodb", "table", "tables"],
        uses_kms: dynamodb_kms,
    },
    Service {
        kind: "AWS::SQS::Queue",
        noun: "SQS queue",
        covered_by_all_data: true,
        subjects: &["sqs", "queue", "queues"],
        uses_kms: sqs_kms,
    },
    Service {
        kind: "AWS::SNS::Topic",
        noun: "SNS topic",
        covered_by_all_data: true,
        subjects: &["sns", "topic", "topics"],
        uses_kms: sns_kms,
    },
    Service {
        kind: "AWS::Logs::LogGroup",
        noun: "log group",
        covered_by_all_data: false,
        subjects: &["cloudwatch logs", "log group", "log groups"],
        uses_kms: logs_kms,
    },
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    if !ctx.request().is_some_and(|r| r.mentions(&KMS_TERMS)) {
        return;
    }
    for service in &SERVICES {
        // The resources without a key first: the request is read sentence by sentence only
        // for a service that has one.
        let without_key: Vec<_> = ctx
            .declared_of_kind(service.kind)
            .filter(|resource| (service.uses_kms)(ctx, resource) == KmsUse::No)
            .collect();
        if without_key.is_empty() {
            continue;
        }
        let Some(quote) = ctx
            .request()
            .and_then(|r| r.quote_where(|sentence| asks_kms_for(sentence, service)))
        else {
            continue;
        };
        for resource in without_key {
            hits.resource(
                resource,
                format!(
                    "the request asks for KMS encryption, but this {} uses no KMS key (request: \"{quote}\")",
                    service.noun
                ),
                format!(
                    "Encrypt the {} with a KMS key (a customer-managed `AWS::KMS::Key` when the request says so).",
                    service.noun
                ),
            );
        }
    }
}

/// Whether a (lower-case, affirmative) sentence asks for KMS encryption of `service`.
fn asks_kms_for(sentence: &str, service: &Service) -> bool {
    let any = |words: &[&str]| words.iter().any(|w| contains_phrase(sentence, w));
    any(&KMS_TERMS)
        && any(&ENCRYPTION)
        && !any(&NON_KMS_ALTERNATIVES)
        && (any(service.subjects) || (service.covered_by_all_data && any(&ALL_DATA)))
}

fn key_given(resource: &Resource, keys: &[&str]) -> KmsUse {
    if has(&resource.props, keys) {
        KmsUse::Yes
    } else {
        KmsUse::No
    }
}

fn s3_kms(ctx: &RuleContext, bucket: &Resource) -> KmsUse {
    match bucket_encryption(ctx, bucket) {
        BucketEncryption::Kms => KmsUse::Yes,
        BucketEncryption::Unknown => KmsUse::Unknown,
        _ => KmsUse::No,
    }
}

fn dynamodb_kms(ctx: &RuleContext, table: &Resource) -> KmsUse {
    let props = &table.props;
    match shape(table, ctx.platform) {
        Shape::Cloudformation => match get(props, &["SSESpecification"]) {
            None => KmsUse::No,
            Some(spec) => flag_to_kms(flag(spec, &["SSEEnabled"])),
        },
        Shape::Terraform => match get(props, &["server_side_encryption"]) {
            None => KmsUse::No,
            Some(spec) => flag_to_kms(flag(spec, &["enabled"])),
        },
        Shape::CdkConstruct => {
            if has(props, &["encryptionKey", "encryption_key"]) {
                return KmsUse::Yes;
            }
            match get(props, &["encryption"]) {
                None => KmsUse::No,
                Some(Value::Unknown(text)) if text.contains("ManagedKey") => KmsUse::Yes,
                Some(Value::Unknown(text)) if text.contains("dynamoOwnedKey") => KmsUse::No,
                Some(v) => match enum_member(v).as_deref() {
                    Some("AWSMANAGED" | "CUSTOMERMANAGED") => KmsUse::Yes,
                    Some("DEFAULT") => KmsUse::No,
                    _ => KmsUse::Unknown,
                },
            }
        }
        Shape::Other => KmsUse::Unknown,
    }
}

fn flag_to_kms(flag: Flag) -> KmsUse {
    match flag {
        Flag::On => KmsUse::Yes,
        Flag::Off | Flag::Absent => KmsUse::No,
        Flag::Unknown => KmsUse::Unknown,
    }
}

fn sqs_kms(ctx: &RuleContext, queue: &Resource) -> KmsUse {
    if shape(queue, ctx.platform) == Shape::CdkConstruct {
        if has(
            &queue.props,
            &["encryptionMasterKey", "encryption_master_key"],
        ) {
            return KmsUse::Yes;
        }
        return match get(&queue.props, &["encryption"]) {
            None => KmsUse::No,
            Some(v) => match enum_member(v).as_deref() {
                Some("KMS" | "KMSMANAGED") => KmsUse::Yes,
                Some("SQSMANAGED" | "UNENCRYPTED") => KmsUse::No,
                _ => KmsUse::Unknown,
            },
        };
    }
    key_given(queue, &["KmsMasterKeyId", "kms_master_key_id"])
}

fn sns_kms(_ctx: &RuleContext, topic: &Resource) -> KmsUse {
    key_given(
        topic,
        &[
            "KmsMasterKeyId",
            "kms_master_key_id",
            "masterKey",
            "master_key",
        ],
    )
}

fn logs_kms(_ctx: &RuleContext, group: &Resource) -> KmsUse {
    key_given(
        group,
        &["KmsKeyId", "kms_key_id", "encryptionKey", "encryption_key"],
    )
}
