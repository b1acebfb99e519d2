//! How strongly a sentence of the request asks for what it names: its *modality*.
//!
//! A reviewer reads "Do not create GuardDuty detectors", "Prefer VPC endpoints", "If using AWS
//! Config, record every resource", "name functions like `lambda-{env}`" and "Requires the AWS
//! CLI with deploy permissions" as five different things, and only some of them are
//! requirements of the answer. [`modality_of`] reads one sentence (with the headings it sits
//! under) into a [`Modality`]:
//!
//! | modality | cue | what a finding may be |
//! | --- | --- | --- |
//! | must | "must", "required", imperatives in a requirement list | high |
//! | must not | "do not", "must not", "never", "not created" | high, as its own check (absence) |
//! | should | "should", "prefer", "recommended", "ideally" | medium at most |
//! | may | "optional", "if needed", "(or appropriate value)", "not required", an "Optional" heading | none |
//! | example | "e.g.", "for example", an "Example" heading | none |
//! | environment | "requires the AWS CLI", "already exists", "existing", "assume" | none |
//! | conditional | "If using X, …", "only if X" | as its consequence, only when X holds in the answer |
//!
//! Cues are matched as whole words, case-insensitively. The strongest reading that denies a
//! requirement wins: an "Optional" heading makes every sentence under it optional, a condition
//! at the start of a sentence makes it conditional whatever follows.

use serde::Serialize;

use crate::prompt::contains_phrase;

/// How a sentence of the request asks for what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Must,
    MustNot,
    Should,
    May,
    Example,
    Environment,
    Conditional,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Must => "must",
            Modality::MustNot => "must_not",
            Modality::Should => "should",
            Modality::May => "may",
            Modality::Example => "example",
            Modality::Environment => "environment",
            Modality::Conditional => "conditional",
        }
    }

    /// Whether an answer that does not do what the sentence names can be reported at all
    /// (a conditional only once its condition is known to hold).
    pub fn can_report(self) -> bool {
        matches!(self, Modality::Must | Modality::MustNot | Modality::Should)
    }

    /// Whether the sentence asks for something to exist (must or should, not its absence).
    pub fn asks_presence(self) -> bool {
        matches!(self, Modality::Must | Modality::Should)
    }
}

/// A sentence's modality, and for a conditional the condition as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub modality: Modality,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

impl Reading {
    fn of(modality: Modality) -> Reading {
        Reading {
            modality,
            condition: None,
        }
    }
}

/// Headings whose sections offer options, not requirements.
const OPTIONAL_HEADINGS: &[&str] = &[
    "optional",
    "optionally",
    "nice to have",
    "nice-to-have",
    "bonus",
    "stretch goals",
    "stretch goal",
    "future enhancements",
    "future improvements",
    "possible enhancements",
];

const EXAMPLE_HEADINGS: &[&str] = &["example", "examples", "sample", "sample output"];

const ENVIRONMENT_HEADINGS: &[&str] = &[
    "prerequisite",
    "prerequisites",
    "assumption",
    "assumptions",
    "pre-requisites",
];

/// Conditions at the start of a sentence ("If using AWS Config, …").
const CONDITION_OPENERS: &[&str] = &[
    "if ",
    "when using ",
    "where ",
    "in case ",
    "unless ",
    "only if ",
    "should you ",
];

/// Words that say the thing is not to be built or not to be there.
const MUST_NOT_CUES: &[&str] = &[
    "do not",
    "don't",
    "don\u{2019}t",
    "must not",
    "shall not",
    "should not",
    "shouldn't",
    "never",
    "not be created",
    "not created",
    "not be deployed",
    "not deploy",
    "avoid",
    "must be avoided",
    "prohibited",
    "forbidden",
    "not allowed",
];

/// Words that make the thing an option.
const MAY_CUES: &[&str] = &[
    "optional",
    "optionally",
    "if needed",
    "if necessary",
    "if required",
    "if desired",
    "if applicable",
    "where applicable",
    "when applicable",
    "as needed",
    "if possible",
    "where possible",
    "when possible",
    "or appropriate value",
    "or similar",
    "nice to have",
    "not required",
    "are not required",
    "is not required",
    "not needed",
    "not necessary",
    "no need",
    "may",
    "could",
    "consider",
    "can optionally",
];

/// Words that make the thing recommended rather than required.
const SHOULD_CUES: &[&str] = &[
    "should",
    "prefer",
    "preferred",
    "preferably",
    "ideally",
    "recommended",
    "recommend",
    "best practice",
    "try to",
    "aim to",
    "encouraged",
];

/// Statements about the deploying environment or what exists already.
const ENVIRONMENT_CUES: &[&str] = &[
    "aws cli",
    "cli installed",
    "installed",
    "credentials configured",
    "already exist",
    "already exists",
    "already existing",
    "pre-existing",
    "preexisting",
    "existing",
    "assume",
    "assumes",
    "assumed",
    "prerequisite",
    "aws-managed",
    "managed by aws",
];

/// Words that make a sentence a hard requirement.
const MUST_CUES: &[&str] = &[
    "must",
    "mandatory",
    "required",
    "shall",
    "needs to",
    "need to",
    "has to",
    "have to",
    "always",
    "exclusively",
    "strictly",
    "non-negotiable",
];

fn any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| contains_phrase(text, c))
}

/// The sentence with list markers, markup and leading labels ("Note:") removed, lower case.
fn normalised(sentence: &str) -> String {
    let stripped: String = sentence
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '_'))
        .collect();
    stripped
        .trim()
        .trim_start_matches(['-', '+', '#', '>', ' ', '\t'])
        .trim()
        .to_lowercase()
}

/// Reads the modality of one sentence (or list item) of the request, under `headings`
/// (outermost first).
pub fn modality_of(sentence: &str, headings: &[String]) -> Reading {
    let text = normalised(sentence);
    let headings: Vec<String> = headings.iter().map(|h| h.to_lowercase()).collect();
    let heading_has = |cues: &[&str]| headings.iter().any(|h| any(h, cues));
    if heading_has(OPTIONAL_HEADINGS) {
        return Reading::of(Modality::May);
    }
    if heading_has(EXAMPLE_HEADINGS) {
        return Reading::of(Modality::Example);
    }
    if heading_has(ENVIRONMENT_HEADINGS) {
        return Reading::of(Modality::Environment);
    }
    if let Some(condition) = condition_of(&text) {
        return Reading {
            modality: Modality::Conditional,
            condition: Some(condition),
        };
    }
    if text.starts_with("e.g.")
        || text.starts_with("eg.")
        || text.starts_with("for example")
        || text.starts_with("example:")
        || text.starts_with("for instance")
    {
        return Reading::of(Modality::Example);
    }
    if text.starts_with("prefer:") || text.starts_with("preferred:") {
        return Reading::of(Modality::Should);
    }
    // "No VPC flow logs are required" is an option, not a prohibition: read before "must not".
    let nothing_required =
        text.starts_with("no ") && any(&text, &["required", "needed", "necessary"]);
    if nothing_required || any(&text, MAY_CUES) {
        return Reading::of(Modality::May);
    }
    if any(&text, MUST_NOT_CUES) {
        return Reading::of(Modality::MustNot);
    }
    if any(&text, ENVIRONMENT_CUES) || text.starts_with("requires ") {
        return Reading::of(Modality::Environment);
    }
    if any(&text, SHOULD_CUES) && !any(&text, MUST_CUES) {
        return Reading::of(Modality::Should);
    }
    Reading::of(Modality::Must)
}

/// The condition of a sentence that opens with one ("if using AWS Config, record ..." gives
/// "using aws config"), lower case; `None` when it opens otherwise.
fn condition_of(text: &str) -> Option<String> {
    let opener = CONDITION_OPENERS.iter().find(|o| text.starts_with(*o))?;
    let rest = &text[opener.len()..];
    let end = rest
        .find([',', ';', ':'])
        .or_else(|| rest.find(" then "))
        .unwrap_or(rest.len());
    let condition = rest[..end].trim();
    (!condition.is_empty()).then(|| condition.to_string())
}

/// The sentence (lower case) without its examples: what follows "e.g.", "for example", "such
/// as `...`" or "i.e." up to the closing parenthesis or the end of the clause, and code spans
/// that look like naming patterns (`lambda-{env}`). What is left is what the sentence asks;
/// the rest only illustrates it.
pub fn without_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    const CUES: [&str; 5] = ["e.g.", "eg.", "e.g ", "for example", "for instance"];
    loop {
        let next = CUES
            .iter()
            .filter_map(|c| rest.find(c).map(|at| (at, c.len())))
            .min_by_key(|(at, _)| *at);
        let Some((at, len)) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + len..];
        // The example runs to the parenthesis that closes it, else to the end of the clause.
        let inside_parenthesis = out.rfind('(').is_some_and(|p| !out[p..].contains(')'));
        let end = if inside_parenthesis {
            after.find(')').unwrap_or(after.len())
        } else {
            after.find([';', '\n']).unwrap_or(after.len())
        };
        rest = &after[end..];
    }
    remove_pattern_spans(&out)
}

/// Removes names given as a pattern (`lambda-{env}`, `${prefix}-logs`, `<app>-bucket`, with or
/// without backticks): they illustrate naming; they do not ask for the service they mention.
fn remove_pattern_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    for token in text.split(' ') {
        let pattern = token.contains(['{', '}', '<', '>']);
        if !first {
            out.push(' ');
        }
        first = false;
        if !pattern {
            out.push_str(token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Modality {
        modality_of(s, &[]).modality
    }

    #[test]
    fn each_modality_from_its_cue() {
        assert_eq!(m("Lambda functions must use Python 3.12"), Modality::Must);
        assert_eq!(m("Deploy a DynamoDB table for orders"), Modality::Must);
        assert_eq!(m("Do not create GuardDuty detectors"), Modality::MustNot);
        assert_eq!(
            m("Secrets are fetched from existing entries, not created"),
            Modality::MustNot
        );
        assert_eq!(m("No VPC flow logs are required"), Modality::May);
        assert_eq!(m("Add a NAT gateway if needed"), Modality::May);
        assert_eq!(
            m("Retention of 30 days (or appropriate value)"),
            Modality::May
        );
        assert_eq!(
            m("Prefer: VPC endpoints over NAT gateways"),
            Modality::Should
        );
        assert_eq!(m("Buckets should block public access"), Modality::Should);
        assert_eq!(m("e.g. `lambda-dev`, `lambda-prod`"), Modality::Example);
        assert_eq!(
            m("Requires AWS CLI configured with IAM permissions"),
            Modality::Environment
        );
        assert_eq!(m("The VPC already exists"), Modality::Environment);
    }

    #[test]
    fn conditions_keep_their_condition() {
        let r = modality_of("If using AWS Config, record all resource types", &[]);
        assert_eq!(r.modality, Modality::Conditional);
        assert_eq!(r.condition.as_deref(), Some("using aws config"));
    }

    #[test]
    fn headings_decide_first() {
        let h = vec!["Optional Enhancements".to_string()];
        assert_eq!(
            modality_of("Add AWS WAF in front of the ALB", &h).modality,
            Modality::May
        );
        let h = vec!["Prerequisites".to_string()];
        assert_eq!(
            modality_of("An ACM certificate for the domain", &h).modality,
            Modality::Environment
        );
    }

    #[test]
    fn a_must_with_a_should_word_stays_must() {
        assert_eq!(
            m("Logs must be retained, as best practice recommends"),
            Modality::Must
        );
    }

    #[test]
    fn examples_are_removed_from_what_is_asked() {
        assert_eq!(
            without_examples("name functions by environment (e.g. `lambda-{env}`)"),
            "name functions by environment ()"
        );
        assert_eq!(
            without_examples("name functions lambda-{env}"),
            "name functions "
        );
        assert_eq!(
            without_examples("use a cache, for example elasticache; encrypt it"),
            "use a cache, ; encrypt it"
        );
        assert_eq!(
            without_examples("prefix names with `lambda-${suffix}` and use `s3`"),
            "prefix names with  and use `s3`"
        );
    }
}
