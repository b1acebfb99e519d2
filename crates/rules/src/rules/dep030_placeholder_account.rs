use iacgrade_findings::Severity;
use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::props::{key_eq, texts};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Documentation placeholders left where AWS needs a real value:
    /// - a policy principal (`Principal`, Terraform `principals`, CDK `AccountPrincipal` /
    ///   `ArnPrincipal`) naming a documentation account id — `123456789012`, `111122223333`,
    ///   `444455556666`, `000000000000`, `111111111111` — or a text placeholder
    ///   (`ACCOUNT_ID`, `YOUR_ACCOUNT`, `<account-id>`, `xxxxxxxxxxxx`);
    /// - a certificate ARN (`CertificateArn`, `certificate_arn`) holding such an account or
    ///   placeholder text.
    ///
    /// ## Why it matters
    /// A principal in a documentation account is not the answer's account: IAM and resource
    /// policies refuse principals that do not exist ("Invalid principal in policy"), and where
    /// one is accepted the statement grants to a stranger or to no one — high. A listener or
    /// distribution with a certificate that does not exist is rejected
    /// (`CertificateNotFound`) — critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Principal:
    ///   AWS: arn:aws:iam::123456789012:root
    /// # passes
    /// Principal:
    ///   AWS: !Sub arn:aws:iam::${AWS::AccountId}:root
    /// ```
    ///
    /// ## Fix
    /// Use the deploying account (`${AWS::AccountId}`, `data.aws_caller_identity.current.account_id`,
    /// `this.account`), or take the value as a parameter with no placeholder default.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Certificate.html
    pub struct PlaceholderAccountOrArn {
        id: "DEP030",
        name: "placeholder-account-or-arn",
        severity: High,
        docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
        check: check,
    }
}

/// Account ids the AWS documentation uses in its examples, and obvious fillers.
const PLACEHOLDER_ACCOUNTS: [&str; 5] = [
    "123456789012",
    "111122223333",
    "444455556666",
    "000000000000",
    "111111111111",
];

const PLACEHOLDER_WORDS: [&str; 6] = [
    "account_id",
    "account-id",
    "accountid>",
    "your_account",
    "your-account",
    "xxxxxxxxxxxx",
];

/// Whether a literal text is a placeholder account or ARN.
fn is_placeholder(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    PLACEHOLDER_ACCOUNTS
        .iter()
        .any(|a| contains_account(&lower, a))
        || (lower.contains("arn:") || lower.contains(':'))
            && PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
}

/// The account id as a whole number in the text (not part of a longer digit run).
fn contains_account(text: &str, account: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(account).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + account.len()).copied();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

const PRINCIPAL_KEYS: [&str; 3] = ["Principal", "NotPrincipal", "principals"];
const CERTIFICATE_KEYS: [&str; 2] = ["CertificateArn", "AcmCertificateArn"];

/// A policy document data source: Terraform `data "aws_iam_policy_document"`, CDKTF
/// `DataAwsIamPolicyDocument`, Pulumi `aws.iam.getPolicyDocument`.
fn is_policy_document(source_type: &str) -> bool {
    source_type.ends_with("aws_iam_policy_document")
        || source_type.ends_with("DataAwsIamPolicyDocument")
        || source_type.contains("getPolicyDocument")
        || source_type.contains("get_policy_document")
}

/// What a placeholder was found in.
enum Place {
    Principal(String),
    Certificate(String),
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    // Policy documents written as data sources (`data "aws_iam_policy_document"`) are part of
    // the answer's policies, unlike lookups.
    let documents = ctx
        .graph
        .resources
        .iter()
        .filter(|r| is_policy_document(&r.source_type));
    for resource in ctx.declared().chain(documents) {
        let mut found = Vec::new();
        walk(&resource.props, None, &mut found);
        report(hits, resource, found);
    }
}

fn report(hits: &mut Hits, resource: &Resource, found: Vec<Place>) {
    for place in found {
        match place {
            Place::Principal(text) => hits.resource(
                resource,
                format!("Policy principal `{text}` is a documentation placeholder, not the deploying account: IAM rejects it as an invalid principal, or the statement grants to a stranger"),
                "Use the deploying account (${AWS::AccountId}, data.aws_caller_identity.current.account_id, this.account) or a parameter without a placeholder default.",
            ),
            Place::Certificate(text) => hits.resource_at(
                Severity::Critical,
                resource,
                format!("Certificate ARN `{text}` is a placeholder: the certificate does not exist and the listener or distribution is rejected (CertificateNotFound)"),
                "Create the certificate in the answer (AWS::CertificateManager::Certificate / aws_acm_certificate) or take its ARN as a parameter.",
            ),
        }
    }
}

/// Walks a value, remembering whether it is under a principal or a certificate key.
fn walk(value: &Value, under: Option<bool>, found: &mut Vec<Place>) {
    match value {
        Value::Map(entries) => {
            for (key, v) in entries {
                let here = if PRINCIPAL_KEYS.iter().any(|k| key_eq(key, k)) {
                    Some(true)
                } else if CERTIFICATE_KEYS.iter().any(|k| key_eq(key, k)) {
                    Some(false)
                } else {
                    under
                };
                walk(v, here, found);
            }
        }
        Value::List(items) => items.iter().for_each(|v| walk(v, under, found)),
        Value::Str(_) | Value::Template(_) => {
            let Some(principal) = under else { return };
            for text in texts(value) {
                if is_placeholder(&text) {
                    found.push(if principal {
                        Place::Principal(text)
                    } else {
                        Place::Certificate(text)
                    });
                    return;
                }
            }
        }
        Value::Unknown(text) => {
            // CDK principals are calls: `new iam.AccountPrincipal('123456789012')`.
            let call = [
                "AccountPrincipal(",
                "ArnPrincipal(",
                "AccountRootPrincipal(",
            ]
            .iter()
            .any(|c| text.contains(c));
            if (under == Some(true) || call) && is_placeholder(text) {
                found.push(Place::Principal(text.clone()));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_ids_or_words() {
        assert!(is_placeholder("arn:aws:iam::123456789012:root"));
        assert!(is_placeholder("arn:aws:iam::ACCOUNT_ID:root"));
        assert!(!is_placeholder("arn:aws:iam::912345678901:root"));
        assert!(!is_placeholder("1234567890123"));
        assert!(!is_placeholder("lambda.amazonaws.com"));
    }
}
