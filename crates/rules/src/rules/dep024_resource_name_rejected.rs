use iacgrade_ir::Resource;
use iacgrade_task::Platform;

use crate::declare_rule;
use crate::props::{flag, get, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{is_source_type, shape, Shape};

use super::service_limits::{known_name, KnownName};

declare_rule! {
    /// ## What it checks
    /// Physical names AWS (or the Terraform provider's validation) refuses, when the code fixes
    /// them: a literal, or a template whose placeholders are counted at the shortest value they
    /// realistically take (a region 9 characters, an account id 12, an environment name or
    /// suffix 3, anything else 1) — so a name reported too long is too long whatever the
    /// placeholders hold. Characters are judged on the literal text only.
    ///
    /// | resource | limit |
    /// |---|---|
    /// | S3 bucket | 3–63 characters; lower-case letters, digits, `.` and `-` |
    /// | Application/Network Load Balancer, target group | at most 32 characters; letters, digits and `-`; Terraform `name_prefix` at most 6 |
    /// | Lambda function | at most 64 characters; letters, digits, `-` and `_` |
    /// | IAM role, IAM user | at most 64 characters (Terraform `name_prefix` at most 38) |
    /// | IAM managed policy, instance profile | at most 128 characters |
    /// | SQS queue | at most 80 characters; a FIFO queue's name ends in `.fifo` |
    /// | SNS topic | at most 256 characters; a FIFO topic's name ends in `.fifo` |
    /// | Security group | a name does not start with `sg-` |
    /// | ElastiCache replication group / cluster id | at most 40 / 50 characters |
    /// | RDS instance / cluster identifier | at most 63 characters |
    /// | ECR repository | lower-case letters, digits, `.`, `_`, `-`, `/` |
    /// | KMS alias | starts with `alias/`, not `alias/aws/` |
    /// | EventBridge rule | at most 64 characters |
    /// | Step Functions state machine | at most 80 characters |
    ///
    /// ## Why it matters
    /// The create call is rejected (a validation error from the service, or from `terraform
    /// plan`): the stack does not deploy. Critical. Names built from a project name, a
    /// purpose, an environment and a region overrun 32 or 64 characters easily.
    ///
    /// ## Example
    /// ```hcl
    /// # fails: 35 characters before the suffix
    /// resource "aws_lb_target_group" "api" { name = "payments-service-api-target-group-${var.environment_suffix}" }
    /// # passes
    /// resource "aws_lb_target_group" "api" { name = "pay-api-${var.environment_suffix}" }
    /// ```
    ///
    /// ## Fix
    /// Shorten the name (abbreviate, drop the purpose words), use only the allowed characters,
    /// or leave the name out and let the platform generate one.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
    /// - https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
    /// - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    /// - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
    /// - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
    /// - https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
    /// - https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
    /// - https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
    pub struct ResourceNameRejected {
        id: "DEP024",
        name: "resource-name-rejected",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
        check: check,
    }
}

/// Which characters a name may hold (judged on its literal text).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chars {
    Any,
    /// Lower-case letters, digits, `.` and `-` (S3 buckets).
    Bucket,
    /// Letters, digits and `-` (load balancers, target groups).
    AlnumHyphen,
    /// Letters, digits, `-` and `_` (Lambda functions).
    AlnumHyphenUnderscore,
    /// Lower-case letters, digits, `.`, `_`, `-`, `/` (ECR repositories).
    Repository,
}

struct NameRule {
    kind: &'static str,
    /// Property keys holding the name, in every platform's spelling.
    keys: &'static [&'static str],
    what: &'static str,
    min: usize,
    max: usize,
    chars: Chars,
}

const RULES: [NameRule; 16] = [
    NameRule {
        kind: "AWS::S3::Bucket",
        keys: &["BucketName", "bucket"],
        what: "S3 bucket name",
        min: 3,
        max: 63,
        chars: Chars::Bucket,
    },
    NameRule {
        kind: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        keys: &["Name", "loadBalancerName"],
        what: "load balancer name",
        min: 1,
        max: 32,
        chars: Chars::AlnumHyphen,
    },
    NameRule {
        kind: "AWS::ElasticLoadBalancingV2::TargetGroup",
        keys: &["Name", "targetGroupName"],
        what: "target group name",
        min: 1,
        max: 32,
        chars: Chars::AlnumHyphen,
    },
    NameRule {
        kind: "AWS::Lambda::Function",
        keys: &["FunctionName"],
        what: "Lambda function name",
        min: 1,
        max: 64,
        chars: Chars::AlnumHyphenUnderscore,
    },
    NameRule {
        kind: "AWS::IAM::Role",
        keys: &["RoleName", "name"],
        what: "IAM role name",
        min: 1,
        max: 64,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::IAM::User",
        keys: &["UserName", "name"],
        what: "IAM user name",
        min: 1,
        max: 64,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::IAM::ManagedPolicy",
        keys: &["ManagedPolicyName", "name"],
        what: "IAM policy name",
        min: 1,
        max: 128,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::IAM::InstanceProfile",
        keys: &["InstanceProfileName", "name"],
        what: "instance profile name",
        min: 1,
        max: 128,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::SQS::Queue",
        keys: &["QueueName", "name"],
        what: "SQS queue name",
        min: 1,
        max: 80,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::SNS::Topic",
        keys: &["TopicName", "name"],
        what: "SNS topic name",
        min: 1,
        max: 256,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::ElastiCache::ReplicationGroup",
        keys: &["ReplicationGroupId"],
        what: "ElastiCache replication group id",
        min: 1,
        max: 40,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::ElastiCache::CacheCluster",
        keys: &["ClusterName", "cluster_id"],
        what: "ElastiCache cluster id",
        min: 1,
        max: 50,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::RDS::DBCluster",
        keys: &[
            "DBClusterIdentifier",
            "cluster_identifier",
            "clusterIdentifier",
        ],
        what: "RDS cluster identifier",
        min: 1,
        max: 63,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::RDS::DBInstance",
        keys: &["DBInstanceIdentifier", "identifier", "instanceIdentifier"],
        what: "RDS instance identifier",
        min: 1,
        max: 63,
        chars: Chars::Any,
    },
    NameRule {
        kind: "AWS::ECR::Repository",
        keys: &["RepositoryName", "name"],
        what: "ECR repository name",
        min: 2,
        max: 256,
        chars: Chars::Repository,
    },
    NameRule {
        kind: "AWS::Events::Rule",
        keys: &["Name", "ruleName"],
        what: "EventBridge rule name",
        min: 1,
        max: 64,
        chars: Chars::Any,
    },
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        if let Some(rule) = RULES.iter().find(|r| r.kind == resource.kind) {
            if let Some(name) = name_at(resource, rule.keys) {
                if let Some(problem) = problem(rule, &name) {
                    report(hits, resource, rule.what, &name, &problem);
                }
            }
        }
        special_cases(resource, ctx.platform, hits);
    }
}

fn name_at(resource: &Resource, keys: &[&str]) -> Option<KnownName> {
    get(&resource.props, keys).and_then(known_name)
}

fn report(hits: &mut Hits, resource: &Resource, what: &str, name: &KnownName, problem: &str) {
    hits.resource(
        resource,
        format!("{what} `{}` is rejected: {problem}", name.shown),
        "Shorten the name or use only the characters the service allows; or leave the name out and let the platform generate one.",
    );
}

fn problem(rule: &NameRule, name: &KnownName) -> Option<String> {
    let at_least = if name.has_placeholders {
        "at least "
    } else {
        ""
    };
    if name.length > rule.max {
        return Some(format!(
            "{at_least}{} characters, the limit is {}",
            name.length, rule.max
        ));
    }
    if !name.has_placeholders && name.length < rule.min {
        return Some(format!(
            "{} characters, the minimum is {}",
            name.length, rule.min
        ));
    }
    let allowed = |c: char| match rule.chars {
        Chars::Any => true,
        Chars::Bucket => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
        Chars::AlnumHyphen => c.is_ascii_alphanumeric() || c == '-',
        Chars::AlnumHyphenUnderscore => c.is_ascii_alphanumeric() || c == '-' || c == '_',
        Chars::Repository => {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/')
        }
    };
    // `$`, `{` and `}` are left by interpolations the front-ends keep as text: not judged.
    let mut bad: Vec<char> = name
        .text
        .chars()
        .filter(|c| !allowed(*c) && !matches!(c, '$' | '{' | '}'))
        .collect();
    bad.dedup();
    if !bad.is_empty() {
        let shown: String = bad.iter().take(5).collect();
        return Some(format!("it holds characters not allowed (`{shown}`)"));
    }
    None
}

/// Constraints that are not a length or a character set.
fn special_cases(resource: &Resource, platform: Option<Platform>, hits: &mut Hits) {
    // CDK L2 constructs complete what their props leave out: a `Queue` with `fifo: true`
    // appends `.fifo`, an `Alias` prepends `alias/`.
    let completed_by_construct = shape(resource, platform) == Shape::CdkConstruct;
    match resource.kind.as_str() {
        "AWS::SQS::Queue" | "AWS::SNS::Topic" => {
            let fifo = flag(
                &resource.props,
                &["FifoQueue", "fifo_queue", "FifoTopic", "fifo_topic"],
            );
            let (what, keys): (&str, &[&str]) = if resource.kind == "AWS::SQS::Queue" {
                ("SQS FIFO queue name", &["QueueName", "name"])
            } else {
                ("SNS FIFO topic name", &["TopicName", "name"])
            };
            if fifo != Flag::On || completed_by_construct {
                return;
            }
            if let Some(name) = name_at(resource, keys) {
                if !name.shown.ends_with(".fifo") {
                    report(
                        hits,
                        resource,
                        what,
                        &name,
                        "a FIFO name must end in `.fifo`",
                    );
                }
            }
        }
        "AWS::EC2::SecurityGroup" => {
            if let Some(name) = name_at(resource, &["GroupName", "name", "securityGroupName"]) {
                if name.shown.to_ascii_lowercase().starts_with("sg-") {
                    report(
                        hits,
                        resource,
                        "security group name",
                        &name,
                        "names starting with `sg-` are reserved for security group ids",
                    );
                }
            }
        }
        "AWS::KMS::Alias" if !completed_by_construct => {
            if let Some(name) = name_at(resource, &["AliasName", "name"]) {
                if !name.shown.starts_with("alias/") && !name.shown.starts_with("${") {
                    report(
                        hits,
                        resource,
                        "KMS alias",
                        &name,
                        "an alias name starts with `alias/`",
                    );
                } else if name.shown.starts_with("alias/aws/") {
                    report(
                        hits,
                        resource,
                        "KMS alias",
                        &name,
                        "`alias/aws/` is reserved for AWS managed keys",
                    );
                }
            }
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer"
        | "AWS::ElasticLoadBalancingV2::TargetGroup" => {
            prefix_limit(
                resource,
                hits,
                6,
                "load balancer or target group `name_prefix`",
            );
        }
        "AWS::IAM::Role" => prefix_limit(resource, hits, 38, "IAM role `name_prefix`"),
        _ => {}
    }
}

/// Terraform's `name_prefix`, which the provider validates against a shorter limit.
fn prefix_limit(resource: &Resource, hits: &mut Hits, max: usize, what: &str) {
    let terraform = [
        "aws_lb",
        "aws_alb",
        "aws_lb_target_group",
        "aws_alb_target_group",
        "aws_iam_role",
    ]
    .iter()
    .any(|t| is_source_type(resource, t));
    if !terraform {
        return;
    }
    let Some(prefix) = get(&resource.props, &["name_prefix"]).and_then(known_name) else {
        return;
    };
    if prefix.length > max {
        report(
            hits,
            resource,
            what,
            &prefix,
            &format!(
                "{}{} characters, the provider allows {max}",
                if prefix.has_placeholders {
                    "at least "
                } else {
                    ""
                },
                prefix.length
            ),
        );
    }
}
