//! File names of the task pages: `tasks/<platform>-<id>.html`, made safe for any file system
//! and for use in a link without escaping, and unique even when two tasks share a platform and
//! an id, or differ only in letter case (file systems that ignore case would merge them).

use std::collections::HashSet;

/// The folder of the task pages, relative to the dashboard's root.
pub const TASKS_DIR: &str = "tasks";

/// The longest file stem a page gets, well under every file system's limit.
const MAX_STEM: usize = 96;

/// Hands out page paths, each once.
#[derive(Debug, Default)]
pub struct PageNames {
    taken: HashSet<String>,
}

impl PageNames {
    /// The page path (relative to the dashboard's root) for a task, never one handed out before.
    pub fn assign(&mut self, platform: &str, id: &str) -> String {
        let stem = format!("{}-{}", safe_name(platform), safe_name(id));
        let stem: String = stem.chars().take(MAX_STEM).collect();
        let mut candidate = stem.clone();
        let mut n = 1;
        while !self.taken.insert(candidate.to_ascii_lowercase()) {
            n += 1;
            candidate = format!("{stem}-{n}");
        }
        format!("{TASKS_DIR}/{candidate}.html")
    }
}

/// Keeps ASCII letters, digits, `-`, `_` and `.`; every other character becomes `_`. A leading
/// dot (a hidden file, or `..`) becomes `_` too; an empty name becomes `task`.
pub fn safe_name(raw: &str) -> String {
    let mut name: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') {
        name.replace_range(..1, "_");
    }
    if name.is_empty() {
        name.push_str("task");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pages_are_named_by_platform_and_id() {
        let mut names = PageNames::default();
        assert_eq!(names.assign("cdk", "Pr1234"), "tasks/cdk-Pr1234.html");
        assert_eq!(names.assign("cdk", "Pr1234"), "tasks/cdk-Pr1234-2.html");
        assert_eq!(names.assign("cdk", "pr1234"), "tasks/cdk-pr1234-3.html");
        assert_eq!(
            names.assign("tf", "../etc/<x> y"),
            "tasks/tf-_._etc__x__y.html"
        );
        assert_eq!(names.assign("", ""), "tasks/task-task.html");
    }

    proptest! {
        #[test]
        fn names_are_safe_and_unique(ids in proptest::collection::vec(".{0,120}", 1..20)) {
            let mut names = PageNames::default();
            let mut seen = HashSet::new();
            for id in &ids {
                let page = names.assign("cdk", id);
                let file = page.strip_prefix("tasks/").expect("in tasks/");
                prop_assert!(!file.contains('/'));
                prop_assert!(!file.starts_with('.'));
                prop_assert!(file.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
                prop_assert!(seen.insert(page.to_ascii_lowercase()));
            }
        }
    }
}
