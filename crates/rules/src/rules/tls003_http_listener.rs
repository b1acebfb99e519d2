use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
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
    /// Reported only when the answer is expected to use TLS: the request mentions HTTPS, TLS,
    /// SSL, certificates or encryption in transit, or the code itself declares an ACM
    /// certificate or an HTTPS listener (then the HTTP listener is a way around it). Test
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

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let in_transit = ctx.asks_for(&["in transit", "in-transit"]);
    let asked =
        in_transit || ctx.asks_for(&["https", "tls", "ssl", "certificate", "certificates", "acm"]);
    let declares_tls = ctx
        .declared()
        .any(|r| r.kind == "AWS::CertificateManager::Certificate")
        || ctx
            .declared_of_kind(LISTENER)
            .any(|l| protocol(l).as_deref() == Some("HTTPS"));
    if !asked && !declares_tls {
        return;
    }
    for listener in ctx.declared_of_kind(LISTENER) {
        if protocol(listener).as_deref() != Some("HTTP") || !forwards(listener) {
            continue;
        }
        if !in_transit && is_internal(ctx, listener) {
            continue;
        }
        hits.resource(
            listener,
            "HTTP listener forwards traffic in clear instead of redirecting to HTTPS",
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
