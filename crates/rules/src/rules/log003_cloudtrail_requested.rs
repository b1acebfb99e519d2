use crate::declare_rule;
use crate::prompt::contains_phrase;
use crate::rule::{Hits, RuleContext};
use crate::shape::is_source_type;
use iacgrade_task::Platform;

declare_rule! {
    /// ## What it checks
    /// Answers that declare no CloudTrail trail (`AWS::CloudTrail::Trail`, `aws_cloudtrail`,
    /// CDK `cloudtrail.Trail`) although the request asks for one: a sentence of the request
    /// names CloudTrail, or speaks of audit logs/trails together with API calls, account
    /// activity or management events — and does not say to use an existing trail or not to
    /// create one. "Audit trails" alone ("reports are versioned for audit trails", "a bucket for
    /// audit logs") is not a request for CloudTrail, nor is a sentence that reads or guards
    /// CloudTrail ("read-only access to CloudTrail", "GuardDuty monitors CloudTrail events",
    /// "a rule validating CloudTrail is enabled").
    ///
    /// Only checked when the answer declares resources at all, and not for analysis or CI/CD
    /// tasks (their scripts inspect an account, they do not build one). A CloudTrail Lake event
    /// data store (`AWS::CloudTrail::EventDataStore`) also satisfies the request.
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

const CLOUDTRAIL: [&str; 2] = ["cloudtrail", "cloud trail"];

/// Sentences that read, query, watch or guard CloudTrail rather than ask for a trail ("read-only
/// access to CloudTrail", "GuardDuty monitors CloudTrail events", "a Config rule validating
/// CloudTrail is enabled", "SCPs preventing disabling of CloudTrail").
const CONSUMING: [&str; 14] = [
    "if cloudtrail",
    "is used",
    "access to",
    "query",
    "queries",
    "monitors",
    "cloudtrail events",
    "validating",
    "validate",
    "validates",
    "lookup",
    "preventing",
    "prevent",
    "detect",
];

const AUDIT: [&str; 6] = [
    "audit trail",
    "audit trails",
    "audit logging",
    "audit log",
    "audit logs",
    "auditing",
];

const API_ACTIVITY: [&str; 7] = [
    "api call",
    "api calls",
    "api activity",
    "api actions",
    "account activity",
    "management events",
    "aws api",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    if ctx.graph.resources.is_empty()
        || matches!(ctx.platform, Some(Platform::Analysis | Platform::Cicd))
    {
        return;
    }
    let asks_trail = |s: &str| {
        CLOUDTRAIL.iter().any(|t| contains_phrase(s, t))
            && !CONSUMING.iter().any(|c| contains_phrase(s, c))
    };
    let has_trail = ctx.declared().any(|r| {
        r.kind == "AWS::CloudTrail::Trail"
            || r.kind == "AWS::CloudTrail::EventDataStore"
            || is_source_type(r, "aws_cloudtrail")
            || is_source_type(r, "aws_cloudtrail_event_data_store")
    });
    if has_trail {
        return;
    }
    // A sentence can name CloudTrail only if the request does: one scan before reading
    // sentence by sentence.
    let trail_sentence = ctx
        .request()
        .filter(|r| r.mentions(&CLOUDTRAIL))
        .and_then(|r| r.quote_where(asks_trail));
    let quote = if let Some(q) = trail_sentence {
        format!(" (request: \"{q}\")")
    } else if ctx.asks_for_about(&AUDIT, &API_ACTIVITY) {
        ctx.request_quote(&AUDIT, Some(&API_ACTIVITY))
    } else {
        return;
    };
    hits.graph(
        ctx.graph,
        format!("the request asks for CloudTrail, but the answer declares no trail{quote}"),
        "Declare a CloudTrail trail (multi-region, log file validation on, logs to an encrypted S3 bucket).",
    );
}
