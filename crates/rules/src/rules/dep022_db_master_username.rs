use iacgrade_ir::{Resource, ResourceGraph, Value};

use crate::declare_rule;
use crate::props::{get, literal_str, texts};
use crate::references::resolve;
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// The master user name of an RDS or Aurora database (`AWS::RDS::DBInstance`,
    /// `AWS::RDS::DBCluster`, `aws_db_instance`, `aws_rds_cluster`, CDK `rds.DatabaseInstance` /
    /// `DatabaseCluster` credentials, Pulumi `aws.rds.Instance` / `Cluster`), when the code fixes
    /// it: a literal, CDK `Credentials.fromGeneratedSecret('name')` / `fromUsername('name')`, or
    /// the `username` of the JSON template of the Secrets Manager secret the name is resolved
    /// from (`{{resolve:secretsmanager:${Secret}:SecretString:username}}`).
    ///
    /// - Aurora PostgreSQL (`aurora-postgresql`, CDK `auroraPostgres`): `admin` is a reserved
    ///   word of the engine (RDS for PostgreSQL is not judged).
    /// - Every engine: `rdsadmin` is reserved; the name must start with a letter and hold only
    ///   letters, digits and underscores.
    ///
    /// ## Why it matters
    /// RDS rejects the database: `InvalidParameterValue: MasterUsername admin cannot be used as
    /// it is a reserved word used by the engine`, or "MasterUsername must begin with a letter
    /// and contain only alphanumeric characters". The stack does not deploy. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Engine: aurora-postgresql
    /// MasterUsername: admin
    /// # passes
    /// Engine: aurora-postgresql
    /// MasterUsername: dbadmin
    /// ```
    ///
    /// ## Fix
    /// Choose another name (`dbadmin`, `app_admin`), letters, digits and underscores only,
    /// starting with a letter.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints
    pub struct DatabaseMasterUsernameRejected {
        id: "DEP022",
        name: "db-master-username-rejected",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints",
        check: check,
    }
}

const KINDS: [&str; 2] = ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"];

/// The engine family, as far as the code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Postgres,
    Other,
    Unknown,
}

fn family(database: &Resource) -> Family {
    let Some(engine) = get(&database.props, &["Engine"]) else {
        return Family::Unknown;
    };
    let text = texts(engine).join(" ").to_ascii_lowercase();
    // `admin` is refused by Aurora PostgreSQL; RDS for PostgreSQL is not judged.
    if text.contains("postgres") && text.contains("aurora") {
        Family::Postgres
    } else if [
        "mysql",
        "mariadb",
        "oracle",
        "sqlserver",
        "sql_server",
        "aurora",
    ]
    .iter()
    .any(|e| text.contains(e))
    {
        Family::Other
    } else {
        Family::Unknown
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for database in ctx.declared().filter(|r| KINDS.contains(&r.kind.as_str())) {
        let Some(username) = master_username(ctx.graph, database) else {
            continue;
        };
        let family = family(database);
        if username.contains('{') || username.contains('$') {
            // A dynamic reference or an interpolation the front-end kept as text.
            continue;
        }
        let lower = username.to_ascii_lowercase();
        let problem = if lower == "rdsadmin" {
            Some("`rdsadmin` is reserved by RDS on every engine".to_string())
        } else if lower == "admin" && family == Family::Postgres {
            Some("`admin` is a reserved word of the Aurora PostgreSQL engine".to_string())
        } else if !username
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        {
            Some(format!("`{username}` does not start with a letter"))
        } else if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            Some(format!(
                "`{username}` holds characters other than letters, digits and underscores"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            hits.resource(
                database,
                format!("Database master user name rejected by RDS: {problem}"),
                "Use another master user name (e.g. `dbadmin`): letters, digits and underscores, starting with a letter.",
            );
        }
    }
}

/// The master user name when the code fixes it.
fn master_username(graph: &ResourceGraph, database: &Resource) -> Option<String> {
    if let Some(value) = get(&database.props, &["MasterUsername", "Username"]) {
        if let Some(name) = literal_str(value) {
            return (!name.trim().is_empty()).then_some(name);
        }
        return username_from_secret(graph, value);
    }
    // CDK L2: `credentials: rds.Credentials.fromGeneratedSecret('admin')`.
    let credentials = get(&database.props, &["Credentials"])?;
    texts(credentials).iter().find_map(|t| {
        first_string_argument(
            t,
            &[
                "fromGeneratedSecret",
                "fromUsername",
                "fromPassword",
                "from_generated_secret",
                "from_username",
                "from_password",
            ],
        )
    })
}

/// The first argument of a call to one of `methods` in source text, when it is a string
/// literal: `Credentials.fromGeneratedSecret('admin', {...})` gives `admin`.
pub(super) fn first_string_argument(text: &str, methods: &[&str]) -> Option<String> {
    methods.iter().find_map(|method| {
        let at = text.find(&format!("{method}("))?;
        let rest = text[at + method.len() + 1..].trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'))?;
        let body = &rest[1..];
        let end = body.find(quote)?;
        Some(body[..end].to_string())
    })
}

/// The `username` of the JSON template of the secret a `{{resolve:secretsmanager:...:username}}`
/// value reads, when that secret is declared with a literal template.
fn username_from_secret(graph: &ResourceGraph, value: &Value) -> Option<String> {
    let shown = value.render();
    if !shown.contains("resolve:secretsmanager") || !shown.contains("username") {
        return None;
    }
    let secret = resolve(graph, value)?;
    let generate = get(&secret.props, &["GenerateSecretString"])?;
    let template = get(generate, &["SecretStringTemplate"])?;
    let name = match template {
        Value::Map(_) => get(template, &["username"]).and_then(literal_str),
        other => {
            let text = literal_str(other)?;
            let json: serde_json::Value = serde_json::from_str(&text).ok()?;
            json.get("username")?.as_str().map(str::to_string)
        }
    }?;
    (!name.trim().is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_arguments_of_credential_calls() {
        let methods = ["fromGeneratedSecret", "fromUsername"];
        assert_eq!(
            first_string_argument("rds.Credentials.fromGeneratedSecret('admin', {})", &methods)
                .as_deref(),
            Some("admin")
        );
        assert_eq!(
            first_string_argument("Credentials.fromUsername(name)", &methods),
            None
        );
    }
}
