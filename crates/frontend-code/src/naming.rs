//! Which property of a resource is its physical name.
//!
//! Every SDK names the physical-name property after the resource (`bucketName`, `table_name`,
//! `functionName`, `cluster_identifier`, `replication_group_id`) or uses a generic key (`name`,
//! `bucket`, `name_prefix`, `identifier`). Keys are compared without case and underscores, so
//! the same rule reads Python's snake_case and TypeScript's camelCase.

use crate::sdk::snake_case;

/// Generic physical-name keys, in order of preference (normalised: lower case, no `_`).
const GENERIC_KEYS: &[&str] = &["name", "nameprefix", "identifier", "identifierprefix"];

/// Prefixes dropped from a resource name to find the stem its name property uses
/// (`DatabaseInstance` → `instanceIdentifier`, `ApplicationLoadBalancer` → `loadBalancerName`).
const STEM_PREFIXES: &[&str] = &[
    "cfn",
    "database",
    "db",
    "application",
    "network",
    "fargate",
    "ec2",
    "lambda",
    "string",
    "cache",
];

fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The stems a resource's name property may start with, from the class name and the last
/// segment of its canonical type (`AWS::RDS::DBInstance` → `dbinstance`, `instance`).
fn stems(class: &str, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let kind_last = kind.rsplit([':', '/', '.']).next().unwrap_or_default();
    for source in [class, kind_last] {
        let mut stem = normalise(&snake_case(source));
        if stem.is_empty() {
            continue;
        }
        if !out.contains(&stem) {
            out.push(stem.clone());
        }
        // Drop leading qualifiers one at a time.
        while let Some(prefix) = STEM_PREFIXES
            .iter()
            .find(|p| stem.starts_with(**p) && stem.len() > p.len() + 2)
        {
            stem = stem[prefix.len()..].to_string();
            if !out.contains(&stem) {
                out.push(stem.clone());
            }
        }
    }
    out
}

/// The key of `props` that holds the physical name, if any. `class` is the SDK class or type
/// name (`Bucket`, `CfnBucket`, `aws_s3_bucket`), `kind` the canonical type.
pub fn physical_name_key<'a>(
    keys: impl Iterator<Item = &'a str>,
    class: &str,
    kind: &str,
) -> Option<&'a str> {
    let keys: Vec<(&str, String)> = keys.map(|k| (k, normalise(k))).collect();
    if keys.is_empty() {
        return None;
    }
    let find = |wanted: &str| keys.iter().find(|(_, n)| n == wanted).map(|(k, _)| *k);
    for stem in &stems(class, kind) {
        // The stem alone is a key too (`bucket` of a Pulumi or Terraform bucket).
        for suffix in ["name", "identifier", "id", "", "prefix", "nameprefix"] {
            if let Some(k) = find(&format!("{stem}{suffix}")) {
                return Some(k);
            }
        }
    }
    GENERIC_KEYS.iter().find_map(|wanted| find(wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(keys: &[&'a str], class: &str, kind: &str) -> Option<&'a str> {
        physical_name_key(keys.iter().copied(), class, kind)
    }

    #[test]
    fn finds_resource_specific_and_generic_name_keys() {
        assert_eq!(
            key(&["versioned", "bucketName"], "Bucket", "AWS::S3::Bucket"),
            Some("bucketName")
        );
        assert_eq!(
            key(&["bucket_name"], "CfnBucket", "AWS::S3::Bucket"),
            Some("bucket_name")
        );
        assert_eq!(
            key(
                &["engine", "instanceIdentifier"],
                "DatabaseInstance",
                "AWS::RDS::DBInstance"
            ),
            Some("instanceIdentifier")
        );
        assert_eq!(
            key(
                &["vpc_id", "cluster_identifier"],
                "Cluster",
                "AWS::RDS::DBCluster"
            ),
            Some("cluster_identifier")
        );
        assert_eq!(
            key(
                &["replication_group_id"],
                "ReplicationGroup",
                "AWS::ElastiCache::ReplicationGroup"
            ),
            Some("replication_group_id")
        );
        assert_eq!(key(&["cidr_block", "tags"], "Vpc", "AWS::EC2::VPC"), None);
        assert_eq!(
            key(&["bucket", "acl"], "S3Bucket", "AWS::S3::Bucket"),
            Some("bucket")
        );
        assert_eq!(
            key(&["vpc_id", "name"], "Subnet", "AWS::EC2::Subnet"),
            Some("name")
        );
        // A reference to another resource is not the resource's own name.
        assert_eq!(
            key(
                &["bucket", "policy"],
                "BucketPolicy",
                "AWS::S3::BucketPolicy"
            ),
            None
        );
        assert_eq!(
            key(
                &["function_name", "action"],
                "LambdaPermission",
                "AWS::Lambda::Permission"
            ),
            None
        );
        assert_eq!(
            key(&["bucket_prefix"], "BucketV2", "AWS::S3::Bucket"),
            Some("bucket_prefix")
        );
        assert_eq!(
            key(
                &["loadBalancerName"],
                "ApplicationLoadBalancer",
                "AWS::ElasticLoadBalancingV2::LoadBalancer"
            ),
            Some("loadBalancerName")
        );
    }
}
