//! Python → program model: lowers a tree-sitter-python syntax tree into [`crate::ast`].
//!
//! Only the constructs the evaluator understands are lowered precisely; anything else becomes an
//! expression of kind `Other` whose source text is kept, so nothing is silently invented.

mod expr;

use expr::lower_expr;

use std::rc::Rc;
use std::sync::LazyLock;

use tree_sitter::Node;

use crate::ast::*;
use crate::lower::{
    with_fields, Field, FieldIds, Lowered, LoweringContext, NodeFields, ParseFailure,
};

/// The field ids of the Python grammar, looked up once.
pub(crate) fn fields() -> &'static FieldIds {
    static FIELDS: LazyLock<FieldIds> =
        LazyLock::new(|| FieldIds::of(&tree_sitter_python::LANGUAGE.into()));
    &FIELDS
}

/// Parses Python source and lowers it.
pub fn lower(text: &str, file: u32, next_id: &mut usize) -> Result<Lowered, ParseFailure> {
    let tree = crate::lower::parse_with(&tree_sitter_python::LANGUAGE.into(), text)?;
    let mut cx = LoweringContext::new(text, file, next_id);
    let root = tree.root_node();
    let body = with_fields(fields(), || lower_block_children(&mut cx, root));
    Ok(cx.finish(root, body))
}

fn lower_block_children(cx: &mut LoweringContext, node: Node) -> Vec<Stmt> {
    let mut out = Vec::new();
    let mut walker = node.walk();
    for child in node.named_children(&mut walker) {
        lower_stmt(cx, child, &mut out);
    }
    out
}

fn lower_body(cx: &mut LoweringContext, node: Option<Node>) -> Vec<Stmt> {
    match node {
        Some(n) => lower_block_children(cx, n),
        None => Vec::new(),
    }
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
            match inner.kind() {
                "assignment" => lower_assignment(cx, inner),
                "augmented_assignment" => {
                    let (Some(left), Some(right)) =
                        (inner.field(Field::Left), inner.field(Field::Right))
                    else {
                        return;
                    };
                    StmtKind::AugAssign {
                        target: lower_pattern(cx, left),
                        value: lower_expr(cx, right),
                    }
                }
                _ => StmtKind::Expr(lower_expr(cx, inner)),
            }
        }
        "import_statement" => StmtKind::Import(lower_import(cx, node)),
        "import_from_statement" => StmtKind::Import(lower_import_from(cx, node)),
        "function_definition" => StmtKind::Function(lower_function(cx, node)),
        "class_definition" => StmtKind::Class(lower_class(cx, node)),
        "decorated_definition" => {
            if let Some(def) = node.field(Field::Definition) {
                lower_stmt(cx, def, out);
            }
            return;
        }
        "if_statement" => lower_if(cx, node),
        "for_statement" => {
            let (Some(left), Some(right)) = (node.field(Field::Left), node.field(Field::Right))
            else {
                return;
            };
            let mut body = lower_body(cx, node.field(Field::Body));
            if let Some(alt) = node.field(Field::Alternative) {
                body.extend(lower_body(cx, alt.field(Field::Body)));
            }
            StmtKind::For {
                target: lower_pattern(cx, left),
                iter: lower_expr(cx, right),
                body,
            }
        }
        "while_statement" => StmtKind::OpaqueLoop {
            body: lower_body(cx, node.field(Field::Body)),
        },
        "try_statement" | "with_statement" | "except_clause" | "finally_clause" | "else_clause"
        | "block" => {
            let mut stmts = Vec::new();
            let mut walker = node.walk();
            for child in node.named_children(&mut walker) {
                match child.kind() {
                    "block" => stmts.extend(lower_block_children(cx, child)),
                    "except_clause" | "finally_clause" | "else_clause" => {
                        lower_stmt(cx, child, &mut stmts)
                    }
                    _ => {}
                }
            }
            StmtKind::Block(stmts)
        }
        "return_statement" => StmtKind::Return(node.named_child(0).map(|e| lower_expr(cx, e))),
        "match_statement" => {
            // Each case body is walked like an `if` branch.
            let mut stmts = Vec::new();
            if let Some(body) = node.field(Field::Body) {
                let mut walker = body.walk();
                for case in body.named_children(&mut walker) {
                    if let Some(consequence) = case.field(Field::Consequence) {
                        stmts.extend(lower_block_children(cx, consequence));
                    }
                }
            }
            StmtKind::Block(stmts)
        }
        _ => return,
    };
    out.push(Stmt { kind, span });
}

fn lower_assignment(cx: &mut LoweringContext, node: Node) -> StmtKind {
    let Some(left) = node.field(Field::Left) else {
        return StmtKind::Pass;
    };
    match node.field(Field::Right) {
        Some(right) if right.kind() == "assignment" => {
            // `a = b = value`: bind the innermost value to the outer target too.
            let inner = lower_assignment(cx, right);
            if let StmtKind::Assign { value, .. } = &inner {
                return StmtKind::Assign {
                    target: lower_pattern(cx, left),
                    value: value.clone(),
                };
            }
            inner
        }
        Some(right) => StmtKind::Assign {
            target: lower_pattern(cx, left),
            value: lower_expr(cx, right),
        },
        None => StmtKind::Declare(lower_pattern(cx, left)),
    }
}

fn lower_if(cx: &mut LoweringContext, node: Node) -> StmtKind {
    let cond = match node.field(Field::Condition) {
        Some(c) => lower_expr(cx, c),
        None => cx.other(node),
    };
    let then = lower_body(cx, node.field(Field::Consequence));
    // elif/else chains become nested ifs in the `otherwise` branch.
    let mut alternatives = Vec::new();
    let mut walker = node.walk();
    for alt in node.children_by_field_name("alternative", &mut walker) {
        alternatives.push(alt);
    }
    let otherwise = lower_alternatives(cx, &alternatives);
    StmtKind::If {
        cond,
        then,
        otherwise,
    }
}

fn lower_alternatives(cx: &mut LoweringContext, alts: &[Node]) -> Vec<Stmt> {
    let Some((first, rest)) = alts.split_first() else {
        return Vec::new();
    };
    match first.kind() {
        "elif_clause" => {
            let cond = match first.field(Field::Condition) {
                Some(c) => lower_expr(cx, c),
                None => cx.other(*first),
            };
            let then = lower_body(cx, first.field(Field::Consequence));
            let otherwise = lower_alternatives(cx, rest);
            vec![Stmt {
                kind: StmtKind::If {
                    cond,
                    then,
                    otherwise,
                },
                span: cx.span(*first),
            }]
        }
        _ => lower_body(cx, first.field(Field::Body)),
    }
}

fn lower_import(cx: &mut LoweringContext, node: Node) -> Vec<ImportBinding> {
    let mut out = Vec::new();
    let mut walker = node.walk();
    for name in node.children_by_field_name("name", &mut walker) {
        match name.kind() {
            "dotted_name" => {
                // `import a.b.c` binds `a` to module `a`; later `a.b.c.X` resolves through it.
                let module = cx.text(name).to_string();
                let local = module.split('.').next().unwrap_or_default().to_string();
                out.push(ImportBinding {
                    local: local.clone(),
                    module: local,
                    member: None,
                    is_default: false,
                });
                if module.contains('.') {
                    // Keep the full module visible as an import symbol.
                    out.push(ImportBinding {
                        local: String::new(),
                        module,
                        member: None,
                        is_default: false,
                    });
                }
            }
            "aliased_import" => {
                let (Some(n), Some(a)) = (name.field(Field::Name), name.field(Field::Alias)) else {
                    continue;
                };
                out.push(ImportBinding {
                    local: cx.text(a).to_string(),
                    module: cx.text(n).to_string(),
                    member: None,
                    is_default: false,
                });
            }
            _ => {}
        }
    }
    out
}

fn lower_import_from(cx: &mut LoweringContext, node: Node) -> Vec<ImportBinding> {
    let Some(module_node) = node.field(Field::ModuleName) else {
        return Vec::new();
    };
    let module = cx.text(module_node).to_string();
    let mut out = Vec::new();
    let mut walker = node.walk();
    for name in node.children_by_field_name("name", &mut walker) {
        let (member, local) = match name.kind() {
            "dotted_name" => {
                let t = cx.text(name).to_string();
                (t.clone(), t)
            }
            "aliased_import" => {
                let (Some(n), Some(a)) = (name.field(Field::Name), name.field(Field::Alias)) else {
                    continue;
                };
                (cx.text(n).to_string(), cx.text(a).to_string())
            }
            _ => continue,
        };
        out.push(ImportBinding {
            local,
            module: module.clone(),
            member: Some(member),
            is_default: false,
        });
    }
    if out.is_empty() {
        // `from x import *`: record the import itself.
        out.push(ImportBinding {
            local: String::new(),
            module,
            member: None,
            is_default: false,
        });
    }
    out
}

fn lower_function(cx: &mut LoweringContext, node: Node) -> Rc<FunctionDef> {
    let name = node
        .field(Field::Name)
        .map(|n| cx.text(n).to_string())
        .unwrap_or_default();
    let params = node
        .field(Field::Parameters)
        .map(|p| lower_params(cx, p))
        .unwrap_or_default();
    let body = lower_body(cx, node.field(Field::Body));
    let id = cx.next_id();
    Rc::new(FunctionDef {
        id,
        name,
        params,
        body,
        span: cx.span(node),
    })
}

pub(super) fn lower_params(cx: &mut LoweringContext, node: Node) -> Vec<Param> {
    let mut out = Vec::new();
    let mut walker = node.walk();
    for p in node.named_children(&mut walker) {
        let param = match p.kind() {
            "identifier" => Param {
                pattern: Pattern::Name(cx.text(p).to_string()),
                default: None,
                rest: false,
                keyword_rest: false,
            },
            "typed_parameter" => {
                let Some(inner) = p.named_child(0) else {
                    continue;
                };
                let (rest, keyword_rest) = (
                    inner.kind() == "list_splat_pattern",
                    inner.kind() == "dictionary_splat_pattern",
                );
                let name = if rest || keyword_rest {
                    inner.named_child(0).map(|n| cx.text(n).to_string())
                } else {
                    Some(cx.text(inner).to_string())
                };
                Param {
                    pattern: Pattern::Name(name.unwrap_or_default()),
                    default: None,
                    rest,
                    keyword_rest,
                }
            }
            "default_parameter" | "typed_default_parameter" => Param {
                pattern: p
                    .field(Field::Name)
                    .map(|n| lower_pattern(cx, n))
                    .unwrap_or(Pattern::Ignored),
                default: p.field(Field::Value).map(|v| lower_expr(cx, v)),
                rest: false,
                keyword_rest: false,
            },
            "list_splat_pattern" | "dictionary_splat_pattern" => Param {
                pattern: p
                    .named_child(0)
                    .map(|n| Pattern::Name(cx.text(n).to_string()))
                    .unwrap_or(Pattern::Ignored),
                default: None,
                rest: p.kind() == "list_splat_pattern",
                keyword_rest: p.kind() == "dictionary_splat_pattern",
            },
            _ => continue,
        };
        out.push(param);
    }
    out
}

fn lower_class(cx: &mut LoweringContext, node: Node) -> Rc<ClassDef> {
    let name = node
        .field(Field::Name)
        .map(|n| cx.text(n).to_string())
        .unwrap_or_default();
    let mut bases = Vec::new();
    if let Some(supers) = node.field(Field::Superclasses) {
        let mut walker = supers.walk();
        for b in supers.named_children(&mut walker) {
            if b.kind() != "keyword_argument" {
                bases.push(lower_expr(cx, b));
            }
        }
    }
    let mut methods = Vec::new();
    let mut fields = Vec::new();
    if let Some(body) = node.field(Field::Body) {
        let mut walker = body.walk();
        for item in body.named_children(&mut walker) {
            let def = if item.kind() == "decorated_definition" {
                item.field(Field::Definition).unwrap_or(item)
            } else {
                item
            };
            match def.kind() {
                "function_definition" => methods.push(lower_function(cx, def)),
                "expression_statement" => {
                    let Some(assign) = def.named_child(0).filter(|a| a.kind() == "assignment")
                    else {
                        continue;
                    };
                    let Some(left) = assign.field(Field::Left) else {
                        continue;
                    };
                    if left.kind() != "identifier" {
                        continue;
                    }
                    let value = assign.field(Field::Right).map(|r| lower_expr(cx, r));
                    fields.push((cx.text(left).to_string(), value));
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

pub(super) fn lower_pattern(cx: &mut LoweringContext, node: Node) -> Pattern {
    match node.kind() {
        "identifier" => Pattern::Name(cx.text(node).to_string()),
        "pattern_list" | "tuple_pattern" | "list_pattern" | "expression_list" | "tuple"
        | "list" => {
            let mut items = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                items.push(lower_pattern(cx, c));
            }
            Pattern::Tuple(items)
        }
        "attribute" => {
            let (Some(obj), Some(attr)) = (node.field(Field::Object), node.field(Field::Attribute))
            else {
                return Pattern::Ignored;
            };
            Pattern::Attribute(Box::new(lower_expr(cx, obj)), cx.text(attr).to_string())
        }
        "parenthesized_expression" => match node.named_child(0) {
            Some(inner) => lower_pattern(cx, inner),
            None => Pattern::Ignored,
        },
        "subscript" => match lower_expr(cx, node).kind {
            ExprKind::Index(container, key) => Pattern::Index(container, key),
            _ => Pattern::Ignored,
        },
        _ => Pattern::Ignored,
    }
}
