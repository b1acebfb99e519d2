use crate::declare_rule;
use crate::props::{enum_member, flag, get, has, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// SQS queues whose encryption is switched off in the code: `SqsManagedSseEnabled: false`
    /// (`sqs_managed_sse_enabled = false`) without a `KmsMasterKeyId`, or CDK
    /// `encryption: sqs.QueueEncryption.UNENCRYPTED`.
    ///
    /// A queue that says nothing is not reported: since October 2022 SQS encrypts new queues
    /// with SQS-owned keys (SSE-SQS) by default, and CDK documents the same default. Requests
    /// for KMS keys are checked by ENC010.
    ///
    /// ## Why it matters
    /// Messages often carry the very data the rest of the system encrypts; turning the default
    /// off stores them in clear for up to the retention period (14 days at most).
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Jobs:
    ///   Type: AWS::SQS::Queue
    ///   Properties:
    ///     SqsManagedSseEnabled: false
    /// # passes
    /// Jobs:
    ///   Type: AWS::SQS::Queue
    ///   Properties:
    ///     KmsMasterKeyId: alias/aws/sqs
    /// ```
    ///
    /// ## Fix
    /// Remove `SqsManagedSseEnabled: false`, or set a `KmsMasterKeyId`.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
    pub struct SqsQueueEncryptionDisabled {
        id: "ENC006",
        name: "sqs-queue-encryption-disabled",
        severity: High,
        docs: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for queue in ctx.declared_of_kind("AWS::SQS::Queue") {
        let props = &queue.props;
        if has(
            props,
            &[
                "KmsMasterKeyId",
                "kms_master_key_id",
                "encryptionMasterKey",
                "encryption_master_key",
            ],
        ) {
            continue;
        }
        let disabled = match shape(queue, ctx.platform) {
            Shape::CdkConstruct => get(props, &["encryption"])
                .and_then(enum_member)
                .is_some_and(|m| m == "UNENCRYPTED"),
            _ => flag(props, &["SqsManagedSseEnabled"]) == Flag::Off,
        };
        if disabled {
            hits.resource(
                queue,
                "SQS queue has server-side encryption switched off",
                "Keep SSE-SQS (remove `SqsManagedSseEnabled: false` / `UNENCRYPTED`) or set a `KmsMasterKeyId`.",
            );
        }
    }
}
