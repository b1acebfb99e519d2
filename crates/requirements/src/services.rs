//! The catalogue of AWS services a request can name (`data/services.tsv`), and finding them in
//! text: the request's sentences and metadata.json's `aws_services`.

use std::sync::{LazyLock, OnceLock};

use serde::Serialize;

use crate::text::{affirms, find_phrase, negated_at, PhraseSet};

/// One row of `data/services.tsv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// Stable key (`elasticache`).
    pub key: String,
    /// Name for people (`ElastiCache`).
    pub display: String,
    /// Lower-case phrases that name it.
    #[serde(skip)]
    pub aliases: Vec<String>,
    /// CloudFormation namespaces (`AWS::ElastiCache::`) or exact types.
    #[serde(skip)]
    pub kinds: Vec<String>,
    /// Lower-case fragments of code that may declare it (for "unknown" instead of "absent").
    #[serde(skip)]
    pub identifiers: Vec<String>,
}

impl Service {
    /// Whether a CloudFormation type belongs to this service.
    pub fn covers_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| {
            if k.ends_with("::") {
                kind.starts_with(k.as_str())
            } else {
                kind == k
            }
        })
    }
}

/// Every service of the catalogue, in file order.
pub fn catalogue() -> &'static [Service] {
    static CATALOGUE: OnceLock<Vec<Service>> = OnceLock::new();
    CATALOGUE.get_or_init(|| parse_catalogue(include_str!("../data/services.tsv")))
}

fn list(column: &str) -> Vec<String> {
    if column.trim() == "-" {
        return Vec::new();
    }
    column
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_catalogue(text: &str) -> Vec<Service> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("key\t"))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 5 {
                return None;
            }
            Some(Service {
                key: cols[0].trim().to_string(),
                display: cols[1].trim().to_string(),
                aliases: list(cols[2])
                    .into_iter()
                    .map(|a| a.to_lowercase())
                    .collect(),
                kinds: list(cols[3]),
                identifiers: list(cols[4]),
            })
        })
        .collect()
}

/// Every alias of the catalogue in one [`PhraseSet`], with the service of each.
struct CatalogueAliases {
    phrases: PhraseSet,
    /// The service of each alias, in the order the set was given them.
    services: Vec<&'static Service>,
}

fn catalogue_aliases() -> &'static CatalogueAliases {
    static ALIASES: LazyLock<CatalogueAliases> = LazyLock::new(|| {
        let pairs: Vec<(&'static str, &'static Service)> = catalogue()
            .iter()
            .flat_map(|s| s.aliases.iter().map(move |a| (a.as_str(), s)))
            .collect();
        let phrases: Vec<&str> = pairs.iter().map(|(a, _)| *a).collect();
        CatalogueAliases {
            phrases: PhraseSet::new(&phrases),
            services: pairs.into_iter().map(|(_, s)| s).collect(),
        }
    });
    &ALIASES
}

/// Where a service stands in the catalogue.
fn catalogue_index(service: &Service) -> usize {
    catalogue()
        .iter()
        .position(|s| std::ptr::eq(s, service))
        .unwrap_or(usize::MAX)
}

pub fn by_key(key: &str) -> Option<&'static Service> {
    catalogue().iter().find(|s| s.key == key)
}

/// The service an `aws_services` entry of metadata.json names ("ElastiCache Redis",
/// "nat-gateway", "security-groups"): a whole-name alias first, else the longest alias found
/// inside the name.
pub fn service_named(name: &str) -> Option<&'static Service> {
    let norm = name
        .to_lowercase()
        .replace(['-', '_', '/'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let norm = norm
        .strip_prefix("amazon ")
        .or_else(|| norm.strip_prefix("aws "))
        .unwrap_or(&norm)
        .to_string();
    if let Some(exact) = catalogue()
        .iter()
        .find(|s| s.aliases.contains(&norm) || s.display.to_lowercase() == norm)
    {
        return Some(exact);
    }
    catalogue()
        .iter()
        .filter_map(|s| {
            s.aliases
                .iter()
                .filter(|a| !find_phrase(&norm, a).is_empty())
                .map(|a| a.len())
                .max()
                .map(|len| (len, s))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, s)| s)
}

/// The services a piece of request text (lower case) names without negating them, each with
/// the byte offset of its first mention. Where aliases overlap ("cloudwatch logs" and
/// "cloudwatch"), the longer phrase wins that stretch of text.
pub fn services_in(text: &str) -> Vec<(&'static Service, usize)> {
    let aliases = catalogue_aliases();
    let mut spans: Vec<(usize, usize, &'static Service)> = aliases
        .phrases
        .find_all(text)
        .into_iter()
        .map(|(alias, at, len)| (at, at + len, aliases.services[alias]))
        .collect();
    // Longest first, then keep spans that do not overlap a kept one; between equal spans
    // (one alias of two services) the service listed first.
    spans.sort_by(|a, b| {
        (b.1 - b.0)
            .cmp(&(a.1 - a.0))
            .then(a.0.cmp(&b.0))
            .then_with(|| catalogue_index(a.2).cmp(&catalogue_index(b.2)))
    });
    let mut kept: Vec<(usize, usize, &'static Service)> = Vec::new();
    for span in spans {
        if kept.iter().all(|k| span.1 <= k.0 || span.0 >= k.1) {
            kept.push(span);
        }
    }
    kept.sort_by_key(|k| k.0);
    let mut out: Vec<(&'static Service, usize)> = Vec::new();
    for (start, _, service) in kept {
        if negated_at(text, start) {
            continue;
        }
        if !out.iter().any(|(s, _)| s.key == service.key) {
            out.push((service, start));
        }
    }
    out
}

/// Whether the text names the service and means it (some mention is not negated).
pub fn names_service(text: &str, service: &Service) -> bool {
    service.aliases.iter().any(|a| affirms(text, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_rows_are_complete() {
        assert!(catalogue().len() > 50);
        for s in catalogue() {
            assert!(!s.aliases.is_empty(), "{}", s.key);
            assert!(!s.kinds.is_empty(), "{}", s.key);
        }
    }

    #[test]
    fn metadata_names_in_every_spelling() {
        let key = |n: &str| service_named(n).map(|s| s.key.as_str());
        assert_eq!(key("ElastiCache Redis"), Some("elasticache"));
        assert_eq!(key("nat-gateway"), Some("nat_gateway"));
        assert_eq!(key("security-groups"), Some("security_group"));
        assert_eq!(key("Amazon S3"), Some("s3"));
        assert_eq!(key("CloudWatch Logs"), Some("cloudwatch_logs"));
        assert_eq!(key("Fargate"), Some("ecs"));
        assert_eq!(key("Pulumi"), None);
    }

    #[test]
    fn longer_aliases_win_and_negations_drop() {
        let found: Vec<_> = services_in("ship cloudwatch logs, not a nat gateway; use s3")
            .into_iter()
            .map(|(s, _)| s.key.as_str())
            .collect();
        assert_eq!(found, vec!["cloudwatch_logs", "s3"]);
    }
}
