use crate::declare_rule;
use iacgrade_ir::Value;

use crate::props::{enum_member, get};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// ECS services (`AWS::ECS::Service`, `aws_ecs_service`, CDK `CfnService`, Pulumi
    /// `aws.ecs.Service`) that set both a launch type (`LaunchType`, `launch_type`) and a
    /// capacity provider strategy (`CapacityProviderStrategy`, `capacity_provider_strategy`).
    ///
    /// ## Why it matters
    /// ECS refuses the service: "Specifying both a launch type and capacity provider strategy
    /// is not supported". The stack does not deploy. Critical. A capacity provider strategy
    /// already says where tasks run (`FARGATE`, `FARGATE_SPOT`, an Auto Scaling group).
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// LaunchType: FARGATE
    /// CapacityProviderStrategy:
    ///   - CapacityProvider: FARGATE_SPOT
    ///     Weight: 1
    /// # passes
    /// CapacityProviderStrategy:
    ///   - CapacityProvider: FARGATE_SPOT
    ///     Weight: 1
    /// ```
    ///
    /// ## Fix
    /// Keep one: remove the launch type when a capacity provider strategy is given.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
    pub struct EcsLaunchTypeWithCapacityProviders {
        id: "DEP025",
        name: "ecs-launch-type-with-capacity-providers",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for service in ctx.declared_of_kind("AWS::ECS::Service") {
        let launch_type = get(&service.props, &["LaunchType"]);
        let strategy = get(
            &service.props,
            &["CapacityProviderStrategy", "CapacityProviderStrategies"],
        );
        if launch_type.and_then(enum_member).is_some() && strategy.is_some_and(is_given) {
            hits.resource(
                service,
                "ECS service sets both a launch type and a capacity provider strategy: ECS rejects the service",
                "Remove the launch type; the capacity provider strategy decides where tasks run.",
            );
        }
    }
}

/// Whether a strategy is certainly given: a non-empty list of entries, none of them a Terraform
/// `dynamic` block over an unknown collection (which may be empty).
fn is_given(strategy: &Value) -> bool {
    match strategy {
        Value::List(items) => {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| matches!(i, Value::Map(_)) && get(i, &["_for_each"]).is_none())
        }
        _ => false,
    }
}
