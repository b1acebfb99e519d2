//! Resolving a qualified SDK path against a surface, one name at a time.
//!
//! The walk starts at the package's module and follows each name through the surface's entries
//! (and aliases). It stops without a verdict wherever the data cannot vouch for the next name —
//! a module or class whose members are not listed, the result of a function call, a type — so
//! that only a name missing from a completely known parent is reported.

use crate::packages::split_package;
use crate::surface::{Entry, EntryKind, Names, Surface};

/// The outcome of resolving one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'s> {
    /// Every name was found; the entry the path ends at.
    Found(Entry<'s>),
    /// The path went past what the data lists completely (an open module, an instance member,
    /// a call result): nothing to report, nothing more to check.
    Open,
    /// `missing` is not a name of `parent`, whose names are known completely.
    Missing {
        parent: Entry<'s>,
        /// The canonical path of the parent (aliases followed).
        parent_path: String,
        missing: String,
        /// Whether the parent's list is its members (class/enum attributes) rather than its
        /// children entries (a module's names).
        member: bool,
    },
    /// The path does not start with a package this surface covers.
    NotCovered,
}

/// Follows aliases (`A` entries) to the entry they stand for.
fn follow<'s>(surface: &'s Surface, mut entry: Entry<'s>) -> Entry<'s> {
    for _ in 0..4 {
        if entry.kind != EntryKind::Alias {
            break;
        }
        let Some(target) = entry.args.iter().next() else {
            break;
        };
        match surface.get(target) {
            Some(e) => entry = e,
            None => break,
        }
    }
    entry
}

/// The module an npm subpath import names (`aws-cdk-lib/aws-s3`), through the aliases the
/// package exports, else the subpath read as dotted names. `None` when it cannot be placed.
fn subpath_module<'s>(surface: &'s Surface, package: &str, subpath: &str) -> Option<Entry<'s>> {
    let spelled = format!("{package}/{subpath}");
    if let Some(e) = surface.get(&spelled) {
        return Some(follow(surface, e));
    }
    let dotted = subpath.replace('/', ".");
    for candidate in [dotted.clone(), dotted.replace('-', "_")] {
        if let Some(e) = surface.get(&format!("{package}.{candidate}")) {
            return Some(follow(surface, e));
        }
    }
    None
}

/// Resolves `path` (as the IR writes it) in `surface`.
pub fn resolve<'s>(surface: &'s Surface, path: &str) -> Resolution<'s> {
    let Some(split) = split_package(path) else {
        return Resolution::NotCovered;
    };
    let Some(root) = surface.get(split.package) else {
        return Resolution::NotCovered;
    };
    let mut current = follow(surface, root);
    if let Some(sub) = split.subpath {
        match subpath_module(surface, split.package, sub) {
            Some(e) => current = e,
            // Deep file imports (`@pulumi/aws/ec2/vpc`) are not listed: no verdict.
            None => return Resolution::Open,
        }
    }
    let mut candidate = String::new();
    for segment in split.segments {
        candidate.clear();
        candidate.push_str(current.path);
        candidate.push('.');
        candidate.push_str(segment);
        if let Some(e) = surface.get(&candidate) {
            current = follow(surface, e);
            continue;
        }
        match current.kind {
            EntryKind::Module => {
                if current.members == Names::Any {
                    return Resolution::Open;
                }
                return Resolution::Missing {
                    parent: current,
                    parent_path: current.path.to_string(),
                    missing: segment.to_string(),
                    member: false,
                };
            }
            EntryKind::Class | EntryKind::Enum | EntryKind::Value => {
                return match current.members.contains(segment) {
                    Some(false) => Resolution::Missing {
                        parent: current,
                        parent_path: current.path.to_string(),
                        missing: segment.to_string(),
                        member: true,
                    },
                    // A member: what it holds is not described further.
                    _ => Resolution::Open,
                };
            }
            // The result of a call, a type's fields, a resource: not described further.
            _ => return Resolution::Open,
        }
    }
    Resolution::Found(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface() -> Surface {
        Surface::from_text(
            "t",
            [
                "#iacgrade-api-surface 1",
                "M\taws-cdk-lib\t-\t-",
                "A\taws-cdk-lib/aws-s3\taws-cdk-lib.aws_s3\t-",
                "M\taws-cdk-lib.aws_s3\t-\t-",
                "C\taws-cdk-lib.aws_s3.Bucket\tversioned\tfromBucketName",
                "E\taws-cdk-lib.aws_s3.BucketEncryption\t-\tKMS,S3_MANAGED",
                "M\tpkg\t-\t-",
                "M\tpkg.open\t-\t*",
                "F\tpkg.f\ta\tlength",
                "",
            ]
            .join("\n"),
        )
    }

    #[test]
    fn follows_modules_aliases_and_members() {
        let s = surface();
        assert!(matches!(
            resolve(&s, "aws-cdk-lib/aws-s3.Bucket"),
            Resolution::Found(e) if e.path == "aws-cdk-lib.aws_s3.Bucket"
        ));
        assert!(matches!(
            resolve(&s, "aws-cdk-lib.aws_s3.Bucket"),
            Resolution::Found(_)
        ));
        assert_eq!(
            resolve(&s, "aws-cdk-lib.aws_s3.Bucket.fromBucketName"),
            Resolution::Open
        );
        assert!(matches!(
            resolve(&s, "aws-cdk-lib.aws_s3.Bukket"),
            Resolution::Missing { ref missing, member: false, .. } if missing == "Bukket"
        ));
        assert!(matches!(
            resolve(&s, "aws-cdk-lib.aws_s3.BucketEncryption.KMS_MANAGED"),
            Resolution::Missing { member: true, .. }
        ));
    }

    #[test]
    fn stops_where_the_data_is_open() {
        let s = surface();
        assert_eq!(resolve(&s, "pkg.open.anything"), Resolution::Open);
        assert_eq!(resolve(&s, "pkg.f.names"), Resolution::Open);
        assert_eq!(resolve(&s, "other.thing"), Resolution::NotCovered);
        assert_eq!(resolve(&s, "aws-cdk-lib/nested/deep.X"), Resolution::Open);
    }
}
