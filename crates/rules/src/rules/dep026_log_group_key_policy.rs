use iacgrade_ir::{Resource, ResourceGraph, Value};

use crate::declare_rule;
use crate::embedded_json;
use crate::props::{elements, get, get_all, texts};
use crate::references::{refers_to, resolve};
use crate::rule::{Hits, RuleContext};
use crate::shape::{is_source_type, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// CloudWatch Logs log groups encrypted with a KMS key the answer declares
    /// (`KmsKeyId` / `kms_key_id` pointing at an `AWS::KMS::Key` / `aws_kms_key` of the same
    /// answer) whose key policy does not let CloudWatch Logs use the key: no statement names
    /// the service principal `logs.<region>.amazonaws.com` (or `logs.amazonaws.com`), and no
    /// statement allows every principal. A key without a policy gets the default key policy,
    /// which trusts only the account — not the service.
    ///
    /// Keys whose policy the code does not fix (a CDK `kms.Key`, which the program may extend
    /// with `addToResourcePolicy`; a policy built elsewhere) are not judged.
    ///
    /// ## Why it matters
    /// CloudWatch Logs checks the key when the log group is created and refuses it: "The
    /// specified KMS key does not exist or is not allowed to be used with LogGroup". The stack
    /// does not deploy. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: the key policy trusts only the account root
    /// KeyPolicy:
    ///   Statement:
    ///     - Effect: Allow
    ///       Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }
    ///       Action: kms:*
    ///       Resource: "*"
    /// # passes: add a statement for the service
    ///     - Effect: Allow
    ///       Principal: { Service: !Sub "logs.${AWS::Region}.amazonaws.com" }
    ///       Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]
    ///       Resource: "*"
    /// ```
    ///
    /// ## Fix
    /// Add a key policy statement allowing `logs.<region>.amazonaws.com` the `kms:Encrypt*`,
    /// `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:Describe*` actions
    /// (optionally conditioned on `kms:EncryptionContext:aws:logs:arn`).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    pub struct LogGroupKeyPolicyWithoutLogs {
        id: "DEP026",
        name: "log-group-key-policy-without-logs",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for group in ctx.declared_of_kind("AWS::Logs::LogGroup") {
        let Some(key_ref) = get(&group.props, &["KmsKeyId"]) else {
            continue;
        };
        if !matches!(
            key_ref,
            Value::Ref { .. } | Value::Template(_) | Value::Unknown(_)
        ) {
            continue;
        }
        let Some(key) = resolve(ctx.graph, key_ref) else {
            continue;
        };
        if key.kind != "AWS::KMS::Key" || shape(key, ctx.platform) == Shape::CdkConstruct {
            continue;
        }
        if lets_logs_use(ctx.graph, key) == Some(false) {
            hits.resource(
                group,
                format!(
                    "Log group is encrypted with KMS key `{}`, whose key policy does not allow the CloudWatch Logs service principal (logs.<region>.amazonaws.com): CloudWatch Logs refuses to create the log group",
                    key.logical_name.render()
                ),
                "Add a key policy statement allowing Service logs.<region>.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe*.",
            );
        }
    }
}

/// Whether the key's policy lets CloudWatch Logs use the key: `None` when the policy is not
/// known.
fn lets_logs_use(graph: &ResourceGraph, key: &Resource) -> Option<bool> {
    let mut policies: Vec<&Value> = Vec::new();
    if let Some(policy) = get(&key.props, &["KeyPolicy", "policy"]) {
        policies.push(policy);
    }
    // Terraform's separate `aws_kms_key_policy`.
    for attached in graph
        .resources
        .iter()
        .filter(|r| is_source_type(r, "aws_kms_key_policy"))
    {
        match get(&attached.props, &["key_id"]) {
            Some(link) if refers_to(link, key) => match get(&attached.props, &["policy"]) {
                Some(policy) => policies.push(policy),
                None => return None,
            },
            Some(_) => {}
            None => return None,
        }
    }
    if policies.is_empty() {
        // The default key policy trusts the account only.
        return Some(false);
    }
    let mut known = true;
    for policy in policies {
        match readable(graph, policy) {
            Some(document) => {
                if allows_logs(&document) {
                    return Some(true);
                }
            }
            None => known = false,
        }
    }
    known.then_some(false)
}

/// A policy as a document this rule can read: a map (literal, `jsonencode`), JSON text, or the
/// `aws_iam_policy_document` data source it refers to.
fn readable(graph: &ResourceGraph, policy: &Value) -> Option<Value> {
    match policy {
        Value::Map(_) => Some(policy.clone()),
        Value::Str(_) | Value::Unknown(_) => embedded_json::parse(policy),
        Value::Ref { .. } => {
            let source = resolve(graph, policy)?;
            is_source_type(source, "aws_iam_policy_document").then(|| source.props.clone())
        }
        _ => None,
    }
}

/// Whether a statement of the document names the logs service or allows every principal.
fn allows_logs(document: &Value) -> bool {
    let mut statements = get_all(document, &["Statement"]);
    statements.extend(get_all(document, &["statement"]));
    statements
        .iter()
        .flat_map(|s| elements(s))
        .any(|statement| {
            let principal = get(statement, &["Principal", "principals"]);
            let Some(principal) = principal else {
                return false;
            };
            texts(principal).iter().any(|t| {
                let t = t.trim();
                t == "*" || t.starts_with("logs.") || t.contains("logs.${") || t == "logs"
            }) || matches!(principal, Value::Unknown(_))
        })
}
