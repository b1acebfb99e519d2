use crate::declare_rule;
use crate::props::{flag, has, str_at, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// ElastiCache replication groups (`AWS::ElastiCache::ReplicationGroup`,
    /// `aws_elasticache_replication_group`) without `AtRestEncryptionEnabled: true` /
    /// `at_rest_encryption_enabled = true` and without a KMS key. The setting defaults to off.
    ///
    /// Serverless caches (always encrypted) and Memcached clusters (`AWS::ElastiCache::CacheCluster`,
    /// where the engine offers no at-rest encryption) are not checked.
    ///
    /// ## Why it matters
    /// Redis/Valkey persist data to disk for snapshots, backups and swap; without at-rest
    /// encryption those copies are in clear. The setting can only be chosen when the group is
    /// created.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Cache:
    ///   Type: AWS::ElastiCache::ReplicationGroup
    ///   Properties:
    ///     Engine: redis
    /// # passes
    ///     AtRestEncryptionEnabled: true
    ///     KmsKeyId: !Ref CacheKey
    /// ```
    ///
    /// ## Fix
    /// Set `AtRestEncryptionEnabled: true` (`at_rest_encryption_enabled = true`), with a
    /// `KmsKeyId` for sensitive data.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
    pub struct ElasticacheAtRestUnencrypted {
        id: "ENC005",
        name: "elasticache-at-rest-unencrypted",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for group in ctx.declared_of_kind("AWS::ElastiCache::ReplicationGroup") {
        if has(&group.props, &["KmsKeyId", "kms_key_id"]) {
            continue;
        }
        let engine = str_at(&group.props, &["Engine"]).unwrap_or_default();
        if engine.eq_ignore_ascii_case("memcached") {
            continue;
        }
        let report = match flag(&group.props, &["AtRestEncryptionEnabled"]) {
            Flag::Off => true,
            Flag::Absent => shape(group, ctx.platform) != Shape::Other,
            Flag::On | Flag::Unknown => false,
        };
        if report {
            hits.resource(
                group,
                "ElastiCache replication group does not encrypt data at rest",
                "Set `AtRestEncryptionEnabled: true` (`at_rest_encryption_enabled = true`), with a KMS key.",
            );
        }
    }
}
