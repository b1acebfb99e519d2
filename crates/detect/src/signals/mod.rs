//! Platform signals: the lines of a file that show which platform it is written for.
//!
//! Each platform has its own module with its own marks (imports, template headers, workflow
//! keys, dependency entries, CLI commands). A mark applies to code in given languages, to
//! configuration files, or to shell commands, so that `AWS::S3::Bucket` in a CDK unit test never
//! counts as CloudFormation and `cdk deploy` in a README block counts for little.

mod analysis;
mod cdk;
mod cdktf;
mod cicd;
mod cloudformation;
mod project_layout;
mod pulumi;
mod terraform;

use std::cell::OnceCell;
use std::sync::LazyLock;

use iacgrade_task::{Language, Platform, SourceFile};

use crate::file_role::FileRole;
use crate::pattern::{LinePattern, LinePatternSet};

/// One line that shows a platform.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signal {
    pub platform: Platform,
    /// 1.0 for a line that settles it (an SDK import, a template header); less for hints.
    pub strength: f64,
    /// 1-based line in the file's text.
    pub line: usize,
    pub text: String,
}

/// A file as the signal scanners see it: its text and what it was read as.
pub(crate) struct FileView<'a> {
    pub file: &'a SourceFile,
    pub language: Option<Language>,
    pub role: FileRole,
    /// The non-comment lines, split once for all the scanners.
    code_lines: Vec<(usize, &'a str)>,
    /// For each code line, the indexes in [`ALL_MARKS`] of the marks it matches: read once, on
    /// the first platform that needs it, for every platform.
    matches: OnceCell<Vec<Vec<u16>>>,
}

impl<'a> FileView<'a> {
    pub(crate) fn new(
        file: &'a SourceFile,
        language: Option<Language>,
        role: FileRole,
    ) -> FileView<'a> {
        let code_lines = file
            .text
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line))
            .filter(|(_, line)| !is_comment(line))
            .collect();
        FileView {
            file,
            language,
            role,
            code_lines,
            matches: OnceCell::new(),
        }
    }

    /// The marks of [`ALL_MARKS`] each code line matches.
    fn line_matches(&self) -> &[Vec<u16>] {
        self.matches.get_or_init(|| {
            let all = &*ALL_MARKS;
            self.code_lines
                .iter()
                .map(|(_, text)| {
                    let mut found = Vec::new();
                    all.set.for_each_match(&all.patterns, text, |index| {
                        found.push(index as u16);
                    });
                    found
                })
                .collect()
        })
    }

    /// Non-comment lines with their 1-based numbers. Comments are skipped so that a
    /// commented-out import or a heading never decides anything.
    pub(crate) fn code_lines(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.code_lines.iter().copied()
    }
}

fn is_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty()
        || trimmed.starts_with("//")
        || trimmed.starts_with('#')
        || trimmed.starts_with("/*")
        || trimmed.starts_with("* ")
        || trimmed == "*"
}

/// Where a mark applies.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    /// Code in these languages, whatever its role.
    Code(&'static [Language]),
    /// Project configuration files (package.json, cdk.json, Pulumi.yaml, go.mod ...).
    Config,
    /// Shell: commands to type, or scripts.
    Shell,
}

/// A line pattern that shows a platform.
pub(crate) struct Mark {
    pub scope: Scope,
    pub strength: f64,
    pub pattern: LinePattern,
}

impl Mark {
    pub(crate) fn code(
        languages: &'static [Language],
        strength: f64,
        needle: &'static str,
        expression: &str,
    ) -> Mark {
        Mark {
            scope: Scope::Code(languages),
            strength,
            pattern: LinePattern::new(needle, expression),
        }
    }

    pub(crate) fn config(strength: f64, needle: &'static str, expression: &str) -> Mark {
        Mark {
            scope: Scope::Config,
            strength,
            pattern: LinePattern::new(needle, expression),
        }
    }

    pub(crate) fn shell(strength: f64, needle: &'static str, expression: &str) -> Mark {
        Mark {
            scope: Scope::Shell,
            strength,
            pattern: LinePattern::new(needle, expression),
        }
    }

    fn applies_to(&self, view: &FileView) -> bool {
        match self.scope {
            Scope::Code(languages) => view
                .language
                .is_some_and(|l| languages.iter().any(|m| m.same_as(l))),
            Scope::Config => view.role == FileRole::Config,
            Scope::Shell => view.language == Some(Language::Sh),
        }
    }
}

/// A platform's marks; their patterns are tried together with every other platform's (see
/// [`ALL_MARKS`]).
pub(crate) struct Marks {
    marks: &'static [Mark],
    patterns: Vec<&'static LinePattern>,
}

impl Marks {
    /// Keeps the marks for the life of the program (every table of marks is a static), so that
    /// the shared set can refer to their patterns.
    pub(crate) fn new(marks: Vec<Mark>) -> Marks {
        let marks: &'static [Mark] = Vec::leak(marks);
        let patterns: Vec<&'static LinePattern> = marks.iter().map(|m| &m.pattern).collect();
        Marks { marks, patterns }
    }
}

impl std::ops::Deref for Marks {
    type Target = [Mark];

    fn deref(&self) -> &[Mark] {
        self.marks
    }
}

/// The TypeScript and JavaScript pair most marks share.
pub(crate) const ECMA: &[Language] = &[Language::Ts, Language::Js];

/// The marks of every platform in one set, so that a line is read once for all of them (a file
/// is read for several platforms: CDK, CDKTF and Pulumi marks all apply to TypeScript).
struct AllMarks {
    /// Each platform's table and where its marks start among `patterns`.
    tables: Vec<(&'static Marks, usize)>,
    patterns: Vec<&'static LinePattern>,
    set: LinePatternSet,
}

static ALL_MARKS: LazyLock<AllMarks> = LazyLock::new(|| {
    let mut tables = Vec::new();
    let mut patterns = Vec::new();
    for marks in [
        &*cdk::MARKS,
        &*cdktf::MARKS,
        &*pulumi::MARKS,
        &*terraform::MARKS,
        &*analysis::MARKS,
        &*cloudformation::SHELL,
    ] {
        tables.push((marks, patterns.len()));
        patterns.extend(marks.patterns.iter().copied());
    }
    let set = LinePatternSet::new(patterns.iter().copied());
    AllMarks {
        tables,
        patterns,
        set,
    }
});

impl AllMarks {
    /// Where `marks` starts among the patterns, when it is one of the tables.
    fn offset_of(&self, marks: &Marks) -> Option<usize> {
        self.tables
            .iter()
            .find(|(table, _)| std::ptr::eq(table.marks, marks.marks))
            .map(|(_, offset)| *offset)
    }
}

/// Every line of the file that one of the marks matches, as signals for `platform`.
pub(crate) fn scan_marks(view: &FileView, platform: Platform, marks: &Marks) -> Vec<Signal> {
    let applicable: Vec<bool> = marks.iter().map(|m| m.applies_to(view)).collect();
    // Most files hold none of a platform's needles: they are skipped without reading a line.
    let text = &view.file.text;
    if !marks
        .iter()
        .zip(&applicable)
        .any(|(mark, &applies)| applies && mark.pattern.needle_in(text))
    {
        return Vec::new();
    }
    let mut signals = Vec::new();
    // The shared pass when `marks` is one of its tables (ids fit u16: a few hundred marks);
    // a table left out of it is tried pattern by pattern.
    let shared = ALL_MARKS
        .offset_of(marks)
        .filter(|_| ALL_MARKS.patterns.len() <= usize::from(u16::MAX))
        .map(|offset| (offset, view.line_matches()));
    for (position, (line, text)) in view.code_lines().enumerate() {
        let mut strength = 0.0f64;
        let mut take = |index: usize| {
            if applicable[index] {
                strength = strength.max(marks.marks[index].strength);
            }
        };
        match &shared {
            Some((offset, matches)) => {
                for &global in &matches[position] {
                    let global = usize::from(global);
                    if (*offset..offset + marks.len()).contains(&global) {
                        take(global - offset);
                    }
                }
            }
            None => (0..marks.len())
                .filter(|&i| marks.patterns[i].is_match(text))
                .for_each(take),
        }
        if strength > 0.0 {
            signals.push(Signal {
                platform,
                strength,
                line,
                text: text.to_string(),
            });
        }
    }
    signals
}

/// All signals of one file, for every platform.
pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    let mut signals = Vec::new();
    signals.extend(cdk::scan(view));
    signals.extend(cdktf::scan(view));
    signals.extend(pulumi::scan(view));
    signals.extend(terraform::scan(view));
    signals.extend(cloudformation::scan(view));
    signals.extend(cicd::scan(view));
    signals.extend(analysis::scan(view));
    signals.extend(project_layout::scan(view));
    signals
}

#[cfg(test)]
mod shared_pass_tests {
    use super::*;

    /// The shared set reports, for each table, exactly what its patterns one by one report.
    #[test]
    fn the_shared_set_answers_as_each_table() {
        let lines = [
            "import * as cdk from 'aws-cdk-lib';",
            "from aws_cdk import aws_s3 as s3",
            "import * as aws from \"@pulumi/aws\";",
            "import pulumi_aws as aws",
            "resource \"aws_s3_bucket\" \"logs\" {",
            "provider \"aws\" {",
            "import { TerraformStack } from \"cdktf\";",
            "aws cloudformation deploy --template-file t.yml  # données",
            "ec2 = boto3.client(\"ec2\")",
            "plain prose — with ünïcode",
        ];
        let all = &*ALL_MARKS;
        for (table, offset) in &all.tables {
            for line in lines {
                let own: Vec<usize> = (0..table.len())
                    .filter(|&i| table.patterns[i].is_match(line))
                    .collect();
                let mut shared = Vec::new();
                all.set.for_each_match(&all.patterns, line, |i| {
                    if (*offset..offset + table.len()).contains(&i) {
                        shared.push(i - offset);
                    }
                });
                assert_eq!(own, shared, "{line}");
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use iacgrade_task::Origin;

    pub(crate) fn source(path: Option<&str>, text: &str) -> SourceFile {
        SourceFile {
            path: path.map(str::to_string),
            declared_language: None,
            text: text.to_string(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 1,
        }
    }

    /// The platforms and lines a scanner finds in a file read as `language` with `role`.
    pub(crate) fn found(
        scan: fn(&FileView) -> Vec<Signal>,
        language: Option<Language>,
        role: FileRole,
        path: Option<&str>,
        text: &str,
    ) -> Vec<(usize, f64)> {
        let file = source(path, text);
        let view = FileView::new(&file, language, role);
        scan(&view).iter().map(|s| (s.line, s.strength)).collect()
    }

    pub(crate) fn all_valid(marks: &[Mark]) -> bool {
        marks.iter().all(|m| m.pattern.is_valid())
    }
}
