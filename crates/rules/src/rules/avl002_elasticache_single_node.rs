use crate::declare_rule;
use crate::props::{flag, get, has, num_at, number, str_at, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// ElastiCache replication groups (Redis/Valkey) that cannot survive the loss of a node or
    /// an Availability Zone: one node only (`NumCacheClusters`/`num_cache_clusters` 1, or
    /// absent without node groups and replicas), `AutomaticFailoverEnabled` off or absent,
    /// or `MultiAZEnabled` off or absent. One finding per group lists what is missing.
    /// Groups in cluster mode with replicas (`ReplicasPerNodeGroup` ≥ 1) count as replicated.
    ///
    /// ## Why it matters
    /// Without a replica and automatic failover, a node failure or maintenance loses the cache
    /// (and any data it is the only holder of, such as sessions or queues) until a new node is
    /// created and warmed up.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Cache:
    ///   Type: AWS::ElastiCache::ReplicationGroup
    ///   Properties:
    ///     NumCacheClusters: 1
    /// # passes
    ///     NumCacheClusters: 2
    ///     AutomaticFailoverEnabled: true
    ///     MultiAZEnabled: true
    /// ```
    ///
    /// ## Fix
    /// Use at least two nodes with `AutomaticFailoverEnabled: true` and `MultiAZEnabled: true`.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html
    pub struct CacheWithoutFailover {
        id: "AVL002",
        name: "cache-without-failover",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for group in ctx.declared_of_kind("AWS::ElastiCache::ReplicationGroup") {
        if shape(group, ctx.platform) == Shape::Other {
            continue;
        }
        let props = &group.props;
        let engine = str_at(props, &["Engine"]).unwrap_or_default();
        if engine.eq_ignore_ascii_case("memcached") {
            continue;
        }
        let mut missing = Vec::new();
        let nodes = num_at(
            props,
            &[
                "NumCacheClusters",
                "num_cache_clusters",
                "number_cache_clusters",
            ],
        );
        let replicas = num_at(props, &["ReplicasPerNodeGroup", "replicas_per_node_group"]);
        let node_groups_given = has(
            props,
            &["NumNodeGroups", "num_node_groups", "NodeGroupConfiguration"],
        );
        let replicated = match (nodes, replicas) {
            (Some(n), _) => n >= 2.0,
            (None, Some(r)) => r >= 1.0,
            // No count at all: a single primary, unless node groups are configured another way.
            (None, None) => node_groups_given,
        };
        // A count written as a reference is not judged.
        let count_unknown = get(props, &["NumCacheClusters", "num_cache_clusters"])
            .is_some_and(|v| number(v).is_none());
        if !replicated && !count_unknown {
            missing.push("a single node (no replica)");
        }
        if matches!(
            flag(
                props,
                &["AutomaticFailoverEnabled", "automatic_failover_enabled"]
            ),
            Flag::Off | Flag::Absent
        ) {
            missing.push("automatic failover off");
        }
        if matches!(
            flag(props, &["MultiAZEnabled", "multi_az_enabled"]),
            Flag::Off | Flag::Absent
        ) {
            missing.push("Multi-AZ off");
        }
        if !missing.is_empty() {
            hits.resource(
                group,
                format!("cache replication group cannot fail over: {}", missing.join(", ")),
                "Use at least two nodes with `AutomaticFailoverEnabled: true` and `MultiAZEnabled: true`.",
            );
        }
    }
}
