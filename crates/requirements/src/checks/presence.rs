//! Requirements met by a resource existing: flow logs, a trail, alarms, a WAF, ... (rows of the
//! keyword table that name kinds), and the services an item names when no finer check maps it.

use super::common::{absent, evidence, resources_of};
use crate::kinds::kind_of;
use crate::services::Service;
use crate::side::SideCode;
use crate::trace::Outcome;

/// Some declared resource has one of `kinds`.
pub fn kind_present(side: &SideCode, kinds: &[&str], what: &str, identifiers: &[&str]) -> Outcome {
    let found = resources_of(side, kinds);
    match found.first() {
        Some(r) => Outcome::met(
            format!("{} {what} declared", found.len()),
            vec![evidence(r, what)],
        ),
        None => absent(side, what, identifiers),
    }
}

/// Whether a side declares a service: present (with a resource), absent, or unknown (the code
/// mentions it but no resource of it was read).
pub fn service_present(side: &SideCode, service: &Service) -> Outcome {
    let found: Vec<_> = side
        .declared_where(|r| {
            let kind = kind_of(r);
            service.covers_kind(&kind) || implied(side, r, &kind, service)
        })
        .collect();
    if let Some(r) = found.first() {
        return Outcome::met(
            format!("{} declared ({} resource(s))", service.display, found.len()),
            vec![evidence(r, &service.display)],
        );
    }
    let ids: Vec<&str> = service.identifiers.iter().map(String::as_str).collect();
    absent(side, &format!("{} resource", service.display), &ids)
}

/// Resources a VPC construct creates without declaring them: subnets, route tables, an
/// internet gateway and (by default) NAT gateways.
fn implied(side: &SideCode, r: &iacgrade_ir::Resource, kind: &str, service: &Service) -> bool {
    if kind != "AWS::EC2::VPC" {
        return false;
    }
    let construct = r.source_type.contains("awsx")
        || iacgrade_rules::shape::shape(r, side.platform)
            == iacgrade_rules::shape::Shape::CdkConstruct;
    construct
        && matches!(
            service.key.as_str(),
            "subnet" | "route_table" | "internet_gateway" | "nat_gateway"
        )
}
