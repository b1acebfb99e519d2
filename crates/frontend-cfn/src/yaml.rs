//! Reads YAML templates into the document [`tree`](crate::tree), keeping short-form intrinsic tags
//! (`!Ref`, `!Sub`, `!GetAtt`, ...) and the line of every node.
//!
//! Built on the event stream of `saphyr-parser` rather than a ready-made document type because
//! real answers are often imperfect and the front-end must recover what it can: a scan error
//! stops the parser, but every node finished before it is kept (open mappings and sequences are
//! closed where the error occurred), so a template with one bad line deep in `Outputs` still
//! yields all its resources. Duplicate keys, unknown aliases and excessive nesting are reported
//! and survived too.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::tree::{insert_entry, number_of, Entry, Node, NodeKind, Scalar};

/// Deeper nesting than this is not a template; stop before the tree gets expensive to walk.
const MAX_DEPTH: usize = 128;
/// Aliases may expand to at most this many nodes in total (guards against "billion laughs").
const MAX_ALIAS_NODES: usize = 100_000;

/// A problem met while reading, with its 1-based line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadProblem {
    pub line: usize,
    pub message: String,
}

/// What a YAML text held: the documents read (possibly partial) and the problems met.
#[derive(Debug, Default)]
pub(crate) struct YamlRead {
    pub documents: Vec<Node>,
    pub problems: Vec<ReadProblem>,
    /// True when reading stopped early at a syntax error.
    pub truncated: bool,
}

/// How many lines [`read_repairing`] may skip in one text.
const MAX_SKIPPED_LINES: usize = 5;

/// Reads a YAML text, recovering from the syntax errors answers commonly have:
/// - indentation written with tabs (YAML forbids them): when the parser stops on a tab, the text
///   is read again with each leading tab as two spaces;
/// - a stray line (prose, a half-written entry): the line the parser stopped at is blanked out
///   and the text read again, up to [`MAX_SKIPPED_LINES`] times, while each retry gets further.
///
/// A recovered reading is kept only when it holds more of the text than the first one; the first
/// syntax error is always reported, with a note saying what was done to read on.
pub(crate) fn read_repairing(text: &str) -> YamlRead {
    let first = read(text);
    if !first.truncated {
        return first;
    }
    let first_size: usize = first.documents.iter().map(node_count).sum();
    let first_error = first
        .problems
        .iter()
        .find(|p| p.message.starts_with("YAML syntax error"))
        .cloned();
    let mut notes: Vec<ReadProblem> = Vec::new();
    let mut patched = text.to_string();
    let mut best = YamlRead {
        documents: first.documents.clone(),
        problems: first.problems.clone(),
        truncated: true,
    };
    if first_error
        .as_ref()
        .is_some_and(|e| e.message.contains("tab"))
    {
        let expanded = expand_leading_tabs(text);
        let retry = read(&expanded);
        if retry.documents.iter().map(node_count).sum::<usize>() > first_size {
            notes.push(ReadProblem {
                line: first_error.as_ref().map_or(1, |e| e.line),
                message: "read on with tabs in indentation taken as two spaces each".into(),
            });
            patched = expanded;
            best = retry;
        }
    }
    let line_count = text.lines().count();
    let mut skipped: Vec<usize> = Vec::new();
    for _ in 0..MAX_SKIPPED_LINES {
        if !best.truncated {
            break;
        }
        let Some(error_line) = last_syntax_error(&best) else {
            break;
        };
        let mut attempt = patched.clone();
        if error_line >= line_count || !blank_line(&mut attempt, error_line) {
            break;
        }
        let retry = read(&attempt);
        if retry.truncated && last_syntax_error(&retry).is_some_and(|l| l <= error_line) {
            break;
        }
        skipped.push(error_line);
        patched = attempt;
        best = retry;
    }
    if !skipped.is_empty() {
        let lines: Vec<String> = skipped.iter().map(usize::to_string).collect();
        notes.push(ReadProblem {
            line: skipped[0],
            message: format!("read on with line {} skipped", lines.join(", ")),
        });
    }
    let best_size: usize = best.documents.iter().map(node_count).sum();
    if notes.is_empty() || best_size <= first_size {
        return first;
    }
    let mut problems: Vec<ReadProblem> = first_error.into_iter().collect();
    problems.extend(notes);
    for p in best.problems {
        if !problems
            .iter()
            .any(|q| q.line == p.line && q.message == p.message)
        {
            problems.push(p);
        }
    }
    YamlRead {
        documents: best.documents,
        problems,
        truncated: best.truncated,
    }
}

fn last_syntax_error(read: &YamlRead) -> Option<usize> {
    read.problems
        .iter()
        .rev()
        .find(|p| p.message.starts_with("YAML syntax error"))
        .map(|p| p.line)
}

/// The text with every tab at the start of a line (before the first other character) as two
/// spaces.
fn expand_leading_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        for c in line[..indent_len].chars() {
            if c == '\t' {
                out.push_str("  ");
            } else {
                out.push(c);
            }
        }
        out.push_str(&line[indent_len..]);
    }
    out
}

/// Replaces the characters of 1-based line `line` with spaces; false when there is no such line.
fn blank_line(text: &mut String, line: usize) -> bool {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let Some(rest) = text.get(start..) else {
        return false;
    };
    let len = rest.find('\n').unwrap_or(rest.len());
    if len == 0 {
        return false;
    }
    text.replace_range(start..start + len, &" ".repeat(len));
    true
}

/// An open collection while events are being read.
enum Frame {
    Seq {
        node: Node,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        node: Node,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, usize)>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    documents: Vec<Node>,
    anchors: HashMap<usize, Node>,
    alias_budget: usize,
    problems: Vec<ReadProblem>,
}

/// Reads every document of a YAML text.
pub(crate) fn read(text: &str) -> YamlRead {
    let mut builder = Builder {
        stack: Vec::new(),
        documents: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        problems: Vec::new(),
    };
    let mut truncated = false;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(pair)) => pair,
            Some(Err(err)) => {
                builder.problem(
                    err.marker().line().max(1),
                    format!("YAML syntax error: {}", err.info()),
                );
                truncated = true;
                break;
            }
        };
        let line = span.start.line().max(1);
        match event {
            Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, tag) => {
                let node = scalar_node(&value, style, tag.as_deref(), line);
                builder.complete(node, anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                if builder.too_deep(line) {
                    truncated = true;
                    break;
                }
                let mut node = Node::new(line, NodeKind::Seq(Vec::new()));
                node.tag = local_tag(tag.as_deref());
                builder.stack.push(Frame::Seq {
                    node,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                if builder.too_deep(line) {
                    truncated = true;
                    break;
                }
                let mut node = Node::new(line, NodeKind::Map(Vec::new()));
                node.tag = local_tag(tag.as_deref());
                builder.stack.push(Frame::Map {
                    node,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close_one(),
            Event::Alias(id) => {
                let node = builder.resolve_alias(id, line);
                builder.complete(node, 0);
            }
            Event::DocumentEnd => builder.close_all(),
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
        }
    }
    builder.close_all();
    YamlRead {
        documents: builder.documents,
        problems: builder.problems,
        truncated,
    }
}

impl Builder {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(ReadProblem { line, message });
    }

    fn too_deep(&mut self, line: usize) -> bool {
        if self.stack.len() < MAX_DEPTH {
            return false;
        }
        self.problem(
            line,
            format!("nesting deeper than {MAX_DEPTH} levels; the rest of the file is skipped"),
        );
        true
    }

    fn resolve_alias(&mut self, id: usize, line: usize) -> Node {
        let Some(target) = self.anchors.get(&id) else {
            self.problem(line, "alias to an unknown anchor".into());
            return Node::null(line);
        };
        let size = node_count(target);
        if size > self.alias_budget {
            self.problem(
                line,
                "aliases expand to too many nodes; this alias is read as null".into(),
            );
            return Node::null(line);
        }
        self.alias_budget -= size;
        target.clone()
    }

    /// Closes the innermost open collection and hands it to its parent.
    fn close_one(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (node, anchor) = match frame {
            Frame::Seq {
                mut node,
                anchor,
                items,
            } => {
                node.kind = NodeKind::Seq(items);
                (node, anchor)
            }
            Frame::Map {
                mut node,
                anchor,
                mut entries,
                key,
            } => {
                // A key left without a value (the text was cut) reads as `key: null`.
                if let Some((key, line)) = key {
                    let entry = Entry {
                        key,
                        line,
                        value: Node::null(line),
                    };
                    insert_reporting(&mut entries, entry, &mut self.problems);
                }
                node.kind = NodeKind::Map(entries);
                (node, anchor)
            }
        };
        self.complete(node, anchor);
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_one();
        }
    }

    /// A finished node goes to the open collection, or becomes a document.
    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some((key_text(&node), node.line)),
                Some((key, _)) if key == "<<" => merge_into(entries, node),
                Some((key, line)) => {
                    let entry = Entry {
                        key,
                        line,
                        value: node,
                    };
                    insert_reporting(entries, entry, &mut self.problems);
                }
            },
        }
    }
}

fn insert_reporting(entries: &mut Vec<Entry>, entry: Entry, problems: &mut Vec<ReadProblem>) {
    insert_entry(entries, entry, &mut |key, first, again| {
        problems.push(ReadProblem {
            line: again,
            message: format!(
                "duplicate key `{key}` (first at line {first}); the later value is used"
            ),
        })
    });
}

/// `<<: *base` merge keys: entries of the merged mapping(s) that the mapping lacks are added.
fn merge_into(entries: &mut Vec<Entry>, value: Node) {
    let sources = match value.kind {
        NodeKind::Map(_) => vec![value],
        NodeKind::Seq(items) => items,
        NodeKind::Scalar(_) => Vec::new(),
    };
    for source in sources {
        if let NodeKind::Map(merged) = source.kind {
            for e in merged {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
        }
    }
}

fn node_count(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(_) => 1,
        NodeKind::Seq(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        NodeKind::Map(entries) => 1 + entries.iter().map(|e| node_count(&e.value)).sum::<usize>(),
    }
}

/// The text a mapping key stands for. Complex keys (a mapping used as a key) are not used by
/// templates; they get a placeholder so the value is still kept.
fn key_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar(Scalar::Null) => String::new(),
        NodeKind::Scalar(_) => node.as_text().unwrap_or_default(),
        _ => "<complex key>".into(),
    }
}

/// The name of a local tag (`!Ref` gives `Ref`); `None` for no tag or a core-schema tag.
fn local_tag(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    (tag.handle == "!").then(|| tag.suffix.clone())
}

fn scalar_node(value: &str, style: ScalarStyle, tag: Option<&Tag>, line: usize) -> Node {
    if let Some(tag) = tag {
        if tag.handle == "!" {
            // A tagged scalar is an intrinsic's argument: always text (`!GetAZs ''`).
            return Node {
                line,
                tag: Some(tag.suffix.clone()),
                kind: NodeKind::Scalar(Scalar::Str(value.to_string())),
            };
        }
        if tag.is_yaml_core_schema() {
            let scalar = match tag.suffix.as_str() {
                "str" => Scalar::Str(value.to_string()),
                _ => plain_scalar(value),
            };
            return Node::new(line, NodeKind::Scalar(scalar));
        }
    }
    let scalar = match style {
        ScalarStyle::Plain => plain_scalar(value),
        _ => Scalar::Str(value.to_string()),
    };
    Node::new(line, NodeKind::Scalar(scalar))
}

/// YAML 1.2 core-schema resolution of an untagged plain scalar.
fn plain_scalar(value: &str) -> Scalar {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        _ => match number_of(value) {
            Some(n) => Scalar::Num(n),
            None => Scalar::Str(value.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let read = read(text);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        read.documents.into_iter().next().expect("a document")
    }

    #[test]
    fn keeps_short_form_tags_and_lines() {
        let doc = one("a: !Ref Foo\nb:\n  - !GetAtt [X, Arn]\n  - 3\n");
        let a = doc.get("a").expect("a");
        assert_eq!(a.tag.as_deref(), Some("Ref"));
        assert_eq!(a.line, 1);
        let b = doc.get("b").expect("b");
        let NodeKind::Seq(items) = &b.kind else {
            panic!("seq")
        };
        assert_eq!(items[0].tag.as_deref(), Some("GetAtt"));
        assert_eq!(items[0].line, 3);
        assert_eq!(items[1].kind, NodeKind::Scalar(Scalar::Num(3.0)));
    }

    #[test]
    fn quoted_scalars_stay_text() {
        let doc = one("a: '10'\nb: 10\nc: true\nd: 'true'\ne: 1.30\n");
        assert_eq!(
            doc.get("a").map(|n| &n.kind),
            Some(&NodeKind::Scalar(Scalar::Str("10".into())))
        );
        assert_eq!(
            doc.get("b").map(|n| &n.kind),
            Some(&NodeKind::Scalar(Scalar::Num(10.0)))
        );
        assert_eq!(
            doc.get("c").map(|n| &n.kind),
            Some(&NodeKind::Scalar(Scalar::Bool(true)))
        );
        assert_eq!(
            doc.get("d").map(|n| &n.kind),
            Some(&NodeKind::Scalar(Scalar::Str("true".into())))
        );
        assert_eq!(
            doc.get("e").map(|n| &n.kind),
            Some(&NodeKind::Scalar(Scalar::Str("1.30".into())))
        );
    }

    #[test]
    fn a_syntax_error_keeps_what_came_before() {
        let read = read("Resources:\n  A:\n    Type: X\n  B: [unclosed\n");
        assert!(read.truncated);
        assert_eq!(read.problems.len(), 1);
        let doc = &read.documents[0];
        assert!(doc.get("Resources").and_then(|r| r.get("A")).is_some());
    }

    #[test]
    fn a_stray_line_is_skipped_and_reading_goes_on() {
        let text = "Resources:\n  A:\n    Type: X\nthis line is prose: not: yaml\n  B:\n    Type: Y\nOutputs:\n  O:\n    Value: 1\n";
        let read = read_repairing(text);
        let doc = &read.documents[0];
        assert!(doc.get("Outputs").is_some(), "{:?}", read.problems);
        assert!(
            read.problems
                .iter()
                .any(|p| p.message.contains("line 4 skipped")),
            "{:?}",
            read.problems
        );
    }

    #[test]
    fn tab_indentation_is_read_as_spaces() {
        let read = read_repairing("Resources:\n\tA:\n\t\tType: X\n\tB:\n\t\tType: Y\n");
        let resources = read.documents[0].get("Resources").expect("resources");
        assert_eq!(resources.entries().len(), 2);
        assert!(
            read.problems[0].message.contains("tabs"),
            "{:?}",
            read.problems
        );
        assert!(read
            .problems
            .iter()
            .any(|p| p.message.contains("two spaces")));
    }

    #[test]
    fn duplicate_sections_are_merged_and_reported() {
        let read = read("Resources:\n  A: 1\nResources:\n  B: 2\n");
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].line, 3);
        let res = read.documents[0].get("Resources").expect("resources");
        assert_eq!(res.entries().len(), 2);
    }

    #[test]
    fn aliases_and_merge_keys() {
        let doc = one("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd: *b\n");
        assert_eq!(doc.get("c").map(|c| c.entries().len()), Some(2));
        assert!(doc.get("d").map(Node::is_map).unwrap_or(false));
    }
}
