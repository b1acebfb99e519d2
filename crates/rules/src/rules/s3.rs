//! What the S3 rules share: how a bucket's encryption is declared on each platform, and the
//! bucket's companion resources (Terraform and Pulumi classic split a bucket's settings over
//! `aws_s3_bucket_*` resources that refer to it).

use iacgrade_ir::{Resource, Value};

use crate::props::{enum_member, get, get_all, has, literal_str};
use crate::references::refers_to;
use crate::rule::RuleContext;
use crate::shape::{is_source_type, shape, Shape};

/// How a bucket's objects are encrypted, as far as the code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketEncryption {
    /// No encryption setting anywhere (S3 still applies SSE-S3 since January 2023).
    NotDeclared,
    /// A CDK L2 `Bucket` without `encryption`: the construct's documented default, S3-managed
    /// keys (KMS when `encryptionKey` is given).
    ConstructDefault,
    /// SSE-S3 (`AES256`, `S3_MANAGED`).
    S3Managed,
    /// SSE-KMS or DSSE-KMS, with an AWS-managed or a customer-managed key.
    Kms,
    /// CDK `BucketEncryption.UNENCRYPTED` written explicitly.
    ExplicitlyUnencrypted,
    /// Written, but not readable statically (a reference, a condition, a companion resource
    /// whose bucket cannot be resolved).
    Unknown,
}

/// The companions of `bucket` of Terraform type `tf_type`: `Some(list)` with the ones attached
/// to it, or `None` when one of them cannot be resolved (it may be attached).
pub fn companions<'a>(
    ctx: &RuleContext<'a>,
    bucket: &Resource,
    tf_type: &str,
) -> Option<Vec<&'a Resource>> {
    let mut attached = Vec::new();
    for companion in ctx.declared().filter(|r| is_source_type(r, tf_type)) {
        // A companion without its link may be attached: unknown.
        let link = get(&companion.props, &["bucket"])?;
        if refers_to(link, bucket) {
            attached.push(companion);
            continue;
        }
        let resolves_elsewhere = ctx
            .graph
            .resources
            .iter()
            .any(|other| !std::ptr::eq(other, bucket) && refers_to(link, other));
        if !resolves_elsewhere {
            return None;
        }
    }
    Some(attached)
}

/// The encryption a bucket declares (see [`BucketEncryption`]).
pub fn bucket_encryption(ctx: &RuleContext, bucket: &Resource) -> BucketEncryption {
    let props = &bucket.props;
    match shape(bucket, ctx.platform) {
        Shape::Cloudformation => match get(props, &["BucketEncryption"]) {
            None | Some(Value::Null) => BucketEncryption::NotDeclared,
            Some(config) => algorithm_of(config, &["ServerSideEncryptionConfiguration"]),
        },
        Shape::Terraform => {
            if let Some(config) = get(props, &["server_side_encryption_configuration"]) {
                return algorithm_of(config, &["rule", "rules"]);
            }
            let names = [
                "aws_s3_bucket_server_side_encryption_configuration",
                "aws_s3_bucket_server_side_encryption_configuration_v2",
            ];
            let mut state = BucketEncryption::NotDeclared;
            for name in names {
                match companions(ctx, bucket, name) {
                    None => return BucketEncryption::Unknown,
                    Some(found) => {
                        for c in found {
                            state = algorithm_of(&c.props, &["rule", "rules"]);
                        }
                    }
                }
            }
            state
        }
        Shape::CdkConstruct => {
            if has(props, &["encryptionKey", "encryption_key"]) {
                return BucketEncryption::Kms;
            }
            match get(props, &["encryption"]) {
                None | Some(Value::Null) => BucketEncryption::ConstructDefault,
                Some(v) => match enum_member(v).as_deref() {
                    Some("KMS" | "KMSMANAGED" | "DSSE" | "DSSEMANAGED") => BucketEncryption::Kms,
                    Some("S3MANAGED") => BucketEncryption::S3Managed,
                    Some("UNENCRYPTED") => BucketEncryption::ExplicitlyUnencrypted,
                    _ => BucketEncryption::Unknown,
                },
            }
        }
        Shape::Other => BucketEncryption::Unknown,
    }
}

/// Reads `<rules>[].{ServerSideEncryptionByDefault|apply_server_side_encryption_by_default}
/// .{SSEAlgorithm|sse_algorithm}` below `config`.
fn algorithm_of(config: &Value, rules_key: &[&str]) -> BucketEncryption {
    let mut path_rules: Vec<&Value> = rules_key
        .iter()
        .flat_map(|k| get_all(config, &[k]))
        .collect();
    if path_rules.is_empty() {
        // Some programs pass the rule list directly.
        path_rules.push(config);
    }
    let mut state = BucketEncryption::Unknown;
    for rule in path_rules {
        for default in get_all(rule, &["ServerSideEncryptionByDefault"])
            .into_iter()
            .chain(get_all(rule, &["apply_server_side_encryption_by_default"]))
        {
            match get(default, &["SSEAlgorithm", "sse_algorithm"]).and_then(literal_str) {
                Some(a) if a.to_ascii_lowercase().starts_with("aws:kms") => {
                    return BucketEncryption::Kms
                }
                Some(a) if a.eq_ignore_ascii_case("AES256") => state = BucketEncryption::S3Managed,
                _ => {}
            }
        }
    }
    state
}

/// Whether a bucket is configured as a static website (its public settings are then a design
/// choice the rules do not second-guess).
pub fn is_website(ctx: &RuleContext, bucket: &Resource) -> bool {
    if has(
        &bucket.props,
        &[
            "WebsiteConfiguration",
            "website",
            "websiteIndexDocument",
            "website_index_document",
        ],
    ) {
        return true;
    }
    match companions(ctx, bucket, "aws_s3_bucket_website_configuration") {
        Some(found) => !found.is_empty(),
        None => true,
    }
}
