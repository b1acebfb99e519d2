//! The canonical kind of a resource, with the gaps of the front-ends' tables filled.
//!
//! Front-ends name a resource by its CloudFormation type when their table knows the source
//! type; otherwise they keep the source type behind a platform prefix (`pulumi:aws:rds/
//! instance:Instance`, `tf:aws_foo`). Pulumi's classic provider mirrors the Terraform provider,
//! so a Pulumi token can be read as the Terraform type it wraps and looked up in the Terraform
//! table (`aws:elasticache/replicationGroup:ReplicationGroup` → `aws_elasticache_replication_
//! group` → `AWS::ElastiCache::ReplicationGroup`). Checks compare kinds through [`kind_of`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use iacgrade_ir::kinds::{canonical_kind, table_entries, KindTable};
use iacgrade_ir::Resource;
use iacgrade_rules::props::norm_key;

/// Pulumi modules whose Terraform types use another prefix (`aws:rds/instance` is
/// `aws_db_instance`).
const MODULE_PREFIXES: &[(&str, &str)] = &[("rds", "db"), ("cloudwatch", "cloudwatch")];

/// awsx components and the CloudFormation type of their main resource.
const AWSX_COMPONENTS: &[(&str, &str)] = &[
    ("ec2:Vpc", "AWS::EC2::VPC"),
    ("ec2:DefaultVpc", "AWS::EC2::VPC"),
    ("ec2:SecurityGroup", "AWS::EC2::SecurityGroup"),
    (
        "lb:ApplicationLoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
    ),
    (
        "lb:NetworkLoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
    ),
    ("lb:TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup"),
    ("ecs:FargateService", "AWS::ECS::Service"),
    ("ecs:EC2Service", "AWS::ECS::Service"),
    ("ecs:FargateTaskDefinition", "AWS::ECS::TaskDefinition"),
    ("ecs:EC2TaskDefinition", "AWS::ECS::TaskDefinition"),
    ("ecr:Repository", "AWS::ECR::Repository"),
    ("ecr:Image", "AWS::ECR::Repository"),
    ("cloudtrail:Trail", "AWS::CloudTrail::Trail"),
];

/// Terraform types by their normalised name without `aws_` (`elasticachereplicationgroup`).
fn terraform_by_key() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        table_entries(KindTable::Terraform)
            .filter_map(|(tf, cfn)| Some((norm_key(tf.strip_prefix("aws_")?), cfn)))
            .collect()
    })
}

/// The CloudFormation type of a resource: its kind when that is one already, else the kind the
/// source type maps to through the Terraform table, else the kind as the front-end wrote it.
pub fn kind_of(resource: &Resource) -> Cow<'_, str> {
    let kind = resource.kind.as_str();
    if kind.starts_with("AWS::") || kind.starts_with("Custom::") {
        return Cow::Borrowed(kind);
    }
    let source = kind
        .strip_prefix("pulumi:")
        .unwrap_or(resource.source_type.as_str());
    if let Some(found) = pulumi_kind(source) {
        return Cow::Borrowed(found);
    }
    let bare = kind.rsplit(':').next().unwrap_or(kind);
    if let Some(found) = canonical_kind(KindTable::Terraform, bare) {
        return Cow::Borrowed(found);
    }
    Cow::Borrowed(kind)
}

/// The CloudFormation type of a Pulumi token, read through the Terraform type it wraps.
pub fn pulumi_kind(token: &str) -> Option<&'static str> {
    if let Some(rest) = token.strip_prefix("awsx:") {
        let (module, class) = rest.split_once(':')?;
        let wanted = format!("{module}:{}", class.rsplit(':').next().unwrap_or(class));
        return AWSX_COMPONENTS
            .iter()
            .find(|(k, _)| *k == wanted)
            .map(|(_, v)| *v);
    }
    let rest = token.strip_prefix("aws:")?;
    let (module, tail) = rest.split_once('/')?;
    let name = tail.split(':').next()?;
    let name = norm_key(name);
    let name = name.strip_suffix("v2").unwrap_or(&name);
    let module = norm_key(module);
    let table = terraform_by_key();
    let mut candidates = Vec::new();
    if let Some((_, prefix)) = MODULE_PREFIXES.iter().find(|(m, _)| *m == module) {
        candidates.push(format!("{prefix}{name}"));
    }
    candidates.push(format!("{module}{name}"));
    candidates.push(name.to_string());
    candidates.push(module.clone());
    candidates
        .iter()
        .find_map(|c| table.get(c.as_str()).copied())
}

/// The service namespace of a CloudFormation type (`ElastiCache` for
/// `AWS::ElastiCache::ReplicationGroup`).
pub fn service_of(kind: &str) -> Option<&str> {
    let rest = kind.strip_prefix("AWS::")?;
    rest.split("::").next().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulumi_tokens_map_through_terraform_types() {
        assert_eq!(
            pulumi_kind("aws:elasticache/replicationGroup:ReplicationGroup"),
            Some("AWS::ElastiCache::ReplicationGroup")
        );
        assert_eq!(pulumi_kind("aws:ec2/vpc:Vpc"), Some("AWS::EC2::VPC"));
        assert_eq!(
            pulumi_kind("aws:ec2/natGateway:NatGateway"),
            Some("AWS::EC2::NatGateway")
        );
        assert_eq!(
            pulumi_kind("aws:s3/bucketV2:BucketV2"),
            Some("AWS::S3::Bucket")
        );
        assert_eq!(
            pulumi_kind("aws:rds/instance:Instance"),
            Some("AWS::RDS::DBInstance")
        );
        assert_eq!(
            pulumi_kind("aws:cloudwatch/logGroup:LogGroup"),
            Some("AWS::Logs::LogGroup")
        );
        assert_eq!(
            pulumi_kind("aws:secretsmanager/secret:Secret"),
            Some("AWS::SecretsManager::Secret")
        );
        assert_eq!(pulumi_kind("awsx:ec2:Vpc"), Some("AWS::EC2::VPC"));
        assert_eq!(
            pulumi_kind("random:index/randomPassword:RandomPassword"),
            None
        );
    }

    #[test]
    fn service_namespace() {
        assert_eq!(
            service_of("AWS::ElastiCache::ReplicationGroup"),
            Some("ElastiCache")
        );
        assert_eq!(service_of("pulumi:x"), None);
    }
}
