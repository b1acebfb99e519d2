//! What both lowerings share: the context that turns tree-sitter nodes into spans and text,
//! the budget that bounds work on pathological input, and the first syntax error found.

use std::cell::RefCell;

use tree_sitter::{Language, Node, Parser, Tree};

use crate::ast::{Expr, ExprKind, Span, Stmt};

/// Most syntax nodes a single file may lower; beyond it the rest of the file is skipped (and
/// reported), so a huge generated file cannot stall a corpus run.
const MAX_LOWERED_NODES: usize = 2_000_000;

/// Deepest nesting of statements and expressions lowered; deeper parts are kept as source text.
/// Evaluation recurses along the same structure, so this bounds its stack use too (a long
/// `a + b + c + ...` chain nests one level per operand).
const MAX_NESTING: usize = 120;

thread_local! {
    /// One parser per thread, reused: a parser keeps its allocations between files.
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

/// Parses `text` with `language` on this thread's parser. `None` when the grammar cannot be
/// loaded (an ABI mismatch) or the parser gives up.
pub fn parse_with(language: &Language, text: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut parser = cell.try_borrow_mut().ok()?;
        parser.set_language(language).ok()?;
        parser.parse(text, None)
    })
}

/// A file lowered into the program model.
pub struct Lowered {
    pub body: Vec<Stmt>,
    /// The first syntax error: 1-based line and a description.
    pub syntax_error: Option<(usize, String)>,
    /// Set when the node budget ran out.
    pub truncated: bool,
}

pub struct LoweringContext<'a> {
    text: &'a str,
    file: u32,
    next_id: &'a mut usize,
    steps: usize,
    depth: usize,
}

impl<'a> LoweringContext<'a> {
    pub fn new(text: &'a str, file: u32, next_id: &'a mut usize) -> Self {
        LoweringContext {
            text,
            file,
            next_id,
            steps: 0,
            depth: 0,
        }
    }

    /// Counts one lowered node; false once the budget is spent.
    pub fn step(&mut self) -> bool {
        self.steps += 1;
        self.steps <= MAX_LOWERED_NODES
    }

    /// Enters one nesting level; false (and nothing entered) past the limit.
    pub fn descend(&mut self) -> bool {
        if self.depth >= MAX_NESTING {
            return false;
        }
        self.depth += 1;
        true
    }

    pub fn ascend(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub fn next_id(&mut self) -> usize {
        *self.next_id += 1;
        *self.next_id
    }

    pub fn span(&self, node: Node) -> Span {
        Span {
            file: self.file,
            line: (node.start_position().row + 1) as u32,
            start: node.start_byte() as u32,
            end: node.end_byte() as u32,
        }
    }

    /// The node's source text ("" when the range is not valid UTF-8 boundaries).
    pub fn text(&self, node: Node) -> &'a str {
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    /// An expression that is kept only as its source text.
    pub fn other(&self, node: Node) -> Expr {
        Expr {
            kind: ExprKind::Other,
            span: self.span(node),
        }
    }

    pub fn finish(self, root: Node, body: Vec<Stmt>) -> Lowered {
        Lowered {
            body,
            syntax_error: if root.has_error() {
                first_error(root)
            } else {
                None
            },
            truncated: self.steps > MAX_LOWERED_NODES,
        }
    }
}

/// The first ERROR or MISSING node, depth first, as (line, message).
fn first_error(root: Node) -> Option<(usize, String)> {
    let mut cursor = root.walk();
    let mut visited_children = false;
    loop {
        let node = cursor.node();
        if !visited_children {
            if node.is_error() {
                return Some((
                    node.start_position().row + 1,
                    "syntax error: the parser could not read this statement".into(),
                ));
            }
            if node.is_missing() {
                return Some((
                    node.start_position().row + 1,
                    format!("syntax error: missing `{}`", node.kind()),
                ));
            }
            if node.has_error() && cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.goto_next_sibling() {
            visited_children = false;
        } else if cursor.goto_parent() {
            visited_children = true;
        } else {
            return Some((root.start_position().row + 1, "syntax error".into()));
        }
    }
}

/// Resolves the common backslash escapes of Python and JavaScript string literals. Unknown
/// escapes keep their backslash (as Python does).
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('`') => out.push('`'),
            Some('$') => out.push('$'),
            Some('\n') => {}
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
