//! Terraform shapes (separate control resources, nested blocks, data sources) on hand-built
//! graphs, until the HCL front-end's fixtures can replace them.

mod common;

use iacgrade_rules::{rule_by_id, RuleContext, RuleHit};
use iacgrade_task::Platform;
use serde_json::json;

fn hits(rule: &str, resources: serde_json::Value) -> Vec<RuleHit> {
    let graph = common::terraform(resources);
    let ctx = RuleContext::new(&graph).with_platform(Platform::Tf);
    rule_by_id(rule).expect("rule exists").check(&ctx)
}

fn names(hits: &[RuleHit]) -> Vec<String> {
    hits.iter().filter_map(|h| h.resource.clone()).collect()
}

#[test]
fn s3_encryption_in_a_separate_resource_counts() {
    let found = hits(
        "ENC001",
        json!([
            {"type": "aws_s3_bucket", "name": "logs", "props": {"bucket": "logs-bucket"}},
            {"type": "aws_s3_bucket", "name": "data", "props": {"bucket": "data-bucket"}},
            {"type": "aws_s3_bucket_server_side_encryption_configuration", "name": "logs",
             "props": {"bucket": {"$ref": "aws_s3_bucket.logs", "attr": "id"},
                       "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}}
        ]),
    );
    assert_eq!(names(&found), vec!["data"]);
}

#[test]
fn s3_encryption_of_an_unresolvable_bucket_is_not_judged() {
    let found = hits(
        "ENC001",
        json!([
            {"type": "aws_s3_bucket", "name": "logs", "props": {}},
            {"type": "aws_s3_bucket_server_side_encryption_configuration", "name": "enc",
             "props": {"bucket": {"$ref": "module.storage", "attr": "bucket_id"}}}
        ]),
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn inline_legacy_encryption_block_counts() {
    let found = hits(
        "ENC001",
        json!([
            {"type": "aws_s3_bucket", "name": "old", "props": {
                "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}]
            }}
        ]),
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn public_access_block_switched_off_is_reported_on_the_block() {
    let found = hits(
        "NET002",
        json!([
            {"type": "aws_s3_bucket", "name": "uploads", "props": {}},
            {"type": "aws_s3_bucket_public_access_block", "name": "uploads",
             "props": {"bucket": {"$ref": "aws_s3_bucket.uploads", "attr": "id"},
                       "block_public_acls": true, "block_public_policy": false,
                       "ignore_public_acls": true, "restrict_public_buckets": false}}
        ]),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].kind.as_deref(),
        Some("tf:aws_s3_bucket_public_access_block")
    );
}

#[test]
fn tls_policy_in_a_policy_document_data_source_counts() {
    let found = hits(
        "TLS004",
        json!([
            {"type": "aws_s3_bucket", "name": "uploads", "props": {}},
            {"type": "aws_iam_policy_document", "name": "tls_only", "options": {"data": true},
             "props": {"statement": [{"effect": "Deny", "actions": ["s3:*"],
                "principals": [{"type": "*", "identifiers": ["*"]}],
                "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]}]}},
            {"type": "aws_s3_bucket_policy", "name": "uploads",
             "props": {"bucket": {"$ref": "aws_s3_bucket.uploads", "attr": "id"},
                       "policy": {"$ref": "data.aws_iam_policy_document.tls_only", "attr": "json"}}}
        ]),
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn security_group_blocks_and_separate_rules() {
    let found = hits(
        "NET001",
        json!([
            {"type": "aws_security_group", "name": "bastion", "props": {
                "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}],
                "egress": [{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}]
            }},
            {"type": "aws_vpc_security_group_ingress_rule", "name": "redis", "props": {
                "security_group_id": {"$ref": "aws_security_group.bastion", "attr": "id"},
                "cidr_ipv4": "0.0.0.0/0", "from_port": 6379, "to_port": 6379, "ip_protocol": "tcp"
            }},
            {"type": "aws_security_group_rule", "name": "egress", "props": {
                "type": "egress", "from_port": 0, "to_port": 65535, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]
            }},
            {"type": "aws_security_group_rule", "name": "https", "props": {
                "type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]
            }}
        ]),
    );
    assert_eq!(names(&found), vec!["bastion", "redis"]);
}

#[test]
fn wildcard_statement_in_a_policy_document_data_source() {
    let found = hits(
        "IAM001",
        json!([
            {"type": "aws_iam_policy_document", "name": "admin", "options": {"data": true},
             "props": {"statement": [{"actions": ["*"], "resources": ["*"]}]}},
            {"type": "aws_iam_policy", "name": "admin",
             "props": {"policy": {"$ref": "data.aws_iam_policy_document.admin", "attr": "json"}}}
        ]),
    );
    assert_eq!(names(&found), vec!["admin"]);
    assert_eq!(found[0].kind.as_deref(), Some("tf:aws_iam_policy_document"));
}

#[test]
fn secrets_literal_reference_and_container_definitions() {
    let found = hits(
        "SEC001",
        json!([
            {"type": "aws_db_instance", "name": "literal", "props": {"password": "Sup3rSecret!"}},
            {"type": "aws_db_instance", "name": "generated",
             "props": {"password": {"$ref": "random_password.db", "attr": "result"}}},
            {"type": "aws_ecs_task_definition", "name": "api", "props": {
                "container_definitions": "[{\"name\": \"api\", \"image\": \"api:1.0\", \"environment\": [{\"name\": \"DB_PASSWORD\", \"value\": \"hunter2hunter2\"}, {\"name\": \"DB_HOST\", \"value\": \"db.internal\"}]}]"
            }}
        ]),
    );
    assert_eq!(names(&found), vec!["literal", "api"]);
}

#[test]
fn prevent_destroy_from_options_or_lifecycle_block() {
    let found = hits(
        "DST003",
        json!([
            {"type": "aws_s3_bucket", "name": "a", "props": {}, "options": {"prevent_destroy": true}},
            {"type": "aws_s3_bucket", "name": "b", "props": {"lifecycle": [{"prevent_destroy": true}]}},
            {"type": "aws_s3_bucket", "name": "c", "props": {"lifecycle": [{"prevent_destroy": false}]}}
        ]),
    );
    assert_eq!(names(&found), vec!["a", "b"]);
}

#[test]
fn flow_logs_attach_through_vpc_id() {
    let found = hits(
        "LOG002",
        json!([
            {"type": "aws_vpc", "name": "main", "props": {"cidr_block": "10.0.0.0/16"}},
            {"type": "aws_vpc", "name": "other", "props": {"cidr_block": "10.1.0.0/16"}},
            {"type": "aws_flow_log", "name": "main",
             "props": {"vpc_id": {"$ref": "aws_vpc.main", "attr": "id"}, "traffic_type": "ALL"}}
        ]),
    );
    assert_eq!(names(&found), vec!["other"]);
}

#[test]
fn elasticache_transit_and_failover_defaults() {
    let group = json!([
        {"type": "aws_elasticache_replication_group", "name": "cache", "props": {
            "replication_group_id": "cache", "description": "cache", "num_cache_clusters": 1
        }}
    ]);
    assert_eq!(hits("TLS001", group.clone()).len(), 1);
    assert_eq!(hits("ENC005", group.clone()).len(), 1);
    let failover = hits("AVL002", group);
    assert_eq!(failover.len(), 1);
    assert!(failover[0].message.contains("a single node"));
}

#[test]
fn log_retention_zero_means_forever() {
    let found = hits(
        "LOG001",
        json!([
            {"type": "aws_cloudwatch_log_group", "name": "zero", "props": {"retention_in_days": 0}},
            {"type": "aws_cloudwatch_log_group", "name": "month", "props": {"retention_in_days": 30}},
            {"type": "aws_cloudwatch_log_group", "name": "unset", "props": {}}
        ]),
    );
    assert_eq!(names(&found), vec!["zero", "unset"]);
}
