use crate::declare_rule;
use crate::props::{get, literal_str};
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::constraints::{data_source, lambda_runtime};
use crate::rules::deploy::schema_day;

declare_rule! {
    /// ## What it checks
    /// A Lambda function (`AWS::Lambda::Function`, `AWS::Serverless::Function`, CDK
    /// `CfnFunction`) on a runtime for which AWS blocks creating functions, as of the date of the
    /// data: the runtime lifecycle cfn-lint 1.58.0 ships (`LmbdRuntimeLifecycle.json`:
    /// deprecation, create-block and update-block dates and the successor runtime), compared with
    /// the date of its schemas (2026-10-20) — not with today's date, so that the finding does not
    /// change from one day to the next. Runtimes change over time: the message says "as of" that
    /// date. RUN001 reports deprecated runtimes as a medium finding; this rule reports the ones
    /// that can no longer be created at all.
    ///
    /// ## Why it matters
    /// After the create-block date, Lambda refuses `CreateFunction` on the runtime: the stack
    /// fails with `The runtime parameter of X is no longer supported for creating or updating
    /// AWS Lambda functions`. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: nodejs12.x functions cannot be created any more
    /// Fn:
    ///   Type: AWS::Lambda::Function
    ///   Properties:
    ///     Runtime: nodejs12.x
    /// # passes
    ///     Runtime: nodejs22.x
    /// ```
    ///
    /// ## Fix
    /// Move to the successor the message names (or another supported runtime of the language).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
    /// - https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html
    pub struct LambdaRuntimeCreateBlocked {
        id: "DEP016",
        name: "lambda-runtime-creation-blocked",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
        check: check,
    }
}

const KINDS: [&str; 2] = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let day = schema_day(&data_source().schema_date);
    if day.is_empty() {
        return;
    }
    for function in ctx.declared().filter(|r| KINDS.contains(&r.kind.as_str())) {
        let template = function.source_type == function.kind;
        let last = function.source_type.rsplit('.').next().unwrap_or_default();
        if !template && !last.starts_with("Cfn") {
            continue;
        }
        let Some(runtime) = get(&function.props, &["Runtime"]).and_then(literal_str) else {
            continue;
        };
        let Some(life) = lambda_runtime(&runtime) else {
            continue;
        };
        let Some(blocked) = life.create_block.as_deref().filter(|b| *b <= day) else {
            continue;
        };
        let update = life
            .update_block
            .as_deref()
            .filter(|u| *u <= day)
            .map(|u| format!(", updating them since {u}"))
            .unwrap_or_default();
        let successor = life
            .successor
            .as_deref()
            .map(|s| format!("; its successor is {s}"))
            .unwrap_or_default();
        hits.resource(
            function,
            format!(
                "Lambda runtime {runtime}: creating functions on it is blocked since {blocked}{update} (deprecated {}), as of {day}{successor}",
                life.deprecated.as_deref().unwrap_or("earlier")
            ),
            "Move to a supported runtime of the same language (the successor the message names).",
        );
    }
}
