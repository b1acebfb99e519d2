use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::props::{enum_member, flag, get, Flag};
use crate::references::refers_to;
use crate::rule::{Hits, RuleContext};
use crate::rules::s3::is_website;
use crate::shape::{is_source_type, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// S3 buckets the code opens to the public:
    /// - Block Public Access switched off: `PublicAccessBlockConfiguration` (CloudFormation, CDK
    ///   L1), an `aws_s3_bucket_public_access_block` resource (Terraform, Pulumi) or a CDK
    ///   `blockPublicAccess` with `BlockPublicAcls`, `IgnorePublicAcls`, `BlockPublicPolicy` or
    ///   `RestrictPublicBuckets` explicitly `false`;
    /// - public canned ACLs: `AccessControl: PublicRead`/`PublicReadWrite`, `acl =
    ///   "public-read"`/`"public-read-write"` (inline or `aws_s3_bucket_acl`), CDK
    ///   `publicReadAccess: true` or `BucketAccessControl.PUBLIC_READ`.
    ///
    /// A bucket with no Block Public Access setting is not reported: since April 2023 new
    /// buckets have all four settings on and ACLs disabled, so the bucket cannot be made public
    /// without a change the rule would see. Relaxing only the ACL settings (`BlockPublicAcls`,
    /// `IgnorePublicAcls`) while public policies stay blocked is not reported either: log
    /// buckets for S3 server access logs and CloudFront standard logs need ACL delivery. Buckets
    /// configured as static websites, and answers to requests that ask for public content
    /// ("publicly readable assets", "static website hosting"), are not reported: public access
    /// is then the design.
    ///
    /// ## Why it matters
    /// Public buckets are the most common source of cloud data leaks; Block Public Access is
    /// the account's safety net against a policy or ACL that grants `*` by mistake.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Uploads:
    ///   Type: AWS::S3::Bucket
    ///   Properties:
    ///     PublicAccessBlockConfiguration:
    ///       BlockPublicAcls: false
    ///       BlockPublicPolicy: false
    /// # passes
    ///     PublicAccessBlockConfiguration:
    ///       BlockPublicAcls: true
    ///       BlockPublicPolicy: true
    ///       IgnorePublicAcls: true
    ///       RestrictPublicBuckets: true
    /// ```
    ///
    /// ## Fix
    /// Keep all four Block Public Access settings on and serve public content through
    /// CloudFront with origin access control.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
    /// - https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html
    pub struct S3PublicAccessAllowed {
        id: "NET002",
        name: "s3-public-access-allowed",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        check: check,
    }
}

const BLOCK_SETTINGS: [&str; 4] = [
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
];

const FIX: &str = "Turn all four Block Public Access settings on and serve public content through CloudFront with origin access control.";

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let buckets: Vec<&Resource> = ctx.declared_of_kind("AWS::S3::Bucket").collect();
    for bucket in &buckets {
        if is_website(ctx, bucket) {
            continue;
        }
        let props = &bucket.props;
        if let Some(config) = get(
            props,
            &[
                "PublicAccessBlockConfiguration",
                "blockPublicAccess",
                "block_public_access",
            ],
        ) {
            let off = settings_off(config);
            if !off.is_empty() {
                hits.resource(
                    bucket,
                    format!("Block Public Access is switched off ({})", off.join(", ")),
                    FIX,
                );
            }
        }
        if let Some(acl) = get(props, &["AccessControl", "acl", "accessControl"]) {
            if is_public_acl(acl) {
                hits.resource(
                    bucket,
                    format!("bucket has a public canned ACL ({})", acl.render()),
                    FIX,
                );
            }
        }
        if shape(bucket, ctx.platform) == Shape::CdkConstruct
            && flag(props, &["publicReadAccess", "public_read_access"]) == Flag::On
        {
            hits.resource(
                bucket,
                "bucket grants public read access (`publicReadAccess: true`)",
                FIX,
            );
        }
    }
    // Terraform / Pulumi companions: judge them where they are, naming the bucket.
    for companion in ctx.declared() {
        let is_block = is_source_type(companion, "aws_s3_bucket_public_access_block");
        let is_acl = is_source_type(companion, "aws_s3_bucket_acl");
        if !is_block && !is_acl {
            continue;
        }
        let target = get(&companion.props, &["bucket"])
            .and_then(|link| buckets.iter().find(|b| refers_to(link, b)));
        if target.is_some_and(|b| is_website(ctx, b)) {
            continue;
        }
        if is_block {
            let off = settings_off(&companion.props);
            if !off.is_empty() {
                hits.resource(
                    companion,
                    format!("Block Public Access is switched off ({})", off.join(", ")),
                    FIX,
                );
            }
        } else if let Some(acl) = get(&companion.props, &["acl"]) {
            if is_public_acl(acl) {
                hits.resource(
                    companion,
                    format!("bucket has a public canned ACL ({})", acl.render()),
                    FIX,
                );
            }
        }
    }
    // Asked only when there is a hit: reading the request costs more than the check.
    if !hits.is_empty()
        && ctx.asks_for_about(
            &PUBLIC_REQUESTED,
            &[
                "s3", "bucket", "buckets", "content", "assets", "website", "site",
            ],
        )
    {
        hits.clear();
    }
}

/// The Block Public Access settings switched off, when the policy route is among them
/// (`BlockPublicPolicy` or `RestrictPublicBuckets`); empty otherwise. Relaxing only the ACL
/// settings is what S3 server access logs and CloudFront standard logs need for their
/// ACL-based delivery, and opens nothing while public policies stay blocked.
fn settings_off(config: &Value) -> Vec<String> {
    let off: Vec<String> = BLOCK_SETTINGS
        .iter()
        .filter(|s| flag(config, &[s]) == Flag::Off)
        .map(|s| s.to_string())
        .collect();
    if off
        .iter()
        .any(|s| s == "BlockPublicPolicy" || s == "RestrictPublicBuckets")
    {
        off
    } else {
        Vec::new()
    }
}

/// Phrases with which a request asks for publicly readable content on purpose.
const PUBLIC_REQUESTED: [&str; 9] = [
    "public read",
    "public-read",
    "publicly accessible",
    "publicly readable",
    "publicly available",
    "static website",
    "static site",
    "public website",
    "website hosting",
];

fn is_public_acl(acl: &Value) -> bool {
    matches!(
        enum_member(acl).as_deref(),
        Some("PUBLICREAD" | "PUBLICREADWRITE")
    )
}
