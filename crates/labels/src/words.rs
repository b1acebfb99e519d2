//! Meaningful words of a failure title or a finding, for matching one against the other.
//!
//! Text is split into words at anything that is not a letter or digit, and at case changes
//! inside identifiers (`BucketEncryption` → bucket, encryption; `server_side` → server, side);
//! words are lower-cased, stop words dropped (English function words and the vocabulary every
//! failure shares: "missing", "model", "incorrect", "configuration", ...), and the rest reduced
//! to a crude stem so that "encryption", "encrypted" and "encrypt" meet.

use std::collections::BTreeSet;

/// English function words and words every failure description uses: they say nothing about
/// which failure it is.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "in",
    "on",
    "for",
    "to",
    "with",
    "without",
    "by",
    "from",
    "as",
    "at",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "not",
    "no",
    "none",
    "but",
    "if",
    "then",
    "than",
    "so",
    "which",
    "who",
    "what",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "each",
    "every",
    "some",
    "into",
    "onto",
    "via",
    "per",
    "does",
    "do",
    "did",
    "doesn",
    "don",
    "has",
    "have",
    "had",
    "can",
    "cannot",
    "could",
    "should",
    "would",
    "must",
    "may",
    "might",
    "will",
    "shall",
    "there",
    "their",
    "they",
    "them",
    "only",
    "also",
    "too",
    "very",
    "more",
    "most",
    "less",
    "instead",
    "while",
    "though",
    "although",
    "because",
    "since",
    "between",
    "across",
    "under",
    "over",
    "up",
    "out",
    "own",
    "same",
    "other",
    "such",
    "both",
    "either",
    "neither",
    "one",
    "two",
    "three",
    "s",
    "t",
    "e",
    "g",
    "i",
    "ie",
    "eg",
    "etc",
    "vs",
    // Failure vocabulary.
    "missing",
    "lack",
    "lacks",
    "lacking",
    "absent",
    "model",
    "models",
    "response",
    "ideal",
    "failure",
    "failures",
    "fail",
    "fails",
    "failed",
    "issue",
    "issues",
    "problem",
    "problems",
    "error",
    "errors",
    "incorrect",
    "wrong",
    "invalid",
    "improper",
    "improperly",
    "bad",
    "poor",
    "insufficient",
    "inadequate",
    "incomplete",
    "unnecessary",
    "use",
    "uses",
    "used",
    "using",
    "usage",
    "add",
    "added",
    "adds",
    "fix",
    "fixed",
    "fixes",
    "configuration",
    "configured",
    "config",
    "configure",
    "setting",
    "settings",
    "set",
    "property",
    "properties",
    "resource",
    "resources",
    "value",
    "values",
    "declare",
    "declares",
    "declared",
    "defined",
    "define",
    "implementation",
    "implemented",
    "implement",
    "proper",
    "properly",
    "correct",
    "correctly",
    "required",
    "requires",
    "require",
    "requirement",
    "requirements",
    "prompt",
    "asks",
    "support",
    "supported",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "stack",
    "code",
    "file",
    "files",
    "new",
    "existing",
    "aws",
    "amazon",
    "critical",
    "high",
    "medium",
    "low",
    "major",
    "minor",
];

/// The meaningful stems of `text`.
pub fn meaningful_stems(text: &str) -> BTreeSet<String> {
    split_words(text)
        .into_iter()
        .map(|w| w.to_lowercase())
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Words of `text`, identifiers split at case changes and digits kept with their letters
/// ("s3", "ec2", "v2").
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in text.split(|c: char| !c.is_alphanumeric()) {
        if token.is_empty() {
            continue;
        }
        let chars: Vec<char> = token.chars().collect();
        let mut current = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let boundary = i > 0 && c.is_uppercase() && {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                prev.is_lowercase() || (prev.is_uppercase() && next_lower)
            };
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

/// Suffixes removed by [`stem`], longest first, with what replaces them.
const SUFFIXES: &[(&str, &str)] = &[
    ("ations", ""),
    ("ation", ""),
    ("itions", ""),
    ("ition", ""),
    ("ions", ""),
    ("ion", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ities", ""),
    ("ity", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("ly", ""),
    ("s", ""),
];

/// A crude stem, two rounds of [`stem_once`]: "encryption", "encrypted", "encrypts" →
/// "encrypt"; "rotation", "rotate" → "rot"; "policies", "policy" → "policy"; "logging",
/// "logs" → "log"; "versioning", "version" → "vers".
pub fn stem(word: &str) -> String {
    stem_once(&stem_once(word, true), false)
}

/// One suffix off (keeping at least three letters), then a final "e", an "at" left by "-ate",
/// and a doubled last consonant; short words (four letters or fewer) only lose a plural "s",
/// and only when `short_plurals` (the first round: "vers" is no plural).
fn stem_once(word: &str, short_plurals: bool) -> String {
    let mut w = word.to_string();
    if w.chars().count() > 4 && !w.chars().any(|c| c.is_ascii_digit()) {
        for (suffix, replacement) in SUFFIXES {
            if let Some(base) = w.strip_suffix(suffix) {
                if base.chars().count() >= 3 && !(suffix == &"s" && base.ends_with('s')) {
                    w = format!("{base}{replacement}");
                    break;
                }
            }
        }
        if w.chars().count() > 3 {
            if let Some(base) = w.strip_suffix('e') {
                w = base.to_string();
            }
            if let Some(base) = w.strip_suffix("at") {
                if base.chars().count() >= 3 {
                    w = base.to_string();
                }
            }
        }
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        if n > 3 && chars[n - 1] == chars[n - 2] && !"aeiouls".contains(chars[n - 1]) {
            w.pop();
        }
    } else if let Some(base) = w.strip_suffix('s').filter(|_| short_plurals) {
        // Short plurals: "logs" → "log", "keys" → "key"; not "ss" ("iss").
        if base.chars().count() >= 2 && !base.ends_with('s') {
            w = base.to_string();
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("encryption"), stem("encrypted"));
        assert_eq!(stem("encrypts"), stem("encrypt"));
        assert_eq!(stem("rotation"), stem("rotate"));
        assert_eq!(stem("policies"), stem("policy"));
        assert_eq!(stem("logging"), stem("logs"));
        assert_eq!(stem("buckets"), stem("bucket"));
        assert_eq!(stem("versioning"), stem("version"));
    }

    #[test]
    fn identifiers_split_and_stop_words_go() {
        let stems = meaningful_stems("Missing KMS encryption on BucketServerSide_config for S3");
        let expected: BTreeSet<String> = ["kms", "encryption", "bucket", "server", "side", "s3"]
            .iter()
            .map(|s| stem(s))
            .collect();
        assert_eq!(stems, expected);
    }
}
