use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::prompt::contains_phrase;
use crate::props::{elements, enum_member, flag, get, has, num_at, str_at, Flag};
use crate::references::resolve;
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Load balancer listeners (`AWS::ElasticLoadBalancingV2::Listener`, `aws_lb_listener`,
    /// CDK `ApplicationListener`) that serve plain HTTP and forward it to targets instead of
    /// redirecting to HTTPS: `Protocol: HTTP` with a `forward` default action (or CDK default
    /// target groups).
    ///
    /// Reported only when the answer is expected to use TLS: a sentence of the request asks for
    /// encryption in transit, or for HTTPS/TLS/SSL/certificates together with load balancers,
    /// listeners, traffic, endpoints or the application (not "enforce SSL for S3 requests"), or
    /// the code itself declares an ACM certificate or an HTTPS listener (then the HTTP listener
    /// is a way around it). Test
    /// stacks often cannot obtain a certificate, so an HTTP-only answer to a request that never
    /// asks for TLS is not reported. Listeners of internal load balancers are not reported
    /// unless the request asks for encryption in transit. Redirect and fixed-response actions
    /// pass.
    ///
    /// ## Why it matters
    /// Requests, cookies and credentials cross the internet in clear and can be read or altered
    /// on the way.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// HttpListener:
    ///   Type: AWS::ElasticLoadBalancingV2::Listener
    ///   Properties:
    ///     Protocol: HTTP
    ///     Port: 80
    ///     DefaultActions: [{Type: forward, TargetGroupArn: !Ref Targets}]
    /// # passes
    ///     DefaultActions:
    ///       - Type: redirect
    ///         RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}
    /// ```
    ///
    /// ## Fix
    /// Serve HTTPS on 443 with an ACM certificate and make the port-80 listener redirect to it.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
    pub struct HttpListenerWithoutRedirect {
        id: "TLS003",
        name: "http-listener-without-redirect",
        severity: High,
        docs: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        check: check,
    }
}

const LISTENER: &str = "AWS::ElasticLoadBalancingV2::Listener";

const IN_TRANSIT: [&str; 2] = ["in transit", "in-transit"];

const TLS_TERMS: [&str; 6] = ["https", "tls", "ssl", "certificate", "certificates", "acm"];

/// What a TLS request must be about to concern a load balancer (not "enforce SSL for S3
/// requests", not an error message pasted into the request).
const WEB_SUBJECTS: [&str; 16] = [
    "load balancer",
    "load balancers",
    "alb",
    "elb",
    "nlb",
    "listener",
    "listeners",
    "traffic",
    "port 443",
    "443",
    "endpoint",
    "endpoints",
    "website",
    "web",
    "frontend",
    "application",
];

/// Data stores: an in-transit request about them alone ("encryption in transit for all database
/// connections") does not concern the load balancer.
const DATA_STORES: [&str; 8] = [
    "database",
    "databases",
    "data stores",
    "data store",
    "db",
    "rds",
    "aurora",
    "cache",
];

/// Whether a (lower-case, affirmative) sentence asks for encryption in transit that covers web
/// traffic: in general, or naming it, but not only for data stores.
fn asks_in_transit_for_web_traffic(sentence: &str) -> bool {
    let any = |words: &[&str]| words.iter().any(|w| contains_phrase(sentence, w));
    any(&IN_TRANSIT) && (!any(&DATA_STORES) || any(&WEB_SUBJECTS))
}

/// Whether a (lower-case, affirmative) sentence asks for TLS on web traffic. Both protocols
/// listed together ("accepts HTTP/HTTPS from the internet") say what is allowed, not that TLS
/// is required.
fn asks_tls_for_web_traffic(sentence: &str) -> bool {
    let mut sentence = sentence.to_string();
    for both in [
        "http/https",
        "http and https",
        "http or https",
        "http/s",
        "http(s)",
    ] {
        sentence = sentence.replace(both, " ");
    }
    let sentence = sentence.as_str();
    let any = |words: &[&str]| words.iter().any(|w| contains_phrase(sentence, w));
    any(&TLS_TERMS) && any(&WEB_SUBJECTS) && !any(&["error", "statuscode"])
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    // Only an HTTP listener that forwards can be reported: without one, the request is not read.
    if !ctx
        .declared_of_kind(LISTENER)
        .any(|l| protocol(l).as_deref() == Some("HTTP") && forwards(l))
    {
        return;
    }
    let in_transit_quote = ctx
        .request()
        .and_then(|r| r.quote_where(asks_in_transit_for_web_traffic));
    let in_transit = in_transit_quote.is_some();
    let tls_quote = ctx
        .request()
        .and_then(|r| r.quote_where(asks_tls_for_web_traffic));
    let asked = in_transit || tls_quote.is_some();
    let declares_tls = ctx
        .declared()
        .any(|r| r.kind == "AWS::CertificateManager::Certificate")
        || ctx
            .declared_of_kind(LISTENER)
            .any(|l| protocol(l).as_deref() == Some("HTTPS"));
    if !asked && !declares_tls {
        return;
    }
    let why = if let Some(quote) = in_transit_quote {
        format!(" (request: \"{quote}\")")
    } else if let Some(quote) = tls_quote {
        format!(" (request: \"{quote}\")")
    } else {
        " (the code declares a certificate or an HTTPS listener)".to_string()
    };
    for listener in ctx.declared_of_kind(LISTENER) {
        if protocol(listener).as_deref() != Some("HTTP") || !forwards(listener) {
            continue;
        }
        if !in_transit && is_internal(ctx, listener) {
            continue;
        }
        hits.resource(
            listener,
            format!("HTTP listener forwards traffic in clear instead of redirecting to HTTPS{why}"),
            "Make the HTTP listener redirect to HTTPS (status 301) and serve traffic on an HTTPS listener with an ACM certificate.",
        );
    }
}

/// The listener protocol, upper case; CDK listeners on port 80 without a protocol are HTTP.
fn protocol(listener: &Resource) -> Option<String> {
    match get(&listener.props, &["Protocol"]) {
        Some(v) => enum_member(v),
        None => match num_at(&listener.props, &["Port"]) {
            Some(p)
                if p == 80.0
                    && has(
                        &listener.props,
                        &["defaultTargetGroups", "default_target_groups"],
                    ) =>
            {
                Some("HTTP".into())
            }
            _ => None,
        },
    }
}

/// Whether the default action forwards to targets (as opposed to redirect / fixed response).
fn forwards(listener: &Resource) -> bool {
    let props = &listener.props;
    if has(props, &["defaultTargetGroups", "default_target_groups"]) {
        return true;
    }
    let Some(actions) = get(
        props,
        &["DefaultActions", "default_action", "defaultAction"],
    ) else {
        return false;
    };
    let mut any_forward = false;
    for action in elements(actions) {
        match action {
            Value::Map(_) => {
                let kind = str_at(action, &["Type"])
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                match kind.as_str() {
                    "forward" => any_forward = true,
                    "redirect" | "fixed-response" => return false,
                    _ => {}
                }
            }
            Value::Unknown(text) => {
                let text = text.to_ascii_lowercase();
                if text.contains("redirect") || text.contains("fixedresponse") {
                    return false;
                }
                if text.contains("forward") {
                    any_forward = true;
                }
            }
            _ => {}
        }
    }
    any_forward
}

/// Whether the listener's load balancer is internal (`Scheme: internal`, `internal = true`).
fn is_internal(ctx: &RuleContext, listener: &Resource) -> bool {
    let Some(link) = get(
        &listener.props,
        &["LoadBalancerArn", "load_balancer_arn", "loadBalancer"],
    ) else {
        return false;
    };
    let Some(lb) = resolve(ctx.graph, link) else {
        return false;
    };
    str_at(&lb.props, &["Scheme"]).is_some_and(|s| s.eq_ignore_ascii_case("internal"))
        || flag(&lb.props, &["internal"]) == Flag::On
        || flag(&lb.props, &["internetFacing"]) == Flag::Off
}
