//! Expression evaluation: literals, templates, names, attribute chains (SDK paths, instance
//! fields, resource attributes), operators, collections and comprehensions.

use std::rc::Rc;

use iacgrade_ir::{SymbolKind, TemplatePart, Value};

use super::program::{Frame, Interp};
use super::values::{make_template, number_text, Instance, ScopeRef, SdkRef, Val};
use crate::ast::*;

/// Most items a loop, range or comprehension is expanded into; longer ones run once, unknown.
pub(super) const MAX_EXPANSION: usize = 64;

impl<'a> Interp<'a> {
    pub fn eval(&mut self, e: &Expr, scope: &ScopeRef) -> Val {
        self.eval_in(e, scope, false)
    }

    /// `in_chain`: the value is the object of an attribute access, so an SDK path is not yet
    /// complete and is not recorded as a symbol.
    pub(super) fn eval_in(&mut self, e: &Expr, scope: &ScopeRef, in_chain: bool) -> Val {
        if !self.step() {
            return Val::Opaque(self.text(e.span).to_string());
        }
        match &e.kind {
            ExprKind::Str(s) => Val::str(s.clone()),
            ExprKind::Num(n) => Val::Lit(Value::Num(*n)),
            ExprKind::Bool(b) => Val::Lit(Value::Bool(*b)),
            ExprKind::Null => Val::Lit(Value::Null),
            ExprKind::Template(segments) => {
                let mut parts = Vec::new();
                for seg in segments {
                    match seg {
                        TemplateSegment::Text(t) => parts.push(TemplatePart::Text(t.clone())),
                        TemplateSegment::Expr(inner) => {
                            let v = self.eval(inner, scope);
                            let text = self.text(inner.span).to_string();
                            parts.extend(self.template_parts(&v, &text));
                        }
                    }
                }
                Val::Lit(make_template(parts))
            }
            ExprKind::Name(name) => match self.resolve_name(name, scope) {
                Some(v) => {
                    if !in_chain {
                        if let Val::Sdk(sdk) = &v {
                            // A member imported by name (`from pulumi import ResourceOptions`).
                            if sdk.path.contains('.') && !sdk.implicit {
                                self.record_symbol(
                                    SymbolKind::Member,
                                    sdk.path.clone(),
                                    name.clone(),
                                    e.span,
                                );
                            }
                        }
                    }
                    v
                }
                None => Val::Opaque(name.clone()),
            },
            ExprKind::SelfRef => super::values::lookup(scope, "#self")
                .unwrap_or_else(|| Val::Opaque(self.text(e.span).to_string())),
            ExprKind::Super => Val::Opaque("super".into()),
            ExprKind::Attr(obj, attr) => {
                let base = self.eval_in(obj, scope, true);
                let v = self.attribute(&base, attr, e.span, scope);
                if !in_chain {
                    if let Some(sdk) = v.explicit_sdk() {
                        self.record_symbol(
                            SymbolKind::Member,
                            sdk.path.clone(),
                            sdk.text.clone(),
                            e.span,
                        );
                    }
                }
                v
            }
            ExprKind::Index(obj, index) => {
                let base = self.eval(obj, scope);
                let key = self.eval(index, scope);
                self.index(&base, &key, e.span)
            }
            ExprKind::Slice(obj, start, stop) => {
                let base = self.eval(obj, scope);
                let start = start.as_ref().map(|s| self.eval(s, scope));
                let stop = stop.as_ref().map(|s| self.eval(s, scope));
                let text = self.text(obj.span).to_string();
                slice(&base, start.as_ref(), stop.as_ref(), &text)
                    .unwrap_or_else(|| Val::Opaque(self.text(e.span).to_string()))
            }
            ExprKind::Call { func, args, is_new } => {
                self.eval_call(func, args, *is_new, e.span, scope)
            }
            ExprKind::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    if let ExprKind::Spread(inner) = &item.kind {
                        match self.eval(inner, scope) {
                            Val::List(l) => out.extend(l.borrow().iter().cloned()),
                            _ => out.push(Val::Opaque(self.text(item.span).to_string())),
                        }
                    } else {
                        out.push(self.eval(item, scope));
                    }
                }
                Val::list(out)
            }
            ExprKind::Spread(inner) => self.eval(inner, scope),
            ExprKind::Map(entries) => {
                let mut out: Vec<(String, Val)> = Vec::new();
                for entry in entries {
                    match entry {
                        MapEntry::Pair { key, value, .. } => {
                            let v = self.eval(value, scope);
                            out.push((key.clone(), v));
                        }
                        MapEntry::Spread(inner) => match self.eval(inner, scope) {
                            Val::Dict(d) => {
                                for (k, v) in d.borrow().iter() {
                                    out.retain(|(existing, _)| existing != k);
                                    out.push((k.clone(), v.clone()));
                                }
                            }
                            _ => {
                                let text = self.text(inner.span).to_string();
                                out.push((format!("...{text}"), Val::Opaque(text)));
                            }
                        },
                    }
                }
                Val::dict(out)
            }
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, e.span, scope),
            ExprKind::Not(inner) => match self.eval(inner, scope).truthy() {
                Some(b) => Val::Lit(Value::Bool(!b)),
                None => Val::Opaque(self.text(e.span).to_string()),
            },
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => match self.eval(cond, scope).truthy() {
                Some(true) => self.eval(then, scope),
                Some(false) => self.eval(otherwise, scope),
                None => {
                    // Both sides may declare resources (rare); evaluate both, keep neither.
                    let a = self.eval(then, scope);
                    let b = self.eval(otherwise, scope);
                    match (&a, &b) {
                        (Val::Resource(_), _) => a,
                        (_, Val::Resource(_)) => b,
                        _ => Val::Opaque(self.text(e.span).to_string()),
                    }
                }
            },
            ExprKind::Lambda(f) => Val::Function(f.clone(), Some(scope.clone())),
            ExprKind::Comprehension {
                element,
                target,
                iter,
            } => self.comprehension(element, target, iter, e.span, scope),
            ExprKind::Other => Val::Opaque(self.text(e.span).to_string()),
        }
    }

    /// The template parts a value contributes when interpolated; `text` is the source of the
    /// interpolated expression, used for placeholders.
    pub fn template_parts(&self, v: &Val, text: &str) -> Vec<TemplatePart> {
        match v {
            Val::Lit(Value::Str(s)) => vec![TemplatePart::Text(s.clone())],
            Val::Lit(Value::Num(n)) => vec![TemplatePart::Text(number_text(*n))],
            Val::Lit(Value::Bool(b)) => vec![TemplatePart::Text(b.to_string())],
            Val::Lit(Value::Template(parts)) => parts.clone(),
            Val::Opaque(t) => vec![TemplatePart::Placeholder(t.clone())],
            _ => vec![TemplatePart::Placeholder(text.trim().to_string())],
        }
    }

    /// The IR value of an evaluated expression.
    pub fn to_value(&self, v: &Val) -> Value {
        match v {
            Val::Lit(v) => v.clone(),
            Val::List(items) => {
                Value::List(items.borrow().iter().map(|i| self.to_value(i)).collect())
            }
            Val::Dict(entries) => Value::Map(
                entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), self.to_value(v)))
                    .collect(),
            ),
            Val::Sdk(s) => Value::Unknown(s.text.clone()),
            Val::Resource(i) => Value::Ref {
                target: self.resource_target(*i),
                attribute: None,
            },
            Val::ResourceAttr(i, a) => Value::Ref {
                target: self.resource_target(*i),
                attribute: Some(a.clone()),
            },
            Val::Provider(alias) => Value::Ref {
                target: alias.clone(),
                attribute: None,
            },
            Val::Class(c) => Value::Unknown(c.name.clone()),
            Val::Function(f, _) | Val::Method(f, _) => Value::Unknown(f.name.clone()),
            Val::Instance(i) => match &*i.logical.borrow() {
                Some(l) => Value::Unknown(l.render()),
                None => Value::Unknown(i.class.name.clone()),
            },
            Val::Config(_) => Value::Unknown("pulumi.Config()".into()),
            Val::ProgramModule => Value::Unknown("module".into()),
            Val::Opaque(t) => Value::Unknown(t.clone()),
        }
    }

    /// The logical name of a recorded resource, rendered, as a reference target.
    pub fn resource_target(&self, index: usize) -> String {
        self.graph
            .resources
            .get(index)
            .map(|r| r.logical_name.render())
            .unwrap_or_default()
    }

    fn attribute(&mut self, base: &Val, attr: &str, span: Span, scope: &ScopeRef) -> Val {
        match base {
            Val::Sdk(sdk) => Val::Sdk(Rc::new(SdkRef {
                path: format!("{}.{attr}", sdk.path),
                text: format!("{}.{attr}", sdk.text),
                implicit: sdk.implicit,
            })),
            Val::Instance(inst) => instance_attribute(inst, attr, self)
                .unwrap_or_else(|| Val::Opaque(self.text(span).to_string())),
            Val::Resource(i) => Val::ResourceAttr(*i, attr.to_string()),
            Val::ResourceAttr(i, a) => Val::ResourceAttr(*i, format!("{a}.{attr}")),
            Val::Dict(_) => base
                .dict_get(attr)
                .unwrap_or_else(|| Val::Opaque(self.text(span).to_string())),
            Val::List(items) if attr == "length" => {
                Val::Lit(Value::Num(items.borrow().len() as f64))
            }
            Val::Lit(Value::Str(s)) if attr == "length" => {
                Val::Lit(Value::Num(s.chars().count() as f64))
            }
            Val::ProgramModule => match self.resolve_name(attr, scope) {
                Some(v) => v,
                // A submodule (`lib.tap_stack`): keep resolving by name.
                None if attr.starts_with(|c: char| c.is_ascii_lowercase()) => Val::ProgramModule,
                None => Val::Opaque(self.text(span).to_string()),
            },
            Val::Class(c) => {
                // A static member: a method, or a class-level field.
                if let Some(m) = c.method(attr) {
                    return Val::Function(m.clone(), None);
                }
                Val::Opaque(self.text(span).to_string())
            }
            _ => Val::Opaque(self.text(span).to_string()),
        }
    }

    fn index(&mut self, base: &Val, key: &Val, span: Span) -> Val {
        match (base, key) {
            (Val::List(items), Val::Lit(Value::Num(n))) => {
                let items = items.borrow();
                let i = if *n < 0.0 { items.len() as f64 + n } else { *n };
                if i >= 0.0 {
                    if let Some(v) = items.get(i as usize) {
                        return v.clone();
                    }
                }
                Val::Opaque(self.text(span).to_string())
            }
            (Val::Dict(_), Val::Lit(Value::Str(k))) => base
                .dict_get(k)
                .unwrap_or_else(|| Val::Opaque(self.text(span).to_string())),
            (Val::Resource(i), _) => {
                Val::ResourceAttr(*i, format!("[{}]", self.to_value(key).render()))
            }
            (Val::ResourceAttr(i, a), _) => {
                Val::ResourceAttr(*i, format!("{a}[{}]", self.to_value(key).render()))
            }
            (Val::Opaque(t), Val::Lit(Value::Num(n))) => {
                Val::Opaque(format!("{t}[{}]", number_text(*n)))
            }
            _ => Val::Opaque(self.text(span).to_string()),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        left: &Expr,
        right: &Expr,
        span: Span,
        scope: &ScopeRef,
    ) -> Val {
        let l = self.eval(left, scope);
        match op {
            BinOp::Or => {
                return match l.truthy() {
                    Some(true) => l,
                    Some(false) => self.eval(right, scope),
                    None => {
                        self.eval(right, scope);
                        Val::Opaque(self.text(span).to_string())
                    }
                };
            }
            BinOp::And => {
                return match l.truthy() {
                    Some(false) => l,
                    Some(true) => self.eval(right, scope),
                    None => {
                        self.eval(right, scope);
                        Val::Opaque(self.text(span).to_string())
                    }
                };
            }
            _ => {}
        }
        let r = self.eval(right, scope);
        match op {
            BinOp::Add => match (&l, &r) {
                (Val::Lit(Value::Num(a)), Val::Lit(Value::Num(b))) => Val::Lit(Value::Num(a + b)),
                (Val::List(a), Val::List(b)) => {
                    let mut items = a.borrow().clone();
                    items.extend(b.borrow().iter().cloned());
                    Val::list(items)
                }
                _ if l.is_text() || r.is_text() => {
                    let mut parts = self.template_parts(&l, self.text(left.span));
                    parts.extend(self.template_parts(&r, self.text(right.span)));
                    Val::Lit(make_template(parts))
                }
                _ => Val::Opaque(self.text(span).to_string()),
            },
            BinOp::Mod => match &l {
                Val::Lit(Value::Str(fmt)) => {
                    let args = match &r {
                        Val::List(items) => items.borrow().clone(),
                        other => vec![other.clone()],
                    };
                    let texts: Vec<String> = vec![self.text(right.span).to_string(); args.len()];
                    Val::Lit(percent_format(self, fmt, &args, &texts))
                }
                _ => match (&l, &r) {
                    (Val::Lit(Value::Num(a)), Val::Lit(Value::Num(b))) if *b != 0.0 => {
                        Val::Lit(Value::Num(a % b))
                    }
                    _ => Val::Opaque(self.text(span).to_string()),
                },
            },
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match (l.as_num(), r.as_num()) {
                (Some(a), Some(b)) => Val::Lit(Value::Bool(match op {
                    BinOp::Lt => a < b,
                    BinOp::Le => a <= b,
                    BinOp::Gt => a > b,
                    _ => a >= b,
                })),
                _ => Val::Opaque(self.text(span).to_string()),
            },
            BinOp::Eq | BinOp::Ne => match (&l, &r) {
                (Val::Lit(a), Val::Lit(b))
                    if !matches!(a, Value::Template(_)) && !matches!(b, Value::Template(_)) =>
                {
                    Val::Lit(Value::Bool((a == b) == (op == BinOp::Eq)))
                }
                _ => Val::Opaque(self.text(span).to_string()),
            },
            _ => match (op, &l, &r) {
                (BinOp::Other, Val::Lit(Value::Num(a)), Val::Lit(Value::Num(b))) => {
                    let t = self.text(span);
                    let between = t
                        .get(self.text(left.span).len()..)
                        .unwrap_or("")
                        .trim_start();
                    match between.chars().next() {
                        Some('*') if !between.starts_with("**") => Val::Lit(Value::Num(a * b)),
                        Some('-') => Val::Lit(Value::Num(a - b)),
                        Some('/') if *b != 0.0 => {
                            if between.starts_with("//") {
                                Val::Lit(Value::Num((a / b).floor()))
                            } else {
                                Val::Lit(Value::Num(a / b))
                            }
                        }
                        _ => Val::Opaque(t.to_string()),
                    }
                }
                _ => Val::Opaque(self.text(span).to_string()),
            },
        }
    }

    fn comprehension(
        &mut self,
        element: &Expr,
        target: &Pattern,
        iter: &Expr,
        span: Span,
        scope: &ScopeRef,
    ) -> Val {
        let iterable = self.eval(iter, scope);
        let inner = super::values::Scope::new_ref(Some(scope.clone()), Default::default());
        match self.iteration_items(&iterable) {
            Some(items) => {
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    self.bind_pattern(target, item, &inner);
                    self.frames.push(Frame::Iteration(i));
                    let v = self.eval(element, &inner);
                    self.frames.pop();
                    out.push(v);
                }
                Val::list(out)
            }
            None => {
                self.bind_opaque(target, &inner);
                self.frames
                    .push(Frame::Loop(self.text(iter.span).to_string()));
                self.eval(element, &inner);
                self.frames.pop();
                Val::Opaque(self.text(span).to_string())
            }
        }
    }

    /// The items a loop over `v` runs with, when they are known and few enough.
    pub(super) fn iteration_items(&self, v: &Val) -> Option<Vec<Val>> {
        let items = match v {
            Val::List(items) => items.borrow().clone(),
            Val::Dict(entries) => entries
                .borrow()
                .iter()
                .map(|(k, _)| Val::str(k.clone()))
                .collect(),
            _ => return None,
        };
        (items.len() <= MAX_EXPANSION).then_some(items)
    }

    /// Binds a pattern to a value without the literal-resolution rule (loop variables,
    /// parameters, destructuring).
    pub(super) fn bind_pattern(&mut self, pattern: &Pattern, value: Val, scope: &ScopeRef) {
        match pattern {
            Pattern::Name(n) => {
                scope.borrow_mut().vars.insert(n.clone(), value);
            }
            Pattern::Tuple(items) => {
                let values = match &value {
                    Val::List(l) => Some(l.borrow().clone()),
                    _ => None,
                };
                for (i, p) in items.iter().enumerate() {
                    let v = match &values {
                        Some(vs) => vs.get(i).cloned().unwrap_or(Val::Opaque(pattern_text(p))),
                        None => element_of(&value, i, p),
                    };
                    self.bind_pattern(p, v, scope);
                }
            }
            Pattern::Object(items) => {
                for (key, p) in items {
                    let v = value.dict_get(key).unwrap_or_else(|| match &value {
                        Val::Instance(inst) => instance_attribute(inst, key, self)
                            .unwrap_or(Val::Opaque(pattern_text(p))),
                        _ => Val::Opaque(pattern_text(p)),
                    });
                    self.bind_pattern(p, v, scope);
                }
            }
            Pattern::Attribute(..) | Pattern::Index(..) | Pattern::Ignored => {}
        }
    }

    /// Binds every name of a pattern to an unknown value named after it.
    pub(super) fn bind_opaque(&mut self, pattern: &Pattern, scope: &ScopeRef) {
        match pattern {
            Pattern::Name(n) => {
                scope
                    .borrow_mut()
                    .vars
                    .insert(n.clone(), Val::Opaque(n.clone()));
            }
            Pattern::Tuple(items) => items.iter().for_each(|p| self.bind_opaque(p, scope)),
            Pattern::Object(items) => items.iter().for_each(|(_, p)| self.bind_opaque(p, scope)),
            Pattern::Attribute(..) | Pattern::Index(..) | Pattern::Ignored => {}
        }
    }
}

/// A field of an instance, or one of its class's methods bound to it.
pub(super) fn instance_attribute(inst: &Rc<Instance>, attr: &str, interp: &Interp) -> Option<Val> {
    if let Some(v) = inst.fields.borrow().get(attr) {
        return Some(v.clone());
    }
    let mut class = inst.class.clone();
    for _ in 0..16 {
        if let Some(m) = class.method(attr) {
            return Some(Val::Method(m.clone(), inst.clone()));
        }
        // Inherited from a program base class.
        let parent = class.bases.iter().find_map(|b| match &b.kind {
            ExprKind::Name(n) => interp.classes.get(n).cloned(),
            _ => None,
        });
        match parent {
            Some(p) if p.id != class.id => class = p,
            _ => break,
        }
    }
    None
}

/// The `i`-th element of an unknown tuple-like value, for destructuring.
fn element_of(value: &Val, i: usize, p: &Pattern) -> Val {
    match value {
        Val::Opaque(t) => Val::Opaque(format!("{t}[{i}]")),
        _ => Val::Opaque(pattern_text(p)),
    }
}

fn pattern_text(p: &Pattern) -> String {
    match p {
        Pattern::Name(n) => n.clone(),
        _ => "_".into(),
    }
}

/// `items[start:stop]` / `items.slice(start, stop)` on a known list, or on an unknown one when
/// the bounds are literal (`azs[:2]` → `azs[0]`, `azs[1]`).
pub(super) fn slice(
    base: &Val,
    start: Option<&Val>,
    stop: Option<&Val>,
    base_text: &str,
) -> Option<Val> {
    let start_n = match start {
        None => 0.0,
        Some(v) => v.as_num()?,
    };
    match base {
        Val::List(items) => {
            let items = items.borrow();
            let len = items.len() as f64;
            let norm = |n: f64| {
                if n < 0.0 {
                    (len + n).max(0.0)
                } else {
                    n.min(len)
                }
            };
            let stop_n = match stop {
                None => len,
                Some(v) => v.as_num()?,
            };
            let (a, b) = (norm(start_n) as usize, norm(stop_n) as usize);
            Some(Val::list(if a < b {
                items[a..b].to_vec()
            } else {
                Vec::new()
            }))
        }
        Val::Opaque(_) | Val::ResourceAttr(..) => {
            let stop_n = stop?.as_num()?;
            if start_n < 0.0 || stop_n < start_n || stop_n - start_n > MAX_EXPANSION as f64 {
                return None;
            }
            let text = base_text.trim();
            Some(Val::list(
                (start_n as usize..stop_n as usize)
                    .map(|i| Val::Opaque(format!("{text}[{i}]")))
                    .collect(),
            ))
        }
        _ => None,
    }
}

/// Python `"fmt %s" % args`.
fn percent_format(interp: &Interp, fmt: &str, args: &[Val], texts: &[String]) -> Value {
    let mut parts = Vec::new();
    let mut rest = fmt;
    let mut next = 0;
    while let Some(pos) = rest.find('%') {
        parts.push(TemplatePart::Text(rest[..pos].to_string()));
        let after = &rest[pos + 1..];
        let spec_len = after
            .char_indices()
            .find(|(_, c)| c.is_ascii_alphabetic() || *c == '%')
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(after.len());
        let spec = &after[..spec_len];
        if spec == "%" {
            parts.push(TemplatePart::Text("%".into()));
        } else if let Some(arg) = args.get(next) {
            let text = texts.get(next).cloned().unwrap_or_default();
            parts.extend(interp.template_parts(arg, &text));
            next += 1;
        }
        rest = &after[spec_len..];
    }
    parts.push(TemplatePart::Text(rest.to_string()));
    make_template(parts)
}
