//! What the S3 rules share: how a bucket's encryption is declared on each platform, and the
//! bucket's companion resources (Terraform and Pulumi classic split a bucket's settings over
//! `aws_s3_bucket_*` resources that refer to it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
    let index = ctx.s3_companions.of_type(ctx, tf_type);
    if index.unresolved {
        return None;
    }
    let mut attached: Vec<usize> = index
        .by_target
        .get(&address(bucket))
        .cloned()
        .unwrap_or_default();
    // A link naming several resources is checked against this bucket itself.
    attached.extend(
        index
            .ambiguous
            .iter()
            .filter(|&&i| refers_to(index.links[i], bucket)),
    );
    attached.sort_unstable();
    Some(attached.into_iter().map(|i| index.companions[i]).collect())
}

/// The companions of one type and what each one's link resolves to, worked out once per graph:
/// asked for every bucket, a scan of the graph per bucket made large answers quadratic.
#[derive(Debug, Default)]
pub struct CompanionIndex<'a> {
    /// The companions, in graph order.
    companions: Vec<&'a Resource>,
    /// Each companion's `bucket` link.
    links: Vec<&'a Value>,
    /// Companions whose link names exactly one resource, by that resource's [`address`].
    by_target: HashMap<usize, Vec<usize>>,
    /// Companions whose link names more than one resource.
    ambiguous: Vec<usize>,
    /// A companion has no link, or one that names no resource: it may be attached to any bucket.
    unresolved: bool,
}

/// A resource's identity within its graph (its address).
fn address(resource: &Resource) -> usize {
    resource as *const Resource as usize
}

/// [`CompanionIndex`]es by type, built on first use (a clone starts empty).
#[derive(Debug, Default)]
pub struct CompanionCache<'a>(Mutex<HashMap<String, Arc<CompanionIndex<'a>>>>);

impl Clone for CompanionCache<'_> {
    fn clone(&self) -> Self {
        CompanionCache::default()
    }
}

impl<'a> CompanionCache<'a> {
    fn of_type(&self, ctx: &RuleContext<'a>, tf_type: &str) -> Arc<CompanionIndex<'a>> {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = cache.get(tf_type) {
            return Arc::clone(index);
        }
        let index = Arc::new(CompanionIndex::build(ctx, tf_type));
        cache.insert(tf_type.to_string(), Arc::clone(&index));
        index
    }
}

impl<'a> CompanionIndex<'a> {
    fn build(ctx: &RuleContext<'a>, tf_type: &str) -> CompanionIndex<'a> {
        let mut index = CompanionIndex::default();
        for companion in ctx.declared().filter(|r| is_source_type(r, tf_type)) {
            let Some(link) = get(&companion.props, &["bucket"]) else {
                index.unresolved = true;
                break;
            };
            let i = index.companions.len();
            index.companions.push(companion);
            index.links.push(link);
            let mut targets = ctx.graph.resources.iter().filter(|r| refers_to(link, r));
            match (targets.next(), targets.next()) {
                (None, _) => {
                    index.unresolved = true;
                    break;
                }
                (Some(only), None) => index.by_target.entry(address(only)).or_default().push(i),
                (Some(_), Some(_)) => index.ambiguous.push(i),
            }
        }
        index
    }
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
