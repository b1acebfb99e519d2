use crate::declare_rule;
use crate::props::{flag, str_at, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// ElastiCache replication groups (`AWS::ElastiCache::ReplicationGroup`,
    /// `aws_elasticache_replication_group`) without `TransitEncryptionEnabled: true` /
    /// `transit_encryption_enabled = true`. The setting defaults to off. Memcached groups and
    /// serverless caches (always TLS) are not checked.
    ///
    /// ## Why it matters
    /// Without TLS every command — including `AUTH` tokens and the cached data — crosses the
    /// VPC in clear. An `AuthToken` (Redis AUTH) also requires transit encryption.
    ///
    /// ## Example
    /// ```hcl
    /// # fails
    /// resource "aws_elasticache_replication_group" "cache" {
    ///   replication_group_id = "app"
    ///   description          = "app cache"
    /// }
    /// # passes (add)
    ///   transit_encryption_enabled = true
    /// ```
    ///
    /// ## Fix
    /// Set `TransitEncryptionEnabled: true` (`transit_encryption_enabled = true`) and connect
    /// with TLS (`rediss://`).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
    pub struct ElasticacheTransitUnencrypted {
        id: "TLS001",
        name: "elasticache-transit-unencrypted",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for group in ctx.declared_of_kind("AWS::ElastiCache::ReplicationGroup") {
        let engine = str_at(&group.props, &["Engine"]).unwrap_or_default();
        if engine.eq_ignore_ascii_case("memcached") {
            continue;
        }
        let report = match flag(&group.props, &["TransitEncryptionEnabled"]) {
            Flag::Off => true,
            Flag::Absent => shape(group, ctx.platform) != Shape::Other,
            Flag::On | Flag::Unknown => false,
        };
        if report {
            hits.resource(
                group,
                "ElastiCache replication group does not encrypt traffic in transit",
                "Set `TransitEncryptionEnabled: true` (`transit_encryption_enabled = true`) and use TLS clients.",
            );
        }
    }
}
