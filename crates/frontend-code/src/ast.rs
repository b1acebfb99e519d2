//! A small language-neutral program model that both the Python and the TypeScript/JavaScript
//! lowerings produce, so that the evaluation of infrastructure programs (imports, scopes,
//! classes, loops, SDK calls) is written once.
//!
//! Only what matters for finding resources is kept: expressions that build values, calls,
//! assignments, control flow, function and class definitions and imports. Everything else
//! becomes [`ExprKind::Other`] carrying its source text.

use std::rc::Rc;

/// Where a node is: the file (index into the program's file list), its 1-based line and its
/// byte range in the file text (for the source text of placeholders and unknown values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: u32,
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

/// An expression with its location.
#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// A binary operator, reduced to what evaluation distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+` (string concatenation when either side is a string).
    Add,
    /// Python `%` string formatting (or modulo).
    Mod,
    /// `or`, `||`, `??`: the left side when it is known and truthy, else the right.
    Or,
    /// `and`, `&&`.
    And,
    /// Comparisons (`<`, `<=`, `>`, `>=`, `==`, `!=`), kept for loop bounds.
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    /// Anything else (`-`, `*`, `/`, bit operators, `in`, ...).
    Other,
}

/// A part of a template (f-string, template literal).
#[derive(Debug, Clone)]
pub enum TemplateSegment {
    Text(String),
    Expr(Expr),
}

/// One argument of a call.
#[derive(Debug, Clone)]
pub enum Arg {
    Positional(Expr),
    /// Python `name=value`.
    Keyword(String, Expr),
    /// `*args` / `...args`.
    Splat(Expr),
    /// `**kwargs`.
    KeywordSplat(Expr),
}

/// One entry of a dictionary / object literal.
#[derive(Debug, Clone)]
pub enum MapEntry {
    Pair {
        key: String,
        value: Expr,
        line: u32,
    },
    /// `**other` / `...other`.
    Spread(Expr),
}

/// What a name binding pattern looks like (assignment target, loop variable, parameter).
#[derive(Debug, Clone)]
pub enum Pattern {
    Name(String),
    /// `a, b` / `[a, b]`.
    Tuple(Vec<Pattern>),
    /// `{ a, b: c }` (TypeScript object destructuring): (property, bound pattern).
    Object(Vec<(String, Pattern)>),
    /// `self.x = ...` / `this.x = ...` / `obj.x = ...`.
    Attribute(Box<Expr>, String),
    /// `x[key] = ...`: an entry of a dictionary / object or an element of a list.
    Index(Box<Expr>, Box<Expr>),
    /// Anything else that binds no name.
    Ignored,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Template(Vec<TemplateSegment>),
    Name(String),
    /// `self` / `this`.
    SelfRef,
    /// `super()` (Python) / `super` (TypeScript).
    Super,
    Attr(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    /// `x[a:b]` (Python).
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Call {
        func: Box<Expr>,
        args: Vec<Arg>,
        /// TypeScript `new X(...)`.
        is_new: bool,
    },
    List(Vec<Expr>),
    /// `...x` / `*x` inside a list literal.
    Spread(Box<Expr>),
    Map(Vec<MapEntry>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Conditional {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Lambda(Rc<FunctionDef>),
    /// `[elt for target in iter if cond]` (one `for` clause; more clauses lower to `Other`).
    Comprehension {
        element: Box<Expr>,
        target: Pattern,
        iter: Box<Expr>,
    },
    /// Anything not modelled; its source text is taken from the span.
    Other,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub pattern: Pattern,
    pub default: Option<Expr>,
    /// `*args` / `...rest`.
    pub rest: bool,
    /// `**kwargs`.
    pub keyword_rest: bool,
}

/// A function, method, lambda or arrow function.
#[derive(Debug)]
pub struct FunctionDef {
    /// Unique per program: used to know which definitions were reached by evaluation.
    pub id: usize,
    pub name: String,
    pub params: Vec<Param>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// A class with its bases (as expressions), methods and class-level assignments.
#[derive(Debug)]
pub struct ClassDef {
    pub id: usize,
    pub name: String,
    pub bases: Vec<Expr>,
    pub methods: Vec<Rc<FunctionDef>>,
    /// Class-level `name = value` / `name: T = value` (Python dataclass fields, TypeScript
    /// property initialisers), in order; `None` for annotated names without a value.
    pub fields: Vec<(String, Option<Expr>)>,
    pub span: Span,
}

impl ClassDef {
    pub fn method(&self, name: &str) -> Option<&Rc<FunctionDef>> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// One name brought in by an import statement.
#[derive(Debug, Clone)]
pub struct ImportBinding {
    /// The local name (`aws` in `import pulumi_aws as aws`).
    pub local: String,
    /// The module as written (`pulumi_aws`, `aws-cdk-lib/aws-s3`, `../lib/tap-stack`).
    pub module: String,
    /// The member imported from it (`Vpc` in `from pulumi_aws.ec2 import Vpc`); `None` for a
    /// whole-module binding (`import x`, `import * as x`, default imports, `require`).
    pub member: Option<String>,
    /// A default import (`import x from "m"`): the module's default export.
    pub is_default: bool,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    /// `target = value` (also declarations with an initialiser). `declared_const` marks a
    /// TypeScript `const`.
    Assign {
        target: Pattern,
        value: Expr,
    },
    /// `x += value` and friends.
    AugAssign {
        target: Pattern,
        value: Expr,
    },
    /// A declaration without a value (`let x;`).
    Declare(Pattern),
    For {
        target: Pattern,
        iter: Expr,
        body: Vec<Stmt>,
    },
    /// A C-style counting loop recognised as `for (let v = start; v < / <= bound; v++)`.
    CountingFor {
        var: String,
        start: Expr,
        bound: Expr,
        inclusive: bool,
        body: Vec<Stmt>,
    },
    /// Any other loop (`while`, C-style loops not recognised): body walked once.
    OpaqueLoop {
        body: Vec<Stmt>,
    },
    If {
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    /// `try`/`with`/blocks: bodies walked in order.
    Block(Vec<Stmt>),
    Return(Option<Expr>),
    Function(Rc<FunctionDef>),
    Class(Rc<ClassDef>),
    Import(Vec<ImportBinding>),
    /// TypeScript `export const name = value` at module level (a Pulumi stack output).
    ExportConst {
        name: String,
        value: Expr,
    },
    /// TypeScript `export default ...` / `module.exports = ...`: nothing to record but the value.
    Pass,
}
