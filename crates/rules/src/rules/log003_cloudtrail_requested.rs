use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::shape::is_source_type;

declare_rule! {
    /// ## What it checks
    /// Answers that declare no CloudTrail trail (`AWS::CloudTrail::Trail`, `aws_cloudtrail`,
    /// CDK `cloudtrail.Trail`) although the request asks for one: a sentence of the request
    /// mentions CloudTrail, an audit trail, audit logging or API activity logging, and does not
    /// say to use an existing trail or not to create one.
    ///
    /// Only checked when the answer declares resources at all (analysis scripts and prose-only
    /// answers are judged elsewhere). A CloudTrail Lake event data store
    /// (`AWS::CloudTrail::EventDataStore`) also satisfies the request.
    ///
    /// ## Why it matters
    /// An explicit requirement is broken (high): without a trail there is no durable record of
    /// who called which API, which audit and compliance requests exist to obtain.
    ///
    /// ## Example
    /// Request: "Enable CloudTrail to audit all API calls."
    /// ```yaml
    /// # passes
    /// AuditTrail:
    ///   Type: AWS::CloudTrail::Trail
    ///   Properties:
    ///     IsLogging: true
    ///     S3BucketName: !Ref TrailBucket
    ///     IsMultiRegionTrail: true
    ///     EnableLogFileValidation: true
    /// ```
    ///
    /// ## Fix
    /// Declare a trail (multi-region, log file validation, encrypted S3 bucket with the
    /// CloudTrail bucket policy).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html
    pub struct CloudTrailMissing {
        id: "LOG003",
        name: "requested-cloudtrail-missing",
        severity: High,
        docs: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html",
        check: check,
    }
}

const TERMS: [&str; 8] = [
    "cloudtrail",
    "cloud trail",
    "audit trail",
    "audit trails",
    "audit logging",
    "audit logs",
    "api activity",
    "api calls logging",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    if ctx.graph.resources.is_empty() || !ctx.asks_for(&TERMS) {
        return;
    }
    let has_trail = ctx.declared().any(|r| {
        r.kind == "AWS::CloudTrail::Trail"
            || r.kind == "AWS::CloudTrail::EventDataStore"
            || is_source_type(r, "aws_cloudtrail")
            || is_source_type(r, "aws_cloudtrail_event_data_store")
    });
    if !has_trail {
        hits.graph(
            ctx.graph,
            "the request asks for CloudTrail/audit logging, but the answer declares no trail",
            "Declare a CloudTrail trail (multi-region, log file validation on, logs to an encrypted S3 bucket).",
        );
    }
}
