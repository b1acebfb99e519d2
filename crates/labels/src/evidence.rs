//! What a label's text can be checked with: the code it quotes (fenced blocks, told apart as the
//! model's code or the fix by the line that introduces them), the names it puts in backticks,
//! and the words that place it outside the answer (tests, docs, CI, packaging, the deploy
//! environment).

/// Which answer a quoted block shows, by the words that introduce it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotedSide {
    /// "Model Response:", "Original (incorrect):", "Before:".
    Model,
    /// "IDEAL_RESPONSE Fix:", "Correct:", "After:".
    Fix,
    /// Nothing says.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct QuotedBlock {
    pub side: QuotedSide,
    /// The block's lines worth matching (see [`significant_lines`]).
    pub lines: Vec<String>,
}

/// The fenced blocks of a label's text, each with the side its introduction names.
pub fn quoted_blocks(text: &str) -> Vec<QuotedBlock> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(fence) = fence_marker(lines[i]) else {
            i += 1;
            continue;
        };
        let close = (i + 1..lines.len()).find(|&j| {
            let t = lines[j].trim();
            t.starts_with(fence)
                && t.trim_start_matches(fence.chars().next().unwrap_or('`'))
                    .is_empty()
        });
        let end = close.unwrap_or(lines.len());
        let body = lines[i + 1..end].join("\n");
        // The introduction: the closest text line above the fence, within a few lines.
        let intro = lines[..i]
            .iter()
            .rev()
            .take(4)
            .find(|l| !l.trim().is_empty() && fence_marker(l).is_none())
            .copied()
            .unwrap_or("");
        // A heading introduces a block when it is a field ("### After"), not a failure's
        // title ("## Table retained after deletion").
        let heading = intro.trim_start().starts_with('#');
        let intro = if heading && intro.split_whitespace().count() > 4 {
            ""
        } else {
            intro
        };
        // Else a comment opening the block may say whose code it is ("// Model (missing
        // dependency)", "# IDEAL_RESPONSE - scoped").
        let opening_comment = lines[i + 1..end]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .filter(|l| l.starts_with("//") || l.starts_with('#') || l.starts_with("/*"));
        let side = side_of_intro(intro)
            .or_else(|| opening_comment.and_then(side_of_intro))
            .unwrap_or(QuotedSide::Unknown);
        blocks.push(QuotedBlock {
            side,
            lines: significant_lines(&body),
        });
        i = end + 1;
    }
    blocks
}

fn fence_marker(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// The side an introduction line names, fix words first ("Incorrect" is a model word).
fn side_of_intro(intro: &str) -> Option<QuotedSide> {
    let n = intro.to_ascii_lowercase();
    let words: Vec<&str> = n
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&[
        "ideal",
        "ideal_response",
        "fix",
        "fixed",
        "correct",
        "corrected",
        "after",
        "solution",
        "resolution",
        "should",
        "expected",
        "improved",
        "updated",
        "proper",
        "recommended",
    ]) {
        return Some(QuotedSide::Fix);
    }
    if has(&[
        "model",
        "model_response",
        "original",
        "incorrect",
        "wrong",
        "before",
        "problem",
        "problematic",
        "failed",
        "failing",
        "broken",
        "generated",
        "current",
        "issue",
        "bad",
        "invalid",
    ]) {
        return Some(QuotedSide::Model);
    }
    None
}

/// A line as it is compared: inner whitespace collapsed, trailing commas and semicolons off,
/// every quote mark the same (a label may quote `"x"` where the answer has `'x'`).
pub fn normalise_line(line: &str) -> String {
    let joined = line.split_whitespace().collect::<Vec<_>>().join(" ");
    without_trailing_comment(&joined)
        .trim_end_matches([',', ';'])
        .trim()
        .replace(['"', '`'], "'")
}

/// A line without the comment at its end (` # wrong`, ` // ❌ blocks cleanup`): labels annotate
/// the code they quote. A comment mark counts only after a space, so `https://` and `'#fff'` stay.
fn without_trailing_comment(line: &str) -> &str {
    let cut = [" # ", " // "]
        .iter()
        .filter_map(|mark| line.find(mark))
        .min();
    match cut {
        Some(at) if at > 0 => line[..at].trim_end(),
        _ => line,
    }
}

/// Lines of quoted code that say something: not blank, not a comment, not a lone bracket or
/// keyword, at least a few characters long.
pub fn significant_lines(code: &str) -> Vec<String> {
    code.lines()
        .map(normalise_line)
        .filter(|l| {
            let is_comment = l.starts_with('#')
                || l.starts_with("//")
                || l.starts_with("/*")
                || l.starts_with('*');
            let letters = l.chars().filter(|c| c.is_alphanumeric()).count();
            !is_comment && letters >= 4 && l.chars().count() >= 6
        })
        .filter_map(|l| {
            // "..." stands for omitted code: what comes before it is still the answer's
            // (`zone = route53.PrivateHostedZone(...)`), when it says enough.
            match l.find("...").or_else(|| l.find('…')) {
                None => Some(l),
                Some(at) => {
                    let kept = l[..at].trim_end();
                    let letters = kept.chars().filter(|c| c.is_alphanumeric()).count();
                    (kept.chars().count() >= 10 && letters >= 6).then(|| kept.to_string())
                }
            }
        })
        .collect()
}

/// The backticked spans of a label's prose (outside fenced blocks) that look like code or
/// names: a letter, at least three characters, no spaces beyond a `key: value` pair.
pub fn inline_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if fence_marker(line).is_some() {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut parts = line.split('`');
        parts.next();
        while let Some(span) = parts.next() {
            // The text after a closing backtick is prose again.
            parts.next();
            let span = span.trim();
            let words = span.split_whitespace().count();
            let code_like = span.chars().filter(|c| c.is_alphanumeric()).count() >= 3
                && (words <= 3 || span.contains(['=', ':', '(', '.']));
            if code_like && !names.iter().any(|n| n == span) {
                names.push(span.to_string());
            }
        }
    }
    names
}

/// The backticked names of a label's prose with the side the line they stand on speaks for:
/// a line led by "**Fix**:", "Solution:", "IDEAL_RESPONSE:" names the fix, and so do the lines
/// under such a lead on a line of its own, up to the next lead. A plain word (`Environment`,
/// `certificate`) says too little to decide anything and is left out.
pub fn inline_names_by_side(text: &str) -> Vec<(String, QuotedSide)> {
    let mut out: Vec<(String, QuotedSide)> = Vec::new();
    for (line, side) in lines_by_side(text) {
        for name in inline_names(line) {
            let plain_word = name.chars().all(|c| c.is_alphabetic())
                && !name.chars().skip(1).any(|c| c.is_uppercase());
            if !plain_word && !out.iter().any(|(n, _)| *n == name) {
                out.push((name, side));
            }
        }
    }
    out
}

/// The field name leading a line ("**Fix**: ...", "- Solution: ..."), when it is short.
fn field_lead(line: &str) -> Option<&str> {
    let line = line.trim_start_matches(['-', '*', '+', ' ', '>']);
    let (lead, _) = line.split_once(':')?;
    let lead = lead.trim_matches(['*', '_', ' ']);
    let words = lead.split_whitespace().count();
    ((1..=4).contains(&words) && !lead.contains('`')).then_some(lead)
}

/// Identifiers a label names in its title or backticks: resource and variable names written as
/// code is written (`LogsBucket`, `aws_s3_bucket.logs`, `db_subnet_group`), not plain words.
pub fn identifiers(title: &str, inline: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        let is_identifier = w.len() >= 4
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && (w.contains('_')
                || w.contains('.')
                || w.chars().skip(1).any(|c| c.is_ascii_uppercase())
                    && w.chars().any(|c| c.is_ascii_lowercase()));
        if is_identifier && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    };
    for word in
        title.split(|c: char| c.is_whitespace() || c == '`' || c == ',' || c == '(' || c == ')')
    {
        push(word);
    }
    for span in inline {
        for word in span.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')) {
            push(word);
        }
    }
    out
}

/// Identifiers written in a label's prose without backticks, with the side the line they
/// stand on speaks for (as [`inline_names_by_side`]), other than version numbers and the names
/// of the task's own documents (`MODEL_RESPONSE`, `IDEAL_RESPONSE.md`).
pub fn prose_names(text: &str) -> Vec<(String, QuotedSide)> {
    let mut out: Vec<(String, QuotedSide)> = Vec::new();
    for (line, side) in lines_by_side(text) {
        for name in identifiers(line, &[]) {
            let upper = name.to_ascii_uppercase();
            // "15.4" is a version, not a name.
            let is_name = name.chars().any(|c| c.is_ascii_alphabetic())
                && !upper.contains("_RESPONSE")
                && !upper.ends_with(".MD")
                && !upper.contains("PROMPT");
            if is_name && !out.iter().any(|(n, _)| *n == name) {
                out.push((name, side));
            }
        }
    }
    out
}

/// The prose lines of a label (fenced code left out), each with the side its field speaks for.
fn lines_by_side(text: &str) -> Vec<(&str, QuotedSide)> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut side = QuotedSide::Unknown;
    for line in text.lines() {
        if fence_marker(line).is_some() {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            // A failure's own heading names what is wrong.
            side = QuotedSide::Unknown;
        } else if let Some(lead) = field_lead(trimmed) {
            side = side_of_intro(lead).unwrap_or(QuotedSide::Unknown);
        }
        out.push((line, side));
    }
    out
}

/// What puts a label outside the answer, when it is about something the answer does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideTopic {
    Tests,
    Docs,
    Ci,
    Packaging,
    Environment,
}

impl OutsideTopic {
    pub fn describe(self) -> &'static str {
        match self {
            OutsideTopic::Tests => "tests",
            OutsideTopic::Docs => "documentation",
            OutsideTopic::Ci => "CI configuration",
            OutsideTopic::Packaging => "packaging or project files",
            OutsideTopic::Environment => "the deploy environment",
        }
    }
}

/// Phrases that name each topic; matched on lower-cased text.
const OUTSIDE_PHRASES: &[(OutsideTopic, &[&str])] = &[
    (
        OutsideTopic::Tests,
        &[
            "unit test",
            "integration test",
            "test coverage",
            "test file",
            "test suite",
            "test case",
            "tests/",
            "test/",
            ".test.",
            "_test.",
            "jest",
            "pytest",
            "coverage threshold",
            "test assertion",
            "test expectation",
        ],
    ),
    (
        OutsideTopic::Docs,
        &[
            "readme",
            "documentation",
            "docstring",
            "deployment guide",
            "usage guide",
        ],
    ),
    (
        OutsideTopic::Ci,
        &[
            "ci/cd config",
            "github actions",
            ".github/",
            "workflow file",
            "buildspec",
            "ci pipeline",
            "pre-commit",
        ],
    ),
    (
        OutsideTopic::Packaging,
        &[
            "package.json",
            "package-lock",
            "requirements.txt",
            "pipfile",
            "pyproject",
            "go.mod",
            "cdk.json",
            "tsconfig",
            "pulumi.yaml",
            "cdktf.json",
            "metadata.json",
            // Lint findings are about the answer's own code, but a linter's configuration is not.
            "eslintrc",
            ".eslint",
            "dependency version",
            "npm install",
            "pip install",
        ],
    ),
    (
        OutsideTopic::Environment,
        &[
            "quota",
            "localstack",
            "service limit",
            "account limit",
            "limit exceeded",
            "limitexceeded",
            "orphaned",
            "already exists",
            "alreadyexists",
            "leftover",
            "previous deployment",
            "aws credentials",
            "credentials not",
            "deployment timeout",
            "timed out",
            // "Bootstrap" alone is as often an instance's user data as the CDK environment.
            "cdk bootstrap",
            "bootstrapped",
            "delete_failed",
            "state lock",
            "backend bucket",
            "emulator",
        ],
    ),
];

/// The topic a text is about that lies outside the answer, the first phrase that says so.
pub fn outside_topic(text: &str) -> Option<(OutsideTopic, &'static str)> {
    let n = text.to_ascii_lowercase();
    OUTSIDE_PHRASES.iter().find_map(|(topic, phrases)| {
        phrases
            .iter()
            .find(|p| n.contains(*p))
            .map(|p| (*topic, *p))
    })
}

/// The label's prose without its fenced blocks.
pub fn prose(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if fence_marker(line).is_some() {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            out.push(line);
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_take_the_side_their_introduction_names() {
        let text = "Title\n**Model Response:**\n```yaml\nEncrypted: false\n```\n\n**Incorrect code**\n```\nfoo_bar = 1\n```\nIDEAL_RESPONSE Fix:\n```yaml\nEncrypted: true\n```\n```\nplain_block = 2\n```\n";
        let sides: Vec<QuotedSide> = quoted_blocks(text).iter().map(|b| b.side).collect();
        assert_eq!(
            sides,
            [
                QuotedSide::Model,
                QuotedSide::Model,
                QuotedSide::Fix,
                // Nothing introduces it: the line above is the previous block's code.
                QuotedSide::Unknown
            ]
        );
    }

    #[test]
    fn comments_brackets_and_elisions_are_not_significant() {
        let lines =
            significant_lines("  # a comment\n}\n  ...\n  BucketName:   !Sub 'x-${Env}',\n");
        assert_eq!(lines, ["BucketName: !Sub 'x-${Env}'"]);
    }

    #[test]
    fn identifiers_are_names_written_as_code() {
        let inline = inline_names("uses `aws_s3_bucket.logs` and `true` in `LogsBucket`");
        assert_eq!(inline, ["aws_s3_bucket.logs", "true", "LogsBucket"]);
        let ids = identifiers("Missing encryption on DataBucket", &inline);
        assert_eq!(ids, ["DataBucket", "aws_s3_bucket.logs", "LogsBucket"]);
    }

    #[test]
    fn topics_outside_the_answer() {
        assert_eq!(
            outside_topic("Unit tests do not cover the VPC").map(|t| t.0),
            Some(OutsideTopic::Tests)
        );
        assert_eq!(
            outside_topic("EIP quota reached in the account").map(|t| t.0),
            Some(OutsideTopic::Environment)
        );
        assert_eq!(outside_topic("Bucket is not encrypted"), None);
    }
}
