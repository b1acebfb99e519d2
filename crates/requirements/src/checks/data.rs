//! Data-handling requirements: secrets kept in Secrets Manager, versioned buckets, log
//! retention, and resources that can be destroyed with the stack.

use crate::refs::referrers;
use iacgrade_ir::Resource;
use iacgrade_rules::props::{enum_member, flag, get, get_all, literal_str, number, Flag};
use iacgrade_rules::references::{attachment, Attachment};
use iacgrade_rules::shape::{is_source_type, option, shape, Shape};

use super::common::{absent, combine, evidence, resources_of, Standing};
use super::Item;
use crate::kinds::kind_of;
use crate::side::SideCode;
use crate::trace::{Outcome, Verdict};

/// A Secrets Manager secret exists (declared or looked up) and is referenced by another
/// resource.
pub fn secrets_manager_secret(side: &SideCode, _item: &Item) -> Outcome {
    let secrets: Vec<&Resource> = side
        .graph
        .resources
        .iter()
        .filter(|r| kind_of(r) == "AWS::SecretsManager::Secret")
        .collect();
    if secrets.is_empty() {
        return absent(
            side,
            "Secrets Manager secret",
            &["secretsmanager", "secrets_manager"],
        );
    }
    // The secret's own companions (its version, policy, rotation) do not show it is used.
    let companion = |r: &Resource| {
        kind_of(r).starts_with("AWS::SecretsManager::")
            || r.source_type.contains("secretsmanager")
            || r.source_type.contains("secretVersion")
    };
    let mut only_companions = None;
    for secret in &secrets {
        for user in referrers(side.graph, secret) {
            if !companion(user) {
                return Outcome::met(
                    "a Secrets Manager secret is declared and referenced",
                    vec![
                        evidence(secret, "secret"),
                        evidence(user, "refers to the secret"),
                    ],
                );
            }
            only_companions.get_or_insert((*secret, user));
        }
    }
    // A reference that travels through a component's arguments or a helper is not a `Ref` in
    // the model, but its name still says what it is (`args.auth_secret_arn`, `self.secret.arn`).
    let named_user = side.graph.resources.iter().find(|r| {
        !companion(r)
            && r.props
                .placeholders()
                .iter()
                .any(|p| p.to_ascii_lowercase().contains("secret"))
    });
    if let (Some(user), Some(secret)) = (named_user, secrets.first()) {
        return Outcome::met(
            "a Secrets Manager secret is declared, and a resource takes a value named after a secret (passed through arguments)",
            vec![
                evidence(secret, "secret"),
                evidence(user, "takes a secret's value"),
            ],
        );
    }
    let why = match only_companions {
        Some(_) => "a Secrets Manager secret is declared; only its own version or policy was seen referring to it (the consumer's reference is computed)",
        None => "a Secrets Manager secret is declared but no resource was seen referring to it",
    };
    Outcome {
        verdict: Verdict::Unknown,
        why: why.into(),
        evidence: secrets.iter().map(|s| evidence(s, "secret")).collect(),
    }
}

fn versioning_standing(
    side: &SideCode,
    bucket: &Resource,
    companions: &[&Resource],
) -> (Standing, String) {
    let props = &bucket.props;
    let status = get_all(props, &["VersioningConfiguration", "Status"])
        .into_iter()
        .chain(get_all(props, &["versioningConfiguration", "status"]))
        .next();
    if let Some(v) = status {
        return match literal_str(v) {
            Some(s) if s.eq_ignore_ascii_case("enabled") => {
                (Standing::Good, "versioning Enabled".into())
            }
            Some(s) => (Standing::Bad, format!("versioning {s}")),
            None => (
                Standing::Unknown,
                "versioning status not known statically".into(),
            ),
        };
    }
    let direct = flag(props, &["versioned"]);
    let block = get_all(props, &["versioning", "enabled"])
        .into_iter()
        .next()
        .map(iacgrade_rules::props::flag_value);
    match (direct, block) {
        (Flag::On, _) | (_, Some(Flag::On)) => {
            return (Standing::Good, "versioning enabled".into())
        }
        (Flag::Off, _) | (_, Some(Flag::Off)) => {
            return (Standing::Bad, "versioning disabled".into())
        }
        (Flag::Unknown, _) | (_, Some(Flag::Unknown)) => {
            return (Standing::Unknown, "versioning not known statically".into())
        }
        _ => {}
    }
    match attachment(
        side.graph,
        bucket,
        companions.iter().copied(),
        &["bucket", "Bucket"],
    ) {
        Attachment::Attached => (Standing::Good, "versioning resource attached".into()),
        Attachment::Unresolved => (
            Standing::Unknown,
            "a versioning resource may be attached".into(),
        ),
        Attachment::Absent => match shape(bucket, side.platform) {
            Shape::Other => (Standing::Unknown, "versioning not set".into()),
            _ => (Standing::Bad, "versioning not set (defaults to off)".into()),
        },
    }
}

/// S3 buckets are versioned.
pub fn s3_versioning(side: &SideCode, _item: &Item) -> Outcome {
    let buckets = resources_of(side, &["AWS::S3::Bucket"]);
    if buckets.is_empty() {
        return absent(side, "S3 bucket", &["bucket", "s3"]);
    }
    let companions: Vec<&Resource> = side
        .declared()
        .filter(|r| is_source_type(r, "aws_s3_bucket_versioning"))
        .collect();
    let standings = buckets
        .into_iter()
        .map(|b| {
            let (s, d) = versioning_standing(side, b, &companions);
            (b, s, d)
        })
        .collect();
    combine(standings, "are versioned", "are not versioned")
}

/// Log groups keep logs for a set time (`RetentionInDays`); absent means "never expire" in
/// CloudFormation and Terraform, a construct default elsewhere.
pub fn log_retention(side: &SideCode, _item: &Item) -> Outcome {
    let groups = resources_of(side, &["AWS::Logs::LogGroup"]);
    if groups.is_empty() {
        return absent(side, "log group", &["log_group", "loggroup", "logs"]);
    }
    let standings = groups
        .into_iter()
        .map(|g| {
            match get(
                &g.props,
                &["RetentionInDays", "retention", "retention_in_days"],
            ) {
                Some(v) if number(v).is_some() || enum_member(v).is_some() => {
                    (g, Standing::Good, format!("retention {}", v.render()))
                }
                Some(_) => (
                    g,
                    Standing::Unknown,
                    "retention not known statically".to_string(),
                ),
                None if matches!(
                    shape(g, side.platform),
                    Shape::Cloudformation | Shape::Terraform
                ) =>
                {
                    (
                        g,
                        Standing::Bad,
                        "no retention (logs never expire)".to_string(),
                    )
                }
                None => (
                    g,
                    Standing::Unknown,
                    "retention left to the construct default".to_string(),
                ),
            }
        })
        .collect();
    combine(standings, "set a retention", "keep logs forever")
}

/// CDK constructs that are retained on delete unless told otherwise.
const CDK_RETAINED_BY_DEFAULT: &[&str] = &[
    "Bucket",
    "Table",
    "TableV2",
    "UserPool",
    "FileSystem",
    "Key",
    "Repository",
    "LogGroup",
    "Secret",
    "Stream",
];

fn retention_standing(side: &SideCode, r: &Resource) -> Option<(Standing, String)> {
    let policy = option(
        r,
        &[
            "DeletionPolicy",
            "removal_policy",
            "removalPolicy",
            "UpdateReplacePolicy",
        ],
    )
    .or_else(|| get(&r.props, &["removalPolicy", "removal_policy"]));
    if let Some(p) = policy {
        return Some(match enum_member(p).as_deref() {
            Some("RETAIN") | Some("RETAINONUPDATEOROVERWRITE") => {
                (Standing::Bad, format!("removal policy {}", p.render()))
            }
            Some(_) => (Standing::Good, format!("removal policy {}", p.render())),
            None => (
                Standing::Unknown,
                "removal policy not known statically".into(),
            ),
        });
    }
    match flag(
        &r.props,
        &[
            "DeletionProtection",
            "deletion_protection",
            "deletionProtectionEnabled",
        ],
    ) {
        Flag::On => return Some((Standing::Bad, "deletion protection on".into())),
        Flag::Unknown => {
            return Some((
                Standing::Unknown,
                "deletion protection not known statically".into(),
            ))
        }
        _ => {}
    }
    if option(r, &["prevent_destroy"])
        .is_some_and(|v| iacgrade_rules::props::flag_value(v) == Flag::On)
    {
        return Some((Standing::Bad, "lifecycle prevent_destroy".into()));
    }
    if shape(r, side.platform) == Shape::CdkConstruct {
        let class = r.source_type.rsplit('.').next().unwrap_or_default();
        if CDK_RETAINED_BY_DEFAULT.contains(&class) {
            return Some((
                Standing::Bad,
                format!("CDK {class} is retained on delete by default"),
            ));
        }
    }
    None
}

/// Every resource can be destroyed with the stack: no Retain policies, no deletion protection,
/// no `prevent_destroy`.
pub fn destroyable(side: &SideCode, _item: &Item) -> Outcome {
    let standings: Vec<(&Resource, Standing, String)> = side
        .declared()
        .filter_map(|r| retention_standing(side, r).map(|(s, d)| (r, s, d)))
        .collect();
    let bad = standings.iter().any(|(_, s, _)| *s != Standing::Good);
    if !bad {
        let count = side.declared().count();
        return Outcome::met(
            format!("none of {count} resources is retained or protected from deletion"),
            Vec::new(),
        );
    }
    combine(
        standings,
        "can be destroyed",
        "survive the stack's deletion",
    )
}
