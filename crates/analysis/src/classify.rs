//! How a finding is classified: its category in the scoring guide's terms, its root cause and
//! the documentation it points to. This is the one place where these rules live, so that a
//! reviewer can predict every classification.
//!
//! | finding | category |
//! | --- | --- |
//! | critical: an API, property or type that does not exist, a syntax error | C — a tactical fix ("wrong property names", "simple bug fixes") |
//! | wrong platform or language | blocker (the score stage sets the score; category A here) |
//! | high: a security control missing or weakened, a required service missing | A — significant ("security vulnerabilities fixed", "added services") |
//! | a missing resource of a security, monitoring or availability kind | A — "complete features added" |
//! | any other missing resource | B — moderate |
//! | medium: best practice, availability setting, naming, destroyability, configuration | B — moderate ("configuration adjustments", "naming conventions") |
//! | low: documentation, style, placeholders, changed values of little consequence | C — minor |
//!
//! Root causes are written per rule family (the rule id's letters): API (the model does not
//! know the SDK's real surface), ENC/TLS/NET/IAM/SEC (the model omits a security control
//! unless told), AVL/LOG (the model builds the happy path), DST (the model copies production
//! defaults into test stacks), DIFF (the model's design differs from the corrected one).

use iacgrade_findings::{Finding, Severity};

/// Resource kinds whose absence takes a feature away, not a detail.
pub const FEATURE_KINDS: &[&str] = &[
    "AWS::KMS::Key",
    "AWS::CloudTrail::Trail",
    "AWS::EC2::FlowLog",
    "AWS::CloudWatch::Alarm",
    "AWS::CloudWatch::Dashboard",
    "AWS::WAFv2::WebACL",
    "AWS::GuardDuty::Detector",
    "AWS::Config::ConfigRule",
    "AWS::SecretsManager::Secret",
    "AWS::Backup::BackupPlan",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::SNS::Topic",
    "AWS::Logs::LogGroup",
    "AWS::EC2::NatGateway",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
];

/// Kinds that only wire other resources together (attachments, associations, single rules of a
/// group, permissions): their number follows from the design, so a different count is not a
/// design difference of its own.
pub fn is_glue_kind(kind: &str) -> bool {
    const GLUE: &[&str] = &[
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::NetworkAclEntry",
        "AWS::IAM::Policy",
        "AWS::IAM::RolePolicy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::InstanceProfile",
        "AWS::Lambda::Permission",
        "AWS::S3::BucketPolicy",
        "AWS::SQS::QueuePolicy",
        "AWS::SNS::TopicPolicy",
        "AWS::SNS::Subscription",
        "AWS::KMS::Alias",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Method",
        "AWS::ApiGateway::Resource",
        "AWS::Lambda::EventSourceMapping",
    ];
    GLUE.contains(&kind) || !kind.starts_with("AWS::")
}

/// The rule family: the letters of the rule id.
pub fn family(rule: &str) -> &str {
    let end = rule
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(rule.len());
    &rule[..end]
}

/// The category letter of a finding (see the module table).
pub fn category(finding: &Finding) -> &'static str {
    match (family(&finding.rule), finding.severity) {
        ("PLT", _) => "A",
        ("API" | "SYN", _) => "C",
        ("DIFF", _) if finding.rule == "DIFF001" && finding.severity == Severity::High => "A",
        (_, Severity::Critical) => "C",
        (_, Severity::High) => "A",
        (_, Severity::Medium) => "B",
        (_, Severity::Low) => "C",
    }
}

/// Why the model made this kind of mistake, in one sentence.
pub fn root_cause(finding: &Finding) -> &'static str {
    match family(&finding.rule) {
        "API" => "The model wrote an SDK name from memory that the real package does not have: it confused similar APIs across SDKs or versions.",
        "SYN" => "The model produced code that does not parse.",
        "PLT" => "The model answered on another platform or language than the task requires.",
        "ENC" => "The model left data at rest unencrypted: it adds encryption only when told to.",
        "TLS" => "The model left a connection unencrypted: transport security was not part of its design.",
        "NET" => "The model exposed a resource to networks that do not need it.",
        "IAM" => "The model granted broad permissions instead of the least privilege the workload needs.",
        "SEC" => "The model put a secret in code or configuration instead of a secrets store.",
        "AVL" => "The model built a single point of failure where the workload needs redundancy.",
        "LOG" => "The model left out logging or monitoring that operations rely on.",
        "DST" => "The model kept production-style retention settings that stop a test stack from being destroyed.",
        "IMG" => "The model used a mutable image reference.",
        "RUN" => "The model chose a runtime that AWS no longer supports.",
        "REQ" => "The model did not implement part of the request.",
        "DIFF" => "The model's design differs from the corrected one.",
        _ => "The model's answer differs from what the task requires.",
    }
}

/// A documentation link for a CloudFormation resource type (also for resources declared in
/// other languages: their canonical kind is the CloudFormation type).
pub fn resource_docs(kind: &str) -> Option<String> {
    let mut parts = kind.split("::");
    let (Some("AWS"), Some(service), Some(resource), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(format!(
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-{}-{}.html",
        service.to_ascii_lowercase(),
        resource.to_ascii_lowercase()
    ))
}

/// Fills category and root cause (and docs, when the check left them empty).
pub fn classify(finding: &mut Finding) {
    finding.category = category(finding).to_string();
    if finding.root_cause.is_none() {
        finding.root_cause = Some(root_cause(finding).to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_links_follow_the_cloudformation_pattern() {
        assert_eq!(
            resource_docs("AWS::ElastiCache::ReplicationGroup").as_deref(),
            Some("https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html")
        );
        assert_eq!(resource_docs("pulumi:random:RandomPassword"), None);
    }

    #[test]
    fn families_are_the_letters_of_the_id() {
        assert_eq!(family("API001"), "API");
        assert_eq!(family("DIFF002"), "DIFF");
    }
}
