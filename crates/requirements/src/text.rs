//! Reading request text: whole-phrase matching and the negations that reverse a phrase.
//!
//! Phrases are matched case-insensitively, on word boundaries (`nat` in "NAT Gateway", not in
//! "native"), after `**`, backticks and similar markup are removed. A phrase is *negated* when
//! a negating cue ("no", "not", "without", "instead of", "avoid", ...) precedes it in the same
//! clause: "use VPC endpoints instead of a NAT Gateway" asks for no NAT gateway.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

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
    // Phrases are nearly always lower case already: lower-case only when needed.
    let phrase: Cow<str> = if phrase.chars().any(char::is_uppercase) {
        Cow::Owned(phrase.to_lowercase())
    } else {
        Cow::Borrowed(phrase)
    };
    let mut out = Vec::new();
    if phrase.is_empty() || phrase.len() > text.len() {
        return out;
    }
    // Non-overlapping occurrences, left to right: an occurrence that overlaps an earlier one
    // is not counted, whole word or not.
    for at in memchr::memmem::find_iter(text.as_bytes(), phrase.as_bytes()) {
        if at_word_boundaries(text, at, at + phrase.len()) {
            out.push(at);
        }
    }
    out
}

/// Whether `text[start..end]` stands as whole words: no word character touches either end.
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !is_word_char(c));
    boundary(text[..start].chars().next_back()) && boundary(text[end..].chars().next())
}

/// A fixed set of phrases searched for in one pass over the text, with [`find_phrase`]'s rules
/// (lower case, whole words, an occurrence overlapping an earlier one of the same phrase not
/// counted). Built once per list, so that the many short texts of a request are not searched
/// once per phrase.
pub struct PhraseSet {
    /// The distinct non-empty phrases, lower case; a pattern id indexes here.
    phrases: Vec<String>,
    /// For each distinct phrase, the indexes of the phrases given to [`PhraseSet::new`].
    owners: Vec<Vec<usize>>,
    automaton: Option<AhoCorasick>,
}

impl PhraseSet {
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> PhraseSet {
        let mut distinct: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (i, p) in phrases.iter().enumerate() {
            let p = p.as_ref().to_lowercase();
            if p.is_empty() {
                continue;
            }
            match distinct.iter().position(|d| *d == p) {
                Some(k) => owners[k].push(i),
                None => {
                    distinct.push(p);
                    owners.push(vec![i]);
                }
            }
        }
        // Building fails only past the automaton's size limits, far above any phrase list
        // here; without an automaton the set finds nothing rather than failing the task.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&distinct)
            .ok();
        PhraseSet {
            phrases: distinct,
            owners,
            automaton,
        }
    }

    /// Every whole-word occurrence in `text` (lower case) as (index of the phrase as given,
    /// byte offset, byte length), ordered by where they end.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        self.scan(text, |pattern, start, end| {
            for &owner in &self.owners[pattern] {
                out.push((owner, start, end - start));
            }
            true
        });
        out
    }

    /// Whether any phrase occurs in `text` (lower case) as whole words.
    pub fn contains_any(&self, text: &str) -> bool {
        let mut found = false;
        self.scan(text, |_, _, _| {
            found = true;
            false
        });
        found
    }

    /// Calls `hit(pattern, start, end)` for each whole-word occurrence until it returns false.
    fn scan(&self, text: &str, mut hit: impl FnMut(usize, usize, usize) -> bool) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        // Where the next occurrence of each phrase may start.
        let mut resume = vec![0usize; self.phrases.len()];
        for m in automaton.find_overlapping_iter(text) {
            let pattern = m.pattern().as_usize();
            if m.start() < resume[pattern] {
                continue;
            }
            resume[pattern] = m.end();
            if at_word_boundaries(text, m.start(), m.end()) && !hit(pattern, m.start(), m.end()) {
                return;
            }
        }
    }
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
    static CUES: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(NEGATING_CUES));
    CUES.contains_any(&text[clause_start..at])
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

    /// Where a set found phrase `i`, in text order.
    fn offsets_of(found: &[(usize, usize, usize)], i: usize) -> Vec<usize> {
        let mut offsets: Vec<usize> = found
            .iter()
            .filter(|(p, _, _)| *p == i)
            .map(|(_, at, _)| *at)
            .collect();
        offsets.sort();
        offsets
    }

    #[test]
    fn a_phrase_set_finds_what_each_phrase_finds() {
        let set = PhraseSet::new(&["nat", "nat gateway", "a a", "", "NAT"]);
        let text = "a a a nat gateway, native nat";
        let found = set.find_all(text);
        for (i, phrase) in ["nat", "nat gateway", "a a", "", "NAT"].iter().enumerate() {
            assert_eq!(offsets_of(&found, i), find_phrase(text, phrase), "{phrase}");
        }
        assert!(set.contains_any(text));
        assert!(!set.contains_any("native"));
    }

    proptest::proptest! {
        #[test]
        fn phrase_sets_agree_with_single_phrases(
            text in "[ab -é]{0,40}",
            phrases in proptest::collection::vec("[ab -é]{0,4}", 0..6),
        ) {
            let set = PhraseSet::new(&phrases);
            let found = set.find_all(&text);
            for (i, phrase) in phrases.iter().enumerate() {
                proptest::prop_assert_eq!(offsets_of(&found, i), find_phrase(&text, phrase));
            }
            proptest::prop_assert_eq!(
                set.contains_any(&text),
                phrases.iter().any(|p| contains(&text, p))
            );
        }
    }

    #[test]
    fn markup_is_removed() {
        assert_eq!(
            plain("**Mandatory**: use `eu-west-1`"),
            "Mandatory: use eu-west-1"
        );
    }
}
