use iacgrade_ir::Value;

use crate::declare_rule;
use crate::props::{elements, get, literal_str, number, str_at};
use crate::rule::{Hits, RuleContext};
use crate::shape::is_source_type;

declare_rule! {
    /// ## What it checks
    /// Security group ingress open to the whole internet (`0.0.0.0/0` or `::/0`) on an
    /// administration or database port, or on all ports:
    /// - inline rules: `SecurityGroupIngress` of `AWS::EC2::SecurityGroup`, `ingress` blocks of
    ///   `aws_security_group` (Terraform, CDKTF, Pulumi);
    /// - separate rules: `AWS::EC2::SecurityGroupIngress`, `aws_security_group_rule` with
    ///   `type = "ingress"`, `aws_vpc_security_group_ingress_rule`.
    ///
    /// Ports: 20-21 (FTP), 22 (SSH), 23 (Telnet), 135/139/445 (Windows RPC, SMB), 1433
    /// (SQL Server), 1521 (Oracle), 2375-2376 (Docker API), 3306 (MySQL/MariaDB), 3389 (RDP),
    /// 5432 (PostgreSQL), 5439 (Redshift), 5601 (Kibana), 5900 (VNC), 6379 (Redis), 7001/8020
    /// (Cassandra, HDFS), 9042 (Cassandra), 9200/9300 (Elasticsearch/OpenSearch), 11211
    /// (Memcached), 27017-27018 (MongoDB). A range counts when it includes one of them;
    /// protocol `-1`/`all` is all ports. Ports written as references are not judged.
    ///
    /// Not reported when a sentence of the request itself asks to open the port to the world
    /// ("allow SSH (port 22) from anywhere for the demo"): the answer follows an explicit
    /// requirement.
    ///
    /// ## Why it matters
    /// These ports are scanned from the internet within minutes of opening; brute force and
    /// unauthenticated database and cache access are among the most common causes of breaches.
    /// Web ports (80, 443) open to the world are normal for public endpoints and are not
    /// reported.
    ///
    /// ## Example
    /// ```hcl
    /// # fails
    /// ingress {
    ///   from_port   = 22
    ///   to_port     = 22
    ///   protocol    = "tcp"
    ///   cidr_blocks = ["0.0.0.0/0"]
    /// }
    /// # passes
    ///   cidr_blocks = [var.admin_cidr]
    /// ```
    ///
    /// ## Fix
    /// Restrict the source to known CIDRs or, better, to a security group (the bastion's, the
    /// application's); use SSM Session Manager instead of SSH/RDP from the internet.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    /// - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
    pub struct WorldOpenAdminPort {
        id: "NET001",
        name: "world-open-admin-port",
        severity: High,
        docs: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        check: check,
    }
}

const SENSITIVE_PORTS: [(u32, &str); 26] = [
    (20, "FTP data"),
    (21, "FTP"),
    (22, "SSH"),
    (23, "Telnet"),
    (135, "Windows RPC"),
    (139, "NetBIOS"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2375, "Docker API"),
    (2376, "Docker API"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5439, "Redshift"),
    (5601, "Kibana"),
    (5900, "VNC"),
    (6379, "Redis"),
    (7001, "Cassandra"),
    (8020, "HDFS"),
    (9042, "Cassandra"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
    (27018, "MongoDB"),
];

const WORLD: [&str; 2] = ["0.0.0.0/0", "::/0"];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        let rules: Vec<&Value> = match resource.kind.as_str() {
            "AWS::EC2::SecurityGroup" => get(&resource.props, &["SecurityGroupIngress", "ingress"])
                .map(elements)
                .unwrap_or_default(),
            "AWS::EC2::SecurityGroupIngress" => vec![&resource.props],
            _ if is_source_type(resource, "aws_security_group_rule") => {
                let kind = str_at(&resource.props, &["type"]).unwrap_or_default();
                if kind.eq_ignore_ascii_case("ingress") {
                    vec![&resource.props]
                } else {
                    vec![]
                }
            }
            _ if is_source_type(resource, "aws_vpc_security_group_ingress_rule") => {
                vec![&resource.props]
            }
            _ => vec![],
        };
        for rule in rules {
            let Some(opening) = judge(rule) else {
                continue;
            };
            if requested_by_prompt(ctx, &opening) {
                continue;
            }
            hits.resource(
                resource,
                opening.message(),
                "Restrict the source to known CIDR ranges or a security group; reach instances through SSM Session Manager or a bastion.",
            );
        }
    }
}

/// What an ingress rule opens to the world.
struct Opening {
    cidr: &'static str,
    /// `None`: every port.
    ports: Option<Vec<(u32, &'static str)>>,
}

impl Opening {
    fn message(&self) -> String {
        match &self.ports {
            None => format!(
                "security group allows all traffic from the internet ({}, all ports)",
                self.cidr
            ),
            Some(ports) => format!(
                "security group opens {} to the internet ({})",
                ports
                    .iter()
                    .map(|(p, name)| format!("{p} ({name})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                self.cidr
            ),
        }
    }
}

/// The sensitive opening an ingress rule makes, if it makes one.
fn judge(rule: &Value) -> Option<Opening> {
    let cidr = open_cidr(rule)?;
    let protocol = get(rule, &["IpProtocol", "protocol", "ip_protocol"])
        .map(|v| literal_str(v).unwrap_or_else(|| v.render()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let everything = Opening { cidr, ports: None };
    if matches!(protocol.as_str(), "-1" | "all" | "any") {
        return Some(everything);
    }
    if !(protocol.is_empty() || matches!(protocol.as_str(), "tcp" | "udp" | "6" | "17")) {
        return None;
    }
    let from = get(rule, &["FromPort", "from_port"]).and_then(number)?;
    let to = get(rule, &["ToPort", "to_port"])
        .and_then(number)
        .unwrap_or(from);
    if from < 0.0 || to < 0.0 {
        return Some(everything);
    }
    let (from, to) = (from as u32, to as u32);
    if from == 0 && to >= 65535 {
        return Some(everything);
    }
    let ports: Vec<(u32, &'static str)> = SENSITIVE_PORTS
        .iter()
        .copied()
        .filter(|(p, _)| from <= *p && *p <= to)
        .collect();
    if ports.is_empty() {
        return None;
    }
    Some(Opening {
        cidr,
        ports: Some(ports),
    })
}

/// Words that say "from the whole internet" in a request.
const FROM_ANYWHERE: [&str; 8] = [
    "anywhere",
    "0.0.0.0/0",
    "::/0",
    "the internet",
    "any ip",
    "all ips",
    "everywhere",
    "public internet",
];

/// Whether the request itself asks to open these ports to the world ("allow SSH (22) from
/// anywhere for the demo"): the answer then follows an explicit requirement, and the finding
/// belongs to the request, not to the answer.
fn requested_by_prompt(ctx: &RuleContext, opening: &Opening) -> bool {
    let Some(request) = ctx.request() else {
        return false;
    };
    let Some(ports) = &opening.ports else {
        return request.asks_for_about(&["all traffic", "all ports"], &FROM_ANYWHERE);
    };
    ports.iter().all(|(port, name)| {
        let number = port.to_string();
        let name = name.to_ascii_lowercase();
        request.asks_for_about(&[number.as_str(), name.as_str()], &FROM_ANYWHERE)
    })
}

/// The world-wide CIDR (`0.0.0.0/0` or `::/0`) a rule admits, if any.
fn open_cidr(rule: &Value) -> Option<&'static str> {
    let keys = [
        "CidrIp",
        "CidrIpv6",
        "cidr_blocks",
        "ipv6_cidr_blocks",
        "cidr_ipv4",
        "cidr_ipv6",
    ];
    keys.iter().find_map(|k| {
        let value = get(rule, &[k])?;
        elements(value).iter().find_map(|c| {
            let c = literal_str(c)?;
            WORLD.iter().copied().find(|w| *w == c.trim())
        })
    })
}
