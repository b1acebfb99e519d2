use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::s3::{bucket_encryption, BucketEncryption};

declare_rule! {
    /// ## What it checks
    /// S3 buckets that declare no server-side encryption: no `BucketEncryption`
    /// (CloudFormation, CDK L1), no `server_side_encryption_configuration` block and no
    /// `aws_s3_bucket_server_side_encryption_configuration` resource referring to the bucket
    /// (Terraform, CDKTF, Pulumi), or `encryption: BucketEncryption.UNENCRYPTED` (CDK).
    ///
    /// A CDK L2 `Bucket` without `encryption` is not reported: the construct documents
    /// S3-managed encryption as its default. When the bucket's encryption resource refers to
    /// something that cannot be resolved, nothing is reported.
    ///
    /// ## Why it matters
    /// Since January 2023 S3 encrypts new objects with S3-managed keys (SSE-S3) even when the
    /// bucket says nothing, so the data is not stored in clear. The rule is therefore medium,
    /// not high: what is missing is the declaration. Reviewers expect encryption to be stated
    /// in the code, where it can be audited, changed to SSE-KMS for sensitive data and kept
    /// when the code is copied to an older account or partition.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// DataBucket:
    ///   Type: AWS::S3::Bucket
    /// # passes
    /// DataBucket:
    ///   Type: AWS::S3::Bucket
    ///   Properties:
    ///     BucketEncryption:
    ///       ServerSideEncryptionConfiguration:
    ///         - ServerSideEncryptionByDefault:
    ///             SSEAlgorithm: aws:kms
    /// ```
    ///
    /// ## Fix
    /// Declare default encryption: `BucketEncryption` with `SSEAlgorithm: aws:kms` (or
    /// `AES256`), an `aws_s3_bucket_server_side_encryption_configuration` resource, or
    /// `encryption: s3.BucketEncryption.KMS` / `S3_MANAGED` in CDK.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
    /// - https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
    pub struct S3BucketEncryptionNotDeclared {
        id: "ENC001",
        name: "s3-bucket-encryption-not-declared",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for bucket in ctx.declared_of_kind("AWS::S3::Bucket") {
        match bucket_encryption(ctx, bucket) {
            BucketEncryption::NotDeclared => hits.resource(
                bucket,
                "S3 bucket declares no server-side encryption (S3 falls back to SSE-S3, but the code does not say so)",
                "Add default encryption to the bucket: SSE-KMS (`aws:kms`) for sensitive data, or SSE-S3 (`AES256`).",
            ),
            BucketEncryption::ExplicitlyUnencrypted => hits.resource(
                bucket,
                "S3 bucket is declared with `BucketEncryption.UNENCRYPTED`",
                "Use `s3.BucketEncryption.KMS` (or `S3_MANAGED`) instead of `UNENCRYPTED`.",
            ),
            _ => {}
        }
    }
}
