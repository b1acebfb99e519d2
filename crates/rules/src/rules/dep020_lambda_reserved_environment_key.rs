use iacgrade_ir::Value;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};

use super::service_limits::lambda_environment;

declare_rule! {
    /// ## What it checks
    /// Lambda functions (`AWS::Lambda::Function`, `AWS::Serverless::Function`,
    /// `aws_lambda_function`, CDK `lambda.Function`, Pulumi `aws.lambda.Function`) whose
    /// environment variables set a key the Lambda runtime reserves: `AWS_REGION`,
    /// `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
    /// `AWS_EXECUTION_ENV`, `AWS_LAMBDA_FUNCTION_NAME` and the other `AWS_LAMBDA_*` runtime
    /// variables, `_HANDLER`, `_X_AMZN_TRACE_ID`, `LAMBDA_TASK_ROOT`, `LAMBDA_RUNTIME_DIR`.
    /// The list is the one in the Lambda developer guide (the same list cfn-lint ships as
    /// `aws_lambda_function/environment_variable_keys.json`).
    ///
    /// ## Why it matters
    /// Lambda rejects the function: `InvalidParameterValueException: Lambda was unable to
    /// configure your environment variables because the environment variables you have
    /// provided contains reserved keys`. The stack does not deploy (CDK refuses `AWS_REGION`
    /// already at synthesis). Critical. The runtime sets these variables itself, so the code
    /// can read `AWS_REGION` without declaring it.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Environment:
    ///   Variables:
    ///     AWS_REGION: !Ref AWS::Region
    /// # passes
    /// Environment:
    ///   Variables:
    ///     TABLE_REGION: !Ref AWS::Region
    /// ```
    ///
    /// ## Fix
    /// Remove the key (the runtime provides it) or rename it (`APP_REGION`).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
    pub struct LambdaReservedEnvironmentKey {
        id: "DEP020",
        name: "lambda-reserved-environment-key",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime",
        check: check,
    }
}

/// The keys Lambda reserves (Lambda developer guide, "Defined runtime environment variables").
const RESERVED: [&str; 18] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

const KINDS: [&str; 2] = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for function in ctx.declared().filter(|r| KINDS.contains(&r.kind.as_str())) {
        let Some(Value::Map(variables)) = lambda_environment(function, ctx.platform) else {
            continue;
        };
        let reserved: Vec<&str> = variables
            .iter()
            .filter_map(|(key, _)| RESERVED.iter().find(|r| **r == key.trim()).copied())
            .collect();
        if reserved.is_empty() {
            continue;
        }
        hits.resource(
            function,
            format!(
                "Lambda environment variable{} {} reserved by the Lambda runtime: the function is rejected at deploy time",
                if reserved.len() == 1 { "" } else { "s" },
                reserved
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if reserved.len() == 1 { " is" } else { " are" }
            ),
            "Remove the reserved key (the runtime sets it; read AWS_REGION from the environment as is) or give the variable another name.",
        );
    }
}
