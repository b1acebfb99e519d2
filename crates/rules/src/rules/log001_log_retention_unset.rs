use crate::declare_rule;
use crate::props::{enum_member, get, number};
use crate::rule::{Hits, RuleContext};
use crate::shape::{shape, Shape};

declare_rule! {
    /// ## What it checks
    /// CloudWatch Logs log groups that keep logs forever: `AWS::Logs::LogGroup` without
    /// `RetentionInDays`, `aws_cloudwatch_log_group` without `retention_in_days` (or `0`,
    /// which means never expire), Pulumi `LogGroup` without `retention_in_days` /
    /// `retentionInDays`, CDK `logs.LogGroup` with `retention: RetentionDays.INFINITE`.
    ///
    /// A CDK L2 `LogGroup` without `retention` is not reported: the construct defaults to two
    /// years.
    ///
    /// ## Why it matters
    /// Logs without retention accumulate storage cost forever and keep personal data longer
    /// than most policies allow; retention is also how compliance requirements (90 days, one
    /// year, seven years) are met. Medium: a configuration defect, not an exposure.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// AppLogs:
    ///   Type: AWS::Logs::LogGroup
    /// # passes
    /// AppLogs:
    ///   Type: AWS::Logs::LogGroup
    ///   Properties:
    ///     RetentionInDays: 30
    /// ```
    ///
    /// ## Fix
    /// Set `RetentionInDays` (`retention_in_days`, `retention: logs.RetentionDays.ONE_MONTH`)
    /// to what the request or the data's policy requires.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
    pub struct LogRetentionUnset {
        id: "LOG001",
        name: "log-retention-unset",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for group in ctx.declared_of_kind("AWS::Logs::LogGroup") {
        let forever = match shape(group, ctx.platform) {
            Shape::Cloudformation | Shape::Terraform => {
                match get(&group.props, &["RetentionInDays", "retention_in_days"]) {
                    None => true,
                    Some(v) => number(v) == Some(0.0),
                }
            }
            Shape::CdkConstruct => get(&group.props, &["retention"])
                .and_then(enum_member)
                .is_some_and(|m| m == "INFINITE"),
            Shape::Other => false,
        };
        if forever {
            hits.resource(
                group,
                "log group keeps its logs forever (no retention set)",
                "Set `RetentionInDays` (`retention_in_days`, `retention`) to the period the data needs.",
            );
        }
    }
}
