use crate::declare_rule;
use crate::props::has;
use crate::references::{attachment, Attachment};
use crate::rule::{Hits, RuleContext};
use crate::shape::{is_source_type, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// VPCs the code creates without flow logs: no `AWS::EC2::FlowLog` / `aws_flow_log`
    /// referring to the VPC (`ResourceId`, `vpc_id`), and, for a CDK `ec2.Vpc`, no `flowLogs`
    /// prop. When a flow log's target cannot be resolved, or a CDK program uses a flow-log API
    /// (`addFlowLog`, `FlowLogDestination`: the method call itself is not in the IR), nothing is
    /// reported for it.
    ///
    /// ## Why it matters
    /// Flow logs are the network record investigators rely on after an incident (which
    /// addresses talked to what, what was rejected); they cannot be produced after the fact.
    /// Medium: AWS Security Hub rates the control the same.
    ///
    /// ## Example
    /// ```yaml
    /// # passes
    /// VpcFlowLog:
    ///   Type: AWS::EC2::FlowLog
    ///   Properties:
    ///     ResourceId: !Ref Vpc
    ///     ResourceType: VPC
    ///     TrafficType: ALL
    ///     LogDestinationType: cloud-watch-logs
    ///     LogGroupName: !Ref FlowLogGroup
    ///     DeliverLogsPermissionArn: !GetAtt FlowLogRole.Arn
    /// ```
    ///
    /// ## Fix
    /// Add a flow log for the VPC (traffic type `ALL` or at least `REJECT`) to CloudWatch Logs
    /// or S3.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
    /// - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6
    pub struct VpcWithoutFlowLogs {
        id: "LOG002",
        name: "vpc-without-flow-logs",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    // `vpc.addFlowLog(...)` is a method call on a program variable that the IR does not record;
    // any flow-log API among the SDK names the code uses (`FlowLogDestination`,
    // `FlowLogTrafficType`, `addFlowLog`) may be it.
    let adds_flow_log = ctx.graph.symbols.iter().any(|s| {
        (s.path.contains("FlowLog") && !s.path.contains("CfnFlowLog"))
            || s.path.ends_with("add_flow_log")
    });
    let flow_logs: Vec<_> = ctx
        .declared()
        .filter(|r| r.kind == "AWS::EC2::FlowLog" || is_source_type(r, "aws_flow_log"))
        .collect();
    for vpc in ctx.declared_of_kind("AWS::EC2::VPC") {
        let shape = shape(vpc, ctx.platform);
        if shape == Shape::Other {
            continue;
        }
        if shape == Shape::CdkConstruct
            && (adds_flow_log || has(&vpc.props, &["flowLogs", "flow_logs"]))
        {
            continue;
        }
        // A flow log may name its VPC in a list (`ResourceIds`) as well.
        let state = attachment(
            ctx.graph,
            vpc,
            flow_logs.iter().copied(),
            &[
                "ResourceId",
                "vpc_id",
                "ResourceIds",
                "resourceId",
                "resource_id",
            ],
        );
        if state == Attachment::Absent {
            hits.resource(
                vpc,
                "VPC has no flow log",
                "Add a flow log for the VPC (`AWS::EC2::FlowLog`, `aws_flow_log`, CDK `flowLogs`) to CloudWatch Logs or S3.",
            );
        }
    }
}
