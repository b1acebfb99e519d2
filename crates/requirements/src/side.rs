//! One side of a task (the model's answer or the ideal one) as the checks see it: its resource
//! graph, its source files (for region pins and for the text fallback that turns "absent" into
//! "unknown"), and the platform it targets.

use iacgrade_ir::{Resource, ResourceGraph};
use iacgrade_rules::shape::is_data_source;
use iacgrade_task::{Platform, SourceFile};

/// What the checks read of one side.
#[derive(Debug, Clone, Copy)]
pub struct SideCode<'a> {
    pub graph: &'a ResourceGraph,
    /// The side's source files (the answer's code blocks; for the ideal side, also the
    /// project's files when the task has them).
    pub files: &'a [SourceFile],
    pub platform: Option<Platform>,
    /// A region pin that is not in `files`: lib/AWS_REGION of the task, for the ideal side.
    pub region_pin: Option<&'a str>,
}

impl<'a> SideCode<'a> {
    pub fn new(graph: &'a ResourceGraph, files: &'a [SourceFile]) -> Self {
        SideCode {
            graph,
            files,
            platform: None,
            region_pin: None,
        }
    }

    pub fn with_platform(mut self, platform: Option<Platform>) -> Self {
        self.platform = platform;
        self
    }

    pub fn with_region_pin(mut self, pin: Option<&'a str>) -> Self {
        self.region_pin = pin;
        self
    }

    /// Resources the side creates (data sources and lookups left out).
    pub fn declared(&self) -> impl Iterator<Item = &'a Resource> {
        self.declared_where(|_| true)
    }

    /// The resources of [`SideCode::declared`] that `wanted` accepts. `wanted` is asked first:
    /// checks select by kind, and whether a resource is a data source is the dearer question.
    pub fn declared_where(
        &self,
        mut wanted: impl FnMut(&Resource) -> bool,
    ) -> impl Iterator<Item = &'a Resource> {
        self.graph
            .resources
            .iter()
            .filter(move |r| wanted(r) && !is_data_source(r))
    }

    /// Whether the side declares anything the checks can read. Without it every verdict is
    /// unknown: the front-ends may not read this platform or language.
    pub fn readable(&self) -> bool {
        self.declared().next().is_some()
    }

    /// Whether some source file's text contains `fragment` (lower case), ignoring case. Used
    /// only to turn "absent" into "unknown".
    pub fn code_mentions(&self, fragment: &str) -> bool {
        self.files
            .iter()
            .any(|f| contains_ignoring_ascii_case(&f.text, fragment))
    }
}

/// Whether `text` with its ASCII letters lowered contains `fragment`, without making the
/// lowered copy (checks ask this of every file many times).
fn contains_ignoring_ascii_case(text: &str, fragment: &str) -> bool {
    if fragment.bytes().any(|b| b.is_ascii_uppercase()) {
        // Never found in lowered text; as the plain reading answers.
        return text.to_ascii_lowercase().contains(fragment);
    }
    let (text, fragment) = (text.as_bytes(), fragment.as_bytes());
    let Some((&first, rest)) = fragment.split_first() else {
        return true;
    };
    let Some(last_start) = text.len().checked_sub(fragment.len()) else {
        return false;
    };
    // Candidates are found by their first byte, in either case, a block at a time.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &text[..=last_start])
        .any(|i| text[i + 1..i + fragment.len()].eq_ignore_ascii_case(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn case_blind_search_reads_as_lowering_would(
            text in "[aAbB é\n]{0,24}",
            fragment in "[abB é]{0,3}",
        ) {
            prop_assert_eq!(
                contains_ignoring_ascii_case(&text, &fragment),
                text.to_ascii_lowercase().contains(&fragment)
            );
        }
    }
}
