//! What the ideal answer shows for the place of a model finding: a finding is `fixed` only when
//! the ideal side has code for the same resource or place (DESIGN.md, "Findings").
//!
//! [`crate::status::merge`] pairs the findings of both sides; a model finding without a twin
//! is a candidate fix. It stays `fixed` when the ideal side shows code where the finding is:
//! the finding's file has a counterpart in the ideal answer, or the resource the finding sits
//! in is matched by a resource of the ideal side. It becomes `unfixed` when the ideal answer has
//! no code at all (prose only, a placeholder) or none for that place (a fragment that leaves
//! the file and the resource out): the ideal does not show a fix, so none is claimed.

use iacgrade_findings::{Finding, FindingStatus, Side};
use iacgrade_ir::Resource;

use crate::Comparison;

/// Why a model finding has no fix to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFixShown {
    /// The ideal answer has no code.
    NoIdealCode,
    /// The ideal answer has code, but none for the finding's file or resource.
    NoCodeForPlace,
}

/// The model resource a line of a model file belongs to: the last one declared at or above it.
pub fn resource_at<'a>(
    c: &Comparison<'a>,
    file: &str,
    line: usize,
) -> Option<(usize, &'a Resource)> {
    c.model_graph
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.span.file == file && r.span.line <= line)
        .max_by_key(|(_, r)| r.span.line)
}

/// The ideal resource matched to model resource `index`, if any.
pub fn matched_ideal<'a>(c: &Comparison<'a>, index: usize) -> Option<&'a Resource> {
    let m = c
        .resources
        .as_ref()?
        .matches
        .iter()
        .find(|m| m.model == index)?;
    c.ideal_graph?.resources.get(m.ideal)
}

/// Whether the ideal answer shows code for a model finding's place (`None`), or why not.
pub fn fix_shown(c: &Comparison, finding: &Finding) -> Option<NoFixShown> {
    let ideal_has_code = c.ideal_files.is_some_and(|f| !f.is_empty());
    if !ideal_has_code {
        return Some(NoFixShown::NoIdealCode);
    }
    let line = finding.line?;
    let paired = c
        .model_file(&finding.file)
        .is_some_and(|i| c.diff_of_model_file(i).is_some());
    if paired {
        return None;
    }
    match resource_at(c, &finding.file, line) {
        Some((index, _)) if matched_ideal(c, index).is_some() => None,
        _ => Some(NoFixShown::NoCodeForPlace),
    }
}

/// Turns the `fixed` model findings whose place the ideal answer does not show into `unfixed`,
/// and says how many and why (one note per reason).
pub fn require_shown_fixes(c: &Comparison, findings: &mut [Finding]) -> Vec<String> {
    let (mut no_code, mut no_place) = (0usize, 0usize);
    for f in findings.iter_mut() {
        if f.side != Side::Model || f.status != FindingStatus::Fixed {
            continue;
        }
        match fix_shown(c, f) {
            None => {}
            Some(NoFixShown::NoIdealCode) => {
                f.status = FindingStatus::Unfixed;
                no_code += 1;
            }
            Some(NoFixShown::NoCodeForPlace) => {
                f.status = FindingStatus::Unfixed;
                no_place += 1;
            }
        }
    }
    let mut notes = Vec::new();
    if no_code > 0 {
        notes.push(format!(
            "{no_code} finding(s) of the model answer are unfixed, not fixed: the ideal answer has no code (prose only, a placeholder or nothing), so it shows no fix to compare with."
        ));
    }
    if no_place > 0 {
        notes.push(format!(
            "{no_place} finding(s) of the model answer are unfixed, not fixed: the ideal answer shows no code for their file or resource, so it shows no fix there."
        ));
    }
    notes
}
