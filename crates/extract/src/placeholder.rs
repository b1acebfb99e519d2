//! Recognising an answer that was never filled in.
//!
//! Task templates ship answer files holding "Insert here the Model Response that failed",
//! "TODO", "N/A" or a note that the file "will be populated" later. Such a document says nothing
//! about the model and must not be read as a prose answer. A document is a placeholder when it is
//! a single short line, or short and says one of the phrases templates use.

/// Phrases of unfilled templates (compared lower-cased).
const PLACEHOLDER_PHRASES: &[&str] = &[
    "insert here",
    "insert the model response",
    "insert the ideal response",
    "goes here",
    "response here",
    "to be filled",
    "will be populated",
    "will contain the",
    "should contain the",
    "placeholder",
    "todo",
    "tbd",
    "n/a",
    "coming soon",
    "to be added",
    "lorem ipsum",
];

/// Documents longer than this are answers, whatever phrases they use.
const MAX_PLACEHOLDER_CHARS: usize = 600;
/// A document of one line shorter than this is a placeholder whatever it says.
const MAX_SINGLE_LINE_CHARS: usize = 120;

/// True when the (non-empty, code-free) document is a placeholder.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let trimmed = text.trim();
    if trimmed.len() > MAX_PLACEHOLDER_CHARS {
        return false;
    }
    let content_lines: Vec<&str> = trimmed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if content_lines.len() <= 1 && trimmed.chars().count() <= MAX_SINGLE_LINE_CHARS {
        return true;
    }
    let lower = trimmed.to_lowercase();
    PLACEHOLDER_PHRASES
        .iter()
        .any(|p| contains_phrase(&lower, p))
}

/// True when `phrase` occurs in `text` as whole words ("todo" but not "mastodon").
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(start, matched)| {
        let before = text[..start].chars().next_back();
        let after = text[start + matched.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_texts_are_placeholders() {
        assert!(is_placeholder("Insert here the Model Response that failed"));
        assert!(is_placeholder("TODO"));
        assert!(is_placeholder("N/A\n"));
        assert!(is_placeholder(
            "# Model Response\n\nThis file will contain the initial model-generated code.\n\nTO BE FILLED BY: coordinator\n"
        ));
    }

    #[test]
    fn answers_are_not_placeholders() {
        assert!(!is_placeholder(
            "# Model Response\n\nThe model built a VPC and a bucket.\nIt forgot encryption on the queue.\n"
        ));
        assert!(!is_placeholder(
            "# Notes\n\nThe mastodon server config was updated.\nAll good here.\n"
        ));
    }
}
