//! What both lowerings share: the context that turns tree-sitter nodes into spans and text,
//! the budget that bounds work on pathological input, and the first syntax error found.

use std::cell::{Cell, RefCell};

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

/// Declares [`Field`], the grammar name of each field and, for the tests, the list of them, from
/// one list.
macro_rules! fields {
    ($($field:ident = $name:literal,)*) => {
        /// A syntax field the lowerings read, by its name in the grammars.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Field {
            $($field,)*
        }

        /// The grammar name of each [`Field`], in the order of its variants.
        const FIELD_NAMES: &[&str] = &[$($name,)*];

        /// Every [`Field`], in the order of its variants.
        #[cfg(test)]
        const ALL_FIELDS: &[Field] = &[$(Field::$field,)*];
    };
}

fields! {
    Alias = "alias",
    Alternative = "alternative",
    Argument = "argument",
    Arguments = "arguments",
    Attribute = "attribute",
    Body = "body",
    Condition = "condition",
    Consequence = "consequence",
    Constructor = "constructor",
    Declaration = "declaration",
    Definition = "definition",
    Expression = "expression",
    Finalizer = "finalizer",
    Function = "function",
    Handler = "handler",
    Increment = "increment",
    Index = "index",
    Initializer = "initializer",
    Key = "key",
    Left = "left",
    ModuleName = "module_name",
    Name = "name",
    Object = "object",
    Operator = "operator",
    Parameter = "parameter",
    Parameters = "parameters",
    Pattern = "pattern",
    Property = "property",
    Right = "right",
    Source = "source",
    Subscript = "subscript",
    Superclasses = "superclasses",
    Value = "value",
}

/// The ids of every [`Field`] in one grammar; 0 (no field) where the grammar has none.
pub struct FieldIds(Vec<u16>);

impl FieldIds {
    pub fn of(language: &Language) -> FieldIds {
        FieldIds(
            FIELD_NAMES
                .iter()
                .map(|name| language.field_id_for_name(name).map_or(0, |id| id.get()))
                .collect(),
        )
    }
}

thread_local! {
    /// The field ids of the grammar whose tree this thread is lowering (see [`with_fields`]).
    static FIELDS: Cell<Option<&'static FieldIds>> = const { Cell::new(None) };
}

/// Runs `lower` with [`NodeFields::field`] reading the ids of `fields`, the grammar of the tree
/// it lowers. Tree-sitter finds a field by name by comparing the name with the grammar's field
/// names one by one, and lowering asks for fields hundreds of times per file.
pub fn with_fields<R>(fields: &'static FieldIds, lower: impl FnOnce() -> R) -> R {
    /// Puts the outer grammar's ids back however `lower` ends, unwinding included.
    struct Restore(Option<&'static FieldIds>);
    impl Drop for Restore {
        fn drop(&mut self) {
            FIELDS.with(|f| f.set(self.0));
        }
    }
    let _restore = Restore(FIELDS.with(|f| f.replace(Some(fields))));
    lower()
}

/// A node's child in a field.
pub trait NodeFields<'t> {
    fn field(&self, field: Field) -> Option<Node<'t>>;
}

impl<'t> NodeFields<'t> for Node<'t> {
    fn field(&self, field: Field) -> Option<Node<'t>> {
        match FIELDS.with(Cell::get) {
            Some(ids) => self.child_by_field_id(ids.0[field as usize]),
            // Outside a lowering (a test, a helper): by name.
            None => self.child_by_field_name(FIELD_NAMES[field as usize]),
        }
    }
}

/// Why a text has no syntax tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseFailure {
    /// The grammar could not be loaded (an ABI mismatch), or the parser was in use.
    GrammarNotLoaded,
    /// The parser used up its work budget ([`PARSE_CHECKS_PER_BYTE`]) and stopped.
    TooMuchWork,
    /// A line is longer than [`PARSE_LINE_LIMIT`] bytes (1-based line, its length): the text
    /// was not parsed.
    LineTooLong(usize, usize),
}

/// The longest line a file may have to be parsed. tree-sitter's error recovery does work in
/// proportion to the errors still open at each new one, and a long line of unmatched quotes or
/// brackets opens one per character: 80,000 of them took minutes, between two progress checks.
/// Code written for people never has lines this long; minified bundles are not the answer's code.
pub const PARSE_LINE_LIMIT: usize = 16 * 1024;

/// The parser's work budget, counted in its progress checks (one about every hundred parser
/// operations): this many per byte of text, and never fewer than [`PARSE_CHECKS_FLOOR`]. No file
/// of the corpus, garbled or not, needs more than 0.04 checks per byte or 900 in all; error
/// recovery on some broken input grows without bound, and one such answer must not stall a
/// whole run.
pub const PARSE_CHECKS_PER_BYTE: usize = 1;
pub const PARSE_CHECKS_FLOOR: usize = 20_000;

/// The other half of the budget: how often the parser may read the text over. Its lexer asks
/// for text in chunks of [`PARSE_CHUNK_BYTES`], and a long line of unmatched quotes or
/// delimiters makes it scan the rest of the line again for every one of them, quadratic in the
/// line's length, without the progress checks that count the parser's own steps. Reading more
/// than this many times the text (and at least [`PARSE_READ_FLOOR`] bytes) stops the parse.
pub const PARSE_READS_PER_BYTE: usize = 64;
pub const PARSE_READ_FLOOR: usize = 4 * 1024 * 1024;
const PARSE_CHUNK_BYTES: usize = 4096;

/// Parses `text` with `language` on this thread's parser, within the work budget.
pub fn parse_with(language: &Language, text: &str) -> Result<Tree, ParseFailure> {
    if let Some((index, line)) = text
        .split('\n')
        .enumerate()
        .find(|(_, line)| line.len() > PARSE_LINE_LIMIT)
    {
        return Err(ParseFailure::LineTooLong(index + 1, line.len()));
    }
    let budget = text
        .len()
        .saturating_mul(PARSE_CHECKS_PER_BYTE)
        .max(PARSE_CHECKS_FLOOR);
    parse_within(language, text, budget)
}

/// [`parse_with`] with a budget of `checks` progress checks.
fn parse_within(language: &Language, text: &str, checks: usize) -> Result<Tree, ParseFailure> {
    PARSER.with(|cell| {
        let mut parser = cell
            .try_borrow_mut()
            .map_err(|_| ParseFailure::GrammarNotLoaded)?;
        parser
            .set_language(language)
            .map_err(|_| ParseFailure::GrammarNotLoaded)?;
        let bytes = text.as_bytes();
        let read_budget = bytes
            .len()
            .saturating_mul(PARSE_READS_PER_BYTE)
            .max(PARSE_READ_FLOOR);
        let read = Cell::new(0usize);
        let mut used = 0usize;
        let mut over_budget = |_: &tree_sitter::ParseState| {
            used += 1;
            used > checks || read.get() > read_budget
        };
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut over_budget);
        let mut tree = parser.parse_with_options(
            &mut |offset, _| {
                if read.get() > read_budget {
                    // As if the text ended here: the parse winds up, and is then thrown away.
                    return &[][..];
                }
                let chunk = bytes
                    .get(offset..)
                    .map(|rest| &rest[..rest.len().min(PARSE_CHUNK_BYTES)])
                    .unwrap_or_default();
                read.set(read.get() + chunk.len().max(1));
                chunk
            },
            None,
            Some(options),
        );
        if read.get() > read_budget {
            tree = None;
        }
        if tree.is_none() {
            // A stopped parse keeps its state for a resumption that never comes.
            parser.reset();
        }
        tree.ok_or(ParseFailure::TooMuchWork)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typescript::Dialect;

    /// Every node of the tree, depth first.
    fn nodes(tree: &Tree) -> Vec<Node<'_>> {
        let mut out = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            out.push(node);
            let mut walker = node.walk();
            stack.extend(node.children(&mut walker));
        }
        out
    }

    /// A parse that runs out of work stops, says so, and leaves the parser ready for the next
    /// text (which must not resume the stopped one).
    #[test]
    fn a_parse_over_its_budget_stops_and_the_next_starts_afresh() {
        let language: Language = tree_sitter_python::LANGUAGE.into();
        let long: String = (0..2_000)
            .map(|i| format!("x{i} = f({i}, [{i}])\n"))
            .collect();
        assert_eq!(
            parse_within(&language, &long, 1).map(|_| ()),
            Err(ParseFailure::TooMuchWork)
        );
        let tree = parse_with(&language, "y = 1\n").expect("parses");
        assert_eq!(tree.root_node().child_count(), 1);
        assert!(!tree.root_node().has_error());
        let tree = parse_with(&language, &long).expect("parses within the default budget");
        assert_eq!(tree.root_node().child_count(), 2_000);
    }

    /// A field read by id is the field read by name, in every grammar the lowerings use.
    #[test]
    fn fields_by_id_are_fields_by_name() {
        let python = "import a as b\nfrom c import d\nclass K(Base):\n    def f(self, x=1):\n        for i in range(3):\n            y = x[i] if x else -i\n        try:\n            pass\n        except E as e:\n            raise\n";
        let script = "import { a as b } from 'c';\nclass K extends B { constructor(x: number) { super(); this.y = x ? 1 : -x; } }\nfor (let i = 0; i < 3; i++) { try { f(o.p, a[i]); } catch (e) {} finally {} }\nconst { q = 1 } = { q: 2 };\n";
        let mut grammars: Vec<(Language, &'static FieldIds, &str)> = vec![(
            tree_sitter_python::LANGUAGE.into(),
            crate::python::fields(),
            python,
        )];
        for dialect in [Dialect::TypeScript, Dialect::Tsx, Dialect::JavaScript] {
            grammars.push((dialect.language(), dialect.fields(), script));
        }
        let mut compared = 0;
        for (language, ids, text) in grammars {
            let tree = parse_with(&language, text).expect("parses");
            for node in nodes(&tree) {
                for (index, name) in FIELD_NAMES.iter().enumerate() {
                    let field = ALL_FIELDS[index];
                    let by_id = with_fields(ids, || node.field(field));
                    assert_eq!(
                        by_id,
                        node.child_by_field_name(name),
                        "{name} of {}",
                        node.kind()
                    );
                    compared += usize::from(by_id.is_some());
                }
            }
        }
        assert!(compared > 50, "the samples exercise the fields: {compared}");
    }
}
