//! Each labelled failure checked against the answers, the way a careful reviewer reads it:
//!
//! - **outside the answer** when its title is about tests, documentation, CI, packaging files
//!   the model answer does not hold, or the deploy environment (quotas, the emulator, leftovers
//!   of an earlier deployment) — nothing the model answer's code can show;
//! - **supported** when the model code it quotes is in the model answer and the ideal answer
//!   changes it (or, with no code quoted, the fix it shows or the names it puts in backticks
//!   are in one answer and not the other, or iacgrade finds the same failure at the same place);
//! - **unsupported** otherwise: the quoted code is not in the model answer, the ideal keeps it,
//!   the fix is already in the model answer, or the label names nothing the answers show.
//!
//! A label is paired with iacgrade's finding at the same place (a quoted line the finding
//! stands on) or on the same name (a resource or variable name both mention) — never by topic
//! words alone, which pair a key-policy label with a missing alarm.

use std::collections::BTreeSet;

use iacgrade_findings::{Finding, FindingStatus, Side};
use iacgrade_report::{ExistingLabel, LabelVerdict};
use iacgrade_task::SourceFile;

use crate::evidence::{
    identifiers, inline_names, inline_names_by_side, normalise_line, outside_topic, prose,
    prose_names, quoted_blocks, OutsideTopic, QuotedSide,
};
use crate::parse::Label;

/// What the labels are checked against.
pub struct Answers<'a> {
    /// The model answer's code files.
    pub model: &'a [SourceFile],
    /// The ideal answer's code files, completed by the project's.
    pub ideal: &'a [SourceFile],
}

/// One side's code, line by line, for matching quoted lines.
struct CodeLines {
    /// Normalised line, file and 1-based line in it.
    lines: Vec<(String, String, usize)>,
    /// Every line joined, normalised, for names that span a `key: value`.
    joined: String,
}

impl CodeLines {
    fn new(files: &[SourceFile]) -> CodeLines {
        let mut lines = Vec::new();
        for f in files {
            let name = f.display_name();
            for (i, l) in f.text.lines().enumerate() {
                let n = normalise_line(l);
                if !n.is_empty() {
                    lines.push((n, name.clone(), i + 1));
                }
            }
        }
        let joined = lines
            .iter()
            .map(|(l, _, _)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        CodeLines { lines, joined }
    }

    fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Where a quoted line is: the same line, or a line that holds it (a quote may leave out
    /// a trailing comment or the start of a line).
    fn find(&self, quoted: &str) -> Option<(&str, usize)> {
        self.lines
            .iter()
            .find(|(l, _, _)| l == quoted)
            .or_else(|| self.lines.iter().find(|(l, _, _)| l.contains(quoted)))
            .map(|(_, f, n)| (f.as_str(), *n))
    }

    fn has_name(&self, name: &str) -> bool {
        let n = normalise_line(name);
        !n.is_empty() && self.joined.contains(&n)
    }
}

/// Verifies every label; `findings` are the report's, for pairing.
pub fn verify_labels(
    labels: &[Label],
    answers: &Answers,
    findings: &[Finding],
) -> Vec<ExistingLabel> {
    let model = CodeLines::new(answers.model);
    let ideal = CodeLines::new(answers.ideal);
    let mut taken = BTreeSet::new();
    labels
        .iter()
        .map(|label| {
            let mut verdict = verify_one(label, answers, &model, &ideal);
            let matched = pair_with_finding(label, &verdict.places, &model, findings, &taken);
            if let Some(i) = matched {
                taken.insert(i);
            }
            // A failure iacgrade finds at the same place or name and the ideal fixes is the
            // evidence: with nothing quoted to check, and also over a quote that matched only
            // lines the fix leaves alone (an import line quoted with the faulty call).
            if verdict.undecided || verdict.kept {
                if let Some(f) = matched.and_then(|i| findings.get(i)) {
                    if f.status == FindingStatus::Fixed {
                        verdict.verdict = LabelVerdict::Supported;
                        verdict.reason = format!(
                            "iacgrade finds the same failure at {} ({}: {}), and the ideal answer fixes it",
                            place(f),
                            f.rule,
                            f.message
                        );
                    }
                }
            }
            ExistingLabel {
                title: label.failure.title.clone(),
                severity: label.failure.severity.clone(),
                verdict: verdict.verdict,
                reason: verdict.reason,
                matched_finding: matched,
                line: label.failure.line,
            }
        })
        .collect()
}

fn place(f: &Finding) -> String {
    match f.line {
        Some(l) => format!("{}:{l}", f.file),
        None => f.file.clone(),
    }
}

struct Verdict {
    verdict: LabelVerdict,
    reason: String,
    /// Places in the model answer the label's quoted code stands on.
    places: Vec<(String, usize)>,
    /// Nothing in the label could be checked: a matching finding may still decide.
    undecided: bool,
    /// The quoted lines are kept by the ideal: a fixed finding at the same place may show the
    /// fix lies on lines the label did not quote, and is the better evidence. A quote the model
    /// answer does not hold is not rescued so.
    kept: bool,
}

impl Verdict {
    fn new(verdict: LabelVerdict, reason: String) -> Verdict {
        Verdict {
            verdict,
            reason,
            places: Vec::new(),
            undecided: false,
            kept: false,
        }
    }
}

/// Whether the model answer holds files of the topic, so a label about them is about the answer.
fn answer_has_topic(topic: OutsideTopic, phrase: &str, model: &[SourceFile]) -> bool {
    match topic {
        OutsideTopic::Tests => model.iter().any(|f| f.is_test()),
        OutsideTopic::Docs => model.iter().any(|f| {
            f.path
                .as_deref()
                .is_some_and(|p| p.to_ascii_lowercase().contains("readme"))
        }),
        OutsideTopic::Packaging | OutsideTopic::Ci => model.iter().any(|f| {
            f.path
                .as_deref()
                .is_some_and(|p| p.to_ascii_lowercase().contains(phrase.trim_matches('/')))
        }),
        OutsideTopic::Environment => false,
    }
}

fn quote(line: &str) -> String {
    let short: String = line.chars().take(80).collect();
    let short = short.replace('`', "'");
    if short.len() < line.len() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

fn verify_one(label: &Label, answers: &Answers, model: &CodeLines, ideal: &CodeLines) -> Verdict {
    let title = &label.failure.title;
    if let Some((topic, phrase)) = outside_topic(title) {
        if !answer_has_topic(topic, phrase, answers.model) {
            return Verdict::new(
                LabelVerdict::OutsideAnswer,
                format!(
                    "about {} (\"{phrase}\"), which the model answer's code does not hold",
                    topic.describe()
                ),
            );
        }
    }
    if model.is_empty() {
        return Verdict::new(
            LabelVerdict::Unsupported,
            "the model answer has no code to show the failure".into(),
        );
    }

    let blocks = quoted_blocks(&label.text);
    let mut model_lines = Vec::new();
    let mut fix_lines = Vec::new();
    for block in &blocks {
        match block.side {
            QuotedSide::Model => model_lines.extend(block.lines.iter().cloned()),
            QuotedSide::Fix => fix_lines.extend(block.lines.iter().cloned()),
            QuotedSide::Unknown => {
                // Unmarked code is the model's when the model answer holds most of it, the fix
                // when only the ideal does.
                let in_model = block
                    .lines
                    .iter()
                    .filter(|l| model.find(l).is_some())
                    .count();
                let in_ideal = block
                    .lines
                    .iter()
                    .filter(|l| ideal.find(l).is_some())
                    .count();
                if in_ideal > in_model {
                    fix_lines.extend(block.lines.iter().cloned());
                } else {
                    model_lines.extend(block.lines.iter().cloned());
                }
            }
        }
    }

    if !model_lines.is_empty() {
        return judge_quoted_model_code(&model_lines, &fix_lines, model, ideal);
    }
    if !fix_lines.is_empty() {
        return judge_quoted_fix(&fix_lines, model, ideal);
    }
    if let Some(v) = judge_location(&inline_names(&label.text), answers) {
        return v;
    }
    let inline = inline_names_by_side(&label.text);
    if !inline.is_empty() {
        if let Some(v) = judge_names(&inline, model, ideal, true) {
            return v;
        }
    }
    // Names written as code in the prose without backticks ("DeletionProtection",
    // "removal_policy").
    let written = prose_names(&label.text);
    if !written.is_empty() {
        if let Some(v) = judge_names(&written, model, ideal, false) {
            return v;
        }
    }
    if let Some(v) = judge_topic_words(title, model, ideal) {
        return v;
    }
    if let Some((topic, phrase)) = outside_topic(&prose(&label.text)) {
        if !answer_has_topic(topic, phrase, answers.model) {
            return Verdict::new(
                LabelVerdict::OutsideAnswer,
                format!(
                    "its text is about {} (\"{phrase}\") and quotes no code of the model answer",
                    topic.describe()
                ),
            );
        }
    }
    Verdict {
        verdict: LabelVerdict::Unsupported,
        reason: "the label quotes no code and names nothing that one answer has and the other lacks; iacgrade finds no failure at the same place or name".into(),
        places: Vec::new(),
        undecided: true,
        kept: false,
    }
}

/// A quoted line this long says something particular to the answer it comes from.
const DISTINCTIVE_CHARS: usize = 25;

fn judge_quoted_model_code(
    quoted: &[String],
    fix: &[String],
    model: &CodeLines,
    ideal: &CodeLines,
) -> Verdict {
    let found: Vec<(&String, (&str, usize))> = quoted
        .iter()
        .filter_map(|q| model.find(q).map(|at| (q, at)))
        .collect();
    let places: Vec<(String, usize)> = found
        .iter()
        .map(|(_, (f, l))| (f.to_string(), *l))
        .collect();
    // Short lines ("Type: AWS::S3::Bucket", "Properties:") are in most answers: when the quote
    // has longer lines, half of those must be found too.
    let distinctive = |q: &&String| q.chars().count() >= DISTINCTIVE_CHARS;
    let long_quoted = quoted.iter().filter(distinctive).count();
    let long_found = found.iter().filter(|(q, _)| distinctive(q)).count();
    if found.len() * 2 < quoted.len() || long_found * 2 < long_quoted {
        let missing = quoted
            .iter()
            .find(|q| model.find(q).is_none())
            .map(|q| quote(q))
            .unwrap_or_default();
        return Verdict::new(
            LabelVerdict::Unsupported,
            format!(
                "the quoted model code is not in the model answer ({} of {} lines found; not found: {missing})",
                found.len(),
                quoted.len()
            ),
        );
    }
    let v = |verdict, reason| Verdict {
        verdict,
        reason,
        places: places.clone(),
        undecided: false,
        kept: false,
    };
    let (first_line, (first_file, first_at)) = &found[0];
    if ideal.is_empty() {
        // The ideal tells its fix in prose: the label stands on the model code it quotes.
        return v(
            LabelVerdict::Supported,
            format!(
                "supported by the model code at {first_file}:{first_at} ({}); the ideal answer shows no code",
                quote(first_line)
            ),
        );
    }
    let changed: Vec<&(&String, (&str, usize))> = found
        .iter()
        .filter(|(q, _)| ideal.find(q).is_none())
        .collect();
    let Some((line, (file, at))) = changed.first() else {
        // A "missing X" label quotes the model's code as it stands; the fix adds to it.
        if let Some(added) = fix
            .iter()
            .find(|f| model.find(f).is_none() && ideal.find(f).is_some())
        {
            // The quoted lines are kept: a fixed finding where the label points is the
            // better evidence, and replaces this one.
            let mut added = v(
                LabelVerdict::Supported,
                format!(
                    "the quoted code is in the model answer at {first_file}:{first_at} and the fix it shows is new in the ideal answer ({})",
                    quote(added)
                ),
            );
            added.kept = true;
            return added;
        }
        let mut kept = v(
            LabelVerdict::Unsupported,
            format!(
                "the quoted code is in the model answer and the ideal answer keeps it unchanged ({})",
                quote(found[0].0)
            ),
        );
        kept.kept = true;
        return kept;
    };
    if !fix.is_empty() && fix.iter().all(|f| model.find(f).is_some()) {
        return v(
            LabelVerdict::Unsupported,
            format!(
                "the fix it shows is already in the model answer ({})",
                quote(&fix[0])
            ),
        );
    }
    v(
        LabelVerdict::Supported,
        format!(
            "the quoted code is in the model answer at {file}:{at} and the ideal answer changes it ({})",
            quote(line)
        ),
    )
}

fn judge_quoted_fix(fix: &[String], model: &CodeLines, ideal: &CodeLines) -> Verdict {
    let in_model = fix.iter().filter(|f| model.find(f).is_some()).count();
    if in_model == fix.len() {
        return Verdict::new(
            LabelVerdict::Unsupported,
            format!(
                "the fix it shows is already in the model answer ({})",
                quote(&fix[0])
            ),
        );
    }
    let new_in_ideal: Vec<&String> = fix
        .iter()
        .filter(|f| model.find(f).is_none() && ideal.find(f).is_some())
        .collect();
    match new_in_ideal.first() {
        Some(line) => Verdict::new(
            LabelVerdict::Supported,
            format!(
                "the fix it shows is in the ideal answer and not in the model's ({})",
                quote(line)
            ),
        ),
        None => Verdict::new(
            LabelVerdict::Unsupported,
            format!(
                "the fix it shows is not in the ideal answer ({})",
                quote(&fix[0])
            ),
        ),
    }
}

/// Names in backticks: the model has a name the label finds fault with and the ideal lacks, the
/// ideal has a name the model lacks, or the fix a label names is already in the model answer.
/// `None` when no name decides (the spans were words, not code). A name found in the prose
/// without backticks (`quoted` false) decides only when the ideal adds it or a field says which
/// side it is on ("**MODEL_RESPONSE**: ...", "**Fix**: ..."): a service name the prose
/// mentions in passing ("CloudWatch") may be in one answer's comments and not the other's.
fn judge_names(
    names: &[(String, QuotedSide)],
    model: &CodeLines,
    ideal: &CodeLines,
    quoted: bool,
) -> Option<Verdict> {
    let mut only_model = None;
    let mut only_ideal = None;
    let mut fix_in_model = None;
    let mut both = None;
    for (name, side) in names {
        let fix = *side == QuotedSide::Fix;
        match (model.has_name(name), ideal.has_name(name)) {
            // A fix written with its values (`os.Getenv("SUFFIX")`, `Enabled: true`) that the
            // model answer holds is already there; a bare name may be used elsewhere.
            (true, _) if fix && quoted && name.contains(['(', '=', ':']) => {
                fix_in_model.get_or_insert(name);
            }
            (true, _) if fix => {}
            (true, false) if !fix && (quoted || *side == QuotedSide::Model) => {
                only_model.get_or_insert(name);
            }
            (false, true) if only_ideal.is_none() => only_ideal = Some(name),
            (true, true) if both.is_none() => both = Some(name),
            _ => {}
        }
    }
    if let Some(n) = only_model {
        let reason = if ideal.is_empty() {
            format!(
                "supported by the model code ({}); the ideal answer shows no code",
                quote(n)
            )
        } else {
            format!(
                "{} is in the model answer and the ideal answer changes it",
                quote(n)
            )
        };
        return Some(Verdict::new(LabelVerdict::Supported, reason));
    }
    if let Some(n) = fix_in_model {
        return Some(Verdict::new(
            LabelVerdict::Unsupported,
            format!(
                "the fix it names is already in the model answer ({})",
                quote(n)
            ),
        ));
    }
    if let Some(n) = only_ideal {
        return Some(Verdict::new(
            LabelVerdict::Supported,
            format!("{} is in the ideal answer and not in the model's", quote(n)),
        ));
    }
    if ideal.is_empty() || !quoted {
        return None;
    }
    both.map(|n| {
        Verdict::new(
            LabelVerdict::Unsupported,
            format!(
                "{} is in both answers: what the label names is the same in the ideal answer",
                quote(n)
            ),
        )
    })
}

/// A label that names the file it is about ("**Location**: `lib/lambda/handler.ts`") and quotes
/// nothing else: the ideal answer changes that file of the model answer, or keeps it as it is.
fn judge_location(names: &[String], answers: &Answers) -> Option<Verdict> {
    let text_of = |files: &[SourceFile], name: &str| {
        files
            .iter()
            .find(|f| {
                f.path.as_deref().is_some_and(|p| {
                    p.ends_with(name)
                        && (p.len() == name.len() || p[..p.len() - name.len()].ends_with('/'))
                })
            })
            .map(|f| normalised_text(&f.text))
    };
    names
        .iter()
        .filter(|n| n.contains('/') && !n.contains(char::is_whitespace))
        .find_map(|name| {
            let model = text_of(answers.model, name)?;
            let ideal = text_of(answers.ideal, name)?;
            Some(if model == ideal {
                Verdict::new(
                    LabelVerdict::Unsupported,
                    format!(
                        "the ideal answer keeps {} as the model wrote it",
                        quote(name)
                    ),
                )
            } else {
                Verdict::new(
                    LabelVerdict::Supported,
                    format!(
                        "the label is about {}, which the ideal answer changes",
                        quote(name)
                    ),
                )
            })
        })
}

/// Words of a title too general to point at code ("Missing", "Configuration", "Security").
const GENERAL_WORDS: &[&str] = &[
    "missing",
    "incorrect",
    "configuration",
    "configured",
    "implementation",
    "implemented",
    "issue",
    "error",
    "failure",
    "security",
    "resource",
    "support",
    "required",
    "requirement",
    "insufficient",
    "incomplete",
    "improper",
    "inconsistent",
    "enhancement",
    "integration",
    "management",
    "setting",
    "structure",
    "difference",
    "model",
    "response",
    "ideal",
    "proper",
    "using",
    "without",
    "should",
    "deployment",
    "production",
    "invalid",
    "wrong",
    "hardcoded",
    "hard-coded",
    "unnecessary",
    "excessive",
    "limited",
    "better",
    "improved",
    "correct",
    "corrected",
    "correction",
    "added",
    "adding",
    "lacks",
    "lacked",
    "problem",
    "properly",
    "which",
    "their",
    "there",
    "where",
    "other",
    "level",
    "based",
    "handling",
    "usage",
    "value",
    "values",
    "naming",
    "names",
    "name",
    "instead",
    "mismatch",
    "through",
    "across",
    "after",
    "before",
    "optional",
    "multiple",
    "single",
    "simplified",
    "simplification",
    "fixed",
    "explicit",
    "explicitly",
    "enforcement",
    "enforced",
];

/// A label with only prose: a distinctive word of its title ("No Dead Letter Queue") that no
/// line of the model answer's code holds and the ideal answer's does — what the label says is
/// missing, the ideal adds. A word both answers hold decides nothing: the prose cannot say
/// which of its lines the label means.
fn judge_topic_words(title: &str, model: &CodeLines, ideal: &CodeLines) -> Option<Verdict> {
    if ideal.is_empty() {
        return None;
    }
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase())
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if w.len() > 5 && !w.ends_with("ss") => stem.to_string(),
            _ => w,
        })
        .filter(|w| w.len() >= 5 && !GENERAL_WORDS.contains(&w.as_str()))
        .collect();
    for word in &words {
        let has = |code: &CodeLines| {
            code.lines
                .iter()
                // A comment tells intent, not what the code does.
                .filter(|(l, _, _)| !["#", "//", "/*", "*"].iter().any(|c| l.starts_with(c)))
                .find(|(l, _, _)| l.to_lowercase().contains(word.as_str()))
                .cloned()
        };
        if let (None, Some((line, file, at))) = (has(model), has(ideal)) {
            return Some(Verdict::new(
                LabelVerdict::Supported,
                format!(
                    "the model answer's code never mentions \"{word}\"; the ideal answer adds it at {file}:{at} ({})",
                    quote(&line)
                ),
            ));
        }
    }
    None
}

/// A file's code lines as they are compared, blank lines left out.
fn normalised_text(text: &str) -> Vec<String> {
    text.lines()
        .map(normalise_line)
        .filter(|l| !l.is_empty())
        .collect()
}

/// iacgrade's model failure at a place the label's quoted code stands on, else one whose message
/// or snippet names a resource or variable the label names (and the model answer has).
fn pair_with_finding(
    label: &Label,
    places: &[(String, usize)],
    model: &CodeLines,
    findings: &[Finding],
    taken: &BTreeSet<usize>,
) -> Option<usize> {
    let candidates = || {
        findings.iter().enumerate().filter(|(i, f)| {
            !taken.contains(i)
                && f.side == Side::Model
                && matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed)
        })
    };
    if let Some((i, _)) =
        candidates().find(|(_, f)| places.iter().any(|(file, line)| f.is_at(file, *line)))
    {
        return Some(i);
    }
    let inline = inline_names(&label.text);
    let names: Vec<String> = identifiers(&label.failure.title, &inline)
        .into_iter()
        .filter(|n| model.has_name(n))
        .collect();
    if names.is_empty() {
        return None;
    }
    candidates()
        .find(|(_, f)| {
            names.iter().any(|n| {
                names_token(&f.message, n)
                    || f.model_snippet
                        .as_deref()
                        .is_some_and(|s| names_token(s, n))
            })
        })
        .map(|(i, _)| i)
}

/// Whether `text` holds `name` as a whole token (not inside a longer name).
fn names_token(text: &str, name: &str) -> bool {
    let is_name_char = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
    })
}
