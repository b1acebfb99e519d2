//! Python expressions → program model: literals, f-strings, names, attributes, calls,
//! collections, operators, lambdas and comprehensions.

use std::rc::Rc;

use tree_sitter::Node;

use super::{lower_params, lower_pattern};
use crate::ast::*;
use crate::lower::{unescape, Field, LoweringContext, NodeFields};

/// Lowers an expression node.
pub(crate) fn lower_expr(cx: &mut LoweringContext, node: Node) -> Expr {
    if !cx.descend() {
        return cx.other(node);
    }
    let e = lower_expr_inner(cx, node);
    cx.ascend();
    e
}

pub(super) fn lower_expr_inner(cx: &mut LoweringContext, node: Node) -> Expr {
    let span = cx.span(node);
    if !cx.step() {
        return Expr {
            kind: ExprKind::Other,
            span,
        };
    }
    let kind = match node.kind() {
        "string" => lower_string(cx, node),
        "concatenated_string" => {
            let mut segments = Vec::new();
            let mut walker = node.walk();
            for part in node.named_children(&mut walker) {
                match lower_string(cx, part) {
                    ExprKind::Str(s) => segments.push(TemplateSegment::Text(s)),
                    ExprKind::Template(parts) => segments.extend(parts),
                    _ => {}
                }
            }
            ExprKind::Template(segments)
        }
        "integer" | "float" => {
            let t = cx.text(node).replace('_', "");
            match t.parse::<f64>() {
                Ok(n) => ExprKind::Num(n),
                Err(_) => ExprKind::Other,
            }
        }
        "true" => ExprKind::Bool(true),
        "false" => ExprKind::Bool(false),
        "none" => ExprKind::Null,
        "identifier" => match cx.text(node) {
            "self" => ExprKind::SelfRef,
            name => ExprKind::Name(name.to_string()),
        },
        "attribute" => {
            let (Some(obj), Some(attr)) = (node.field(Field::Object), node.field(Field::Attribute))
            else {
                return cx.other(node);
            };
            ExprKind::Attr(Box::new(lower_expr(cx, obj)), cx.text(attr).to_string())
        }
        "subscript" => lower_subscript(cx, node),
        "call" => lower_call(cx, node),
        "list" | "tuple" | "set" => {
            let mut items = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                if c.kind() == "list_splat" {
                    if let Some(inner) = c.named_child(0) {
                        let inner_span = cx.span(c);
                        items.push(Expr {
                            kind: ExprKind::Spread(Box::new(lower_expr(cx, inner))),
                            span: inner_span,
                        });
                    }
                } else if c.kind() != "comment" {
                    items.push(lower_expr(cx, c));
                }
            }
            ExprKind::List(items)
        }
        "dictionary" => {
            let mut entries = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                match c.kind() {
                    "pair" => {
                        let (Some(k), Some(v)) = (c.field(Field::Key), c.field(Field::Value))
                        else {
                            continue;
                        };
                        let key = match lower_string_key(cx, k) {
                            Some(key) => key,
                            None => cx.text(k).to_string(),
                        };
                        let line = cx.span(c).line;
                        entries.push(MapEntry::Pair {
                            key,
                            value: lower_expr(cx, v),
                            line,
                        });
                    }
                    "dictionary_splat" => {
                        if let Some(inner) = c.named_child(0) {
                            entries.push(MapEntry::Spread(lower_expr(cx, inner)));
                        }
                    }
                    _ => {}
                }
            }
            ExprKind::Map(entries)
        }
        "binary_operator" => {
            let (Some(l), Some(r), Some(op)) = (
                node.field(Field::Left),
                node.field(Field::Right),
                node.field(Field::Operator),
            ) else {
                return cx.other(node);
            };
            let op = match op.kind() {
                "+" => BinOp::Add,
                "%" => BinOp::Mod,
                _ => BinOp::Other,
            };
            ExprKind::Binary(op, Box::new(lower_expr(cx, l)), Box::new(lower_expr(cx, r)))
        }
        "boolean_operator" => {
            let (Some(l), Some(r), Some(op)) = (
                node.field(Field::Left),
                node.field(Field::Right),
                node.field(Field::Operator),
            ) else {
                return cx.other(node);
            };
            let op = if op.kind() == "or" {
                BinOp::Or
            } else {
                BinOp::And
            };
            ExprKind::Binary(op, Box::new(lower_expr(cx, l)), Box::new(lower_expr(cx, r)))
        }
        "comparison_operator" => {
            let (Some(l), Some(r)) = (node.named_child(0), node.named_child(1)) else {
                return cx.other(node);
            };
            let op = node
                .child(1)
                .map(|o| match o.kind() {
                    "<" => BinOp::Lt,
                    "<=" => BinOp::Le,
                    ">" => BinOp::Gt,
                    ">=" => BinOp::Ge,
                    "==" => BinOp::Eq,
                    "!=" => BinOp::Ne,
                    _ => BinOp::Other,
                })
                .unwrap_or(BinOp::Other);
            ExprKind::Binary(op, Box::new(lower_expr(cx, l)), Box::new(lower_expr(cx, r)))
        }
        "not_operator" => match node.field(Field::Argument) {
            Some(a) => ExprKind::Not(Box::new(lower_expr(cx, a))),
            None => ExprKind::Other,
        },
        "conditional_expression" => {
            // `a if cond else b`
            let (Some(a), Some(c), Some(b)) = (
                node.named_child(0),
                node.named_child(1),
                node.named_child(2),
            ) else {
                return cx.other(node);
            };
            ExprKind::Conditional {
                cond: Box::new(lower_expr(cx, c)),
                then: Box::new(lower_expr(cx, a)),
                otherwise: Box::new(lower_expr(cx, b)),
            }
        }
        "parenthesized_expression" => match node.named_child(0) {
            Some(inner) => return lower_expr(cx, inner),
            None => ExprKind::Other,
        },
        "await" => match node.named_child(0) {
            Some(inner) => return lower_expr(cx, inner),
            None => ExprKind::Other,
        },
        "lambda" => {
            let params = node
                .field(Field::Parameters)
                .map(|p| lower_params(cx, p))
                .unwrap_or_default();
            let body_expr = match node.field(Field::Body) {
                Some(b) => lower_expr(cx, b),
                None => cx.other(node),
            };
            let id = cx.next_id();
            ExprKind::Lambda(Rc::new(FunctionDef {
                id,
                name: "<lambda>".into(),
                params,
                body: vec![Stmt {
                    span: body_expr.span,
                    kind: StmtKind::Return(Some(body_expr)),
                }],
                span,
            }))
        }
        "list_comprehension" | "generator_expression" | "set_comprehension" => {
            lower_comprehension(cx, node)
        }
        "dictionary_comprehension" => ExprKind::Other,
        _ => ExprKind::Other,
    };
    Expr { kind, span }
}

pub(super) fn lower_comprehension(cx: &mut LoweringContext, node: Node) -> ExprKind {
    let Some(body) = node.field(Field::Body) else {
        return ExprKind::Other;
    };
    let mut clauses = Vec::new();
    let mut walker = node.walk();
    for c in node.named_children(&mut walker) {
        if c.kind() == "for_in_clause" {
            clauses.push(c);
        }
    }
    if clauses.len() != 1 {
        return ExprKind::Other;
    }
    let clause = clauses[0];
    let (Some(left), Some(right)) = (clause.field(Field::Left), clause.field(Field::Right)) else {
        return ExprKind::Other;
    };
    ExprKind::Comprehension {
        element: Box::new(lower_expr(cx, body)),
        target: lower_pattern(cx, left),
        iter: Box::new(lower_expr(cx, right)),
    }
}

pub(super) fn lower_subscript(cx: &mut LoweringContext, node: Node) -> ExprKind {
    let (Some(value), Some(sub)) = (node.field(Field::Value), node.field(Field::Subscript)) else {
        return ExprKind::Other;
    };
    let target = Box::new(lower_expr(cx, value));
    if sub.kind() == "slice" {
        // `[a:b]`, `[:b]`, `[a:]`: expressions before / after the first `:`.
        let mut start = None;
        let mut stop = None;
        let mut seen_colon = 0;
        let mut walker = sub.walk();
        for c in sub.children(&mut walker) {
            if c.kind() == ":" {
                seen_colon += 1;
                continue;
            }
            if !c.is_named() {
                continue;
            }
            match seen_colon {
                0 => start = Some(Box::new(lower_expr(cx, c))),
                1 => stop = Some(Box::new(lower_expr(cx, c))),
                _ => return ExprKind::Other,
            }
        }
        return ExprKind::Slice(target, start, stop);
    }
    ExprKind::Index(target, Box::new(lower_expr(cx, sub)))
}

pub(super) fn lower_call(cx: &mut LoweringContext, node: Node) -> ExprKind {
    let Some(func) = node.field(Field::Function) else {
        return ExprKind::Other;
    };
    let func = Box::new(lower_expr(cx, func));
    let mut args = Vec::new();
    if let Some(arguments) = node.field(Field::Arguments) {
        if arguments.kind() == "generator_expression" {
            args.push(Arg::Positional(lower_expr(cx, arguments)));
        } else {
            let mut walker = arguments.walk();
            for a in arguments.named_children(&mut walker) {
                match a.kind() {
                    "keyword_argument" => {
                        let (Some(n), Some(v)) = (a.field(Field::Name), a.field(Field::Value))
                        else {
                            continue;
                        };
                        args.push(Arg::Keyword(cx.text(n).to_string(), lower_expr(cx, v)));
                    }
                    "list_splat" => {
                        if let Some(inner) = a.named_child(0) {
                            args.push(Arg::Splat(lower_expr(cx, inner)));
                        }
                    }
                    "dictionary_splat" => {
                        if let Some(inner) = a.named_child(0) {
                            args.push(Arg::KeywordSplat(lower_expr(cx, inner)));
                        }
                    }
                    "comment" => {}
                    _ => args.push(Arg::Positional(lower_expr(cx, a))),
                }
            }
        }
    }
    ExprKind::Call {
        func,
        args,
        is_new: false,
    }
}

/// A dictionary key written as a plain string literal.
pub(super) fn lower_string_key(cx: &mut LoweringContext, node: Node) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    match lower_string(cx, node) {
        ExprKind::Str(s) => Some(s),
        _ => None,
    }
}

/// A string literal: plain text, or a template when it is an f-string with interpolations.
pub(super) fn lower_string(cx: &mut LoweringContext, node: Node) -> ExprKind {
    if node.kind() != "string" {
        return ExprKind::Other;
    }
    let prefix = node
        .child(0)
        .map(|s| cx.text(s).to_ascii_lowercase())
        .unwrap_or_default();
    let raw = prefix.contains('r');
    let mut segments = Vec::new();
    let mut walker = node.walk();
    for part in node.named_children(&mut walker) {
        match part.kind() {
            "string_content" => {
                let t = cx.text(part);
                let mut t = if raw { t.to_string() } else { unescape(t) };
                if prefix.contains('f') {
                    t = t.replace("{{", "{").replace("}}", "}");
                }
                push_text(&mut segments, t);
            }
            "interpolation" => {
                if let Some(e) = part.field(Field::Expression) {
                    segments.push(TemplateSegment::Expr(lower_expr(cx, e)));
                }
            }
            "escape_sequence" => {
                let t = unescape(cx.text(part));
                push_text(&mut segments, t);
            }
            _ => {}
        }
    }
    if segments
        .iter()
        .all(|s| matches!(s, TemplateSegment::Text(_)))
    {
        let text = segments
            .into_iter()
            .map(|s| match s {
                TemplateSegment::Text(t) => t,
                TemplateSegment::Expr(_) => String::new(),
            })
            .collect();
        return ExprKind::Str(text);
    }
    ExprKind::Template(segments)
}

pub(super) fn push_text(segments: &mut Vec<TemplateSegment>, text: String) {
    if let Some(TemplateSegment::Text(last)) = segments.last_mut() {
        last.push_str(&text);
    } else {
        segments.push(TemplateSegment::Text(text));
    }
}
