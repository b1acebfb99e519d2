//! Blocks an answer quotes as the wrong version: an ideal answer that explains its corrections
//! often shows the model's code first (`**Original Issue** (from MODEL_RESPONSE):`,
//! `**Incorrect:**`, `**Before (wrong):**`) and the corrected code after it. The quoted block is
//! the model's code, not the answer's: read as the answer, it would put the model's mistakes
//! (an invented argument, a missing property) into the ideal side.
//!
//! Only the line that introduces a block decides, and only when it plainly labels the block: a
//! short label line (ending in `:`) or a heading that calls the code original, incorrect, wrong
//! or the model response's. "Before deploying, create the buckets:" or a path label
//! (`**path:** lib/model_response.md`) are not such labels.

/// Whether the line introducing a block (the nearest non-blank line above its fence) labels the
/// block as the quoted wrong version.
pub(crate) fn labels_quoted_mistake(intro: &str) -> bool {
    let line = intro.trim();
    // A label is short; a sentence of prose that happens to say "wrong" is not one.
    if line.is_empty() || line.chars().count() > 120 {
        return false;
    }
    let is_heading = line.starts_with('#');
    let label = line
        .trim_start_matches(['#', '>', '-', '*', ' '])
        .trim_end_matches(['*', '_', ' ']);
    if !is_heading && !label.ends_with(':') {
        return false;
    }
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    // A label names the block in a few words; a sentence that mentions the model's response
    // ("The original MODEL_RESPONSE was missing the class, causing import errors:") introduces
    // the code that fixes it.
    if words.len() > 8 {
        return false;
    }
    let has = |w: &str| words.contains(&w);
    let names_model = has("model_response")
        || lower.contains("model response")
        || lower.contains("model's code")
        || lower.contains("model's version");
    let calls_wrong = has("incorrect") || has("wrong") || lower.starts_with('❌');
    let calls_original = has("original") && !has("requirement") && !has("requirements");
    // `**Original (MODEL_RESPONSE)**:`, `**MODEL_RESPONSE issue**:`, `**Incorrect:**`,
    // `### Original (incorrect) implementation`, `**Before (wrong):**`.
    (names_model && (calls_wrong || calls_original || has("issue") || has("from")))
        || (calls_wrong && words.len() <= 6)
        || (calls_original && (has("issue") || has("code") || calls_wrong) && words.len() <= 6)
}

#[cfg(test)]
mod tests {
    use super::labels_quoted_mistake;

    #[test]
    fn labels_of_quoted_model_code() {
        for intro in [
            "**Original Issue** (from MODEL_RESPONSE):",
            "**Original (MODEL_RESPONSE)**:",
            "**Incorrect (MODEL_RESPONSE)**:",
            "**MODEL_RESPONSE (Incorrect)**:",
            "**Incorrect:**",
            "**Wrong**:",
            "**Before (wrong):**",
            "### Original (Incorrect) Implementation",
            "❌ Wrong:",
            "**Original code:**",
        ] {
            assert!(labels_quoted_mistake(intro), "{intro}");
        }
    }

    #[test]
    fn other_lines_before_blocks() {
        for intro in [
            "**path:** `lib/model_response.md`",
            "Before deploying, create the S3 buckets and DynamoDB tables for state management:",
            "To verify configuration syntax before deployment:",
            "**Corrected** (IDEAL_RESPONSE):",
            "## lib/tap_stack.py",
            "The original requirements asked for a VPC:",
            "The original MODEL_RESPONSE was missing the `TapStackProps` class definition, causing import errors in `tap.py`:",
            "Here is what was wrong with the first attempt, and how the stack below fixes it for every region the request lists:",
            "",
            "```",
        ] {
            assert!(!labels_quoted_mistake(intro), "{intro}");
        }
    }
}
