//! Nearest valid names, for the "did you mean" of a finding.
//!
//! In order of preference: a known rename (a name that moved to another package, such as a
//! Pulumi provider class); a name of the same parent that differs only in case or underscores
//! (`cidrBlock` for `cidr_block`); the closest name of the same parent by edit distance; the same
//! name elsewhere in the package (`aws.ec2.LoadBalancer` -> `pulumi_aws.lb.LoadBalancer`).

use crate::surface::{EntryKind, Surface};

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A name with case and underscores/dashes removed: `cidr_block`, `cidrBlock`, `CidrBlock` agree.
pub fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate closest to `wanted`, when one is close enough to be a plausible slip.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_loose = loose(wanted);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == wanted {
            continue;
        }
        let score = if loose(c) == wanted_loose {
            0
        } else {
            let d = edit_distance(&wanted_loose, &loose(c));
            let limit = (wanted_loose.chars().count() / 3).clamp(1, 3);
            if d > limit {
                continue;
            }
            d
        };
        let better = match best {
            None => true,
            Some((s, prev)) => score < s || (score == s && c < prev),
        };
        if better {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The provider class a `pulumi.providers.<Name>` spelling means: the `Provider` class of the
/// provider package (`pulumi_aws.Provider`, `@pulumi/aws.Provider`), when the surface has it.
pub fn provider_class(surface: &Surface, core_package: &str, name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let package = match core_package {
        "pulumi" => format!("pulumi_{lower}"),
        "@pulumi/pulumi" => format!("@pulumi/{lower}"),
        _ => return None,
    };
    let class = format!("{package}.Provider");
    surface
        .get(&class)
        .filter(|e| e.kind == EntryKind::Class)
        .map(|_| class)
}

/// Names that moved: `(wrong path prefix, right path prefix)`. Applied when the wrong spelling
/// is what the code wrote and the right one exists in the surface.
const RENAMES: &[(&str, &str)] = &[
    // CDK v1 module layout, gone in v2.
    ("aws_cdk.core.", "aws_cdk."),
    ("aws-cdk-lib.core.", "aws-cdk-lib."),
    // Pulumi: the Python SDK spells the awaitable ResourceOptions once, both languages' Output.
    ("pulumi.Options", "pulumi.ResourceOptions"),
];

/// A renamed path for `path`, when the table knows one that exists in the surface.
pub fn renamed(surface: &Surface, path: &str) -> Option<String> {
    RENAMES.iter().find_map(|(wrong, right)| {
        let rest = path.strip_prefix(wrong)?;
        let fixed = format!("{right}{rest}");
        surface.get(&fixed).map(|_| fixed)
    })
}

/// The same last name elsewhere under `package` (preferring the shortest path), for a name
/// looked for in the wrong module.
pub fn same_name_elsewhere(surface: &Surface, package: &str, name: &str) -> Option<String> {
    if name.len() < 3 {
        return None;
    }
    let prefix = format!("{package}.");
    surface
        .with_prefix(&prefix)
        .filter(|e| {
            e.path.rsplit('.').next() == Some(name)
                && matches!(
                    e.kind,
                    EntryKind::Class | EntryKind::Function | EntryKind::Enum | EntryKind::Module
                )
        })
        .map(|e| e.path.to_string())
        .min_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prefers_case_and_underscore_matches() {
        let names = ["cidr_block", "cidr_blocks_x", "tags"];
        assert_eq!(nearest("cidrBlock", names), Some("cidr_block"));
        assert_eq!(nearest("cidr_blok", names), Some("cidr_block"));
        assert_eq!(nearest("zzzzzz", names), None);
    }

    #[test]
    fn distance_basics() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_bounded(a in "[a-zA-Z_]{0,12}", b in "[a-zA-Z_]{0,12}") {
            let d = edit_distance(&a, &b);
            prop_assert_eq!(d, edit_distance(&b, &a));
            prop_assert!(d <= a.chars().count().max(b.chars().count()));
        }
    }
}
