//! Directory trees that answers draw to show their layout:
//!
//! ```text
//! lib/
//! ├── tap_stack.py          # Main stack
//! └── lambda/
//!     └── index.py
//! ```
//!
//! When an answer shows no code, the names of its files still say something: `main.tf` means
//! Terraform, `cdk.json` CDK, `tap_stack.py` Python. Detection reads the entry names of such
//! trees (and only of blocks drawn with tree glyphs, so prose is never read this way).

/// The glyphs that draw a tree; a block without any is not read as one.
const TREE_GLYPHS: [&str; 2] = ["├──", "└──"];

/// One file or folder named in a tree: its 1-based line and its name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TreeEntry<'t> {
    pub line: usize,
    pub name: &'t str,
    /// The whole line, for evidence.
    pub text: &'t str,
}

/// The entries of a tree drawing; empty when the text draws no tree.
pub(crate) fn tree_entries(text: &str) -> Vec<TreeEntry<'_>> {
    if !TREE_GLYPHS.iter().any(|g| text.contains(g)) {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let rest = line.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '│' | '├' | '└' | '─' | '|' | '`' | '-')
            });
            let name = rest.split_whitespace().next()?;
            let name = name.trim_end_matches([',', ':']);
            let looks_like_a_path = name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
            (looks_like_a_path && !name.is_empty()).then_some(TreeEntry {
                line: index + 1,
                name,
                text: line,
            })
        })
        .collect()
}

/// The file name of an entry (its last path segment), lower case.
pub(crate) fn file_name(entry: &TreeEntry) -> String {
    entry
        .name
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entry_names() {
        let tree = "lib/\n├── tap_stack.py          # Main stack\n│   └── lambda/\n└── main.tf\n";
        let names: Vec<(usize, &str)> = tree_entries(tree)
            .iter()
            .map(|e| (e.line, e.name))
            .collect();
        assert_eq!(
            names,
            [
                (1, "lib/"),
                (2, "tap_stack.py"),
                (3, "lambda/"),
                (4, "main.tf")
            ]
        );
    }

    #[test]
    fn prose_is_not_a_tree() {
        assert!(
            tree_entries("- main.tf holds the resources\n- variables.tf the inputs").is_empty()
        );
    }
}
