use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::embedded_json;
use crate::props::{get, literal_str, norm_key};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Passwords, tokens and keys written as literal strings in the code:
    /// - secret-holding properties with a literal value: `MasterUserPassword`,
    ///   `master_password`, `password`, `AuthToken`/`auth_token`, `OAuthToken`, `ApiKey`,
    ///   `ClientSecret`, `SecretString` (a literal secret, or a JSON literal with a password
    ///   field), and any other property whose name ends in `password`, `passwd`, `token` or
    ///   `secret`;
    /// - environment variables named like secrets (`DB_PASSWORD`, `API_KEY`, `JWT_SECRET`,
    ///   `AUTH_TOKEN`, `PRIVATE_KEY`, ...) with literal values, in Lambda `Environment`, ECS
    ///   container definitions (also when written as a JSON string), CodeBuild environments
    ///   and CDK/Pulumi `environment` maps;
    /// - SSM parameters named like secrets whose `Value` is a literal.
    ///
    /// Secret stores and SSM parameters whose literal value is a placeholder (`PLACEHOLDER`,
    /// `REPLACE_ME`, `<your-api-key>`) are not reported: the real value is set out of band.
    /// Ignored, because the secret does not live in the code: references (parameters with
    /// `NoEcho`, Terraform variables, `random_password`/`RandomPassword` results, Secrets
    /// Manager secrets), `{{resolve:secretsmanager:...}}` and `{{resolve:ssm-secure:...}}`
    /// dynamic references, generated secrets (`GenerateSecretString`,
    /// `manage_master_user_password`), ARNs, parameter paths and secret names, and variables
    /// whose name says they hold a reference (`DB_SECRET_ARN`, `TOKEN_PARAMETER_NAME`,
    /// `PASSWORD_LENGTH`, `TOKEN_TTL`).
    ///
    /// ## Why it matters
    /// Code is copied, committed, logged and shown in consoles; a secret in it is readable by
    /// anyone with read access to the repository, the template, the stack or the function
    /// configuration, and cannot be rotated without a deployment.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Database:
    ///   Type: AWS::RDS::DBInstance
    ///   Properties:
    ///     MasterUsername: admin
    ///     MasterUserPassword: SuperSecret123!
    /// # passes
    ///     ManageMasterUserPassword: true
    /// # or
    ///     MasterUserPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
    /// ```
    ///
    /// ## Fix
    /// Generate the secret (`ManageMasterUserPassword`, `GenerateSecretString`,
    /// `random_password`) and store it in Secrets Manager or SSM Parameter Store
    /// (SecureString); pass references, and inject secrets into containers with `Secrets`
    /// (`valueFrom`) rather than `Environment`.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/secretsmanager/latest/userguide/best-practices.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
    /// - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
    pub struct PlaintextSecret {
        id: "SEC001",
        name: "plaintext-secret",
        severity: High,
        docs: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/best-practices.html",
        check: check,
    }
}

const FIX: &str = "Store the secret in Secrets Manager or SSM Parameter Store (SecureString), generate it where possible, and pass a reference (`{{resolve:secretsmanager:...}}`, `secrets`/`valueFrom`, a NoEcho parameter).";

const MAX_DEPTH: usize = 24;

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        let mut found = Vec::new();
        walk(&resource.props, "", &mut found, 0);
        if resource.kind == "AWS::SSM::Parameter" {
            check_ssm_parameter(resource, &mut found);
        }
        for place in found {
            hits.resource(
                resource,
                format!("secret written in plain text: {place}"),
                FIX,
            );
        }
    }
}

/// Walks a value, noting every place a literal secret is written (`MasterUserPassword`,
/// `environment variable DB_PASSWORD`).
fn walk(value: &Value, key: &str, found: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Map(entries) => {
            // ECS/CodeBuild style `{Name: X, Value: Y}` environment entry.
            if let (Some(name), Some(val)) = (
                get(value, &["Name", "name"]).and_then(literal_str),
                get(value, &["Value", "value"]),
            ) {
                if is_environment_key(key)
                    && is_secret_variable(&name)
                    && is_literal_secret(val, true)
                {
                    found.push(format!("environment variable {name}"));
                }
            }
            let inside_environment = is_environment_key(key);
            for (k, v) in entries {
                let nk = norm_key(k);
                // Generated secrets, token lifetimes and their units, JSONPath parameters of
                // state machines (`"taskToken.$": "$$.Task.Token"`) hold no secret.
                if matches!(
                    nk.as_str(),
                    "generatesecretstring" | "tokenvalidityunits" | "tokenvalidity"
                ) || k.ends_with(".$")
                {
                    continue;
                }
                if inside_environment && is_secret_variable(k) && is_literal_secret(v, true) {
                    found.push(format!("environment variable {k}"));
                    continue;
                }
                if is_secret_property(&nk) && is_literal_secret(v, false) {
                    found.push(format!("`{k}`"));
                    continue;
                }
                if nk == "secretstring" {
                    if let Some(parsed) = embedded_json::parse(v) {
                        if has_password_field(&parsed) {
                            found.push(format!("`{k}` (JSON with a password field)"));
                        }
                    } else if is_literal_secret(v, false) && !is_placeholder(v) {
                        found.push(format!("`{k}`"));
                    }
                    continue;
                }
                walk(v, k, found, depth + 1);
            }
        }
        Value::List(items) => items.iter().for_each(|v| walk(v, key, found, depth + 1)),
        Value::Str(_) | Value::Unknown(_) => {
            if let Some(parsed) = embedded_json::parse(value) {
                walk(&parsed, key, found, depth + 1);
            }
        }
        _ => {}
    }
}

/// Keys under which environment variables live: Lambda `Environment.Variables`, ECS
/// `Environment`, CodeBuild `EnvironmentVariables`, CDK/Pulumi `environment`.
fn is_environment_key(key: &str) -> bool {
    matches!(
        norm_key(key).as_str(),
        "variables" | "environment" | "environmentvariables" | "env" | "envvars"
    )
}

/// Property names that hold a secret themselves.
fn is_secret_property(norm: &str) -> bool {
    const EXACT: [&str; 8] = [
        "authtoken",
        "apikey",
        "apitoken",
        "clientsecret",
        "secretaccesskey",
        "privatekey",
        "oauthtoken",
        "accesstoken",
    ];
    EXACT.contains(&norm)
        || norm.ends_with("password")
        || norm.ends_with("passwd")
        || (norm.ends_with("token") && norm != "token" && !norm.ends_with("idtoken"))
        || (norm.ends_with("secret") && norm != "secret")
}

/// Splits `dbPassword`, `DB_PASSWORD`, `db-password` into upper-case words.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_uppercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether an environment variable's name says it holds a secret value (not a reference to
/// one).
fn is_secret_variable(name: &str) -> bool {
    const SECRET_WORDS: [&str; 7] = [
        "PASSWORD",
        "PASSWD",
        "PWD",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "PASSPHRASE",
    ];
    const REFERENCE_WORDS: [&str; 52] = [
        "ARN",
        "ARNS",
        "NAME",
        "NAMES",
        "ID",
        "IDS",
        "PATH",
        "PARAM",
        "PARAMETER",
        "PARAMETERS",
        "URL",
        "URI",
        "ENDPOINT",
        "REGION",
        "TTL",
        "EXPIRY",
        "EXPIRATION",
        "EXPIRES",
        "LENGTH",
        "HEADER",
        "FIELD",
        "TABLE",
        "BUCKET",
        "QUEUE",
        "TOPIC",
        "TYPE",
        "VERSION",
        "ENABLED",
        "MODE",
        "PREFIX",
        "STAGE",
        "DAYS",
        "SECONDS",
        "MINUTES",
        "HOURS",
        "TIMEOUT",
        "LOCATION",
        "KMS",
        "FILE",
        "POLICY",
        "ROTATION",
        "PORT",
        "HOST",
        "USER",
        "USERNAME",
        "COUNT",
        "SIZE",
        "LIMIT",
        "INTERVAL",
        "DURATION",
        "ISSUER",
        "AUDIENCE",
    ];
    let w = words(name);
    if w.is_empty() {
        return false;
    }
    if w.last()
        .is_some_and(|l| REFERENCE_WORDS.contains(&l.as_str()))
    {
        return false;
    }
    let pairs = w.windows(2).any(|p| {
        matches!(
            (p[0].as_str(), p[1].as_str()),
            ("API", "KEY")
                | ("PRIVATE", "KEY")
                | ("ACCESS", "KEY")
                | ("SIGNING", "KEY")
                | ("ENCRYPTION", "KEY")
        )
    });
    pairs || w.iter().any(|x| SECRET_WORDS.contains(&x.as_str()))
}

/// Whether a value is a literal that could be a secret (not a reference, a dynamic reference,
/// an ARN, a path, a boolean...). `environment` values that are plain numbers are not counted
/// (`TOKEN_LIFETIME=3600` style).
fn is_literal_secret(value: &Value, environment: bool) -> bool {
    let Some(text) = literal_str(value) else {
        return false;
    };
    let t = text.trim();
    if t.chars().count() < 4 {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    const NOT_SECRETS: [&str; 8] = [
        "true",
        "false",
        "none",
        "null",
        "undefined",
        "required",
        "optional",
        "enabled",
    ];
    if NOT_SECRETS.contains(&lower.as_str()) {
        return false;
    }
    const REFERENCE_PREFIXES: [&str; 9] = [
        "{{resolve:",
        "arn:",
        "/",
        "${",
        "ssm:",
        "secretsmanager:",
        "alias/",
        "http://",
        "https://",
    ];
    if REFERENCE_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    if environment && t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return false;
    }
    // `prod/app/db-credentials`: a secret's name, not its value.
    let path_like = t.contains('/')
        && t.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    !path_like
}

/// A value that only holds the place of a secret set out of band (`PLACEHOLDER`,
/// `REPLACE_ME`, `<your-api-key>`): in a secret store or parameter that is a pattern, not a
/// leak. Passwords given to a database are judged without this exception: the database is
/// created with them.
fn is_placeholder(value: &Value) -> bool {
    let Some(text) = literal_str(value) else {
        return false;
    };
    let lower = text.to_ascii_lowercase();
    const MARKERS: [&str; 9] = [
        "placeholder",
        "replace",
        "change",
        "todo",
        "dummy",
        "example",
        "your",
        "<",
        "update",
    ];
    MARKERS.iter().any(|m| lower.contains(m))
}

fn has_password_field(value: &Value) -> bool {
    match value {
        Value::Map(entries) => entries.iter().any(|(k, v)| {
            let nk = norm_key(k);
            ((nk.contains("password") || nk.ends_with("secret") || nk.ends_with("token"))
                && is_literal_secret(v, false)
                && !is_placeholder(v))
                || has_password_field(v)
        }),
        Value::List(items) => items.iter().any(has_password_field),
        _ => false,
    }
}

fn check_ssm_parameter(parameter: &Resource, found: &mut Vec<String>) {
    let mut names = vec![parameter.logical_name.render()];
    if let Some(n) = &parameter.name {
        names.push(n.render());
    }
    let secret_name = names.iter().any(|n| {
        let w = words(n);
        w.iter().any(|x| {
            matches!(
                x.as_str(),
                "PASSWORD" | "PASSWD" | "SECRET" | "TOKEN" | "APIKEY"
            )
        }) || w.windows(2).any(|p| p[0] == "API" && p[1] == "KEY")
    });
    if !secret_name {
        return;
    }
    if let Some(v) = get(&parameter.props, &["Value", "value"]) {
        if is_literal_secret(v, false) && !is_placeholder(v) {
            found.push("SSM parameter value".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names() {
        for secret in [
            "DB_PASSWORD",
            "API_KEY",
            "apiKey",
            "JWT_SECRET",
            "AUTH_TOKEN",
            "SECRET_KEY",
            "dbPassword",
        ] {
            assert!(is_secret_variable(secret), "{secret}");
        }
        for reference in [
            "DB_SECRET_ARN",
            "SECRET_NAME",
            "TOKEN_TTL",
            "PASSWORD_LENGTH",
            "API_KEY_PARAMETER",
            "TABLE_NAME",
            "SECRETS_MANAGER_ENDPOINT",
            "DB_USER",
        ] {
            assert!(!is_secret_variable(reference), "{reference}");
        }
    }

    #[test]
    fn literal_values() {
        assert!(is_literal_secret(
            &Value::Str("SuperSecret123!".into()),
            false
        ));
        assert!(!is_literal_secret(
            &Value::Str("{{resolve:secretsmanager:db:SecretString:password}}".into()),
            false
        ));
        assert!(!is_literal_secret(&Value::Str("prod/app/db".into()), false));
        assert!(!is_literal_secret(
            &Value::Str("arn:aws:secretsmanager:us-east-1:1:secret:x".into()),
            false
        ));
        assert!(!is_literal_secret(
            &Value::Ref {
                target: "DbPassword".into(),
                attribute: None
            },
            false
        ));
        assert!(!is_literal_secret(&Value::Str("3600".into()), true));
    }
}
