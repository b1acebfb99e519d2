//! TypeScript / JavaScript → program model: lowers a tree-sitter-typescript (or -javascript,
//! whose node kinds are the same for everything used here) syntax tree into [`crate::ast`].

mod expr;

use expr::lower_expr;

use std::rc::Rc;
use std::sync::LazyLock;

use tree_sitter::{Language, Node};

use crate::ast::*;
use crate::lower::{
    unescape, with_fields, Field, FieldIds, Lowered, LoweringContext, NodeFields, ParseFailure,
};

/// Which grammar reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    TypeScript,
    Tsx,
    JavaScript,
}

impl Dialect {
    pub(crate) fn language(self) -> Language {
        match self {
            Dialect::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Dialect::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Dialect::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        }
    }

    /// The field ids of the dialect's grammar, looked up once.
    pub(crate) fn fields(self) -> &'static FieldIds {
        static TYPESCRIPT: LazyLock<FieldIds> =
            LazyLock::new(|| FieldIds::of(&Dialect::TypeScript.language()));
        static TSX: LazyLock<FieldIds> = LazyLock::new(|| FieldIds::of(&Dialect::Tsx.language()));
        static JAVASCRIPT: LazyLock<FieldIds> =
            LazyLock::new(|| FieldIds::of(&Dialect::JavaScript.language()));
        match self {
            Dialect::TypeScript => &TYPESCRIPT,
            Dialect::Tsx => &TSX,
            Dialect::JavaScript => &JAVASCRIPT,
        }
    }
}

/// Parses TypeScript/JavaScript source and lowers it.
pub fn lower(
    text: &str,
    dialect: Dialect,
    file: u32,
    next_id: &mut usize,
) -> Result<Lowered, ParseFailure> {
    let tree = crate::lower::parse_with(&dialect.language(), text)?;
    let mut cx = LoweringContext::new(text, file, next_id);
    let root = tree.root_node();
    let mut body = Vec::new();
    with_fields(dialect.fields(), || {
        lower_children(&mut cx, root, &mut body)
    });
    Ok(cx.finish(root, body))
}

fn lower_children(cx: &mut LoweringContext, node: Node, out: &mut Vec<Stmt>) {
    let mut walker = node.walk();
    for child in node.named_children(&mut walker) {
        lower_stmt(cx, child, out);
    }
}

fn lower_body(cx: &mut LoweringContext, node: Option<Node>) -> Vec<Stmt> {
    let mut out = Vec::new();
    if let Some(n) = node {
        if n.kind() == "statement_block" {
            lower_children(cx, n, &mut out);
        } else {
            lower_stmt(cx, n, &mut out);
        }
    }
    out
}

fn lower_stmt(cx: &mut LoweringContext, node: Node, out: &mut Vec<Stmt>) {
    if !cx.descend() {
        return;
    }
    lower_stmt_inner(cx, node, out);
    cx.ascend();
}

fn lower_stmt_inner(cx: &mut LoweringContext, node: Node, out: &mut Vec<Stmt>) {
    if !cx.step() {
        return;
    }
    let span = cx.span(node);
    let kind = match node.kind() {
        "expression_statement" => {
            let Some(inner) = node.named_child(0) else {
                return;
            };
            lower_expression_statement(cx, inner, out);
            return;
        }
        "lexical_declaration" | "variable_declaration" => {
            lower_declaration(cx, node, false, out);
            return;
        }
        "import_statement" => StmtKind::Import(lower_import(cx, node)),
        "export_statement" => {
            if let Some(decl) = node.field(Field::Declaration) {
                if matches!(decl.kind(), "lexical_declaration" | "variable_declaration") {
                    lower_declaration(cx, decl, true, out);
                } else {
                    lower_stmt(cx, decl, out);
                }
            } else if let Some(value) = node.field(Field::Value) {
                out.push(Stmt {
                    kind: StmtKind::Expr(lower_expr(cx, value)),
                    span,
                });
            } else if let Some(source) = node.field(Field::Source) {
                // `export { x } from "m"` / `export * from "m"`: an import for symbols.
                out.push(Stmt {
                    kind: StmtKind::Import(vec![ImportBinding {
                        local: String::new(),
                        module: string_literal(cx, source).unwrap_or_default(),
                        member: None,
                        is_default: false,
                    }]),
                    span,
                });
            }
            return;
        }
        "function_declaration" | "generator_function_declaration" => {
            StmtKind::Function(lower_function(cx, node, None))
        }
        "class_declaration" | "abstract_class_declaration" | "class" => {
            StmtKind::Class(lower_class(cx, node))
        }
        "if_statement" => {
            let cond = match node.field(Field::Condition) {
                Some(c) => lower_expr(cx, c),
                None => cx.other(node),
            };
            let then = lower_body(cx, node.field(Field::Consequence));
            let otherwise = match node.field(Field::Alternative) {
                Some(alt) => {
                    let mut stmts = Vec::new();
                    lower_children(cx, alt, &mut stmts);
                    stmts
                }
                None => Vec::new(),
            };
            StmtKind::If {
                cond,
                then,
                otherwise,
            }
        }
        "for_in_statement" => {
            let (Some(left), Some(right)) = (node.field(Field::Left), node.field(Field::Right))
            else {
                return;
            };
            let body = lower_body(cx, node.field(Field::Body));
            let is_of = node
                .field(Field::Operator)
                .map(|o| cx.text(o) == "of")
                .unwrap_or(true);
            let iter = lower_expr(cx, right);
            let iter = if is_of {
                iter
            } else {
                // `for (k in obj)`: iterate the keys.
                let span = iter.span;
                Expr {
                    kind: ExprKind::Call {
                        func: Box::new(Expr {
                            kind: ExprKind::Attr(
                                Box::new(Expr {
                                    kind: ExprKind::Name("Object".into()),
                                    span,
                                }),
                                "keys".into(),
                            ),
                            span,
                        }),
                        args: vec![Arg::Positional(iter)],
                        is_new: false,
                    },
                    span,
                }
            };
            StmtKind::For {
                target: lower_pattern(cx, left),
                iter,
                body,
            }
        }
        "for_statement" => lower_counting_for(cx, node),
        "while_statement" | "do_statement" => StmtKind::OpaqueLoop {
            body: lower_body(cx, node.field(Field::Body)),
        },
        "try_statement" => {
            let mut stmts = lower_body(cx, node.field(Field::Body));
            if let Some(handler) = node.field(Field::Handler) {
                stmts.extend(lower_body(cx, handler.field(Field::Body)));
            }
            if let Some(fin) = node.field(Field::Finalizer) {
                stmts.extend(lower_body(cx, fin.field(Field::Body)));
            }
            StmtKind::Block(stmts)
        }
        "statement_block" => {
            let mut stmts = Vec::new();
            lower_children(cx, node, &mut stmts);
            StmtKind::Block(stmts)
        }
        "switch_statement" => {
            let mut stmts = Vec::new();
            if let Some(body) = node.field(Field::Body) {
                let mut walker = body.walk();
                for case in body.named_children(&mut walker) {
                    let mut inner = case.walk();
                    for s in case.children_by_field_name("body", &mut inner) {
                        lower_stmt(cx, s, &mut stmts);
                    }
                }
            }
            StmtKind::Block(stmts)
        }
        "return_statement" => StmtKind::Return(node.named_child(0).map(|e| lower_expr(cx, e))),
        "labeled_statement" => {
            if let Some(body) = node.field(Field::Body) {
                lower_stmt(cx, body, out);
            }
            return;
        }
        "internal_module" | "module" => StmtKind::Block(lower_body(cx, node.field(Field::Body))),
        _ => return,
    };
    out.push(Stmt { kind, span });
}

/// An expression statement: assignments, `exports.x = ...`, or a plain expression.
fn lower_expression_statement(cx: &mut LoweringContext, node: Node, out: &mut Vec<Stmt>) {
    let span = cx.span(node);
    match node.kind() {
        "assignment_expression" => {
            let (Some(left), Some(right)) = (node.field(Field::Left), node.field(Field::Right))
            else {
                return;
            };
            let left_text = cx.text(left);
            // CommonJS exports: `exports.x = v`, `module.exports.x = v`, `module.exports = {..}`.
            if let Some(name) = left_text
                .strip_prefix("module.exports.")
                .or_else(|| left_text.strip_prefix("exports."))
            {
                let value = lower_expr(cx, right);
                out.push(Stmt {
                    kind: StmtKind::ExportConst {
                        name: name.to_string(),
                        value,
                    },
                    span,
                });
                return;
            }
            if left_text == "module.exports" {
                let value = lower_expr(cx, right);
                if let ExprKind::Map(entries) = &value.kind {
                    for entry in entries {
                        if let MapEntry::Pair { key, value, .. } = entry {
                            out.push(Stmt {
                                kind: StmtKind::ExportConst {
                                    name: key.clone(),
                                    value: value.clone(),
                                },
                                span,
                            });
                        }
                    }
                } else {
                    out.push(Stmt {
                        kind: StmtKind::Expr(value),
                        span,
                    });
                }
                return;
            }
            let target = lower_pattern(cx, left);
            let value = lower_expr(cx, right);
            out.push(Stmt {
                kind: StmtKind::Assign { target, value },
                span,
            });
        }
        "augmented_assignment_expression" => {
            let (Some(left), Some(right)) = (node.field(Field::Left), node.field(Field::Right))
            else {
                return;
            };
            let target = lower_pattern(cx, left);
            let value = lower_expr(cx, right);
            out.push(Stmt {
                kind: StmtKind::AugAssign { target, value },
                span,
            });
        }
        "sequence_expression" => {
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                lower_expression_statement(cx, c, out);
            }
        }
        _ => {
            let e = lower_expr(cx, node);
            out.push(Stmt {
                kind: StmtKind::Expr(e),
                span,
            });
        }
    }
}

/// `const a = 1, b = require("x");` (with `export` when `exported`).
fn lower_declaration(cx: &mut LoweringContext, node: Node, exported: bool, out: &mut Vec<Stmt>) {
    let mut walker = node.walk();
    for decl in node.named_children(&mut walker) {
        if decl.kind() != "variable_declarator" {
            continue;
        }
        let span = cx.span(decl);
        let Some(name) = decl.field(Field::Name) else {
            continue;
        };
        let Some(value) = decl.field(Field::Value) else {
            out.push(Stmt {
                kind: StmtKind::Declare(lower_pattern(cx, name)),
                span,
            });
            continue;
        };
        if let Some(module) = require_call(cx, value) {
            out.push(Stmt {
                kind: StmtKind::Import(require_bindings(cx, name, &module)),
                span,
            });
            continue;
        }
        // `const f = (x) => ...`: a named function, so that it can be reported as unreached.
        if matches!(
            value.kind(),
            "arrow_function" | "function_expression" | "function"
        ) && name.kind() == "identifier"
        {
            let f = lower_function(cx, value, Some(cx.text(name).to_string()));
            out.push(Stmt {
                kind: StmtKind::Function(f),
                span,
            });
            continue;
        }
        let value = lower_expr(cx, value);
        if exported && name.kind() == "identifier" {
            out.push(Stmt {
                kind: StmtKind::ExportConst {
                    name: cx.text(name).to_string(),
                    value,
                },
                span,
            });
        } else {
            out.push(Stmt {
                kind: StmtKind::Assign {
                    target: lower_pattern(cx, name),
                    value,
                },
                span,
            });
        }
    }
}

/// The module of `require("m")` (also through `await import("m")`).
fn require_call(cx: &LoweringContext, node: Node) -> Option<String> {
    if node.kind() != "call_expression" {
        return None;
    }
    let func = node.field(Field::Function)?;
    if cx.text(func) != "require" {
        return None;
    }
    let args = node.field(Field::Arguments)?;
    let first = args.named_child(0)?;
    string_literal(cx, first)
}

fn require_bindings(cx: &mut LoweringContext, name: Node, module: &str) -> Vec<ImportBinding> {
    match name.kind() {
        "object_pattern" => {
            let mut out = Vec::new();
            let mut walker = name.walk();
            for p in name.named_children(&mut walker) {
                let (member, local) = match p.kind() {
                    "shorthand_property_identifier_pattern" => {
                        (cx.text(p).to_string(), cx.text(p).to_string())
                    }
                    "pair_pattern" => {
                        let (Some(k), Some(v)) = (p.field(Field::Key), p.field(Field::Value))
                        else {
                            continue;
                        };
                        (cx.text(k).to_string(), cx.text(v).to_string())
                    }
                    _ => continue,
                };
                out.push(ImportBinding {
                    local,
                    module: module.to_string(),
                    member: Some(member),
                    is_default: false,
                });
            }
            out
        }
        _ => vec![ImportBinding {
            local: cx.text(name).to_string(),
            module: module.to_string(),
            member: None,
            is_default: false,
        }],
    }
}

fn lower_import(cx: &mut LoweringContext, node: Node) -> Vec<ImportBinding> {
    let Some(module) = node
        .field(Field::Source)
        .and_then(|s| string_literal(cx, s))
    else {
        // `import x = require("m")`
        let mut walker = node.walk();
        for c in node.named_children(&mut walker) {
            if c.kind() == "import_require_clause" {
                let (Some(id), Some(src)) = (c.named_child(0), c.field(Field::Source)) else {
                    continue;
                };
                if let Some(module) = string_literal(cx, src) {
                    return vec![ImportBinding {
                        local: cx.text(id).to_string(),
                        module,
                        member: None,
                        is_default: false,
                    }];
                }
            }
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut walker = node.walk();
    for c in node.named_children(&mut walker) {
        if c.kind() != "import_clause" {
            continue;
        }
        let mut inner = c.walk();
        for part in c.named_children(&mut inner) {
            match part.kind() {
                "identifier" => out.push(ImportBinding {
                    local: cx.text(part).to_string(),
                    module: module.clone(),
                    member: None,
                    is_default: true,
                }),
                "namespace_import" => {
                    if let Some(id) = part.named_child(0) {
                        out.push(ImportBinding {
                            local: cx.text(id).to_string(),
                            module: module.clone(),
                            member: None,
                            is_default: false,
                        });
                    }
                }
                "named_imports" => {
                    let mut specs = part.walk();
                    for spec in part.named_children(&mut specs) {
                        if spec.kind() != "import_specifier" {
                            continue;
                        }
                        let Some(n) = spec.field(Field::Name) else {
                            continue;
                        };
                        let member =
                            string_literal(cx, n).unwrap_or_else(|| cx.text(n).to_string());
                        let local = spec
                            .field(Field::Alias)
                            .map(|a| cx.text(a).to_string())
                            .unwrap_or_else(|| member.clone());
                        out.push(ImportBinding {
                            local,
                            module: module.clone(),
                            member: Some(member),
                            is_default: false,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    if out.is_empty() {
        // A side-effect import (`import "source-map-support/register"`).
        out.push(ImportBinding {
            local: String::new(),
            module,
            member: None,
            is_default: false,
        });
    }
    out
}

/// `for (let i = start; i < bound; i++)` → a counting loop; anything else walks the body once.
fn lower_counting_for(cx: &mut LoweringContext, node: Node) -> StmtKind {
    let body = lower_body(cx, node.field(Field::Body));
    let recognised = (|| {
        let init = node.field(Field::Initializer)?;
        let decl = if matches!(init.kind(), "lexical_declaration" | "variable_declaration") {
            init.named_child(0)?
        } else {
            return None;
        };
        let var = cx.text(decl.field(Field::Name)?).to_string();
        let start = decl.field(Field::Value)?;
        let cond = node.field(Field::Condition)?;
        let cond = if cond.kind() == "expression_statement" {
            cond.named_child(0)?
        } else {
            cond
        };
        if cond.kind() != "binary_expression" {
            return None;
        }
        let left = cond.field(Field::Left)?;
        let op = cx.text(cond.field(Field::Operator)?).to_string();
        let bound = cond.field(Field::Right)?;
        if cx.text(left) != var || !(op == "<" || op == "<=") {
            return None;
        }
        let inc = cx.text(node.field(Field::Increment)?).replace(' ', "");
        if ![
            format!("{var}++"),
            format!("++{var}"),
            format!("{var}+=1"),
            format!("{var}={var}+1"),
        ]
        .contains(&inc)
        {
            return None;
        }
        Some((var, start, bound, op == "<="))
    })();
    match recognised {
        Some((var, start, bound, inclusive)) => StmtKind::CountingFor {
            var,
            start: lower_expr(cx, start),
            bound: lower_expr(cx, bound),
            inclusive,
            body,
        },
        None => StmtKind::OpaqueLoop { body },
    }
}

pub(super) fn lower_function(
    cx: &mut LoweringContext,
    node: Node,
    name: Option<String>,
) -> Rc<FunctionDef> {
    let name = name
        .or_else(|| node.field(Field::Name).map(|n| cx.text(n).to_string()))
        .unwrap_or_else(|| "<anonymous>".into());
    let mut params = Vec::new();
    if let Some(p) = node.field(Field::Parameters) {
        params = lower_params(cx, p);
    } else if let Some(p) = node.field(Field::Parameter) {
        params.push(Param {
            pattern: Pattern::Name(cx.text(p).to_string()),
            default: None,
            rest: false,
            keyword_rest: false,
        });
    }
    let body = match node.field(Field::Body) {
        Some(b) if b.kind() == "statement_block" => {
            let mut out = Vec::new();
            lower_children(cx, b, &mut out);
            out
        }
        Some(b) => {
            let e = lower_expr(cx, b);
            vec![Stmt {
                span: e.span,
                kind: StmtKind::Return(Some(e)),
            }]
        }
        None => Vec::new(),
    };
    let id = cx.next_id();
    Rc::new(FunctionDef {
        id,
        name,
        params,
        body,
        span: cx.span(node),
    })
}

fn lower_params(cx: &mut LoweringContext, node: Node) -> Vec<Param> {
    let mut out = Vec::new();
    let mut walker = node.walk();
    for p in node.named_children(&mut walker) {
        if !matches!(p.kind(), "required_parameter" | "optional_parameter") {
            // JavaScript: parameters are bare patterns.
            if matches!(
                p.kind(),
                "identifier"
                    | "object_pattern"
                    | "array_pattern"
                    | "assignment_pattern"
                    | "rest_pattern"
            ) {
                out.push(param_from_pattern(cx, p, None));
            }
            continue;
        }
        let Some(pattern) = p.field(Field::Pattern) else {
            continue;
        };
        let default = p.field(Field::Value).map(|v| lower_expr(cx, v));
        out.push(param_from_pattern(cx, pattern, default));
    }
    out
}

fn param_from_pattern(cx: &mut LoweringContext, p: Node, default: Option<Expr>) -> Param {
    match p.kind() {
        "rest_pattern" => Param {
            pattern: p
                .named_child(0)
                .map(|n| lower_pattern(cx, n))
                .unwrap_or(Pattern::Ignored),
            default,
            rest: true,
            keyword_rest: false,
        },
        "assignment_pattern" => Param {
            pattern: p
                .field(Field::Left)
                .map(|n| lower_pattern(cx, n))
                .unwrap_or(Pattern::Ignored),
            default: p.field(Field::Right).map(|v| lower_expr(cx, v)),
            rest: false,
            keyword_rest: false,
        },
        _ => Param {
            pattern: lower_pattern(cx, p),
            default,
            rest: false,
            keyword_rest: false,
        },
    }
}

fn lower_class(cx: &mut LoweringContext, node: Node) -> Rc<ClassDef> {
    let name = node
        .field(Field::Name)
        .map(|n| cx.text(n).to_string())
        .unwrap_or_else(|| "<anonymous>".into());
    let mut bases = Vec::new();
    let mut walker = node.walk();
    for c in node.named_children(&mut walker) {
        if c.kind() != "class_heritage" {
            continue;
        }
        let mut inner = c.walk();
        for clause in c.named_children(&mut inner) {
            if clause.kind() == "extends_clause" {
                if let Some(v) = clause.field(Field::Value) {
                    bases.push(lower_expr(cx, v));
                }
            } else if clause.kind() != "implements_clause" {
                // JavaScript: `class A extends B` has the expression directly.
                bases.push(lower_expr(cx, clause));
            }
        }
    }
    let mut methods = Vec::new();
    let mut fields = Vec::new();
    if let Some(body) = node.field(Field::Body) {
        let mut walker = body.walk();
        for item in body.named_children(&mut walker) {
            match item.kind() {
                "method_definition" => methods.push(lower_function(cx, item, None)),
                "public_field_definition" | "field_definition" => {
                    let Some(n) = item
                        .field(Field::Name)
                        .or_else(|| item.field(Field::Property))
                    else {
                        continue;
                    };
                    let name = cx.text(n).to_string();
                    let value = item.field(Field::Value);
                    match value {
                        Some(v) if matches!(v.kind(), "arrow_function" | "function_expression") => {
                            methods.push(lower_function(cx, v, Some(name)));
                        }
                        Some(v) => {
                            let e = lower_expr(cx, v);
                            fields.push((name, Some(e)));
                        }
                        None => fields.push((name, None)),
                    }
                }
                _ => {}
            }
        }
    }
    let id = cx.next_id();
    Rc::new(ClassDef {
        id,
        name,
        bases,
        methods,
        fields,
        span: cx.span(node),
    })
}

fn lower_pattern(cx: &mut LoweringContext, node: Node) -> Pattern {
    match node.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => {
            Pattern::Name(cx.text(node).to_string())
        }
        "array_pattern" => {
            let mut items = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                items.push(lower_pattern(cx, c));
            }
            Pattern::Tuple(items)
        }
        "object_pattern" => {
            let mut items = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                match c.kind() {
                    "shorthand_property_identifier_pattern" => {
                        let n = cx.text(c).to_string();
                        items.push((n.clone(), Pattern::Name(n)));
                    }
                    "pair_pattern" => {
                        let (Some(k), Some(v)) = (c.field(Field::Key), c.field(Field::Value))
                        else {
                            continue;
                        };
                        let key = cx.text(k).to_string();
                        items.push((key, lower_pattern(cx, v)));
                    }
                    "object_assignment_pattern" => {
                        if let Some(l) = c.field(Field::Left) {
                            let n = cx.text(l).to_string();
                            items.push((n.clone(), Pattern::Name(n)));
                        }
                    }
                    _ => {}
                }
            }
            Pattern::Object(items)
        }
        "assignment_pattern" => match node.field(Field::Left) {
            Some(l) => lower_pattern(cx, l),
            None => Pattern::Ignored,
        },
        "member_expression" => {
            let (Some(obj), Some(prop)) = (node.field(Field::Object), node.field(Field::Property))
            else {
                return Pattern::Ignored;
            };
            Pattern::Attribute(Box::new(lower_expr(cx, obj)), cx.text(prop).to_string())
        }
        "non_null_expression" | "parenthesized_expression" => match node.named_child(0) {
            Some(inner) => lower_pattern(cx, inner),
            None => Pattern::Ignored,
        },
        "subscript_expression" => match lower_expr(cx, node).kind {
            ExprKind::Index(container, key) => Pattern::Index(container, key),
            _ => Pattern::Ignored,
        },
        _ => Pattern::Ignored,
    }
}

/// The value of a plain string literal node.
pub(super) fn string_literal(cx: &LoweringContext, node: Node) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let t = cx.text(node);
    if t.len() < 2 {
        return Some(String::new());
    }
    Some(unescape(t.get(1..t.len() - 1).unwrap_or("")))
}
