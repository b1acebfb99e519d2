//! Reading request text: whole-phrase matching and the negations that reverse a phrase.
//!
//! Phrases are matched case-insensitively, on word boundaries (`nat` in "NAT Gateway", not in
//! "native"), after `**`, backticks and similar markup are removed. A phrase is *negated* when
//! a negating cue ("no", "not", "without", "instead of", "avoid", ...) precedes it in the same
//! clause: "use VPC endpoints instead of a NAT Gateway" asks for no NAT gateway.

/// Markdown emphasis and code markup removed, whitespace collapsed.
pub fn plain(text: &str) -> String {
    let stripped: String = text.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Byte offsets of every whole-word occurrence of `phrase` in `text` (both compared in lower
/// case; `text` must already be lower case).
pub fn find_phrase(text: &str, phrase: &str) -> Vec<usize> {
    let phrase = phrase.to_lowercase();
    let mut out = Vec::new();
    if phrase.is_empty() {
        return out;
    }
    let mut start = 0;
    while let Some(pos) = text[start..].find(&phrase) {
        let at = start + pos;
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !is_word_char(c));
        if boundary(before) && boundary(after) {
            out.push(at);
        }
        start = at + phrase.len();
    }
    out
}

/// Whether `phrase` occurs in `text` (lower case) as whole words.
pub fn contains(text: &str, phrase: &str) -> bool {
    !find_phrase(text, phrase).is_empty()
}

/// Whether any of `phrases` occurs.
pub fn contains_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| contains(text, p))
}

/// Cues that negate what follows them in the same clause.
const NEGATING_CUES: &[&str] = &[
    "no",
    "not",
    "never",
    "without",
    "instead of",
    "rather than",
    "avoid",
    "avoiding",
    "don't",
    "do not",
    "must not",
    "should not",
    "shouldn't",
    "cannot",
    "can't",
    "disable",
    "disabled",
    "except",
    "eliminate",
    "remove",
    "replace",
    "no need for",
];

/// Whether the occurrence of a phrase at byte `at` of `text` (lower case) is negated: a cue
/// stands between the start of its clause and the phrase.
pub fn negated_at(text: &str, at: usize) -> bool {
    let clause_start = text[..at]
        .rfind(['.', ';', ':', '\n', '(', ','])
        .map(|p| p + 1)
        .unwrap_or(0);
    let clause = &text[clause_start..at];
    NEGATING_CUES.iter().any(|cue| contains(clause, cue))
}

/// Whether `phrase` occurs and at least one occurrence is not negated.
pub fn affirms(text: &str, phrase: &str) -> bool {
    find_phrase(text, phrase)
        .into_iter()
        .any(|at| !negated_at(text, at))
}

/// Whether `phrase` occurs and every occurrence is negated.
pub fn denies(text: &str, phrase: &str) -> bool {
    let found = find_phrase(text, phrase);
    !found.is_empty() && found.into_iter().all(|at| negated_at(text, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(contains("use a nat gateway", "nat"));
        assert!(!contains("native services", "nat"));
        assert!(contains("kms-encrypted", "kms"));
    }

    #[test]
    fn negation_in_the_same_clause() {
        let t = "use vpc endpoints instead of a nat gateway";
        assert!(denies(t, "nat gateway"));
        assert!(affirms(t, "vpc endpoints"));
        let t = "no public ips. ecs tasks run behind a nat gateway";
        assert!(affirms(t, "nat gateway"));
    }

    #[test]
    fn markup_is_removed() {
        assert_eq!(
            plain("**Mandatory**: use `eu-west-1`"),
            "Mandatory: use eu-west-1"
        );
    }
}
