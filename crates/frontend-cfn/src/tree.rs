//! The document tree both template syntaxes are read into: YAML and JSON differ only in how they
//! are written, so the template reader works on one shape that keeps what it needs from either —
//! the line of every node and key, and the YAML tag (`!Ref`, `!Sub`, ...) where there is one.

/// One node of a parsed template, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub line: usize,
    /// The YAML local tag without its `!` (`Ref`, `GetAtt`); `None` for untagged nodes and JSON.
    pub tag: Option<String>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in document order. Duplicate keys are resolved while building (see the readers).
    Map(Vec<Entry>),
}

/// A mapping entry: key text, the line the key is on, and the value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub line: usize,
    pub value: Node,
}

/// A scalar, typed the way the template engine reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

impl Node {
    pub fn new(line: usize, kind: NodeKind) -> Node {
        Node {
            line,
            tag: None,
            kind,
        }
    }

    pub fn null(line: usize) -> Node {
        Node::new(line, NodeKind::Scalar(Scalar::Null))
    }

    /// The entry for `key` in a mapping node.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The text of an untagged scalar (numbers and booleans as written back).
    pub fn as_text(&self) -> Option<String> {
        if self.tag.is_some() {
            return None;
        }
        match &self.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(s.clone()),
            NodeKind::Scalar(Scalar::Num(n)) => Some(format_number(*n)),
            NodeKind::Scalar(Scalar::Bool(b)) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, NodeKind::Map(_))
    }
}

/// A number as a template author would write it (`2`, not `2.0`).
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Reads a plain scalar as a number only when writing the number back gives the same text, so
/// that `1.30` (an engine version) or `0755` stay strings and nothing is lost.
pub(crate) fn number_of(text: &str) -> Option<f64> {
    let first = text.chars().next()?;
    if !(first.is_ascii_digit() || first == '-' || first == '+' || first == '.') {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    if !n.is_finite() {
        return None;
    }
    (format_number(n) == text).then_some(n)
}

/// Inserts `entry` into `entries`. A repeated key is reported through `on_duplicate` (with the
/// line of the first occurrence); when both values are mappings their entries are merged one
/// level deep, later entries replacing earlier ones — two `Resources:` sections both count, and
/// a resource declared twice ends as its later declaration — otherwise the later value wins, as
/// in most YAML loaders.
pub(crate) fn insert_entry(
    entries: &mut Vec<Entry>,
    entry: Entry,
    on_duplicate: &mut dyn FnMut(&str, usize, usize),
) {
    let Some(existing) = entries.iter_mut().find(|e| e.key == entry.key) else {
        entries.push(entry);
        return;
    };
    on_duplicate(&entry.key, existing.line, entry.line);
    match (&mut existing.value.kind, entry.value.kind) {
        (NodeKind::Map(old), NodeKind::Map(new)) if existing.value.tag.is_none() => {
            for e in new {
                match old.iter_mut().find(|o| o.key == e.key) {
                    Some(slot) => *slot = e,
                    None => old.push(e),
                }
            }
        }
        (_, kind) => {
            existing.value = Node {
                line: entry.value.line,
                tag: entry.value.tag,
                kind,
            };
            existing.line = entry.line;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_spelling() {
        assert_eq!(number_of("10"), Some(10.0));
        assert_eq!(number_of("-3"), Some(-3.0));
        assert_eq!(number_of("0.5"), Some(0.5));
        assert_eq!(number_of("1.30"), None);
        assert_eq!(number_of("0755"), None);
        assert_eq!(number_of("2010-09-09"), None);
        assert_eq!(number_of("inf"), None);
        assert_eq!(number_of(""), None);
    }
}
