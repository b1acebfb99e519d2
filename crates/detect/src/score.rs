//! From per-file readings to one verdict for the answer, by a scoring anyone can redo by hand.
//!
//! 1. Each file is read for its language and role, and scanned for platform signals.
//! 2. Each file votes for one platform: the one of its strongest signal (ties go to the more
//!    specific platform: CDKTF, CDK, Pulumi, Terraform, CloudFormation, CI/CD, analysis).
//! 3. A vote weighs `role weight × signal strength × non-blank lines`: a 400-line stack outweighs
//!    a 10-line snippet, and a test or a package.json counts less than the program.
//! 4. The infrastructure platform with the highest score wins, unless a CI/CD pipeline or an
//!    analysis script outweighs it more than [`IAC_YIELDS_BELOW`] times over: an IaC answer with
//!    a workflow file is an IaC answer, a workflow with a ten-line snippet is a CI/CD answer.
//! 5. The language is the one with most weighted lines among the files that voted for the
//!    winner and are written in one of its languages (for CloudFormation, a YAML template shown
//!    with its JSON conversion is YAML: see [`prefer_yaml_source`]); failing that, what
//!    configuration and commands name (cdk.json's `app`, Pulumi.yaml's `runtime`, `pytest`,
//!    `--template-file x.json`, the files of a drawn directory tree); failing that, the language
//!    of the answer's other code; failing that, the platform's first language.

use iacgrade_task::{Evidence, Language, Platform, SourceFile};

use crate::file_language::{read_language, LanguageReading};
use crate::file_role::{role_of, FileRole};
use crate::language_hints::{hints, LanguageHint};
use crate::signals::{scan, FileView, Signal};
use crate::{Detection, FileVerdict, LanguageBasis, LanguageScore, PlatformScore};

/// An infrastructure platform wins unless a non-IaC platform scores more than this many times
/// its score (1 / 0.2 = 5 times).
pub const IAC_YIELDS_BELOW: f64 = 0.2;

/// Platforms in order of specificity, for breaking ties inside a file.
const PRIORITY: [Platform; 7] = [
    Platform::Cdktf,
    Platform::Cdk,
    Platform::Pulumi,
    Platform::Tf,
    Platform::Cfn,
    Platform::Cicd,
    Platform::Analysis,
];

/// The languages a platform's programs are written in (DESIGN.md's matrix).
pub fn program_languages(platform: Platform) -> &'static [Language] {
    use Language::*;
    match platform {
        Platform::Cdk | Platform::Pulumi => &[Ts, Js, Py, Java, Go],
        Platform::Cdktf => &[Ts, Py, Go, Java],
        Platform::Tf => &[Hcl],
        Platform::Cfn => &[Yaml, Json],
        Platform::Cicd => &[Yaml, Yml],
        Platform::Analysis => &[Py, Sh],
    }
}

fn is_infrastructure(platform: Platform) -> bool {
    !matches!(platform, Platform::Cicd | Platform::Analysis)
}

/// Everything read from one file.
struct FileReading<'a> {
    file: &'a SourceFile,
    language: LanguageReading,
    role: FileRole,
    lines: usize,
    signals: Vec<Signal>,
    hints: Vec<LanguageHint>,
    /// The platform the file votes for, with the strength of its strongest signal.
    vote: Option<(Platform, f64)>,
}

impl FileReading<'_> {
    fn verdict(&self) -> FileVerdict {
        FileVerdict {
            file: self.file.display_name(),
            language: self.language.language,
            role: self.role,
            lines: self.lines,
            platform: self.vote.map(|(p, _)| p),
            strength: self.vote.map(|(_, s)| s).unwrap_or(0.0),
            score: round(self.score()),
        }
    }

    fn score(&self) -> f64 {
        self.vote
            .map(|(_, strength)| self.role.weight() * strength * self.lines as f64)
            .unwrap_or(0.0)
    }
}

fn read_file(file: &SourceFile) -> FileReading<'_> {
    let language = read_language(file);
    let role = generated_or(file, role_of(file, language.language));
    let view = FileView::new(file, language.language, role);
    let signals = scan(&view);
    let hints = if matches!(role, FileRole::Config | FileRole::Other)
        || language.language == Some(Language::Sh)
    {
        hints(&view)
    } else {
        Vec::new()
    };
    let vote = vote_of(&signals);
    FileReading {
        file,
        lines: file.text.lines().filter(|l| !l.trim().is_empty()).count(),
        language,
        role,
        signals,
        hints,
        vote,
    }
}

/// Synthesised output (cdk.out, cdktf.out) is not what the author wrote.
fn generated_or(file: &SourceFile, role: FileRole) -> FileRole {
    let generated = file.path.as_deref().is_some_and(|p| {
        ["cdk.out/", "cdktf.out/", ".gen/"]
            .iter()
            .any(|dir| p.starts_with(dir) || p.contains(&format!("/{dir}")))
    });
    if generated {
        FileRole::Other
    } else {
        role
    }
}

/// The platform of the strongest signal. At equal strength an infrastructure platform beats
/// CI/CD and analysis (a stack that inlines a boto3 Lambda is a stack), then the one with more
/// such lines wins, then the more specific one.
fn vote_of(signals: &[Signal]) -> Option<(Platform, f64)> {
    let mut best: Option<(Platform, f64, usize)> = None;
    for platform in PRIORITY {
        let mine = signals.iter().filter(|s| s.platform == platform);
        let strength = mine.clone().map(|s| s.strength).fold(0.0, f64::max);
        if strength <= 0.0 {
            continue;
        }
        let count = mine.filter(|s| s.strength >= strength).count();
        let better = match best {
            None => true,
            Some((held, s, c)) => {
                strength > s
                    || (strength == s
                        && (is_infrastructure(platform), count) > (is_infrastructure(held), c))
            }
        };
        if better {
            best = Some((platform, strength, count));
        }
    }
    best.map(|(platform, strength, _)| (platform, strength))
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How each file is read, whatever the verdict (to explain a `None`).
pub(crate) fn read_files(files: &[SourceFile]) -> Vec<FileVerdict> {
    files.iter().map(|f| read_file(f).verdict()).collect()
}

/// Detects the platform and language of a set of files; `None` when nothing shows a platform.
pub(crate) fn detect(files: &[SourceFile]) -> Option<Detection> {
    let readings: Vec<FileReading> = files.iter().map(read_file).collect();

    let mut platform_scores: Vec<PlatformScore> = PRIORITY
        .iter()
        .map(|&platform| PlatformScore {
            platform,
            score: round(
                readings
                    .iter()
                    .filter(|r| r.vote.map(|(p, _)| p) == Some(platform))
                    .map(FileReading::score)
                    .sum(),
            ),
        })
        .filter(|s| s.score > 0.0)
        .collect();
    // Stable sort: equal scores keep the order of PRIORITY.
    platform_scores.sort_by(|a, b| b.score.total_cmp(&a.score));

    let best_iac = platform_scores
        .iter()
        .find(|s| is_infrastructure(s.platform));
    let best_other = platform_scores
        .iter()
        .find(|s| !is_infrastructure(s.platform));
    let platform = match (best_iac, best_other) {
        (Some(iac), Some(other)) if iac.score < IAC_YIELDS_BELOW * other.score => other.platform,
        (Some(iac), _) => iac.platform,
        (None, Some(other)) => other.platform,
        (None, None) => return None,
    };

    let (language, language_basis, language_scores, language_evidence) =
        choose_language(platform, &readings);
    let mut evidence = platform_evidence(platform, &readings);
    evidence.extend(language_evidence);

    let verdicts = readings.iter().map(FileReading::verdict).collect();

    Some(Detection {
        platform,
        language,
        evidence,
        platform_scores,
        language_scores,
        language_basis,
        files: verdicts,
    })
}

fn evidence_of(file: &SourceFile, line: usize, text: &str) -> Evidence {
    Evidence::new(file.display_name(), Some(file.document_line(line)), text)
}

/// Most evidence lines shown for the platform, and the most from one file.
const MAX_PLATFORM_EVIDENCE: usize = 4;
const MAX_EVIDENCE_PER_FILE: usize = 3;

/// The decisive lines: from the files with the strongest signals for the platform, heaviest
/// first, their strongest signals (three from the first file, one from each next): an import
/// says more than a hundred lines that merely use the library.
fn platform_evidence(platform: Platform, readings: &[FileReading]) -> Vec<Evidence> {
    let mut voters: Vec<&FileReading> = readings
        .iter()
        .filter(|r| r.vote.map(|(p, _)| p) == Some(platform))
        .collect();
    let strength = |r: &FileReading| r.vote.map(|(_, s)| s).unwrap_or(0.0);
    voters.sort_by(|a, b| {
        strength(b)
            .total_cmp(&strength(a))
            .then(b.score().total_cmp(&a.score()))
    });
    let mut evidence = Vec::new();
    for (rank, reading) in voters.iter().enumerate() {
        let strength = reading.vote.map(|(_, s)| s).unwrap_or(0.0);
        let per_file = if rank == 0 { MAX_EVIDENCE_PER_FILE } else { 1 };
        let strongest = reading
            .signals
            .iter()
            .filter(|s| s.platform == platform && s.strength >= strength)
            .take(per_file);
        for signal in strongest {
            if evidence.len() < MAX_PLATFORM_EVIDENCE {
                evidence.push(evidence_of(reading.file, signal.line, &signal.text));
            }
        }
    }
    evidence
}

/// A YAML template is the source when it comes with a JSON one at least this large relative to
/// the JSON's score (JSON takes about twice the lines of the same template in YAML).
const YAML_SOURCE_SHARE: f64 = 0.25;

/// CloudFormation projects written in YAML carry a JSON conversion of their template
/// (lib/TapStack.json, which the unit tests load), and answers often show both; the JSON is
/// then derived and the YAML is what the author wrote. A JSON project has no reason to show a
/// full YAML template, so a YAML template of some size next to a JSON one means YAML.
fn prefer_yaml_source(scores: &mut [LanguageScore]) {
    let score_of = |wanted: Language| {
        scores
            .iter()
            .filter(|s| s.language.same_as(wanted))
            .map(|s| s.score)
            .sum::<f64>()
    };
    let (yaml, json) = (score_of(Language::Yaml), score_of(Language::Json));
    if yaml > 0.0 && json > yaml && yaml >= YAML_SOURCE_SHARE * json {
        scores.sort_by_key(|s| !s.language.same_as(Language::Yaml));
    }
}

type LanguageChoice = (Language, LanguageBasis, Vec<LanguageScore>, Vec<Evidence>);

fn choose_language(platform: Platform, readings: &[FileReading]) -> LanguageChoice {
    let candidates = program_languages(platform);
    let in_candidates = |language: Language| candidates.iter().any(|c| c.same_as(language));

    // Votes of the files that voted for the platform.
    let mut scores: Vec<LanguageScore> = Vec::new();
    let mut heaviest: Option<(&FileReading, f64)> = None;
    for reading in readings {
        if reading.vote.map(|(p, _)| p) != Some(platform) {
            continue;
        }
        let Some(language) = reading.language.language.filter(|l| in_candidates(*l)) else {
            continue;
        };
        let weight = reading.score();
        match scores.iter_mut().find(|s| s.language.same_as(language)) {
            Some(entry) => entry.score += weight,
            None => scores.push(LanguageScore {
                language,
                score: weight,
            }),
        }
        if heaviest.is_none_or(|(_, w)| weight > w) {
            heaviest = Some((reading, weight));
        }
    }
    for entry in &mut scores {
        entry.score = round(entry.score);
    }
    scores.sort_by(|a, b| b.score.total_cmp(&a.score));
    if platform == Platform::Cfn {
        prefer_yaml_source(&mut scores);
    }
    if let Some(top) = scores.first() {
        let language = match (platform, top.language) {
            // Templates are YAML whatever their file is called (.yml included).
            (Platform::Cfn, Language::Yml) => Language::Yaml,
            (_, language) => language,
        };
        // Show the line that told TypeScript from JavaScript, from the heaviest such file.
        let flavour = readings
            .iter()
            .filter(|r| {
                r.vote.map(|(p, _)| p) == Some(platform) && r.language.language == Some(language)
            })
            .max_by(|a, b| a.score().total_cmp(&b.score()))
            .and_then(|r| {
                let line = r.language.flavour_line?;
                let text = r.file.text.lines().nth(line.checked_sub(1)?)?;
                Some(evidence_of(r.file, line, text))
            });
        return (
            language,
            LanguageBasis::Code,
            scores,
            flavour.into_iter().collect(),
        );
    }

    // No program file in the platform's languages: what configuration and commands name,
    // the language with the most weight winning (the first named at equal weight).
    let hinted: Vec<(&FileReading, &LanguageHint)> = readings
        .iter()
        .flat_map(|r| r.hints.iter().map(move |h| (r, h)))
        .filter(|(_, h)| in_candidates(h.language))
        .collect();
    let mut tally: Vec<(Language, usize)> = Vec::new();
    for (_, hint) in &hinted {
        match tally.iter_mut().find(|(l, _)| *l == hint.language) {
            Some(entry) => entry.1 += hint.weight,
            None => tally.push((hint.language, hint.weight)),
        }
    }
    let chosen = tally
        .iter()
        .rev()
        .max_by_key(|(_, weight)| *weight)
        .map(|(language, _)| *language);
    if let Some(language) = chosen {
        let evidence = hinted
            .iter()
            .filter(|(_, h)| h.language == language)
            .max_by_key(|(_, h)| h.weight)
            .map(|(reading, hint)| evidence_of(reading.file, hint.line, &hint.text));
        let scores = tally
            .iter()
            .map(|(language, weight)| LanguageScore {
                language: *language,
                score: *weight as f64,
            })
            .collect();
        return (
            language,
            LanguageBasis::Hints,
            scores,
            evidence.into_iter().collect(),
        );
    }

    // Nothing names it: the language of the answer's other code (snippets without the platform's
    // marks), by weighted lines.
    let mut other_code: Vec<LanguageScore> = Vec::new();
    for reading in readings {
        if !matches!(reading.role, FileRole::Program | FileRole::Test) {
            continue;
        }
        let Some(language) = reading.language.language.filter(|l| in_candidates(*l)) else {
            continue;
        };
        let weight = reading.role.weight() * reading.lines as f64;
        match other_code.iter_mut().find(|s| s.language.same_as(language)) {
            Some(entry) => entry.score += weight,
            None => other_code.push(LanguageScore {
                language,
                score: weight,
            }),
        }
    }
    other_code.sort_by(|a, b| b.score.total_cmp(&a.score));
    if let Some(top) = other_code.first() {
        return (
            top.language,
            LanguageBasis::OtherCode,
            other_code,
            Vec::new(),
        );
    }
    let fallback = candidates.first().copied().unwrap_or(Language::Ts);
    (fallback, LanguageBasis::Default, scores, Vec::new())
}
