//! Checkpoint D — prompt style.
//!
//! The request must read as a person wrote it: no "ROLE:", "CONTEXT:" or "CONSTRAINTS:"
//! scaffolding lines, no emoji, no "Here is a comprehensive prompt" phrasing; a conversational
//! opening in its first lines ("Hi", "Hey", "We need ..."); and a bold statement of the platform
//! ("**... with Pulumi and Python**"). Scaffolding and emoji fail the checkpoint; a missing
//! opening or platform statement is a warning, since many accepted tasks lack one.

use iacgrade_findings::{CheckStatus, Checkpoint};
use iacgrade_task::{Evidence, Task};

const SCAFFOLD_PREFIXES: &[&str] = &["ROLE:", "CONTEXT:", "CONSTRAINTS:"];
const GENERATED_PHRASES: &[&str] = &["here is a comprehensive"];
const OPENINGS: &[&str] = &[
    "hey", "hi", "hello", "we need", "we're", "we are", "i need", "our team", "team",
];

pub fn check(task: &Task) -> Checkpoint {
    let name = "Prompt style";
    let Some(prompt) = task.prompts.first() else {
        return super::checkpoint(
            "D",
            name,
            CheckStatus::Fail,
            "lib/PROMPT.md is missing",
            Vec::new(),
        );
    };
    let file = prompt.path.as_str();
    let mut failures = Vec::new();
    for (i, line) in prompt.text.lines().enumerate() {
        let trimmed = line.trim_start_matches(['#', '*', ' ', '\t', '>']);
        if SCAFFOLD_PREFIXES.iter().any(|p| trimmed.starts_with(p)) {
            failures.push(Evidence::new(
                file,
                Some(i + 1),
                format!("scaffolding line: {line}"),
            ));
        }
        let lower = line.to_lowercase();
        if GENERATED_PHRASES.iter().any(|p| lower.contains(p)) {
            failures.push(Evidence::new(
                file,
                Some(i + 1),
                format!("generated phrasing: {line}"),
            ));
        }
        if let Some(c) = line.chars().find(|c| is_emoji(*c)) {
            failures.push(Evidence::new(
                file,
                Some(i + 1),
                format!("emoji {c}: {line}"),
            ));
        }
    }

    let mut warnings = Vec::new();
    let opening = prompt
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(5)
        .find(|(_, l)| {
            let plain = l
                .trim_start_matches(['#', '*', ' ', '\t', '>', '_'])
                .to_lowercase();
            OPENINGS.iter().any(|o| {
                plain.starts_with(o)
                    && plain[o.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
        });
    if opening.is_none() {
        warnings.push(Evidence::new(
            file,
            Some(1),
            "no conversational opening (\"Hi\", \"Hey\", \"We need ...\") in the first lines",
        ));
    }
    let platform_statement = prompt
        .text
        .lines()
        .enumerate()
        .find(|(_, l)| bold_spans(l).any(|b| b.contains(" with ") || b.contains(" using ")));
    if platform_statement.is_none() {
        warnings.push(Evidence::new(
            file,
            None,
            "no bold platform statement (\"**... with Pulumi and Python**\")",
        ));
    }

    if !failures.is_empty() {
        let message = format!("{} line(s) read as generated scaffolding", failures.len());
        failures.extend(warnings);
        return super::checkpoint("D", name, CheckStatus::Fail, message, failures);
    }
    if !warnings.is_empty() {
        let message = warnings
            .iter()
            .map(|w| w.text.clone())
            .collect::<Vec<_>>()
            .join("; ");
        return super::checkpoint("D", name, CheckStatus::Warn, message, warnings);
    }
    let mut evidence = Vec::new();
    if let Some((i, l)) = opening {
        evidence.push(Evidence::new(file, Some(i + 1), l));
    }
    if let Some((i, l)) = platform_statement {
        evidence.push(Evidence::new(file, Some(i + 1), l));
    }
    super::checkpoint(
        "D",
        name,
        CheckStatus::Pass,
        "conversational opening, bold platform statement, no scaffolding",
        evidence,
    )
}

/// The texts between pairs of `**` on a line.
fn bold_spans(line: &str) -> impl Iterator<Item = &str> {
    line.split("**").skip(1).step_by(2)
}

/// Pictographic emoji, as the pipeline forbids them; arrows, box drawing and check marks used
/// in plain technical writing are not counted.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1F5FF // symbols and pictographs
        | 0x1F600..=0x1F64F // emoticons
        | 0x1F680..=0x1F6FF // transport and map
        | 0x1F900..=0x1F9FF // supplemental symbols and pictographs
        | 0x1FA70..=0x1FAFF
        | 0x2728 // sparkles
    )
}
