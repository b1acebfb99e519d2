use std::collections::HashMap;

use crate::check::Context;
use crate::finding::ApiFinding;
use crate::packages::{is_other_distribution, split_package};
use crate::resolve::{resolve, Resolution};
use crate::rules::declare_rule;
use crate::suggest::{loose, nearest, provider_class, renamed, same_name_elsewhere};
use crate::surface::{EntryKind, Surface, SymbolVerdict};
use iacgrade_ir::{Symbol, SymbolKind};

declare_rule! {
    /// # API001 unknown-sdk-symbol
    ///
    /// ## What it checks
    /// Every module, class, function, enum member or static member the code imports or reads
    /// from a covered SDK (Pulumi core and AWS/random/TLS/AWSX providers, aws-cdk-lib and
    /// constructs, cdktf and the prebuilt AWS provider bindings), in Python and TypeScript,
    /// resolved name by name against the real package. A name missing from a module or class
    /// whose names the package lists completely is reported, with the nearest real name.
    ///
    /// ## Why
    /// An invented module or class is the most common critical failure of model-written
    /// infrastructure code: the program fails at import or at the first call, before anything
    /// is deployed.
    ///
    /// ## Example
    /// ```python
    /// import pulumi
    /// provider = pulumi.providers.Aws("provider", region=region)  # no such module
    /// ```
    /// reports "module `pulumi` has no attribute `providers`; did you mean `pulumi_aws.Provider`?"
    ///
    /// ## Fix
    /// Use the real name: `pulumi_aws.Provider("provider", region=region)`.
    ///
    /// ## References
    /// Pulumi API docs https://www.pulumi.com/registry/packages/aws/api-docs/ ·
    /// AWS CDK API reference https://docs.aws.amazon.com/cdk/api/v2/ ·
    /// CDKTF AWS provider https://github.com/cdktf/cdktf-provider-aws
    pub struct UnknownSdkSymbol {
        code: "API001",
        name: "unknown-sdk-symbol",
        fix: "import the class or function from the module that defines it in the SDK",
        references: "https://www.pulumi.com/registry/packages/aws/api-docs/ · https://docs.aws.amazon.com/cdk/api/v2/ · https://github.com/cdktf/cdktf-provider-aws",
    }
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<ApiFinding>) {
    // What is wrong with a path depends on the path alone, and answers use the same class or
    // module many times over: each distinct path is resolved (and its suggestion searched) once.
    let mut verdicts: HashMap<&str, SymbolVerdict> = HashMap::new();
    for symbol in &ctx.graph.symbols {
        if !matches!(symbol.kind, SymbolKind::Import | SymbolKind::Member) {
            continue;
        }
        let verdict = verdicts
            .entry(symbol.path.as_str())
            .or_insert_with(|| verdict(ctx, symbol));
        if let Some((message, suggestion)) = verdict {
            out.push(ApiFinding::new(
                &UnknownSdkSymbol::RULE,
                &symbol.span,
                symbol.text.clone(),
                message.clone(),
                suggestion.clone(),
            ));
        }
    }
}

/// The message and suggestion for a symbol whose path names nothing in its SDK; `None` when the
/// path resolves, or when no surface covers it.
fn verdict(ctx: &Context<'_>, symbol: &Symbol) -> SymbolVerdict {
    let surface = ctx.surface_for_path(&symbol.path)?;
    surface.remember(&symbol.path, || judge(surface, symbol))
}

/// [`verdict`] within the surface that covers the symbol.
fn judge(surface: &Surface, symbol: &Symbol) -> SymbolVerdict {
    let Resolution::Missing {
        parent,
        parent_path,
        missing,
        member,
    } = resolve(surface, &symbol.path)
    else {
        return None;
    };
    if !member && is_other_distribution(&parent_path, &missing) {
        return None;
    }
    let suggestion = suggest(surface, symbol, &parent_path, &missing, member, parent);
    let message = if member {
        format!(
            "{} `{parent_path}` has no attribute `{missing}`",
            parent.kind.describe()
        )
    } else {
        format!("module `{parent_path}` has no attribute `{missing}`")
    };
    Some((message, suggestion))
}

fn suggest(
    surface: &Surface,
    symbol: &Symbol,
    parent_path: &str,
    missing: &str,
    member: bool,
    parent: crate::surface::Entry<'_>,
) -> Option<String> {
    let split = split_package(&symbol.path)?;
    let segments = &split.segments;
    let position = segments.iter().position(|s| *s == missing);
    let next = position.and_then(|i| segments.get(i + 1)).copied();
    // `pulumi.providers.Aws`: provider classes live in their provider package.
    if missing == "providers" {
        if let Some(found) = next.and_then(|n| provider_class(surface, split.package, n)) {
            return Some(found);
        }
    }
    if let Some(found) = renamed(surface, &symbol.path) {
        return Some(found);
    }
    let close = if member {
        nearest(missing, parent.members.iter()).map(|n| format!("{parent_path}.{n}"))
    } else {
        closest_child(surface, parent_path, missing)
    };
    close.or_else(|| same_name_elsewhere(surface, split.package, parent_path, missing))
}

/// The closest name of a module's children to `missing`, as a full path. For a name spelled as a
/// class, a close class, enum or type comes first (`BucketReplicationConfiguration` means the
/// class `BucketReplicationConfig`, not the function `getBucketReplicationConfiguration`); only
/// a name that differs from it in case or underscores alone (`GetBucket` for `getBucket`) wins
/// whatever its kind.
fn closest_child(surface: &Surface, parent_path: &str, missing: &str) -> Option<String> {
    let names = |classes_only: bool| {
        surface
            .children(parent_path)
            .filter(move |e| !classes_only || is_class_like(e.kind))
            .filter_map(|e| e.path.rsplit('.').next())
    };
    let any = nearest(missing, names(false));
    let spelled_as_class = missing.chars().next().is_some_and(char::is_uppercase);
    let chosen = if !spelled_as_class || any.is_some_and(|n| loose(n) == loose(missing)) {
        any
    } else {
        nearest(missing, names(true)).or(any)
    };
    chosen.map(|n| format!("{parent_path}.{n}"))
}

/// Whether an entry of `kind` names a class-like thing (a class, an enum, an interface or type).
fn is_class_like(kind: EntryKind) -> bool {
    matches!(kind, EntryKind::Class | EntryKind::Enum | EntryKind::Type)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface() -> Surface {
        Surface::from_text(
            "t",
            [
                "#iacgrade-api-surface 1",
                "M\tsdk\t-\t-",
                "M\tsdk.queue\t-\t-",
                "C\tsdk.queue.QueueTargetGroup\t*\t*",
                "F\tsdk.queue.queueTargets\t*\t-",
                "F\tsdk.queue.getQueue\t*\t-",
                "",
            ]
            .join("\n"),
        )
    }

    #[test]
    fn a_class_spelling_prefers_a_close_class_to_a_closer_function() {
        let s = surface();
        // `queueTargets` is one slip away and `QueueTargetGroup` only extends the name, but the
        // class is the name of the same kind.
        assert_eq!(
            nearest("QueueTarget", ["queueTargets", "QueueTargetGroup"]),
            Some("queueTargets")
        );
        assert_eq!(
            closest_child(&s, "sdk.queue", "QueueTarget").as_deref(),
            Some("sdk.queue.QueueTargetGroup")
        );
        // A name that differs only in case is that name, whatever its kind.
        assert_eq!(
            closest_child(&s, "sdk.queue", "GetQueue").as_deref(),
            Some("sdk.queue.getQueue")
        );
        // A name spelled as a function keeps the closest name of any kind.
        assert_eq!(
            closest_child(&s, "sdk.queue", "get_queue").as_deref(),
            Some("sdk.queue.getQueue")
        );
        assert_eq!(closest_child(&s, "sdk.queue", "Zzzzzzzz"), None);
    }
}
