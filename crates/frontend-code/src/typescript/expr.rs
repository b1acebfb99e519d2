//! TypeScript/JavaScript expressions → program model: literals, template literals, names,
//! member chains, calls and `new`, objects and arrays, operators and arrow functions.

use tree_sitter::Node;

use super::{lower_function, string_literal};
use crate::ast::*;
use crate::lower::{unescape, Field, LoweringContext, NodeFields};

pub(super) fn lower_expr(cx: &mut LoweringContext, node: Node) -> Expr {
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
        "string" => ExprKind::Str(string_literal(cx, node).unwrap_or_default()),
        "template_string" => lower_template(cx, node),
        "number" => parse_number(cx.text(node)).map_or(ExprKind::Other, ExprKind::Num),
        "true" => ExprKind::Bool(true),
        "false" => ExprKind::Bool(false),
        "null" | "undefined" => ExprKind::Null,
        "identifier" | "shorthand_property_identifier" => ExprKind::Name(cx.text(node).to_string()),
        "this" => ExprKind::SelfRef,
        "super" => ExprKind::Super,
        "member_expression" => {
            let (Some(obj), Some(prop)) = (node.field(Field::Object), node.field(Field::Property))
            else {
                return cx.other(node);
            };
            ExprKind::Attr(Box::new(lower_expr(cx, obj)), cx.text(prop).to_string())
        }
        "subscript_expression" => {
            let (Some(obj), Some(idx)) = (node.field(Field::Object), node.field(Field::Index))
            else {
                return cx.other(node);
            };
            ExprKind::Index(Box::new(lower_expr(cx, obj)), Box::new(lower_expr(cx, idx)))
        }
        "call_expression" => {
            let Some(func) = node.field(Field::Function) else {
                return cx.other(node);
            };
            let func = Box::new(lower_expr(cx, func));
            let args = match node.field(Field::Arguments) {
                Some(a) if a.kind() == "template_string" => {
                    vec![Arg::Positional(lower_expr(cx, a))]
                }
                Some(a) => lower_args(cx, a),
                None => Vec::new(),
            };
            ExprKind::Call {
                func,
                args,
                is_new: false,
            }
        }
        "new_expression" => {
            let Some(ctor) = node.field(Field::Constructor) else {
                return cx.other(node);
            };
            let func = Box::new(lower_expr(cx, ctor));
            let args = match node.field(Field::Arguments) {
                Some(a) => lower_args(cx, a),
                None => Vec::new(),
            };
            ExprKind::Call {
                func,
                args,
                is_new: true,
            }
        }
        "array" => {
            let mut items = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                if c.kind() == "spread_element" {
                    if let Some(inner) = c.named_child(0) {
                        let s = cx.span(c);
                        items.push(Expr {
                            kind: ExprKind::Spread(Box::new(lower_expr(cx, inner))),
                            span: s,
                        });
                    }
                } else if c.kind() != "comment" {
                    items.push(lower_expr(cx, c));
                }
            }
            ExprKind::List(items)
        }
        "object" => {
            let mut entries = Vec::new();
            let mut walker = node.walk();
            for c in node.named_children(&mut walker) {
                match c.kind() {
                    "pair" => {
                        let (Some(k), Some(v)) = (c.field(Field::Key), c.field(Field::Value))
                        else {
                            continue;
                        };
                        let key = object_key(cx, k);
                        let line = cx.span(c).line;
                        entries.push(MapEntry::Pair {
                            key,
                            value: lower_expr(cx, v),
                            line,
                        });
                    }
                    "shorthand_property_identifier" => {
                        let key = cx.text(c).to_string();
                        let line = cx.span(c).line;
                        entries.push(MapEntry::Pair {
                            key,
                            value: lower_expr(cx, c),
                            line,
                        });
                    }
                    "spread_element" => {
                        if let Some(inner) = c.named_child(0) {
                            entries.push(MapEntry::Spread(lower_expr(cx, inner)));
                        }
                    }
                    "method_definition" => {
                        if let Some(n) = c.field(Field::Name) {
                            let key = object_key(cx, n);
                            let line = cx.span(c).line;
                            let f = lower_function(cx, c, Some(key.clone()));
                            entries.push(MapEntry::Pair {
                                key,
                                value: Expr {
                                    kind: ExprKind::Lambda(f),
                                    span: cx.span(c),
                                },
                                line,
                            });
                        }
                    }
                    _ => {}
                }
            }
            ExprKind::Map(entries)
        }
        "binary_expression" => {
            let (Some(l), Some(r), Some(op)) = (
                node.field(Field::Left),
                node.field(Field::Right),
                node.field(Field::Operator),
            ) else {
                return cx.other(node);
            };
            let op = match op.kind() {
                "+" => BinOp::Add,
                "||" | "??" => BinOp::Or,
                "&&" => BinOp::And,
                "<" => BinOp::Lt,
                "<=" => BinOp::Le,
                ">" => BinOp::Gt,
                ">=" => BinOp::Ge,
                "==" | "===" => BinOp::Eq,
                "!=" | "!==" => BinOp::Ne,
                _ => BinOp::Other,
            };
            ExprKind::Binary(op, Box::new(lower_expr(cx, l)), Box::new(lower_expr(cx, r)))
        }
        "unary_expression" => {
            let Some(arg) = node.field(Field::Argument) else {
                return cx.other(node);
            };
            let op = node
                .field(Field::Operator)
                .map(|o| cx.text(o).to_string())
                .unwrap_or_default();
            match op.as_str() {
                "!" => ExprKind::Not(Box::new(lower_expr(cx, arg))),
                "-" => match parse_number(cx.text(arg)) {
                    Some(n) => ExprKind::Num(-n),
                    None => ExprKind::Other,
                },
                _ => ExprKind::Other,
            }
        }
        "ternary_expression" => {
            let (Some(c), Some(a), Some(b)) = (
                node.field(Field::Condition),
                node.field(Field::Consequence),
                node.field(Field::Alternative),
            ) else {
                return cx.other(node);
            };
            ExprKind::Conditional {
                cond: Box::new(lower_expr(cx, c)),
                then: Box::new(lower_expr(cx, a)),
                otherwise: Box::new(lower_expr(cx, b)),
            }
        }
        "parenthesized_expression"
        | "as_expression"
        | "satisfies_expression"
        | "non_null_expression"
        | "await_expression"
        | "type_assertion" => {
            let mut walker = node.walk();
            let inner = node
                .named_children(&mut walker)
                .find(|c| !c.kind().contains("type") && c.kind() != "comment");
            match inner {
                Some(i) => return lower_expr(cx, i),
                None => ExprKind::Other,
            }
        }
        "arrow_function" | "function_expression" | "function" => {
            ExprKind::Lambda(lower_function(cx, node, None))
        }
        "class" => ExprKind::Other,
        _ => ExprKind::Other,
    };
    Expr { kind, span }
}

pub(super) fn lower_args(cx: &mut LoweringContext, node: Node) -> Vec<Arg> {
    let mut args = Vec::new();
    let mut walker = node.walk();
    for a in node.named_children(&mut walker) {
        match a.kind() {
            "spread_element" => {
                if let Some(inner) = a.named_child(0) {
                    args.push(Arg::Splat(lower_expr(cx, inner)));
                }
            }
            "comment" => {}
            _ => args.push(Arg::Positional(lower_expr(cx, a))),
        }
    }
    args
}

pub(super) fn object_key(cx: &LoweringContext, k: Node) -> String {
    match k.kind() {
        "string" => string_literal(cx, k).unwrap_or_default(),
        "computed_property_name" => cx.text(k).to_string(),
        _ => cx.text(k).to_string(),
    }
}

/// A template literal: text between the backticks, with `${...}` substitutions.
pub(super) fn lower_template(cx: &mut LoweringContext, node: Node) -> ExprKind {
    let text = cx.text(node);
    if text.len() < 2 {
        return ExprKind::Str(String::new());
    }
    let base = node.start_byte();
    let mut cursor = 1usize; // after the opening backtick
    let end = text.len() - 1;
    let mut segments = Vec::new();
    let mut walker = node.walk();
    for c in node.named_children(&mut walker) {
        if c.kind() != "template_substitution" {
            continue;
        }
        let start = c.start_byte().saturating_sub(base);
        if start > cursor {
            if let Some(t) = text.get(cursor..start) {
                segments.push(TemplateSegment::Text(unescape(t)));
            }
        }
        match c.named_child(0) {
            Some(e) => segments.push(TemplateSegment::Expr(lower_expr(cx, e))),
            None => segments.push(TemplateSegment::Text(String::new())),
        }
        cursor = c.end_byte().saturating_sub(base);
    }
    if end > cursor {
        if let Some(t) = text.get(cursor..end) {
            segments.push(TemplateSegment::Text(unescape(t)));
        }
    }
    if segments
        .iter()
        .all(|s| matches!(s, TemplateSegment::Text(_)))
    {
        return ExprKind::Str(
            segments
                .into_iter()
                .map(|s| match s {
                    TemplateSegment::Text(t) => t,
                    TemplateSegment::Expr(_) => String::new(),
                })
                .collect(),
        );
    }
    ExprKind::Template(segments)
}

pub(super) fn parse_number(text: &str) -> Option<f64> {
    let t = text.replace('_', "");
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    t.trim_end_matches('n').parse::<f64>().ok()
}
