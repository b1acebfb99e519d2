//! High availability: RDS Multi-AZ, ElastiCache automatic failover with a replica, and a
//! network spread over at least two availability zones. The parts checked follow the
//! requirement's subject: a requirement about the database checks databases, one about the
//! cache checks caches; a general one checks all of them that exist.

use iacgrade_ir::Resource;
use iacgrade_rules::props::{get, is_set, num_at};
use iacgrade_rules::shape::{shape, Shape};

use super::common::{combine, evidence, merge, must_be_on, resources_of, Standing};
use super::encryption::word;
use super::Item;
use crate::side::SideCode;
use crate::text::contains_any;
use crate::trace::Outcome;

const DB_WORDS: &[&str] = &[
    "rds",
    "database",
    "databases",
    "aurora",
    "postgres",
    "postgresql",
    "mysql",
    "db",
];
const CACHE_WORDS: &[&str] = &["redis", "elasticache", "cache", "valkey"];
const NETWORK_WORDS: &[&str] = &[
    "subnet",
    "subnets",
    "vpc",
    "availability zones",
    "availability zone",
    "azs",
    "az",
    "network",
];

fn databases(side: &SideCode) -> Option<Outcome> {
    let dbs: Vec<&Resource> = resources_of(side, &["AWS::RDS::DBInstance"])
        .into_iter()
        .filter(|r| {
            !is_set(get(
                &r.props,
                &["DBClusterIdentifier", "cluster_identifier"],
            ))
        })
        .collect();
    let clusters = resources_of(side, &["AWS::RDS::DBCluster"]);
    if dbs.is_empty() && clusters.is_empty() {
        return None;
    }
    let mut standings: Vec<(&Resource, Standing, String)> = dbs
        .into_iter()
        .map(|r| {
            let s = must_be_on(r, side, &["MultiAZ", "multiAz"]);
            let s = if s == Standing::Unknown && shape(r, side.platform) == Shape::CdkConstruct {
                // CDK's DatabaseInstance defaults to a single AZ too.
                if get(&r.props, &["multiAz"]).is_none() {
                    Standing::Bad
                } else {
                    s
                }
            } else {
                s
            };
            (r, s, format!("MultiAZ {}", word(s)))
        })
        .collect();
    let cluster_members = resources_of(side, &["AWS::RDS::DBInstance"]).len();
    for c in clusters {
        let readers = get(&c.props, &["readers", "instances"]).is_some();
        let s = if cluster_members >= 2 || readers {
            Standing::Good
        } else {
            Standing::Unknown
        };
        standings.push((c, s, "Aurora cluster instances".to_string()));
    }
    Some(combine(standings, "are Multi-AZ", "are single-AZ"))
}

fn caches(side: &SideCode) -> Option<Outcome> {
    let groups = resources_of(side, &["AWS::ElastiCache::ReplicationGroup"]);
    if groups.is_empty() {
        return None;
    }
    let standings = groups
        .into_iter()
        .map(|r| {
            let failover = must_be_on(r, side, &["AutomaticFailoverEnabled"]);
            let nodes = num_at(
                &r.props,
                &["NumCacheClusters", "num_cache_clusters", "numCacheClusters"],
            )
            .or_else(|| {
                num_at(
                    &r.props,
                    &["ReplicasPerNodeGroup", "replicas_per_node_group"],
                )
                .map(|n| n + 1.0)
            });
            let s = match (failover, nodes) {
                (Standing::Bad, _) => Standing::Bad,
                (_, Some(n)) if n < 2.0 => Standing::Bad,
                (Standing::Good, Some(_)) => Standing::Good,
                _ => Standing::Unknown,
            };
            let detail = format!(
                "automatic failover {}, {} node(s)",
                word(failover),
                nodes.map(|n| n.to_string()).unwrap_or_else(|| "?".into())
            );
            (r, s, detail)
        })
        .collect();
    Some(combine(
        standings,
        "fail over to a replica",
        "cannot fail over",
    ))
}

fn network(side: &SideCode) -> Option<Outcome> {
    for vpc in resources_of(side, &["AWS::EC2::VPC"]) {
        let construct =
            vpc.source_type.contains("awsx") || shape(vpc, side.platform) == Shape::CdkConstruct;
        if construct {
            let azs = num_at(
                &vpc.props,
                &[
                    "maxAzs",
                    "numberOfAvailabilityZones",
                    "number_of_availability_zones",
                    "max_azs",
                ],
            );
            return Some(match azs {
                Some(n) if n < 2.0 => Outcome::unmet(
                    "the VPC spans one AZ",
                    vec![evidence(vpc, &format!("{n} AZ"))],
                ),
                Some(n) => Outcome::met(
                    format!("the VPC spans {n} AZs"),
                    vec![evidence(vpc, &format!("{n} AZs"))],
                ),
                None => Outcome::met(
                    "the VPC construct spans two or more AZs by default",
                    vec![evidence(vpc, "default AZ count")],
                ),
            });
        }
    }
    let subnets = resources_of(side, &["AWS::EC2::Subnet"]);
    if subnets.is_empty() {
        return None;
    }
    let mut zones: Vec<String> = Vec::new();
    let mut unknown = false;
    for s in &subnets {
        match get(
            &s.props,
            &[
                "AvailabilityZone",
                "availability_zone",
                "AvailabilityZoneId",
            ],
        ) {
            Some(v) => {
                let z = v.render();
                if !zones.contains(&z) {
                    zones.push(z);
                }
            }
            None => unknown = true,
        }
    }
    // A subnet declared once and repeated (count, for_each, a loop) spans zones the code
    // computes.
    let repeated = subnets.iter().any(|s| !s.options.is_empty());
    Some(if zones.len() >= 2 {
        Outcome::met(
            format!("subnets in {} availability zones", zones.len()),
            subnets
                .iter()
                .take(3)
                .map(|s| evidence(s, "subnet"))
                .collect(),
        )
    } else if unknown || repeated {
        Outcome::unknown("the subnets' availability zones are computed")
    } else {
        Outcome::unmet(
            format!(
                "all {} subnet(s) are in one availability zone",
                subnets.len()
            ),
            subnets
                .iter()
                .take(3)
                .map(|s| evidence(s, "subnet"))
                .collect(),
        )
    })
}

pub fn high_availability(side: &SideCode, item: &Item) -> Outcome {
    let text = item.subject_text();
    let about_db = contains_any(&text, DB_WORDS);
    let about_cache = contains_any(&text, CACHE_WORDS);
    let about_network = contains_any(&text, NETWORK_WORDS);
    let general = !(about_db || about_cache || about_network);
    let mut parts = Vec::new();
    if about_db || general {
        parts.extend(databases(side));
    }
    if about_cache || general {
        parts.extend(caches(side));
    }
    if about_network || general {
        parts.extend(network(side));
    }
    if parts.is_empty() {
        return Outcome::unknown("no database, cache or subnet to judge availability on");
    }
    merge(parts)
}
