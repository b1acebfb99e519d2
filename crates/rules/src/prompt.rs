//! Reading the request for the few rules that check an explicit requirement (CloudTrail when
//! audit logging is asked for, KMS keys when the request demands them, TLS when it asks for
//! encryption in transit).
//!
//! Matching is by sentence (split at `.`, `;`, `!`, `?` and line breaks), on whole words,
//! case-insensitively, and a sentence that negates ("do not", "don't", "without", "existing",
//! "already") is skipped: "use the existing CloudTrail" is not a request to create one.

/// The request split into lower-case sentences.
pub fn sentences(prompt: &str) -> Vec<String> {
    prompt
        .split(['.', ';', '!', '?', '\n'])
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

const NEGATIONS: [&str; 10] = [
    "do not",
    "don't",
    "dont",
    "must not",
    "should not",
    "without",
    "existing",
    "already",
    "not required",
    "no need",
];

fn negated(sentence: &str) -> bool {
    NEGATIONS.iter().any(|n| contains_phrase(sentence, n))
}

/// Whether `phrase` occurs in `text` as whole words (`kms` in "kms-encrypted", not in
/// "mkmsx"). Both are expected in lower case.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = text[start..].find(phrase) {
        let at = start + pos;
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        start = at + phrase.len().max(1);
    }
    false
}

/// Whether some non-negated sentence of the request mentions one of `terms`.
pub fn asks_for(prompt: Option<&str>, terms: &[&str]) -> bool {
    let Some(prompt) = prompt else {
        return false;
    };
    sentences(prompt)
        .iter()
        .any(|s| !negated(s) && terms.iter().any(|t| contains_phrase(s, t)))
}

/// Whether some non-negated sentence mentions one of `terms` *and* one of `subjects`: "encrypt
/// the DynamoDB table with a customer-managed KMS key" asks KMS of DynamoDB.
pub fn asks_for_about(prompt: Option<&str>, terms: &[&str], subjects: &[&str]) -> bool {
    let Some(prompt) = prompt else {
        return false;
    };
    sentences(prompt).iter().any(|s| {
        !negated(s)
            && terms.iter().any(|t| contains_phrase(s, t))
            && subjects.iter().any(|t| contains_phrase(s, t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_negations() {
        let p = "Create an S3 bucket. Enable CloudTrail for audit logging.\nDo not create a NAT gateway";
        assert!(asks_for(Some(p), &["cloudtrail"]));
        assert!(!asks_for(Some(p), &["nat gateway"]));
        assert!(!asks_for(
            Some("Use the existing CloudTrail trail"),
            &["cloudtrail"]
        ));
        assert!(contains_phrase("kms-encrypted", "kms"));
        assert!(!contains_phrase("mkmsx", "kms"));
        assert!(asks_for_about(
            Some("Encrypt the DynamoDB table with KMS."),
            &["kms"],
            &["dynamodb"]
        ));
        assert!(!asks_for(None, &["kms"]));
    }
}
