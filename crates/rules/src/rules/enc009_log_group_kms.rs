use crate::declare_rule;
use crate::props::has;
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// CloudWatch Logs log groups (`AWS::Logs::LogGroup`, `aws_cloudwatch_log_group`, CDK
    /// `logs.LogGroup`) without a customer KMS key (`KmsKeyId`, `kms_key_id`, `encryptionKey`).
    ///
    /// ## Why it matters
    /// CloudWatch Logs always encrypts log data at rest with service-managed keys, so the data
    /// is not in clear: the rule is low. A customer-managed key adds control — access to the
    /// logs can be revoked by disabling the key, and every decryption is recorded in CloudTrail
    /// — which matters when logs carry personal or regulated data.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// AppLogs:
    ///   Type: AWS::Logs::LogGroup
    ///   Properties:
    ///     RetentionInDays: 30
    /// # passes
    ///     KmsKeyId: !GetAtt LogsKey.Arn
    /// ```
    ///
    /// ## Fix
    /// Set `KmsKeyId` to a key whose policy allows `logs.<region>.amazonaws.com` to use it.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    pub struct LogGroupWithoutKms {
        id: "ENC009",
        name: "log-group-without-kms-key",
        severity: Low,
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for group in ctx.declared_of_kind("AWS::Logs::LogGroup") {
        if shape(group, ctx.platform) == Shape::Other {
            continue;
        }
        if !has(
            &group.props,
            &["KmsKeyId", "kms_key_id", "encryptionKey", "encryption_key"],
        ) {
            hits.resource(
                group,
                "log group is encrypted only with service-managed keys",
                "Set `KmsKeyId` (`kms_key_id`, `encryptionKey`) to a customer-managed KMS key.",
            );
        }
    }
}
