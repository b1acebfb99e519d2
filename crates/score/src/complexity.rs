//! The complexity facts of the ideal answer's resource model, for Step 4 of the guide: which
//! services it uses and whether they are wired together, and the signals of security practice,
//! high availability and advanced patterns. Facts are policy-free; the policy weighs them.

use iacgrade_ir::Value;
use iacgrade_ir::{Resource, ResourceGraph};
use iacgrade_requirements::kinds::{kind_of, service_of};
use iacgrade_requirements::refs::refers;
use iacgrade_rules::props::{flag, flag_value, get, is_set, norm_key, num_at, Flag};
use iacgrade_rules::shape::is_data_source;
use serde::{Deserialize, Serialize};

/// Above this many resources the cross-service reference scan stops early (it is quadratic).
const REFERENCE_SCAN_LIMIT: usize = 400;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ComplexityFacts {
    /// Distinct service namespaces of the declared resources (`EC2`, `ECS`, `ElastiCache`).
    pub services: Vec<String>,
    /// Whether some resource refers to a resource of another service.
    pub integrated: bool,
    /// Security practices seen ("kms key", "iam policy", "encryption setting", "secrets manager").
    pub security: Vec<String>,
    /// High-availability signals ("multi-az", "failover", "auto scaling", "multiple azs").
    pub availability: Vec<String>,
    /// Advanced patterns ("event-driven", "serverless", "microservices", "workflow").
    pub advanced: Vec<String>,
    pub resources: usize,
}

fn add(list: &mut Vec<String>, s: &str) {
    if !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

/// Whether some property (at any depth) whose key speaks of encryption is set to something
/// other than off.
fn has_encryption_setting(value: &Value) -> bool {
    match value {
        Value::Map(entries) => entries.iter().any(|(k, v)| {
            let k = norm_key(k);
            let speaks = k.contains("encrypt")
                || k.contains("kmskey")
                || k.starts_with("sse")
                || k == "kmsmasterkeyid";
            (speaks && is_set(Some(v)) && flag_value(v) != Flag::Off) || has_encryption_setting(v)
        }),
        Value::List(items) => items.iter().any(has_encryption_setting),
        _ => false,
    }
}

impl ComplexityFacts {
    pub fn from_graph(graph: &ResourceGraph) -> Self {
        let declared: Vec<&Resource> = graph
            .resources
            .iter()
            .filter(|r| !is_data_source(r))
            .collect();
        let mut facts = ComplexityFacts {
            resources: declared.len(),
            ..Default::default()
        };
        let kinds: Vec<String> = declared.iter().map(|r| kind_of(r).into_owned()).collect();
        for k in &kinds {
            if let Some(s) = service_of(k) {
                add(&mut facts.services, s);
            }
        }
        facts.services.sort();
        // Integration: a resource referring to one of another service.
        let limit = declared.len().min(REFERENCE_SCAN_LIMIT);
        'outer: for (i, a) in declared.iter().take(limit).enumerate() {
            let Some(sa) = service_of(&kinds[i]) else {
                continue;
            };
            for (j, b) in declared.iter().take(limit).enumerate() {
                if i == j || service_of(&kinds[j]).is_none_or(|sb| sb == sa) {
                    continue;
                }
                if refers(&a.props, b) {
                    facts.integrated = true;
                    break 'outer;
                }
            }
        }
        let mut subnet_zones: Vec<String> = Vec::new();
        let mut ecs_services = 0;
        let has = |k: &str| kinds.iter().any(|x| x == k);
        for (r, k) in declared.iter().zip(&kinds) {
            let p = &r.props;
            match k.as_str() {
                "AWS::KMS::Key" => add(&mut facts.security, "kms key"),
                "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
                    add(&mut facts.security, "iam policy")
                }
                "AWS::IAM::Role"
                    if is_set(get(
                        p,
                        &[
                            "Policies",
                            "inline_policy",
                            "inlinePolicies",
                            "ManagedPolicyArns",
                            "managed_policy_arns",
                        ],
                    )) =>
                {
                    add(&mut facts.security, "iam policy")
                }
                "AWS::SecretsManager::Secret" => add(&mut facts.security, "secrets manager"),
                "AWS::WAFv2::WebACL" => add(&mut facts.security, "waf"),
                "AWS::AutoScaling::AutoScalingGroup"
                | "AWS::ApplicationAutoScaling::ScalableTarget" => {
                    add(&mut facts.availability, "auto scaling")
                }
                "AWS::EC2::Subnet" => {
                    if let Some(z) = get(p, &["AvailabilityZone", "availability_zone"]) {
                        let z = z.render();
                        if !subnet_zones.contains(&z) {
                            subnet_zones.push(z);
                        }
                    }
                }
                "AWS::ECS::Service" => ecs_services += 1,
                "AWS::Events::Rule"
                | "AWS::Lambda::EventSourceMapping"
                | "AWS::SNS::Subscription"
                | "AWS::Pipes::Pipe"
                | "AWS::Scheduler::Schedule" => add(&mut facts.advanced, "event-driven"),
                "AWS::StepFunctions::StateMachine" => add(&mut facts.advanced, "workflow"),
                "AWS::EKS::Cluster"
                | "AWS::AppMesh::Mesh"
                | "AWS::ServiceDiscovery::PrivateDnsNamespace" => {
                    add(&mut facts.advanced, "microservices")
                }
                _ => {}
            }
            if has_encryption_setting(p) {
                add(&mut facts.security, "encryption setting");
            }
            if flag(p, &["MultiAZ", "multiAz", "MultiAZEnabled"]) == Flag::On {
                add(&mut facts.availability, "multi-az");
            }
            if flag(p, &["AutomaticFailoverEnabled"]) == Flag::On {
                add(&mut facts.availability, "failover");
            }
            if k == "AWS::EC2::VPC"
                && (r.source_type.contains("awsx") || r.source_type.contains('.'))
            {
                let azs = num_at(p, &["maxAzs", "numberOfAvailabilityZones", "max_azs"]);
                if azs.is_none_or(|n| n >= 2.0) {
                    add(&mut facts.availability, "multiple azs");
                }
            }
        }
        if subnet_zones.len() >= 2 {
            add(&mut facts.availability, "multiple azs");
        }
        if ecs_services >= 2 {
            add(&mut facts.advanced, "microservices");
        }
        if has("AWS::Lambda::Function")
            && (facts.services.iter().any(|s| {
                s == "ApiGateway"
                    || s == "ApiGatewayV2"
                    || s == "DynamoDB"
                    || s == "SQS"
                    || s == "SNS"
            }))
        {
            add(&mut facts.advanced, "serverless");
        }
        facts
    }

    /// Services that count for the policy (its ignored namespaces left out).
    pub fn counted_services(&self, ignored: &[String]) -> Vec<&str> {
        self.services
            .iter()
            .filter(|s| !ignored.iter().any(|i| i.eq_ignore_ascii_case(s)))
            .map(String::as_str)
            .collect()
    }
}
