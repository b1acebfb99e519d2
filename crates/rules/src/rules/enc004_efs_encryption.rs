use crate::declare_rule;
use crate::props::{flag, has, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// EFS file systems (`AWS::EFS::FileSystem`, `aws_efs_file_system`) without
    /// `Encrypted: true` / `encrypted = true` and without a KMS key. Both CloudFormation and
    /// Terraform default to unencrypted.
    ///
    /// A CDK L2 `efs.FileSystem` without `encrypted` is not reported: its default depends on the
    /// `@aws-cdk/aws-efs:defaultEncryptionAtRest` feature flag (on in projects created by
    /// `cdk init`), which the rule cannot see.
    ///
    /// ## Why it matters
    /// File systems hold application data shared across instances and containers; an
    /// unencrypted one cannot be encrypted afterwards, only replaced and copied.
    ///
    /// ## Example
    /// ```hcl
    /// # fails
    /// resource "aws_efs_file_system" "shared" {}
    /// # passes
    /// resource "aws_efs_file_system" "shared" {
    ///   encrypted  = true
    ///   kms_key_id = aws_kms_key.efs.arn
    /// }
    /// ```
    ///
    /// ## Fix
    /// Set `Encrypted: true` (`encrypted = true`, `encrypted: true`), with a `KmsKeyId` for
    /// sensitive data.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
    pub struct EfsUnencrypted {
        id: "ENC004",
        name: "efs-unencrypted",
        severity: High,
        docs: "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for fs in ctx.declared_of_kind("AWS::EFS::FileSystem") {
        if has(&fs.props, &["KmsKeyId", "kms_key_id", "kmsKey"]) {
            continue;
        }
        let report = match flag(&fs.props, &["Encrypted"]) {
            Flag::Off => true,
            Flag::Absent => matches!(
                shape(fs, ctx.platform),
                Shape::Cloudformation | Shape::Terraform
            ),
            Flag::On | Flag::Unknown => false,
        };
        if report {
            hits.resource(
                fs,
                "EFS file system is not encrypted at rest",
                "Set `Encrypted: true` (`encrypted = true`) with a KMS key.",
            );
        }
    }
}
