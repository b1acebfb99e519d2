//! Reading the request for the few rules that check an explicit requirement (CloudTrail when
//! audit logging is asked for, KMS keys when the request demands them, TLS when it asks for
//! encryption in transit).
//!
//! Matching is by sentence (split at `;`, line breaks, and `.`, `!`, `?` followed by a space),
//! on whole words,
//! case-insensitively, and a sentence that negates or makes optional ("do not", "no",
//! "without", "exclude", "existing", "assumed", "optional", "if applicable", ...) is skipped:
//! "use the existing CloudTrail" is not a request to create one. Precision first: a real
//! requirement phrased with one of these words is missed rather than a non-requirement
//! reported.
//!
//! A [`Request`] is analysed once per rule run ([`crate::RuleContext::request`]) and every rule
//! asks it questions; a term that occurs nowhere in the request is rejected with one scan.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::modality::{modality_of, without_examples};

/// The request, lower-cased and split into sentences.
#[derive(Debug, Clone)]
pub struct Request {
    /// The request as written (same byte offsets as `lower`: only ASCII letters change case).
    original: String,
    lower: String,
    /// Byte ranges of `lower`, with whether the sentence negates.
    sentences: Vec<(usize, usize, bool)>,
    /// What each sentence asks, lower case: its text without examples ("e.g. `lambda-{env}`").
    asked: Vec<String>,
}

/// Words that make a sentence say *not* to build something, or that it is already there or
/// optional: such a sentence is never read as a requirement.
const NEGATIONS: [&str; 34] = [
    "where applicable",
    "only if",
    "unsupported",
    "not supported",
    "do not",
    "don't",
    "don\u{2019}t",
    "dont",
    "must not",
    "should not",
    "shouldn't",
    "shouldn\u{2019}t",
    "can\u{2019}t",
    "cannot",
    "no",
    "without",
    "existing",
    "already",
    "not required",
    "no need",
    "exclude",
    "excluded",
    "excluding",
    "skip",
    "optional",
    "optionally",
    "if applicable",
    "if needed",
    "assume",
    "assumed",
    "avoid",
    "instead of",
    "disable",
    "disabled",
];

impl Request {
    pub fn new(prompt: &str) -> Request {
        let lower = prompt.to_ascii_lowercase();
        let mut sentences = Vec::new();
        let mut start = 0;
        let mut chars = lower.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // `.`, `!` and `?` end a sentence only before a space or the end, so that
            // "0.0.0.0/0", "python3.8" and "example.com" stay whole.
            let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
            let ends = match c {
                ';' | '\n' => true,
                '.' => next_is_space && !ends_with_abbreviation(&lower[start..i]),
                '!' | '?' => next_is_space,
                _ => false,
            };
            if ends {
                push_sentence(&lower, start, i, &mut sentences);
                start = i + c.len_utf8();
            }
        }
        push_sentence(&lower, start, lower.len(), &mut sentences);
        // Negations are found in one scan of the whole text per phrase, then assigned to the
        // sentences they fall in (sentences are sorted and disjoint).
        let mut negation_at: Vec<usize> = match negation_matcher() {
            Some(matcher) => matcher
                .find_overlapping_iter(&lower)
                .filter(|m| is_whole_word(&lower, m.start(), m.end() - m.start()))
                .map(|m| m.start())
                .collect(),
            None => NEGATIONS
                .iter()
                .flat_map(|n| phrase_positions(&lower, n))
                .collect(),
        };
        negation_at.sort_unstable();
        // The headings above each sentence, innermost last: an "Optional Enhancements"
        // section offers, it does not ask.
        let mut headings: Vec<(usize, String)> = Vec::new();
        for sentence in &mut sentences {
            let text = &lower[sentence.0..sentence.1];
            let level = heading_level(text);
            if let Some(level) = level {
                headings.retain(|(l, _)| *l < level);
            }
            let first = negation_at.partition_point(|&p| p < sentence.0);
            let negated = negation_at.get(first).is_some_and(|&p| p < sentence.1);
            let under: Vec<String> = headings.iter().map(|(_, h)| h.clone()).collect();
            // Only what the request asks for (must, should) is a requirement: options,
            // examples, conditions and statements about the environment are not.
            sentence.2 = negated || !modality_of(text, &under).modality.asks_presence();
            if let Some(level) = level {
                headings.push((level, text.trim_matches(['#', '*', ' ', ':']).to_string()));
            }
        }
        let asked = sentences
            .iter()
            .map(|(s, e, _)| without_examples(&lower[*s..*e]))
            .collect();
        Request {
            original: prompt.to_string(),
            lower,
            sentences,
            asked,
        }
    }

    /// The sentences that do not negate, in lower case.
    pub fn affirmative_sentences(&self) -> impl Iterator<Item = &str> {
        self.sentences
            .iter()
            .zip(&self.asked)
            .filter(|((_, _, negated), _)| !negated)
            .map(|(_, asked)| asked.as_str())
    }

    /// Whether the request mentions one of `terms` anywhere (negated or not): a cheap test
    /// before reading sentence by sentence.
    pub fn mentions(&self, terms: &[&str]) -> bool {
        terms.iter().any(|t| contains_phrase(&self.lower, t))
    }

    /// Whether some affirmative sentence mentions one of `terms`.
    pub fn asks_for(&self, terms: &[&str]) -> bool {
        self.sentence_asking(terms, None).is_some()
    }

    /// Whether some affirmative sentence mentions one of `terms` *and* one of `subjects`:
    /// "encrypt the DynamoDB table with a customer-managed KMS key" asks KMS of DynamoDB.
    pub fn asks_for_about(&self, terms: &[&str], subjects: &[&str]) -> bool {
        self.sentence_asking(terms, Some(subjects)).is_some()
    }

    /// The first affirmative sentence, as written, that mentions one of `terms` (and one of
    /// `subjects`, when given), shortened to 160 characters: the evidence a message quotes.
    pub fn quote(&self, terms: &[&str], subjects: Option<&[&str]>) -> Option<String> {
        let (start, end) = self.sentence_asking(terms, subjects)?;
        self.quote_range(start, end)
    }

    /// The first affirmative sentence (given in lower case to `wanted`) that `wanted` accepts,
    /// quoted as [`Request::quote`] does.
    pub fn quote_where(&self, wanted: impl Fn(&str) -> bool) -> Option<String> {
        let ((start, end, _), _) = self
            .sentences
            .iter()
            .zip(&self.asked)
            .find(|((_, _, negated), asked)| !negated && wanted(asked))?;
        self.quote_range(*start, *end)
    }

    fn quote_range(&self, start: usize, end: usize) -> Option<String> {
        let text = self.original.get(start..end)?.trim();
        let text = text.trim_start_matches(['-', '*', '#', ' ', '\t']);
        Some(if text.chars().count() > 160 {
            text.chars().take(160).collect::<String>() + "…"
        } else {
            text.to_string()
        })
    }

    /// Byte range of the first affirmative sentence that mentions one of `terms` (and one of
    /// `subjects`, when given).
    fn sentence_asking(&self, terms: &[&str], subjects: Option<&[&str]>) -> Option<(usize, usize)> {
        let terms = self.present(terms);
        if terms.is_empty() {
            return None;
        }
        let subjects = subjects.map(|s| self.present(s));
        if subjects.as_ref().is_some_and(|s| s.is_empty()) {
            return None;
        }
        self.sentences
            .iter()
            .zip(&self.asked)
            .filter(|((_, _, negated), _)| !negated)
            .find(|(_, sentence)| {
                terms.iter().any(|t| contains_phrase(sentence, t))
                    && subjects
                        .as_ref()
                        .is_none_or(|subs| subs.iter().any(|t| contains_phrase(sentence, t)))
            })
            .map(|((s, e, _), _)| (*s, *e))
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

/// Whether text before a full stop ends with an abbreviation that does not end a sentence
/// ("e.g.", "i.e.", "vs.").
fn ends_with_abbreviation(before: &str) -> bool {
    ["e.g", "i.e", "eg", "vs", "approx"]
        .iter()
        .any(|a| before.ends_with(a) && is_whole_word(before, before.len() - a.len(), a.len()))
}

/// The level of a heading line: `#` headings by their hashes, a line that is only bold text
/// ending in a colon ("**Optional:**") as level 7.
fn heading_level(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        return Some(hashes);
    }
    let bold_label = t.starts_with("**")
        && (t.ends_with(":**") || t.ends_with("**:"))
        && t.matches("**").count() == 2;
    bold_label.then_some(7)
}

fn push_sentence(lower: &str, start: usize, end: usize, out: &mut Vec<(usize, usize, bool)>) {
    let text = &lower[start..end];
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return;
    }
    let offset = start + (text.len() - text.trim_start().len());
    out.push((offset, offset + trimmed.len(), false));
}

/// One automaton for every negation phrase, so the request is scanned once. `None` only if the
/// automaton could not be built (it is built from fixed literals); callers then scan per phrase.
fn negation_matcher() -> Option<&'static AhoCorasick> {
    static MATCHER: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    MATCHER
        .get_or_init(|| AhoCorasick::new(NEGATIONS).ok())
        .as_ref()
}

/// Byte offsets where `phrase` occurs in `text` as whole words.
fn phrase_positions(text: &str, phrase: &str) -> Vec<usize> {
    let mut out = Vec::new();
    if phrase.is_empty() {
        return out;
    }
    let mut start = 0;
    while let Some(pos) = text[start..].find(phrase) {
        let at = start + pos;
        if is_whole_word(text, at, phrase.len()) {
            out.push(at);
        }
        start = at + phrase.len();
    }
    out
}

fn is_whole_word(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    boundary(before) && boundary(after)
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
        if is_whole_word(text, at, phrase.len()) {
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
        assert!(
            !Request::new("DON\u{2019}T add AWS Config or CloudTrail").asks_for(&["cloudtrail"])
        );
        assert!(!Request::new("Optional CloudTrail, if applicable").asks_for(&["cloudtrail"]));
        assert!(contains_phrase("kms-encrypted", "kms"));
        assert!(!contains_phrase("mkmsx", "kms"));
        let r = Request::new("Encrypt the DynamoDB table with KMS. Add an S3 bucket.");
        assert!(r.asks_for_about(&["kms"], &["dynamodb"]));
        assert!(!r.asks_for_about(&["kms"], &["s3"]));
        assert_eq!(
            r.quote(&["kms"], Some(&["dynamodb"])).as_deref(),
            Some("Encrypt the DynamoDB table with KMS")
        );
    }

    #[test]
    fn options_conditions_and_examples_ask_for_nothing() {
        let r = Request::new(
            "## Requirements\n- Store orders in DynamoDB.\n- If using AWS Config, record every type.\n- Prefer: VPC endpoints.\n- e.g. `waf-{env}`\n\n## Optional Enhancements\n- Add CloudTrail for auditing.\n",
        );
        assert!(r.asks_for(&["dynamodb"]));
        assert!(!r.asks_for(&["aws config"]));
        assert!(!r.asks_for(&["waf"]));
        assert!(!r.asks_for(&["cloudtrail"]));
        // A preference is asked for, at "should" strength: the rules that read it keep it.
        assert!(r.asks_for(&["vpc endpoints"]));
        // A new section of the same level ends the optional one.
        let r = Request::new("## Optional\n- CloudTrail.\n## Security\n- Enable CloudTrail.\n");
        assert!(r.asks_for(&["cloudtrail"]));
    }

    #[test]
    fn addresses_and_versions_stay_in_their_sentence() {
        let r =
            Request::new("Allow SSH (22) from 0.0.0.0/0 for the demo. Use python3.12 runtimes.");
        assert_eq!(
            r.quote(&["ssh"], None).as_deref(),
            Some("Allow SSH (22) from 0.0.0.0/0 for the demo")
        );
    }

    #[test]
    fn non_ascii_text_is_split_safely() {
        let r = Request::new("Créez un bucket chiffré avec KMS — données sensibles. Ünïcödé.");
        assert!(r.asks_for_about(&["kms"], &["bucket"]));
    }
}
