use crate::declare_rule;
use crate::props::has;
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// SNS topics (`AWS::SNS::Topic`, `aws_sns_topic`, CDK `sns.Topic`) without a KMS key:
    /// no `KmsMasterKeyId` / `kms_master_key_id` / `masterKey`.
    ///
    /// ## Why it matters
    /// Server-side encryption is not on by default for SNS topics: messages waiting for
    /// delivery are stored without a KMS key the account controls. The rule is medium rather
    /// than high because a topic holds messages only until they are delivered, and AWS Security
    /// Hub rates the same control medium.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Alerts:
    ///   Type: AWS::SNS::Topic
    /// # passes
    /// Alerts:
    ///   Type: AWS::SNS::Topic
    ///   Properties:
    ///     KmsMasterKeyId: alias/aws/sns
    /// ```
    ///
    /// ## Fix
    /// Set `KmsMasterKeyId` (`kms_master_key_id`, `masterKey`) to the AWS-managed `alias/aws/sns`
    /// key or a customer-managed key (required when CloudWatch alarms or other services publish
    /// to the topic: give them `kms:GenerateDataKey*` and `kms:Decrypt` in the key policy).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
    /// - https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html
    pub struct SnsTopicUnencrypted {
        id: "ENC007",
        name: "sns-topic-unencrypted",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for topic in ctx.declared_of_kind("AWS::SNS::Topic") {
        if shape(topic, ctx.platform) == Shape::Other {
            continue;
        }
        if !has(
            &topic.props,
            &[
                "KmsMasterKeyId",
                "kms_master_key_id",
                "masterKey",
                "master_key",
            ],
        ) {
            hits.resource(
                topic,
                "SNS topic is not encrypted with a KMS key",
                "Set `KmsMasterKeyId` (`kms_master_key_id`, `masterKey`) to `alias/aws/sns` or a customer-managed key.",
            );
        }
    }
}
