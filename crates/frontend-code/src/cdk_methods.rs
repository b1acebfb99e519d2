//! CDK methods that declare a resource of their own: `alb.addListener("Http", {...})`,
//! `vpc.addGatewayEndpoint("S3", {...})`, `api.root.addResource("items").addMethod("GET")`.
//!
//! The construct a method creates is named by its L2 class, so its kind comes from the same
//! table as a construct created with `new`. Only methods whose resource is one per call are
//! listed (not `addToPolicy`, which adds statements to one shared policy).

/// What a method call creates: the construct path of the resource.
pub struct CreatedResource {
    pub construct: &'static str,
}

/// (method names in both languages, the construct it creates, the receiver's module).
const METHODS: &[(&[&str], &str, &str)] = &[
    (
        &["addListener", "add_listener"],
        "aws_elasticloadbalancingv2.ApplicationListener",
        "aws_elasticloadbalancingv2",
    ),
    (
        &["addTargets", "add_targets"],
        "aws_elasticloadbalancingv2.ApplicationTargetGroup",
        "aws_elasticloadbalancingv2",
    ),
    (
        &["addGatewayEndpoint", "add_gateway_endpoint"],
        "aws_ec2.GatewayVpcEndpoint",
        "aws_ec2",
    ),
    (
        &["addInterfaceEndpoint", "add_interface_endpoint"],
        "aws_ec2.InterfaceVpcEndpoint",
        "aws_ec2",
    ),
    (
        &["addFlowLog", "add_flow_log"],
        "aws_ec2.FlowLog",
        "aws_ec2",
    ),
    (
        &["addResource", "add_resource"],
        "aws_apigateway.Resource",
        "aws_apigateway",
    ),
    (
        &["addMethod", "add_method"],
        "aws_apigateway.Method",
        "aws_apigateway",
    ),
    (
        &["addApiKey", "add_api_key"],
        "aws_apigateway.ApiKey",
        "aws_apigateway",
    ),
    (
        &["addUsagePlan", "add_usage_plan"],
        "aws_apigateway.UsagePlan",
        "aws_apigateway",
    ),
    (
        &["addSubscription", "add_subscription"],
        "aws_sns.Subscription",
        "aws_sns",
    ),
    (&["addAlias", "add_alias"], "aws_lambda.Alias", "aws_lambda"),
    (
        &["addFunctionUrl", "add_function_url"],
        "aws_lambda.FunctionUrl",
        "aws_lambda",
    ),
    (
        &["addClient", "add_client"],
        "aws_cognito.UserPoolClient",
        "aws_cognito",
    ),
    (
        &["addDomain", "add_domain"],
        "aws_cognito.UserPoolDomain",
        "aws_cognito",
    ),
    (
        &["addRotationSchedule", "add_rotation_schedule"],
        "aws_secretsmanager.RotationSchedule",
        "aws_secretsmanager",
    ),
];

/// The resource `method` creates when called on a construct of `receiver_type` (its construct
/// path, `aws_elasticloadbalancingv2.ApplicationLoadBalancer`), if it creates one.
pub fn created_by(receiver_type: &str, method: &str) -> Option<CreatedResource> {
    let module = receiver_type.split('.').next()?;
    METHODS
        .iter()
        .find(|(names, _, m)| names.contains(&method) && *m == module)
        .map(|(_, construct, _)| CreatedResource { construct })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_create_resources_only_on_their_module_constructs() {
        assert_eq!(
            created_by(
                "aws_elasticloadbalancingv2.ApplicationLoadBalancer",
                "addListener"
            )
            .map(|c| c.construct),
            Some("aws_elasticloadbalancingv2.ApplicationListener")
        );
        assert_eq!(
            created_by("aws_apigateway.RestApi", "add_resource").map(|c| c.construct),
            Some("aws_apigateway.Resource")
        );
        assert!(created_by("aws_s3.Bucket", "addMethod").is_none());
        assert!(created_by("aws:ec2/vpc:Vpc", "addGatewayEndpoint").is_none());
    }
}
