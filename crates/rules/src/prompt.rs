//! Reading the request for the few rules that check an explicit requirement (CloudTrail when
//! audit logging is asked for, KMS keys when the request demands them, TLS when it asks for
//! encryption in transit).
//!
//! Matching is by sentence (split at `.`, `;`, `!`, `?` and line breaks), on whole words,
//! case-insensitively, and a sentence that negates ("do not", "don't", "without", "existing",
//! "already") is skipped: "use the existing CloudTrail" is not a request to create one.
//!
//! A [`Request`] is analysed once per rule run ([`crate::RuleContext::request`]) and every rule
//! asks it questions; a term that occurs nowhere in the request is rejected with one scan.

/// The request, lower-cased and split into sentences.
#[derive(Debug, Clone)]
pub struct Request {
    lower: String,
    /// Byte ranges of `lower`, with whether the sentence negates.
    sentences: Vec<(usize, usize, bool)>,
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

impl Request {
    pub fn new(prompt: &str) -> Request {
        let lower = prompt.to_ascii_lowercase();
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, c) in lower.char_indices() {
            if matches!(c, '.' | ';' | '!' | '?' | '\n') {
                push_sentence(&lower, start, i, &mut sentences);
                start = i + c.len_utf8();
            }
        }
        push_sentence(&lower, start, lower.len(), &mut sentences);
        Request { lower, sentences }
    }

    /// The sentences that do not negate, in lower case.
    pub fn affirmative_sentences(&self) -> impl Iterator<Item = &str> {
        self.sentences
            .iter()
            .filter(|(_, _, negated)| !negated)
            .map(|(s, e, _)| &self.lower[*s..*e])
    }

    /// Whether some affirmative sentence mentions one of `terms`.
    pub fn asks_for(&self, terms: &[&str]) -> bool {
        let present = self.present(terms);
        !present.is_empty()
            && self
                .affirmative_sentences()
                .any(|s| present.iter().any(|t| contains_phrase(s, t)))
    }

    /// Whether some affirmative sentence mentions one of `terms` *and* one of `subjects`:
    /// "encrypt the DynamoDB table with a customer-managed KMS key" asks KMS of DynamoDB.
    pub fn asks_for_about(&self, terms: &[&str], subjects: &[&str]) -> bool {
        let terms = self.present(terms);
        let subjects = self.present(subjects);
        if terms.is_empty() || subjects.is_empty() {
            return false;
        }
        self.affirmative_sentences().any(|s| {
            terms.iter().any(|t| contains_phrase(s, t))
                && subjects.iter().any(|t| contains_phrase(s, t))
        })
    }

    /// The terms that occur anywhere in the request (one scan each).
    fn present<'t>(&self, terms: &[&'t str]) -> Vec<&'t str> {
        terms
            .iter()
            .copied()
            .filter(|t| contains_phrase(&self.lower, t))
            .collect()
    }
}

fn push_sentence(lower: &str, start: usize, end: usize, out: &mut Vec<(usize, usize, bool)>) {
    let text = &lower[start..end];
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return;
    }
    let offset = start + (text.len() - text.trim_start().len());
    let negated = NEGATIONS.iter().any(|n| contains_phrase(trimmed, n));
    out.push((offset, offset + trimmed.len(), negated));
}

/// Whether `phrase` occurs in `text` as whole words (`kms` in "kms-encrypted", not in
/// "mkmsx"). Both are expected in lower case.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = text[start..].find(phrase) {
        let at = start + pos;
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        start = at + phrase.len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_negations() {
        let r = Request::new(
            "Create an S3 bucket. Enable CloudTrail for audit logging.\nDo not create a NAT gateway",
        );
        assert!(r.asks_for(&["cloudtrail"]));
        assert!(!r.asks_for(&["nat gateway"]));
        assert!(!Request::new("Use the existing CloudTrail trail").asks_for(&["cloudtrail"]));
        assert!(contains_phrase("kms-encrypted", "kms"));
        assert!(!contains_phrase("mkmsx", "kms"));
        let r = Request::new("Encrypt the DynamoDB table with KMS. Add an S3 bucket.");
        assert!(r.asks_for_about(&["kms"], &["dynamodb"]));
        assert!(!r.asks_for_about(&["kms"], &["s3"]));
    }

    #[test]
    fn non_ascii_text_is_split_safely() {
        let r = Request::new("Créez un bucket chiffré avec KMS — données sensibles. Ünïcödé.");
        assert!(r.asks_for_about(&["kms"], &["bucket"]));
    }
}
