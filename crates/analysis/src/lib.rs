//! The `analysis` stage: the model side against the ideal side.
//!
//! Files are paired and diffed ([`pairing`], [`text_diff`]), resources matched and their
//! properties compared ([`resources`]); every check's findings on both sides get their status
//! ([`status`]); the comparison adds findings of its own ([`rules`]); every finding is
//! classified ([`classify`]) and given the model's code and the ideal's code. Pure functions of
//! their inputs: no I/O, no tools.

pub mod classify;
pub mod evidence;
pub mod pairing;
mod positives;
pub mod resources;
pub mod rules;
pub mod security_settings;
pub mod status;
pub mod text_diff;

use iacgrade_findings::{Finding, FindingStatus, Severity};
use iacgrade_ir::{Resource, ResourceGraph};
use iacgrade_report::{DiffSummary, FileDiffCounts, Positive, ResourceDiffCounts};
use iacgrade_task::SourceFile;

use pairing::{pair_files, FilePairing, PairedBy};
use resources::{match_resources, ResourceMatching};
use text_diff::PairDiff;

pub use positives::PracticeCheck;

/// Lines of code shown around a finding's line.
const SNIPPET_BEFORE: usize = 1;
const SNIPPET_AFTER: usize = 5;

/// One side as the analysis reads it: its code, its resources and what the checks found in it
/// (status and category not yet set).
pub struct SideInput<'a> {
    pub files: &'a [SourceFile],
    pub graph: &'a ResourceGraph,
    pub findings: Vec<Finding>,
}

/// The comparison of the two sides, as the comparison rules read it.
pub struct Comparison<'a> {
    pub model_files: &'a [SourceFile],
    pub ideal_files: Option<&'a [SourceFile]>,
    pub model_graph: &'a ResourceGraph,
    pub ideal_graph: Option<&'a ResourceGraph>,
    /// The answer document findings without a line are reported against.
    pub model_document: String,
    pub pairing: FilePairing,
    pub diffs: Vec<PairDiff>,
    pub resources: Option<ResourceMatching>,
    /// What the other checks found on the model side.
    pub check_findings: &'a [Finding],
}

impl Comparison<'_> {
    fn model_file(&self, name: &str) -> Option<usize> {
        self.model_files
            .iter()
            .position(|f| f.display_name() == name)
    }

    fn diff_of_model_file(&self, index: usize) -> Option<&PairDiff> {
        self.diffs.iter().find(|d| d.pair.model == index)
    }

    /// Whether the ideal answer changed this model line (false when the file has no pair).
    pub fn model_line_changed(&self, file: &str, line: usize) -> bool {
        self.model_file(file)
            .and_then(|i| self.diff_of_model_file(i))
            .is_some_and(|d| d.is_changed(line))
    }

    /// Whether another check already reported something on this model line.
    pub fn line_has_other_finding(&self, file: &str, line: usize) -> bool {
        self.check_findings.iter().any(|f| f.is_at(file, line))
    }

    /// Whether another check already reported something about this model resource.
    pub fn resource_has_other_finding(&self, resource: &Resource) -> bool {
        let name = resource.logical_name.render();
        self.check_findings.iter().any(|f| {
            f.is_at(&resource.span.file, resource.span.line)
                || (f.file == resource.span.file
                    && name.len() > 2
                    && f.message.contains(name.as_str()))
        })
    }

    /// The ideal code around a line of an ideal file.
    pub fn ideal_snippet_at(&self, file: &str, line: usize) -> Option<String> {
        let f = self
            .ideal_files?
            .iter()
            .find(|f| f.display_name() == file)?;
        Some(snippet(&f.text, line))
    }

    /// The model code around a line, and the ideal code that stands in its place: the same
    /// resource of the ideal side when the line is inside a resource (nothing when the ideal
    /// answer has no such resource), else the line the file diff maps it to.
    fn snippets_for(&self, file: &str, line: usize) -> (Option<String>, Option<String>) {
        let Some(i) = self.model_file(file) else {
            return (None, None);
        };
        let model = Some(snippet(&self.model_files[i].text, line));
        if let Some((index, resource)) = evidence::resource_at(self, file, line) {
            let ideal = evidence::matched_ideal(self, index).and_then(|r| {
                let offset = line - resource.span.line;
                // Within the matched resource, the diff's own mapping when it lands there.
                let mapped = self
                    .diff_of_model_file(i)
                    .filter(|d| {
                        self.ideal_files
                            .and_then(|f| f.get(d.pair.ideal))
                            .is_some_and(|f| f.display_name() == r.span.file)
                    })
                    .map(|d| d.ideal_line_for(line))
                    .filter(|l| *l >= r.span.line && *l <= r.span.line + offset + 20);
                self.ideal_snippet_at(&r.span.file, mapped.unwrap_or(r.span.line + offset))
            });
            return (model, ideal);
        }
        let ideal = self.diff_of_model_file(i).and_then(|d| {
            let ideal_file = self.ideal_files?.get(d.pair.ideal)?;
            Some(snippet(&ideal_file.text, d.ideal_line_for(line)))
        });
        (model, ideal)
    }
}

/// Lines around `line` (1-based) of a text, trimmed of blank edges.
pub fn snippet(text: &str, line: usize) -> String {
    let at = line.max(1) - 1;
    let start = at.saturating_sub(SNIPPET_BEFORE);
    // Findings come many per file: go straight to the window when the line exists, instead of
    // cutting every line above it.
    if let Some(offset) = offset_of_line(text, start) {
        let window: Vec<&str> = text[offset..]
            .lines()
            .take(at - start + SNIPPET_AFTER + 1)
            .collect();
        if window.len() > at - start {
            return trimmed_join(&window);
        }
    }
    // The line is past the end: the window of the last line.
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return String::new();
    }
    let at = at.min(lines.len() - 1);
    let start = at.saturating_sub(SNIPPET_BEFORE);
    let end = (at + SNIPPET_AFTER + 1).min(lines.len());
    trimmed_join(&lines[start..end])
}

/// The lines joined, without the blank lines at either end.
fn trimmed_join(mut chosen: &[&str]) -> String {
    while chosen.first().is_some_and(|l| l.trim().is_empty()) {
        chosen = &chosen[1..];
    }
    while chosen.last().is_some_and(|l| l.trim().is_empty()) {
        chosen = &chosen[..chosen.len() - 1];
    }
    chosen.join("\n")
}

/// The byte offset at which line `index` (0-based, as `str::lines` counts) starts, when the
/// text has that many line breaks. Line breaks are counted a block at a time, which the
/// compiler turns into vector instructions.
fn offset_of_line(text: &str, index: usize) -> Option<usize> {
    if index == 0 {
        return Some(0);
    }
    let mut remaining = index;
    let mut offset = 0;
    for block in text.as_bytes().chunks(256) {
        let breaks = block.iter().filter(|&&b| b == b'\n').count();
        if breaks < remaining {
            remaining -= breaks;
            offset += block.len();
            continue;
        }
        for (i, &b) in block.iter().enumerate() {
            if b == b'\n' {
                remaining -= 1;
                if remaining == 0 {
                    return Some(offset + i + 1);
                }
            }
        }
    }
    None
}

/// Data sources and lookups read resources; they do not declare them.
pub(crate) fn is_data_source(r: &Resource) -> bool {
    r.options
        .iter()
        .any(|(k, v)| k == "data" && v.as_bool() == Some(true))
        || r.source_type.starts_with("data.")
        || r.source_type.contains("fromLookup")
        || r.source_type.contains("from_lookup")
}

/// What the analysis concluded.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every finding with its status and classification, most severe first.
    pub findings: Vec<Finding>,
    pub diff: DiffSummary,
    pub positives: Vec<Positive>,
    pub knowledge_gaps: Vec<String>,
    pub recommendations: Vec<String>,
    /// What a reader must know about the statuses (findings left unfixed for want of ideal
    /// code, and why).
    pub notes: Vec<String>,
}

/// Compares the model side with the ideal side (or reports the model side alone when the task
/// has no ideal answer). `practices` are the checks whose silence counts as a positive.
pub fn analyse(
    model: SideInput,
    ideal: Option<SideInput>,
    model_document: &str,
    practices: &[PracticeCheck],
) -> Analysis {
    let pairing = match &ideal {
        Some(i) => pair_files(model.files, i.files),
        None => FilePairing::default(),
    };
    let diffs: Vec<PairDiff> = match &ideal {
        Some(i) => pairing
            .pairs
            .iter()
            .map(|p| PairDiff::compute(p.clone(), &model.files[p.model], &i.files[p.ideal]))
            .collect(),
        None => Vec::new(),
    };
    let resource_matching = ideal
        .as_ref()
        .map(|i| match_resources(model.graph, i.graph));

    let comparison = Comparison {
        model_files: model.files,
        ideal_files: ideal.as_ref().map(|i| i.files),
        model_graph: model.graph,
        ideal_graph: ideal.as_ref().map(|i| i.graph),
        model_document: model_document.to_string(),
        pairing,
        diffs,
        resources: resource_matching,
        check_findings: &model.findings,
    };
    let diff_findings: Vec<Finding> = rules::DIFF_RULES
        .iter()
        .flat_map(|r| (r.check)(&comparison))
        .collect();

    let mut findings = status::merge(
        model.findings.clone(),
        ideal.as_ref().map(|i| i.findings.clone()),
    );
    let status_of_comparison = if ideal.is_some() {
        FindingStatus::Fixed
    } else {
        FindingStatus::Unfixed
    };
    findings.extend(diff_findings.into_iter().map(|mut f| {
        f.status = status_of_comparison;
        f
    }));
    let notes = evidence::require_shown_fixes(&comparison, &mut findings);
    for f in &mut findings {
        if f.status != FindingStatus::Regression {
            if let Some(line) = f.line {
                let (m, i) = comparison.snippets_for(&f.file, line);
                if f.model_snippet.is_none() {
                    f.model_snippet = m;
                }
                if f.ideal_snippet.is_none() && f.status == FindingStatus::Fixed {
                    f.ideal_snippet = i;
                }
            }
        }
        classify::classify(f);
    }
    sort_findings(&mut findings);

    let diff = summarise(&comparison, ideal.as_ref());
    let positives = positives::positives(model.graph, &findings, practices, &diff);
    let (knowledge_gaps, recommendations) = positives::gaps_and_recommendations(&findings);
    Analysis {
        findings,
        diff,
        positives,
        knowledge_gaps,
        recommendations,
        notes,
    }
}

/// The report's order: most severe first, then model failures before the rest, then place.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, status_rank(a.status), &a.file, a.line, &a.rule).cmp(&(
            b.severity,
            status_rank(b.status),
            &b.file,
            b.line,
            &b.rule,
        ))
    });
}

fn status_rank(s: FindingStatus) -> u8 {
    match s {
        FindingStatus::Fixed => 0,
        FindingStatus::Unfixed => 1,
        FindingStatus::Standing => 2,
        FindingStatus::Regression => 3,
    }
}

fn summarise(c: &Comparison, ideal: Option<&SideInput>) -> DiffSummary {
    let mut files = FileDiffCounts {
        paired: c.pairing.pairs.len(),
        only_in_model: c.pairing.only_in_model.len(),
        only_in_ideal: c.pairing.only_in_ideal.len(),
        ..Default::default()
    };
    let (mut kept, mut total) = (0usize, 0usize);
    for d in &c.diffs {
        if d.hunks.is_empty() {
            files.identical += 1;
        } else {
            files.changed += 1;
        }
        if d.pair.by == PairedBy::Content
            && c.model_files[d.pair.model].path.is_some()
            && ideal
                .and_then(|i| i.files.get(d.pair.ideal))
                .is_some_and(|f| f.path.is_some() && f.path != c.model_files[d.pair.model].path)
        {
            files.renamed += 1;
        }
        kept += d.unchanged;
        total += d.model_lines;
    }
    let resources = match &c.resources {
        Some(m) => ResourceDiffCounts {
            matched: m.matches.len(),
            changed: m.matches.iter().filter(|x| !x.changes.is_empty()).count(),
            only_in_model: m.only_in_model.len(),
            only_in_ideal: m.only_in_ideal.len(),
        },
        None => ResourceDiffCounts::default(),
    };
    let mut symbols_only_in_model = Vec::new();
    let mut symbols_only_in_ideal = Vec::new();
    if let Some(ideal_graph) = c.ideal_graph {
        let sdk_names = |g: &ResourceGraph| -> std::collections::BTreeSet<String> {
            g.symbols
                .iter()
                .filter(|s| s.kind != iacgrade_ir::SymbolKind::Argument)
                .map(|s| s.path.clone())
                .collect()
        };
        let (m, i) = (sdk_names(c.model_graph), sdk_names(ideal_graph));
        symbols_only_in_model = m.difference(&i).cloned().collect();
        symbols_only_in_ideal = i.difference(&m).cloned().collect();
    }
    DiffSummary {
        files,
        resources,
        symbols_only_in_model,
        symbols_only_in_ideal,
        unchanged_share: if total == 0 {
            0.0
        } else {
            (kept as f64 / total as f64 * 1000.0).round() / 1000.0
        },
    }
}

/// Counts of model failures (fixed or unfixed findings) by severity.
pub fn failure_counts(findings: &[Finding]) -> [usize; 4] {
    let mut out = [0; 4];
    for f in findings {
        if matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed) {
            let i = Severity::ALL
                .iter()
                .position(|s| *s == f.severity)
                .unwrap_or(3);
            out[i] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The window read the plain way: every line up to the window, cut one by one.
    fn snippet_by_lines(text: &str, line: usize) -> String {
        let lines: Vec<&str> = text.lines().collect();
        if lines.is_empty() {
            return String::new();
        }
        let at = line.clamp(1, lines.len()) - 1;
        let start = at.saturating_sub(SNIPPET_BEFORE);
        let end = (at + SNIPPET_AFTER + 1).min(lines.len());
        trimmed_join(&lines[start..end])
    }

    #[test]
    fn a_snippet_is_the_lines_around_the_line() {
        let text = "a\nb\n\nc\nd\ne\nf\ng\nh\n";
        assert_eq!(snippet(text, 2), "a\nb\n\nc\nd\ne\nf");
        assert_eq!(snippet(text, 4), "c\nd\ne\nf\ng\nh");
        // Past the end: the window of the last line.
        assert_eq!(snippet(text, 99), "g\nh");
        assert_eq!(snippet("", 3), "");
    }

    proptest! {
        #[test]
        fn a_snippet_reads_as_cutting_every_line_would(
            lines in prop::collection::vec(prop::sample::select(vec!["x", "", "  ", "y\r", "é z"]), 0..600),
            ending in prop::sample::select(vec!["", "\n", "\r\n"]),
            line in 0usize..650,
        ) {
            let text = format!("{}{ending}", lines.join("\n"));
            prop_assert_eq!(snippet(&text, line), snippet_by_lines(&text, line));
        }
    }
}
