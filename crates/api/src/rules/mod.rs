//! The API rules, one per file. Each rule's doc comment is its documentation (what it checks,
//! why, an example, the fix, references); [`declare_rule!`] keeps that text with the rule so that
//! `iacgrade rules API001` can print it. [`ALL`] is the registry.

mod api001_unknown_sdk_symbol;
mod api002_unknown_resource_type;
mod api003_unknown_argument;
mod api004_unknown_attribute;
mod api005_missing_required_property;

pub use api001_unknown_sdk_symbol::UnknownSdkSymbol;
pub use api002_unknown_resource_type::UnknownResourceType;
pub use api003_unknown_argument::UnknownArgument;
pub use api004_unknown_attribute::UnknownAttribute;
pub use api005_missing_required_property::MissingRequiredProperty;

pub(crate) use api001_unknown_sdk_symbol::check as check_api001;
pub(crate) use api002_unknown_resource_type::check as check_api002;
pub(crate) use api003_unknown_argument::check as check_api003;
pub(crate) use api004_unknown_attribute::check as check_api004;
pub(crate) use api005_missing_required_property::check as check_api005;

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `API001`.
    pub code: &'static str,
    /// `unknown-sdk-symbol`.
    pub name: &'static str,
    /// The rule's doc comment: what, why, example, fix, references.
    pub doc: &'static str,
    /// One line: how to fix a finding when no nearer name is known.
    pub fix: &'static str,
    /// Where the real API is documented.
    pub references: &'static str,
}

/// Declares a rule type whose doc comment is also its runtime documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        pub struct $ty:ident {
            code: $code:expr,
            name: $name:expr,
            fix: $fix:expr,
            references: $refs:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $ty;

        impl $ty {
            pub const RULE: $crate::rules::Rule = $crate::rules::Rule {
                code: $code,
                name: $name,
                doc: concat!($($doc, "\n"),*),
                fix: $fix,
                references: $refs,
            };
        }
    };
}
pub(crate) use declare_rule;

/// Every API rule, in code order.
pub const ALL: [Rule; 5] = [
    UnknownSdkSymbol::RULE,
    UnknownResourceType::RULE,
    UnknownArgument::RULE,
    UnknownAttribute::RULE,
    MissingRequiredProperty::RULE,
];

/// The rule with this code (`API003`), case-insensitively.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_complete_and_documented() {
        for (i, rule) in ALL.iter().enumerate() {
            assert_eq!(rule.code, format!("API00{}", i + 1));
            for section in [
                "## What it checks",
                "## Why",
                "## Example",
                "## Fix",
                "## References",
            ] {
                assert!(rule.doc.contains(section), "{} lacks {section}", rule.code);
            }
            assert_eq!(by_code(&rule.code.to_lowercase()), Some(rule));
        }
    }
}
