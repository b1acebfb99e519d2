//! Encryption requirements: ElastiCache in transit and at rest, RDS storage, customer-managed
//! KMS keys.

use crate::refs::referrers;
use iacgrade_rules::props::{get, is_set, str_at};

use super::common::{absent, combine, evidence, must_be_on, resources_of, Standing};
use super::Item;
use crate::side::SideCode;
use crate::trace::Outcome;

const REPLICATION_GROUP: &str = "AWS::ElastiCache::ReplicationGroup";
const CACHE_CLUSTER: &str = "AWS::ElastiCache::CacheCluster";
const SERVERLESS_CACHE: &str = "AWS::ElastiCache::ServerlessCache";

fn redis_caches<'a>(side: &SideCode<'a>) -> Vec<&'a iacgrade_ir::Resource> {
    resources_of(side, &[REPLICATION_GROUP, CACHE_CLUSTER])
        .into_iter()
        .filter(|r| {
            !str_at(&r.props, &["Engine"]).is_some_and(|e| e.eq_ignore_ascii_case("memcached"))
        })
        .collect()
}

/// Redis/ElastiCache connections use TLS: `TransitEncryptionEnabled` on every replication
/// group (serverless caches always use TLS).
pub fn elasticache_transit(side: &SideCode, _item: &Item) -> Outcome {
    let caches = redis_caches(side);
    let serverless = resources_of(side, &[SERVERLESS_CACHE]);
    if caches.is_empty() {
        if let Some(s) = serverless.first() {
            return Outcome::met(
                "serverless caches always encrypt in transit",
                vec![evidence(s, "serverless cache")],
            );
        }
        return absent(
            side,
            "ElastiCache replication group",
            &["elasticache", "redis"],
        );
    }
    let standings = caches
        .into_iter()
        .map(|r| {
            let s = must_be_on(r, side, &["TransitEncryptionEnabled"]);
            (r, s, format!("TransitEncryptionEnabled {}", word(s)))
        })
        .collect();
    combine(standings, "encrypt in transit", "do not encrypt in transit")
}

/// Redis/ElastiCache data encrypted at rest: `AtRestEncryptionEnabled`.
pub fn elasticache_at_rest(side: &SideCode, _item: &Item) -> Outcome {
    let caches = redis_caches(side);
    if caches.is_empty() {
        return absent(
            side,
            "ElastiCache replication group",
            &["elasticache", "redis"],
        );
    }
    let standings = caches
        .into_iter()
        .map(|r| {
            let s = must_be_on(r, side, &["AtRestEncryptionEnabled"]);
            (r, s, format!("AtRestEncryptionEnabled {}", word(s)))
        })
        .collect();
    combine(standings, "encrypt at rest", "do not encrypt at rest")
}

/// RDS storage encrypted: `StorageEncrypted` on instances (outside a cluster) and clusters; a
/// KMS key given counts.
pub fn rds_storage(side: &SideCode, _item: &Item) -> Outcome {
    let dbs: Vec<_> = resources_of(side, &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"])
        .into_iter()
        .filter(|r| {
            !is_set(get(
                &r.props,
                &["DBClusterIdentifier", "cluster_identifier"],
            ))
        })
        .collect();
    if dbs.is_empty() {
        return absent(side, "RDS database", &["rds", "database"]);
    }
    let standings = dbs
        .into_iter()
        .map(|r| {
            let key_given = is_set(get(
                &r.props,
                &["KmsKeyId", "storageEncryptionKey", "kms_key_id"],
            ));
            let serverless_v1 = str_at(&r.props, &["EngineMode"])
                .is_some_and(|m| m.eq_ignore_ascii_case("serverless"));
            let s = if key_given || serverless_v1 {
                Standing::Good
            } else {
                must_be_on(r, side, &["StorageEncrypted"])
            };
            (r, s, format!("storage encryption {}", word(s)))
        })
        .collect();
    combine(standings, "encrypt storage", "do not encrypt storage")
}

/// A customer-managed KMS key is declared and used by another resource.
pub fn kms_key_used(side: &SideCode, _item: &Item) -> Outcome {
    let keys = resources_of(side, &["AWS::KMS::Key"]);
    if keys.is_empty() {
        return absent(side, "KMS key", &["kms"]);
    }
    for key in &keys {
        let users: Vec<_> = referrers(side.graph, key)
            .filter(|r| crate::kinds::kind_of(r) != "AWS::KMS::Alias")
            .collect();
        if let Some(user) = users.first() {
            return Outcome::met(
                format!("KMS key used by {} resource(s)", users.len()),
                vec![
                    evidence(key, "customer-managed key"),
                    evidence(user, "refers to the key"),
                ],
            );
        }
    }
    Outcome {
        verdict: crate::trace::Verdict::Unknown,
        why: "a KMS key is declared but no resource was seen referring to it".into(),
        evidence: keys
            .iter()
            .map(|k| evidence(k, "customer-managed key"))
            .collect(),
    }
}

pub(crate) fn word(s: Standing) -> &'static str {
    match s {
        Standing::Good => "on",
        Standing::Bad => "off or not set (defaults to off)",
        Standing::Unknown => "not known statically",
    }
}
