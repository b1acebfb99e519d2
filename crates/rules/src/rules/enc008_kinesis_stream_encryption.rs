use crate::declare_rule;
use crate::props::{enum_member, get, str_at};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// Kinesis data streams (`AWS::Kinesis::Stream`, `aws_kinesis_stream`) without server-side
    /// encryption: no `StreamEncryption` (CloudFormation), `encryption_type` absent or `NONE`
    /// (Terraform, Pulumi), `encryption: StreamEncryption.UNENCRYPTED` (CDK).
    ///
    /// A CDK L2 `kinesis.Stream` without `encryption` is not reported: the construct encrypts
    /// with the AWS-managed key by default where the region supports it.
    ///
    /// ## Why it matters
    /// Kinesis does not encrypt stream records by default; records stay readable on the service
    /// for the whole retention period (24 hours to 365 days).
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Events:
    ///   Type: AWS::Kinesis::Stream
    ///   Properties:
    ///     ShardCount: 1
    /// # passes
    ///     StreamEncryption:
    ///       EncryptionType: KMS
    ///       KeyId: alias/aws/kinesis
    /// ```
    ///
    /// ## Fix
    /// Add `StreamEncryption` with `EncryptionType: KMS` (`encryption_type = "KMS"` and
    /// `kms_key_id`).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html
    pub struct KinesisStreamUnencrypted {
        id: "ENC008",
        name: "kinesis-stream-unencrypted",
        severity: High,
        docs: "https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for stream in ctx.declared_of_kind("AWS::Kinesis::Stream") {
        let props = &stream.props;
        let unencrypted = match shape(stream, ctx.platform) {
            Shape::Cloudformation => match get(props, &["StreamEncryption"]) {
                None => true,
                Some(v) => {
                    str_at(v, &["EncryptionType"]).is_some_and(|t| t.eq_ignore_ascii_case("NONE"))
                }
            },
            Shape::Terraform => match get(props, &["encryption_type"]) {
                None => true,
                Some(v) => enum_member(v).is_some_and(|t| t == "NONE"),
            },
            Shape::CdkConstruct => get(props, &["encryption"])
                .and_then(enum_member)
                .is_some_and(|m| m == "UNENCRYPTED"),
            Shape::Other => false,
        };
        if unencrypted {
            hits.resource(
                stream,
                "Kinesis stream records are not encrypted at rest",
                "Enable server-side encryption: `StreamEncryption: {EncryptionType: KMS, KeyId: ...}` (`encryption_type = \"KMS\"`).",
            );
        }
    }
}
