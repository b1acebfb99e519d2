//! Network requirements: ECS tasks without public IPs, NAT gateways, databases not publicly
//! accessible.

use iacgrade_ir::Resource;
use iacgrade_rules::props::{flag, flag_value, get, get_all, num_at, Flag};
use iacgrade_rules::shape::{shape, Shape};

use super::common::{absent, combine, evidence, resources_of, Standing};
use super::Item;
use crate::side::SideCode;
use crate::trace::Outcome;

fn public_ip_flag(service: &Resource) -> Flag {
    let props = &service.props;
    let direct = flag(props, &["assignPublicIp", "assign_public_ip"]);
    if direct != Flag::Absent {
        return direct;
    }
    let nested: Vec<Flag> = get_all(
        props,
        &[
            "NetworkConfiguration",
            "AwsvpcConfiguration",
            "AssignPublicIp",
        ],
    )
    .into_iter()
    .chain(get_all(
        props,
        &["network_configuration", "assign_public_ip"],
    ))
    .chain(get_all(
        props,
        &[
            "networkConfiguration",
            "awsvpcConfiguration",
            "assignPublicIp",
        ],
    ))
    .map(flag_value)
    .collect();
    if nested.contains(&Flag::On) {
        Flag::On
    } else if nested.contains(&Flag::Unknown) {
        Flag::Unknown
    } else if nested.contains(&Flag::Off) {
        Flag::Off
    } else {
        Flag::Absent
    }
}

/// ECS tasks run in private subnets: no service assigns public IPs (`AssignPublicIp` is
/// `DISABLED` by default on every platform).
pub fn ecs_private(side: &SideCode, _item: &Item) -> Outcome {
    let services = resources_of(side, &["AWS::ECS::Service"]);
    if services.is_empty() {
        return absent(side, "ECS service", &["ecs", "fargate"]);
    }
    let standings = services
        .into_iter()
        .map(|s| match public_ip_flag(s) {
            Flag::On => (s, Standing::Bad, "assigns public IPs".to_string()),
            Flag::Unknown => (
                s,
                Standing::Unknown,
                "AssignPublicIp not known statically".to_string(),
            ),
            Flag::Off => (s, Standing::Good, "AssignPublicIp disabled".to_string()),
            Flag::Absent => (s, Standing::Good, "no public IP (default)".to_string()),
        })
        .collect();
    combine(
        standings,
        "run tasks without public IPs",
        "give tasks public IPs",
    )
}

/// A VPC construct that creates NAT gateways itself (CDK `ec2.Vpc`, awsx `ec2.Vpc`), and how
/// many it asks for when it says.
fn implicit_nat(side: &SideCode, vpc: &Resource) -> Option<Option<f64>> {
    let awsx = vpc.source_type.contains("awsx");
    if !(awsx || shape(vpc, side.platform) == Shape::CdkConstruct) {
        return None;
    }
    let count = num_at(&vpc.props, &["natGateways", "nat_gateways"]).or_else(|| {
        get(&vpc.props, &["natGateways", "nat_gateways"]).and_then(|v| {
            num_at(v, &["strategy"]).or_else(|| {
                iacgrade_rules::props::str_at(v, &["strategy"])
                    .filter(|s| s.eq_ignore_ascii_case("none"))
                    .map(|_| 0.0)
            })
        })
    });
    Some(count)
}

/// NAT gateways exist (declared, or created by a VPC construct whose default makes them). When
/// the request says *no* NAT gateway, the verdict is reversed by the caller.
pub fn nat_gateway(side: &SideCode, _item: &Item) -> Outcome {
    let nats = resources_of(side, &["AWS::EC2::NatGateway"]);
    if let Some(nat) = nats.first() {
        return Outcome::met(
            format!("{} NAT gateway(s) declared", nats.len()),
            vec![evidence(nat, "NAT gateway")],
        );
    }
    for vpc in resources_of(side, &["AWS::EC2::VPC"]) {
        match implicit_nat(side, vpc) {
            Some(None) => {
                return Outcome::met(
                    "the VPC construct creates NAT gateways by default",
                    vec![evidence(
                        vpc,
                        "VPC construct without natGateways: one NAT gateway per AZ",
                    )],
                )
            }
            Some(Some(n)) if n > 0.0 => {
                return Outcome::met(
                    "the VPC construct creates NAT gateways",
                    vec![evidence(vpc, &format!("natGateways: {n}"))],
                )
            }
            Some(Some(_)) => {
                return Outcome::unmet(
                    "the VPC construct is told to create no NAT gateway",
                    vec![evidence(vpc, "natGateways: 0")],
                )
            }
            None => {}
        }
    }
    absent(
        side,
        "NAT gateway",
        &["nat_gateway", "natgateway", "nat gateway"],
    )
}

/// Databases are not publicly accessible (`PubliclyAccessible` off; absent means off for
/// instances in a VPC on every platform).
pub fn database_private(side: &SideCode, _item: &Item) -> Outcome {
    let dbs = resources_of(side, &["AWS::RDS::DBInstance"]);
    if dbs.is_empty() {
        return absent(side, "RDS database instance", &["rds", "database"]);
    }
    let standings = dbs
        .into_iter()
        .map(|r| match flag(&r.props, &["PubliclyAccessible"]) {
            Flag::On => (r, Standing::Bad, "publicly accessible".to_string()),
            Flag::Unknown => (
                r,
                Standing::Unknown,
                "PubliclyAccessible not known statically".to_string(),
            ),
            Flag::Off | Flag::Absent => (r, Standing::Good, "not publicly accessible".to_string()),
        })
        .collect();
    combine(standings, "are private", "are publicly accessible")
}
