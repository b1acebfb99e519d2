//! Platform and language detection: which platform (CDK, CDKTF, Pulumi, Terraform,
//! CloudFormation, CI/CD, analysis) and which language an answer is written in, told from the
//! code itself, with the lines that decided.
//!
//! Metadata can be wrong and answers can drift (a CDK request answered with CDKTF, a TypeScript
//! request answered in JavaScript); later stages compare what [`detect`] finds with what the task
//! declares. Detection reads each file for its language (`file_language.rs`, `ecma_flavour.rs`),
//! its role in the answer ([`FileRole`]) and the platform signals it carries (one module per
//! platform under `signals/`), then weighs the files against each other (`score.rs` documents
//! the arithmetic).
//! Every number that went into a verdict is in the returned [`Detection`].

mod ecma_flavour;
mod file_language;
mod file_role;
mod language_hints;
mod pattern;
mod project_layout;
mod score;
mod signals;

use iacgrade_task::{Evidence, Language, Platform, SourceFile};
use serde::Serialize;

pub use file_role::FileRole;
pub use score::{program_languages, IAC_YIELDS_BELOW};

/// What [`detect`] found: the platform and language, the lines that decided, and the scores
/// that were compared.
#[derive(Debug, Clone, Serialize)]
pub struct Detection {
    pub platform: Platform,
    pub language: Language,
    /// The decisive lines: platform signals first (imports, template headers, workflow keys),
    /// then the line that settled the language when one did (a type annotation, `require(`,
    /// a Pulumi.yaml `runtime`).
    pub evidence: Vec<Evidence>,
    /// Every platform some file voted for, best first, with its weighted score.
    pub platform_scores: Vec<PlatformScore>,
    /// The languages of the files that voted for the chosen platform, best first (or the hint
    /// weights, when the language came from hints).
    pub language_scores: Vec<LanguageScore>,
    /// Where the language came from.
    pub language_basis: LanguageBasis,
    /// How each file was read, in input order.
    pub files: Vec<FileVerdict>,
}

/// A platform's weighted score: the sum over the files voting for it of
/// `role weight × signal strength × non-blank lines`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformScore {
    pub platform: Platform,
    pub score: f64,
}

/// A language's share of the chosen platform's weighted score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageScore {
    pub language: Language,
    pub score: f64,
}

/// Where the detected language came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageBasis {
    /// The program files that show the platform are written in it.
    Code,
    /// No such program file; project configuration (cdk.json `app`, Pulumi.yaml `runtime`) or
    /// commands (`pytest`, `--template-file x.json`) name it. Language scores are then hint
    /// weights: 3 per configuration setting, 1 per command.
    Hints,
    /// Nothing names it, but the answer has other code (snippets without the platform's marks)
    /// in one of the platform's languages; scores are its weighted lines.
    OtherCode,
    /// Nothing names it; the platform's first language was taken.
    Default,
}

/// How one file was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileVerdict {
    /// The file's display name (its path, or document and line).
    pub file: String,
    /// The language read from the text; `None` for prose, Dockerfiles and the like.
    pub language: Option<Language>,
    pub role: FileRole,
    /// Non-blank lines.
    pub lines: usize,
    /// The platform this file voted for, if any.
    pub platform: Option<Platform>,
    /// The strength of its strongest signal for that platform (0 to 1).
    pub strength: f64,
    /// Its weight in the vote: role weight × strength × lines.
    pub score: f64,
}

/// Tells the platform and language of an answer (or of any set of files) from the code.
/// Returns `None` when no file shows any platform.
pub fn detect(files: &[SourceFile]) -> Option<Detection> {
    score::detect(files)
}

/// How each file is read (language, role, the platform it votes for), in input order: the same
/// as [`Detection::files`], and available when [`detect`] returns `None`, to show why nothing
/// was found.
pub fn read_files(files: &[SourceFile]) -> Vec<FileVerdict> {
    score::read_files(files)
}
