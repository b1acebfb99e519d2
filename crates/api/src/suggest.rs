//! Nearest valid names, for the "did you mean" of a finding.
//!
//! In order of preference: a known rename (a name that moved to another package, such as a
//! Pulumi provider class); a name of the same parent that differs only in case or underscores
//! (`cidrBlock` for `cidr_block`); the closest name of the same parent by edit distance; the same
//! name elsewhere in the package (`aws.ec2.LoadBalancer` -> `pulumi_aws.lb.LoadBalancer`).

use crate::surface::{EntryKind, Surface};

/// Edit distance between two strings, by characters: insertions, deletions, substitutions and
/// transpositions of neighbours (`Vcp` -> `Vpc` is one edit), each costing one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_at_most(a, b, usize::MAX - 1)
}

/// [`edit_distance`] when it is at most `limit`, else `limit + 1`. Suggestions only care about
/// distances up to three, and a surface has thousands of candidates: the computation stops as
/// soon as a whole row of the table is past the limit (a row's least value never decreases).
pub fn edit_distance_at_most(a: &str, b: &str, limit: usize) -> usize {
    if a.is_ascii() && b.is_ascii() {
        bounded_distance(a.as_bytes(), b.as_bytes(), limit)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        bounded_distance(&a, &b, limit)
    }
}

/// The optimal-string-alignment distance of `a` and `b`, capped at `limit + 1`; three rolling
/// rows of the table, since a transposition looks two rows back.
fn bounded_distance<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> usize {
    let over = limit.saturating_add(1);
    if a.len().abs_diff(b.len()) > limit {
        return over;
    }
    let width = b.len() + 1;
    // The three rows side by side; on the stack for names of ordinary length (a surface is
    // searched candidate by candidate, thousands per suggestion).
    let mut on_stack = [0usize; 3 * 64];
    let mut on_heap = Vec::new();
    let rows: &mut [usize] = if 3 * width <= on_stack.len() {
        &mut on_stack[..3 * width]
    } else {
        on_heap.resize(3 * width, 0);
        &mut on_heap
    };
    let (mut before, mut previous, mut current) = (0, width, 2 * width);
    for (j, cell) in rows[previous..previous + width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[current] = i;
        let mut row_least = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[previous + j] + 1)
                .min(rows[current + j - 1] + 1)
                .min(rows[previous + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[before + j - 2] + 1);
            }
            rows[current + j] = best;
            row_least = row_least.min(best);
        }
        if row_least > limit {
            return over;
        }
        (before, previous, current) = (previous, current, before);
    }
    rows[previous + b.len()].min(over)
}

/// A name with case and underscores/dashes removed: `cidr_block`, `cidrBlock`, `CidrBlock` agree.
pub fn loose(name: &str) -> String {
    let mut out = String::new();
    loose_into(name, &mut out);
    out
}

/// Writes `loose(name)` into `out`, reusing its allocation.
fn loose_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        // The common case, without Unicode's case tables.
        out.extend(
            name.bytes()
                .filter(|b| *b != b'_' && *b != b'-')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        out.extend(
            name.chars()
                .filter(|c| *c != '_' && *c != '-')
                .flat_map(char::to_lowercase),
        );
    }
}

/// For each character of `loose(name)`, how far into its word of `name` it is: words start at
/// the first character, after `_` or `-`, at a capital after a small letter or digit, and at
/// the last capital of a run that a small letter follows (`HTTPServer` is `HTTP` `Server`).
fn word_offsets(name: &str) -> Vec<usize> {
    let chars: Vec<char> = name.chars().collect();
    let mut offsets = Vec::with_capacity(chars.len());
    let mut offset = 0;
    let mut after_separator = true;
    for (i, &ch) in chars.iter().enumerate() {
        if ch == '_' || ch == '-' {
            after_separator = true;
            continue;
        }
        let previous = i.checked_sub(1).map(|j| chars[j]);
        let starts_word = after_separator
            || (ch.is_uppercase()
                && (previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                    || (previous.is_some_and(char::is_uppercase)
                        && chars.get(i + 1).is_some_and(|n| n.is_lowercase()))));
        offset = if starts_word { 0 } else { offset + 1 };
        // `loose` lowercases: a character that lowercases to several keeps one offset each.
        offsets.extend(std::iter::repeat_n(offset, ch.to_lowercase().count()));
        after_separator = false;
    }
    offsets
}

/// How plausible a candidate (given loose, `c`) is as what was meant by `wanted` (also loose,
/// with the `word_offsets` of its original spelling), lower is better; `None` when it is not
/// close enough to suggest.
fn closeness(wanted: &str, offsets: &[usize], c: &str) -> Option<(u8, usize)> {
    if c == wanted {
        return Some((0, 0));
    }
    let count = |s: &str| {
        if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        }
    };
    let (wl, cl) = (count(wanted), count(c));
    // Only distances up to the limit of the last rule count (one slip counts under any
    // limit): past it the exact distance does not matter, and most candidates of a large
    // surface are ruled out early.
    let limit = (wl / 3).clamp(1, 3);
    let d = edit_distance_at_most(wanted, c, limit);
    // One slip of the keyboard (`Bukket`, `aws_s3_buckets`).
    if d == 1 {
        return Some((1, 0));
    }
    // An abbreviation of the real name (`cidr` -> `cidr_block`, `VersioningConfig`).
    if wl >= 4 && c.starts_with(wanted) {
        return Some((2, cl - wl));
    }
    // The real name with a qualifier in front (`BucketArn` -> `Arn`).
    if cl >= 3 && wanted.ends_with(c) {
        return Some((3, wl - cl));
    }
    // The real name abbreviates the last word written (`BucketReplicationConfiguration` ->
    // `BucketReplicationConfig`): cut inside the last word, after at least three of its
    // letters. A cut between words is another name (`BucketPolicy` is not `Bucket`), and so is
    // a cut with more words after it (`BucketReplicationConfigurationRuleArgs`).
    if cl >= 4
        && wanted.starts_with(c)
        && offsets.get(cl).is_some_and(|&o| o >= 3)
        && offsets[cl..].iter().all(|&o| o > 0)
    {
        return Some((3, wl - cl));
    }
    (d <= (wl / 3).clamp(1, 3)).then_some((4, d))
}

/// The candidate closest to `wanted`, when one is close enough to be a plausible slip.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_loose = loose(wanted);
    let offsets = word_offsets(wanted);
    let mut best: Option<((u8, usize), &'a str)> = None;
    let mut candidate_loose = String::new();
    for c in candidates {
        if c == wanted {
            continue;
        }
        loose_into(c, &mut candidate_loose);
        let Some(score) = closeness(&wanted_loose, &offsets, &candidate_loose) else {
            continue;
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

/// The same last name elsewhere under `package`, for a name looked for in the wrong module:
/// first in a sibling module that extends the wrong one's name (`aws_cloudwatch.SnsAction` ->
/// `aws_cloudwatch_actions.SnsAction`), else the one class of that name in the package when
/// there is exactly one (an enum or a second candidate would be a guess).
pub fn same_name_elsewhere(
    surface: &Surface,
    package: &str,
    parent_path: &str,
    name: &str,
) -> Option<String> {
    if name.len() < 3 {
        return None;
    }
    let found: Vec<(&str, EntryKind)> = surface
        .with_last_name(name)
        .filter(|e| {
            e.path
                .strip_prefix(package)
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|e| (e.path, e.kind))
        .collect();
    let sibling = found
        .iter()
        .filter(|(p, _)| {
            p.rsplit_once('.')
                .is_some_and(|(module, _)| module != parent_path && module.starts_with(parent_path))
        })
        .map(|(p, _)| *p)
        .min_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    if let Some(sibling) = sibling {
        return Some(sibling.to_string());
    }
    match found.as_slice() {
        [(p, EntryKind::Class)] => Some(p.to_string()),
        _ => None,
    }
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
        assert_eq!(nearest("cidr", names), Some("cidr_block"));
        assert_eq!(
            nearest("BucketArn", ["Arn", "BucketName", "DomainName"]),
            Some("Arn")
        );
        assert_eq!(nearest("Vcp", ["Vpc", "VpcArgs"]), Some("Vpc"));
    }

    #[test]
    fn a_real_name_that_abbreviates_the_last_word_is_close() {
        let names = ["QueueRoutingConfig", "getQueueRoutingConfiguration"];
        assert_eq!(
            nearest("QueueRoutingConfiguration", names),
            Some("QueueRoutingConfig")
        );
        assert_eq!(
            nearest("queue_routing_configuration", ["queue_routing_config"]),
            Some("queue_routing_config")
        );
        // A cut between words, or after fewer than three letters of a word, is another name.
        assert_eq!(nearest("QueuePolicyDocument", ["QueuePolicy"]), None);
        assert_eq!(nearest("queue_policy_document", ["queue_policy"]), None);
        assert_eq!(
            nearest("QueueRoutingConfiguration", ["QueueRoutingCo"]),
            None
        );
        assert_eq!(
            nearest("QueueRoutingConfigurationRuleArgs", ["QueueRoutingConfig"]),
            None
        );
    }

    #[test]
    fn word_offsets_follow_case_and_separators() {
        assert_eq!(word_offsets("aBc"), vec![0, 0, 1]);
        assert_eq!(word_offsets("a_bc"), vec![0, 0, 1]);
        assert_eq!(
            word_offsets("HTTPServer"),
            vec![0, 1, 2, 3, 0, 1, 2, 3, 4, 5]
        );
        assert_eq!(word_offsets("v2Api"), vec![0, 1, 0, 1, 2]);
        assert_eq!(word_offsets(""), Vec::<usize>::new());
    }

    #[test]
    fn distance_basics() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("vcp", "vpc"), 1);
    }

    #[test]
    fn same_name_elsewhere_prefers_the_extending_module_and_never_guesses() {
        let surface = Surface::from_text(
            "t",
            [
                "#iacgrade-api-surface 1",
                "M\tcdk\t-\t-",
                "M\tcdk.aws_cloudwatch\t-\t-",
                "M\tcdk.aws_cloudwatch_actions\t-\t-",
                "C\tcdk.aws_cloudwatch_actions.SnsAction\t*\t*",
                "M\tcdk.aws_route53\t-\t-",
                "E\tcdk.aws_route53.HealthCheckType\t-\tHTTP",
                "",
            ]
            .join("\n"),
        );
        assert_eq!(
            same_name_elsewhere(&surface, "cdk", "cdk.aws_cloudwatch", "SnsAction").as_deref(),
            Some("cdk.aws_cloudwatch_actions.SnsAction")
        );
        assert_eq!(
            same_name_elsewhere(&surface, "cdk", "cdk.aws_autoscaling", "HealthCheckType"),
            None
        );
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_bounded(a in "[a-zA-Z_]{0,12}", b in "[a-zA-Z_]{0,12}") {
            let d = edit_distance(&a, &b);
            prop_assert_eq!(d, edit_distance(&b, &a));
            prop_assert!(d <= a.chars().count().max(b.chars().count()));
        }

        #[test]
        fn a_bounded_distance_is_the_distance_up_to_its_limit(
            a in "[a-cé_]{0,10}",
            b in "[a-cé_]{0,10}",
            limit in 0usize..5,
        ) {
            prop_assert_eq!(
                edit_distance_at_most(&a, &b, limit),
                edit_distance(&a, &b).min(limit + 1)
            );
        }
    }
}
