use std::cell::OnceCell;

use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::props::{elements, get, get_all, literal_str, number, str_at, Flag};
use crate::references::resolve;
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// RDS and Aurora databases (PostgreSQL, MySQL, MariaDB) that do not require TLS from
    /// clients:
    /// - always, when the database's parameter group (linked by `DBParameterGroupName`,
    ///   `DBClusterParameterGroupName`, `parameter_group_name`, CDK `parameterGroup` or inline
    ///   `parameters`) sets `rds.force_ssl` to `0` or `require_secure_transport` to `OFF`;
    /// - when the request asks for encryption in transit (or SSL/TLS for the database) and no
    ///   parameter group in the code turns enforcement on, for engines that do not enforce it by
    ///   default (everything except RDS for PostgreSQL 15 and later, where `rds.force_ssl`
    ///   defaults to 1).
    ///
    /// A database whose parameter group is a reference the rule cannot resolve is not
    /// reported. SQL Server and Oracle (option groups) are not checked.
    ///
    /// ## Why it matters
    /// RDS offers TLS on every engine but accepts plain connections unless the parameter says
    /// otherwise: a client (or a misconfigured driver) can send credentials and query results in
    /// clear.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Params:
    ///   Type: AWS::RDS::DBParameterGroup
    ///   Properties:
    ///     Family: mysql8.0
    ///     Parameters: {require_secure_transport: "OFF"}
    /// # passes
    ///     Parameters: {require_secure_transport: "ON"}
    /// ```
    ///
    /// ## Fix
    /// Attach a parameter group with `rds.force_ssl = 1` (PostgreSQL, SQL Server) or
    /// `require_secure_transport = ON` (MySQL, MariaDB; cluster parameter group for Aurora).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html
    pub struct DatabaseTlsNotEnforced {
        id: "TLS002",
        name: "database-tls-not-enforced",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
        check: check,
    }
}

const IN_TRANSIT: [&str; 2] = ["in transit", "in-transit"];

const SSL_PARAMETERS: [&str; 2] = ["rds.force_ssl", "require_secure_transport"];

const DB_SUBJECTS: [&str; 9] = [
    "database",
    "databases",
    "rds",
    "aurora",
    "postgres",
    "postgresql",
    "mysql",
    "db",
    "connections",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    const TLS_TERMS: [&str; 4] = ["ssl", "tls", "secure transport", "encrypted connections"];
    // Read from the request only for a database that needs it: most answers have none.
    let quote = OnceCell::new();
    let quote = || {
        quote.get_or_init(|| {
            if ctx.asks_for(&IN_TRANSIT) {
                Some(ctx.request_quote(&IN_TRANSIT, None))
            } else if ctx.asks_for_about(&TLS_TERMS, &DB_SUBJECTS) {
                Some(ctx.request_quote(&TLS_TERMS, Some(&DB_SUBJECTS)))
            } else {
                None
            }
        })
    };
    for db in ctx.declared() {
        let (is_cluster, link_keys): (bool, &[&str]) = match db.kind.as_str() {
            "AWS::RDS::DBInstance" => (
                false,
                &[
                    "DBParameterGroupName",
                    "parameter_group_name",
                    "parameterGroup",
                ],
            ),
            "AWS::RDS::DBCluster" => (
                true,
                &[
                    "DBClusterParameterGroupName",
                    "db_cluster_parameter_group_name",
                    "parameterGroup",
                ],
            ),
            _ => continue,
        };
        let engine = str_at(&db.props, &["Engine"])
            .unwrap_or_default()
            .to_ascii_lowercase();
        let family = if engine.contains("postgres") {
            Family::Postgres
        } else if engine.contains("mysql") || engine.contains("mariadb") {
            Family::Mysql
        } else {
            continue;
        };
        // Aurora instances take the setting from their cluster.
        if !is_cluster && engine.starts_with("aurora") {
            continue;
        }
        match enforcement(ctx, db, link_keys) {
            Enforcement::On | Enforcement::Unknown => {}
            Enforcement::Off(param) => hits.resource(
                db,
                format!("the database's parameter group turns TLS enforcement off (`{param}`)"),
                fix(family),
            ),
            Enforcement::NotSet => {
                let enforced_by_default = family == Family::Postgres
                    && !engine.starts_with("aurora")
                    && postgres_major(db).is_some_and(|v| v >= 15.0);
                if let (false, Some(quote)) = (enforced_by_default, quote()) {
                    hits.resource(
                        db,
                        format!("the request asks for encryption in transit, but the database accepts unencrypted connections{quote}"),
                        fix(family),
                    );
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Postgres,
    Mysql,
}

fn fix(family: Family) -> &'static str {
    match family {
        Family::Postgres => "Attach a parameter group that sets `rds.force_ssl` to 1.",
        Family::Mysql => "Attach a parameter group that sets `require_secure_transport` to ON.",
    }
}

enum Enforcement {
    On,
    Off(String),
    NotSet,
    Unknown,
}

fn enforcement(ctx: &RuleContext, db: &Resource, link_keys: &[&str]) -> Enforcement {
    if let Some(inline) = get(&db.props, &["parameters"]) {
        if let Some(found) = read_parameters(inline) {
            return found;
        }
    }
    let Some(link) = get(&db.props, link_keys) else {
        return Enforcement::NotSet;
    };
    if let Some(name) = literal_str(link) {
        if name.starts_with("default.") {
            return Enforcement::NotSet;
        }
    }
    let Some(group) = resolve(ctx.graph, link) else {
        return Enforcement::Unknown;
    };
    let params = get(&group.props, &["Parameters", "parameter", "parameters"]);
    match params.and_then(read_parameters) {
        Some(found) => found,
        None if params.is_some_and(|p| matches!(p, Value::Unknown(_) | Value::Ref { .. })) => {
            Enforcement::Unknown
        }
        None => Enforcement::NotSet,
    }
}

/// Reads the TLS parameter from a CloudFormation/CDK parameters map or Terraform `parameter`
/// blocks (`{name, value}`); `None` when neither parameter is set.
fn read_parameters(params: &Value) -> Option<Enforcement> {
    for item in elements(params) {
        if let Value::Map(entries) = item {
            for (key, value) in entries {
                if SSL_PARAMETERS.contains(&key.as_str()) {
                    return Some(read_value(key, value));
                }
            }
            if let (Some(name), Some(value)) = (
                get(item, &["name"]).and_then(literal_str),
                get(item, &["value"]),
            ) {
                if SSL_PARAMETERS.contains(&name.as_str()) {
                    return Some(read_value(&name, value));
                }
            }
        }
    }
    // Terraform blocks nested one level down.
    for block in get_all(params, &["parameter"]) {
        if let Some(found) = read_parameters(block) {
            return Some(found);
        }
    }
    None
}

fn read_value(name: &str, value: &Value) -> Enforcement {
    match crate::props::flag_value(value) {
        Flag::On => Enforcement::On,
        Flag::Off => Enforcement::Off(format!("{name} = {}", value.render())),
        _ => Enforcement::Unknown,
    }
}

/// The major PostgreSQL version when `EngineVersion` is a literal ("15.4" → 15).
fn postgres_major(db: &Resource) -> Option<f64> {
    let version = get(&db.props, &["EngineVersion", "engine_version"])?;
    let text = literal_str(version).or_else(|| number(version).map(|n| n.to_string()))?;
    text.split('.').next()?.trim().parse().ok()
}
