use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::prompt::{contains_phrase, Request};
use crate::props::{elements, flag, flag_value, get, get_all, literal_str, Flag};
use crate::references::resolve;
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Public IP addresses on workloads meant to be private:
    /// - ECS services (`AWS::ECS::Service`, `aws_ecs_service`, CDK Fargate services) with
    ///   `AssignPublicIp: ENABLED` / `assign_public_ip = true` / `assignPublicIp: true` when
    ///   the request asks for the containers, tasks or services to run in private subnets, or
    ///   when the service's subnets are ones the code names private;
    /// - subnets (`AWS::EC2::Subnet`, `aws_subnet`) with `MapPublicIpOnLaunch: true` that the
    ///   code itself names private (logical name, name or `Name` tag containing "private").
    ///
    /// Precision first: a public IP on a task in a public subnet, with nothing saying the
    /// workload should be private, is a design choice and is not reported.
    ///
    /// ## Why it matters
    /// A public IP makes the task or instance reachable from the internet, subject only to its
    /// security group, and bypasses the private tier (NAT, load balancer) the design relies on.
    ///
    /// ## Example
    /// ```yaml
    /// # fails (request: "run the service in private subnets")
    /// Service:
    ///   Type: AWS::ECS::Service
    ///   Properties:
    ///     NetworkConfiguration:
    ///       AwsvpcConfiguration:
    ///         AssignPublicIp: ENABLED
    ///         Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
    /// # passes
    ///         AssignPublicIp: DISABLED
    /// ```
    ///
    /// ## Fix
    /// Set `AssignPublicIp: DISABLED` and give private subnets a NAT gateway or VPC endpoints
    /// for image pulls; keep `MapPublicIpOnLaunch` for public subnets only.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html
    pub struct PublicIpOnPrivateWorkload {
        id: "NET004",
        name: "public-ip-on-private-workload",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        match resource.kind.as_str() {
            "AWS::ECS::Service" => {
                if !assigns_public_ip(resource) {
                    continue;
                }
                let private_subnets = service_subnets(resource)
                    .iter()
                    .any(|s| names_private(ctx, s));
                // The request is read only for a service that assigns public IPs.
                if private_subnets || ctx.request().is_some_and(asks_private_tasks) {
                    let why = if private_subnets {
                        "in subnets the code names private"
                    } else {
                        "although the request asks for private subnets"
                    };
                    hits.resource(
                        resource,
                        format!("ECS service assigns public IPs to its tasks {why}"),
                        "Set `AssignPublicIp: DISABLED` and run the tasks in private subnets with a NAT gateway or VPC endpoints.",
                    );
                }
            }
            "AWS::EC2::Subnet"
                if flag(&resource.props, &["MapPublicIpOnLaunch"]) == Flag::On
                    && resource_named_private(resource) =>
            {
                hits.resource(
                    resource,
                    "subnet named private gives instances public IPs (`MapPublicIpOnLaunch: true`)",
                    "Set `MapPublicIpOnLaunch: false` on private subnets.",
                );
            }
            _ => {}
        }
    }
}

fn assigns_public_ip(service: &Resource) -> bool {
    let props = &service.props;
    if flag(props, &["assignPublicIp", "assign_public_ip"]) == Flag::On {
        return true;
    }
    get_all(
        props,
        &[
            "NetworkConfiguration",
            "AwsvpcConfiguration",
            "AssignPublicIp",
        ],
    )
    .into_iter()
    .chain(get_all(
        props,
        &["network_configuration", "assign_public_ip"],
    ))
    .any(|v| flag_value(v) == Flag::On)
}

fn service_subnets(service: &Resource) -> Vec<&Value> {
    let props = &service.props;
    get_all(
        props,
        &["NetworkConfiguration", "AwsvpcConfiguration", "Subnets"],
    )
    .into_iter()
    .chain(get_all(props, &["network_configuration", "subnets"]))
    .flat_map(elements)
    .collect()
}

/// Whether a subnet reference names a private subnet: the referenced resource is named private,
/// or the reference text itself says so (`PrivateSubnetA`, `aws_subnet.private[0].id`).
fn names_private(ctx: &RuleContext, subnet: &Value) -> bool {
    if let Some(resource) = resolve(ctx.graph, subnet) {
        return resource_named_private(resource);
    }
    match subnet {
        Value::Ref { target, .. } => target.to_ascii_lowercase().contains("private"),
        Value::Template(_) | Value::Unknown(_) => {
            subnet.render().to_ascii_lowercase().contains("private")
        }
        _ => false,
    }
}

fn resource_named_private(resource: &Resource) -> bool {
    let mut names = vec![resource.logical_name.render()];
    if let Some(n) = &resource.name {
        names.push(n.render());
    }
    if let Some(tags) = get(&resource.props, &["Tags", "tags"]) {
        for tag in elements(tags) {
            if get(tag, &["Key"]).and_then(literal_str).as_deref() == Some("Name") {
                if let Some(v) = get(tag, &["Value"]) {
                    names.push(v.render());
                }
            }
            if let Some(v) = get(tag, &["Name"]) {
                names.push(v.render());
            }
        }
    }
    names
        .iter()
        .any(|n| n.to_ascii_lowercase().contains("private"))
}

/// Whether a sentence of the request puts containers/tasks/services in private subnets (and
/// does not also speak of public subnets, which would make it ambiguous).
fn asks_private_tasks(request: &Request) -> bool {
    const WORKLOAD: [&str; 8] = [
        "ecs",
        "fargate",
        "container",
        "containers",
        "task",
        "tasks",
        "service",
        "services",
    ];
    request.affirmative_sentences().any(|s| {
        (contains_phrase(s, "private subnet") || contains_phrase(s, "private subnets"))
            && !contains_phrase(s, "public subnet")
            && !contains_phrase(s, "public subnets")
            && WORKLOAD.iter().any(|w| contains_phrase(s, w))
    })
}
