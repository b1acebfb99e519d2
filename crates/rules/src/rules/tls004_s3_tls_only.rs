use iacgrade_ir::Resource;

use crate::declare_rule;
use crate::props::{flag, get, texts, Flag};
use crate::references::refers_to;
use crate::rule::{Hits, RuleContext};
use crate::shape::{is_source_type, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// S3 buckets that accept plain-HTTP requests: no bucket policy attached to the bucket
    /// mentions the `aws:SecureTransport` condition (the usual form: deny `s3:*` when
    /// `aws:SecureTransport` is `false`), and, for CDK L2 buckets, `enforceSSL` is not true.
    ///
    /// Policies are found as `AWS::S3::BucketPolicy` / `aws_s3_bucket_policy` resources
    /// referring to the bucket (their document may be inline, a JSON string, or a Terraform
    /// `aws_iam_policy_document` data source they reference) and as a bucket's own inline
    /// `policy`. When a policy that mentions `aws:SecureTransport` cannot be matched to a
    /// bucket, or a CDK program may add statements with `addToResourcePolicy` (it calls it, or
    /// builds a conditional `PolicyStatement` for `AnyPrincipal`), nothing is reported for its
    /// CDK buckets.
    ///
    /// ## Why it matters
    /// S3 serves both HTTP and HTTPS endpoints; AWS SDKs use HTTPS, but nothing stops a client
    /// from sending data and credentials-signed requests in clear. The rule is medium (AWS
    /// Security Hub rates its S3.5 control the same): the bucket is protected against
    /// eavesdropping only by what each client chooses.
    ///
    /// ## Example
    /// ```yaml
    /// # passes
    /// DataBucketPolicy:
    ///   Type: AWS::S3::BucketPolicy
    ///   Properties:
    ///     Bucket: !Ref DataBucket
    ///     PolicyDocument:
    ///       Statement:
    ///         - Effect: Deny
    ///           Principal: "*"
    ///           Action: "s3:*"
    ///           Resource: [!GetAtt DataBucket.Arn, !Sub "${DataBucket.Arn}/*"]
    ///           Condition: {Bool: {"aws:SecureTransport": "false"}}
    /// ```
    ///
    /// ## Fix
    /// Attach a bucket policy that denies requests with `aws:SecureTransport` false, or set
    /// `enforceSSL: true` on a CDK bucket.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
    /// - https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5
    pub struct S3BucketAllowsHttp {
        id: "TLS004",
        name: "s3-bucket-allows-http",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
        check: check,
    }
}

fn mentions_secure_transport(resource: &Resource, ctx: &RuleContext) -> bool {
    let own = texts(&resource.props)
        .iter()
        .any(|t| t.to_ascii_lowercase().contains("securetransport"));
    if own {
        return true;
    }
    // The document may live in a resource the policy refers to (a Terraform
    // aws_iam_policy_document data source).
    ctx.graph
        .resources
        .iter()
        .filter(|r| !std::ptr::eq(*r, resource) && refers_to(&resource.props, r))
        .filter(|r| r.kind != "AWS::S3::Bucket")
        .any(|r| {
            texts(&r.props)
                .iter()
                .any(|t| t.to_ascii_lowercase().contains("securetransport"))
        })
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    // CDK programs add bucket-policy statements with `bucket.addToResourcePolicy(...)`, a method
    // call on a program variable that the IR does not record; a conditional statement for any
    // principal among the SDK names the code uses may be that deny.
    let uses_symbol = |suffix: &str| ctx.graph.symbols.iter().any(|s| s.path.ends_with(suffix));
    let adds_statements = uses_symbol("addToResourcePolicy")
        || uses_symbol("add_to_resource_policy")
        || ((uses_symbol("PolicyStatement.conditions")
            || uses_symbol("PolicyStatement.condition"))
            && uses_symbol("AnyPrincipal"));
    let tls_policies: Vec<&Resource> = ctx
        .graph
        .resources
        .iter()
        .filter(|r| r.kind == "AWS::S3::BucketPolicy" || is_source_type(r, "aws_s3_bucket_policy"))
        .filter(|r| mentions_secure_transport(r, ctx))
        .collect();
    let buckets: Vec<&Resource> = ctx.declared_of_kind("AWS::S3::Bucket").collect();
    // A TLS policy that refers to no bucket we know makes every bucket's state unknown.
    let unresolved = tls_policies.iter().any(|p| {
        let link = get(&p.props, &["Bucket", "bucket"]);
        !buckets
            .iter()
            .any(|b| link.is_some_and(|l| refers_to(l, b)))
    });
    if unresolved {
        return;
    }
    for bucket in buckets {
        let shape = shape(bucket, ctx.platform);
        if shape == Shape::Other {
            continue;
        }
        if shape == Shape::CdkConstruct {
            match flag(&bucket.props, &["enforceSSL", "enforce_ssl"]) {
                Flag::On | Flag::Unknown => continue,
                Flag::Off | Flag::Absent => {}
            }
            if adds_statements {
                continue;
            }
        }
        if texts(&bucket.props)
            .iter()
            .any(|t| t.to_ascii_lowercase().contains("securetransport"))
        {
            continue;
        }
        let protected = tls_policies
            .iter()
            .any(|p| get(&p.props, &["Bucket", "bucket"]).is_some_and(|l| refers_to(l, bucket)));
        if !protected {
            hits.resource(
                bucket,
                "S3 bucket accepts requests over plain HTTP (no policy denies `aws:SecureTransport` false)",
                "Attach a bucket policy that denies `s3:*` when `aws:SecureTransport` is false (CDK: `enforceSSL: true`).",
            );
        }
    }
}
