//! Builtins and value methods: what `range`, `len`, `enumerate`, `zip`, `Object.keys`,
//! `Array.from`, `json.dumps`, list/dict methods (`append`, `items`, `slice`, ...) and string
//! methods (`format`, `join`, `lower`, ...) give, so that loops expand and names stay templates.

use iacgrade_ir::{TemplatePart, Value};

use super::calls::ArgVals;
use super::expr::{slice, MAX_EXPANSION};
use super::program::{Frame, Interp};
use super::values::{lookup, make_template, ScopeRef, Val};
use crate::ast::*;

impl<'a> Interp<'a> {
    /// Methods of lists, dicts and strings that shape values.
    pub(super) fn value_method(
        &mut self,
        receiver: &Val,
        method: &str,
        vals: &ArgVals,
        obj: &Expr,
        span: Span,
        scope: &ScopeRef,
    ) -> Option<Val> {
        let first = vals.positional.first();
        match receiver {
            Val::List(items) => match method {
                "append" | "push" => {
                    if self.inside_unexpanded_loop() {
                        // The list's length is no longer known.
                        self.forget_contents(obj, scope);
                        return Some(Val::Lit(Value::Null));
                    }
                    items.borrow_mut().extend(vals.positional.iter().cloned());
                    Some(Val::Lit(Value::Null))
                }
                "extend" => {
                    match first {
                        Some(Val::List(more)) if !self.inside_unexpanded_loop() => {
                            let more = more.borrow().clone();
                            items.borrow_mut().extend(more);
                        }
                        _ => self.forget_contents(obj, scope),
                    }
                    Some(Val::Lit(Value::Null))
                }
                "slice" => slice(receiver, first, vals.positional.get(1), self.text(obj.span)),
                "entries" | "enumerate" => Some(Val::list(
                    items
                        .borrow()
                        .iter()
                        .enumerate()
                        .map(|(i, v)| Val::list(vec![Val::Lit(Value::Num(i as f64)), v.clone()]))
                        .collect(),
                )),
                "keys" => Some(Val::list(
                    (0..items.borrow().len())
                        .map(|i| Val::Lit(Value::Num(i as f64)))
                        .collect(),
                )),
                "values" | "copy" | "filter" => Some(receiver.clone()),
                "concat" => {
                    let mut all = items.borrow().clone();
                    for v in &vals.positional {
                        match v {
                            Val::List(l) => all.extend(l.borrow().iter().cloned()),
                            other => all.push(other.clone()),
                        }
                    }
                    Some(Val::list(all))
                }
                "join" => {
                    let sep = first.and_then(Val::as_str).unwrap_or(",").to_string();
                    Some(Val::Lit(self.join(
                        &sep,
                        &items.borrow(),
                        self.text(obj.span),
                    )))
                }
                _ => None,
            },
            Val::Dict(entries) => match method {
                "items" => Some(Val::list(
                    entries
                        .borrow()
                        .iter()
                        .map(|(k, v)| Val::list(vec![Val::str(k.clone()), v.clone()]))
                        .collect(),
                )),
                "keys" => Some(Val::list(
                    entries
                        .borrow()
                        .iter()
                        .map(|(k, _)| Val::str(k.clone()))
                        .collect(),
                )),
                "values" => Some(Val::list(
                    entries.borrow().iter().map(|(_, v)| v.clone()).collect(),
                )),
                "get" => {
                    let key = first.and_then(Val::as_str)?;
                    Some(
                        receiver
                            .dict_get(key)
                            .or_else(|| vals.positional.get(1).cloned())
                            .unwrap_or(Val::Lit(Value::Null)),
                    )
                }
                "copy" => Some(Val::dict(entries.borrow().clone())),
                "update" => {
                    if let Some(Val::Dict(more)) = first {
                        let more = more.borrow().clone();
                        let mut e = entries.borrow_mut();
                        for (k, v) in more {
                            e.retain(|(x, _)| *x != k);
                            e.push((k, v));
                        }
                    }
                    Some(Val::Lit(Value::Null))
                }
                _ => None,
            },
            Val::Lit(Value::Str(s)) => match method {
                "format" => Some(Val::Lit(self.str_format(s, vals))),
                "join" => match first {
                    Some(Val::List(items)) => Some(Val::Lit(self.join(s, &items.borrow(), ""))),
                    _ => None,
                },
                "lower" | "toLowerCase" => Some(Val::str(s.to_lowercase())),
                "upper" | "toUpperCase" => Some(Val::str(s.to_uppercase())),
                "strip" | "trim" => Some(Val::str(s.trim())),
                "replace" | "replaceAll" => {
                    let (Some(a), Some(b)) = (
                        first.and_then(Val::as_str),
                        vals.positional.get(1).and_then(Val::as_str),
                    ) else {
                        return None;
                    };
                    Some(Val::str(s.replace(a, b)))
                }
                "concat" => {
                    let mut parts = vec![TemplatePart::Text(s.clone())];
                    for v in &vals.positional {
                        parts.extend(self.template_parts(v, ""));
                    }
                    Some(Val::Lit(make_template(parts)))
                }
                _ => None,
            },
            Val::Lit(Value::Template(parts)) => match method {
                // Case changes keep the placeholders: the name still contains them.
                "lower" | "toLowerCase" | "upper" | "toUpperCase" | "strip" | "trim" => {
                    let upper = method == "upper" || method == "toUpperCase";
                    Some(Val::Lit(make_template(
                        parts
                            .iter()
                            .map(|p| match p {
                                TemplatePart::Text(t) if upper => {
                                    TemplatePart::Text(t.to_uppercase())
                                }
                                TemplatePart::Text(t) if method.contains("ower") => {
                                    TemplatePart::Text(t.to_lowercase())
                                }
                                other => other.clone(),
                            })
                            .collect(),
                    )))
                }
                _ => None,
            },
            _ => {
                let _ = span;
                None
            }
        }
    }

    pub(super) fn inside_unexpanded_loop(&self) -> bool {
        self.frames.iter().any(|f| matches!(f, Frame::Loop(_)))
    }

    /// Rebinds a list or dictionary whose contents became unknown (`xs.append(..)` in an
    /// unexpanded loop, `d[unknown] = ..`): the variable in the innermost scope that holds it,
    /// or an instance field (`self.xs`, `this.xs`), so later loops over it run once as
    /// unexpanded loops instead of over the items known before (often none).
    pub(super) fn forget_contents(&mut self, obj: &Expr, scope: &ScopeRef) {
        let unknown = Val::Opaque(self.text(obj.span).to_string());
        match &obj.kind {
            ExprKind::Name(n) => {
                let mut current = Some(scope.clone());
                while let Some(s) = current {
                    if s.borrow().vars.contains_key(n) {
                        s.borrow_mut().vars.insert(n.clone(), unknown);
                        return;
                    }
                    current = s.borrow().parent.clone();
                }
                for s in self.module_scopes.clone() {
                    if s.borrow().vars.contains_key(n) {
                        s.borrow_mut().vars.insert(n.clone(), unknown.clone());
                    }
                }
            }
            ExprKind::Attr(base, field) if matches!(base.kind, ExprKind::SelfRef) => {
                if let Some(Val::Instance(inst)) = lookup(scope, "#self") {
                    inst.fields.borrow_mut().insert(field.clone(), unknown);
                }
            }
            _ => {}
        }
    }

    pub(super) fn join(&self, sep: &str, items: &[Val], text: &str) -> Value {
        let mut parts = Vec::new();
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                parts.push(TemplatePart::Text(sep.to_string()));
            }
            parts.extend(self.template_parts(v, &format!("{text}[{i}]")));
        }
        make_template(parts)
    }

    /// Python `"{}-{name}".format(a, name=b)` (also `Output.format`).
    pub(super) fn str_format(&self, fmt: &str, vals: &ArgVals) -> Value {
        let mut parts = Vec::new();
        let mut rest = fmt;
        let mut auto = 0;
        while let Some(open) = rest.find('{') {
            if rest[open..].starts_with("{{") {
                parts.push(TemplatePart::Text(rest[..open + 1].to_string()));
                rest = &rest[open + 2..];
                continue;
            }
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            parts.push(TemplatePart::Text(rest[..open].to_string()));
            let field = &rest[open + 1..open + close];
            let field = field.split([':', '!']).next().unwrap_or("");
            let value = if field.is_empty() {
                auto += 1;
                vals.positional.get(auto - 1).cloned()
            } else if let Ok(i) = field.parse::<usize>() {
                vals.positional.get(i).cloned()
            } else {
                vals.kw(field).cloned()
            };
            match value {
                Some(v) => parts.extend(self.template_parts(&v, field)),
                None => parts.push(TemplatePart::Placeholder(field.to_string())),
            }
            rest = &rest[open + close + 1..];
        }
        parts.push(TemplatePart::Text(rest.replace("}}", "}")));
        make_template(parts)
    }

    /// Builtin functions called by name (`range`, `len`, `enumerate`, `str`, ...).
    pub(super) fn builtin(&mut self, name: &str, vals: &ArgVals) -> Option<Val> {
        let first = vals.positional.first();
        match name {
            "range" => {
                let nums: Vec<f64> = vals
                    .positional
                    .iter()
                    .map(Val::as_num)
                    .collect::<Option<_>>()?;
                let (start, stop, step) = match nums.as_slice() {
                    [stop] => (0.0, *stop, 1.0),
                    [start, stop] => (*start, *stop, 1.0),
                    [start, stop, step] if *step > 0.0 => (*start, *stop, *step),
                    _ => return None,
                };
                let count = ((stop - start) / step).ceil();
                if !(0.0..=MAX_EXPANSION as f64).contains(&count) {
                    return None;
                }
                Some(Val::list(
                    (0..count as usize)
                        .map(|i| Val::Lit(Value::Num(start + step * i as f64)))
                        .collect(),
                ))
            }
            "len" => match first? {
                Val::List(l) => Some(Val::Lit(Value::Num(l.borrow().len() as f64))),
                Val::Dict(d) => Some(Val::Lit(Value::Num(d.borrow().len() as f64))),
                Val::Lit(Value::Str(s)) => Some(Val::Lit(Value::Num(s.chars().count() as f64))),
                _ => None,
            },
            "enumerate" => {
                let items = self.iteration_items(first?)?;
                let offset = vals.positional.get(1).and_then(Val::as_num).unwrap_or(0.0);
                Some(Val::list(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| Val::list(vec![Val::Lit(Value::Num(offset + i as f64)), v]))
                        .collect(),
                ))
            }
            "zip" => {
                let lists: Vec<Vec<Val>> = vals
                    .positional
                    .iter()
                    .map(|v| self.iteration_items(v))
                    .collect::<Option<_>>()?;
                let n = lists.iter().map(Vec::len).min()?;
                Some(Val::list(
                    (0..n)
                        .map(|i| Val::list(lists.iter().map(|l| l[i].clone()).collect()))
                        .collect(),
                ))
            }
            "list" | "tuple" | "sorted" | "set" | "reversed" | "frozenset" => {
                let items = self.iteration_items(first?)?;
                Some(Val::list(items))
            }
            "str" | "String" => match first? {
                Val::Lit(Value::Num(n)) => Some(Val::str(super::values::number_text(*n))),
                v @ Val::Lit(_) => Some(v.clone()),
                _ => None,
            },
            "int" | "float" | "Number" | "parseInt" => match first? {
                Val::Lit(Value::Str(s)) => s
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .map(|n| Val::Lit(Value::Num(n))),
                v @ Val::Lit(Value::Num(_)) => Some(v.clone()),
                _ => None,
            },
            "dict" => {
                if vals.keyword.is_empty() {
                    return first.cloned();
                }
                Some(Val::dict(vals.keyword.clone()))
            }
            "min" | "max" => {
                let nums: Vec<f64> = vals
                    .positional
                    .iter()
                    .map(Val::as_num)
                    .collect::<Option<_>>()?;
                let v = if name == "min" {
                    nums.into_iter().fold(f64::INFINITY, f64::min)
                } else {
                    nums.into_iter().fold(f64::NEG_INFINITY, f64::max)
                };
                v.is_finite().then_some(Val::Lit(Value::Num(v)))
            }
            _ => None,
        }
    }

    /// Static helpers called through a module or global object (`Object.keys`, `Array.from`,
    /// `Math.min`, `json.dumps`, `JSON.stringify`).
    pub(super) fn static_builtin(
        &mut self,
        receiver: &str,
        method: &str,
        vals: &ArgVals,
    ) -> Option<Val> {
        let first = vals.positional.first();
        match (receiver, method) {
            ("json", "dumps") | ("JSON", "stringify") => first.cloned(),
            ("Object", "keys") => match first? {
                Val::Dict(d) => Some(Val::list(
                    d.borrow()
                        .iter()
                        .map(|(k, _)| Val::str(k.clone()))
                        .collect(),
                )),
                _ => None,
            },
            ("Object", "values") => match first? {
                Val::Dict(d) => Some(Val::list(
                    d.borrow().iter().map(|(_, v)| v.clone()).collect(),
                )),
                _ => None,
            },
            ("Object", "entries") => match first? {
                Val::Dict(d) => Some(Val::list(
                    d.borrow()
                        .iter()
                        .map(|(k, v)| Val::list(vec![Val::str(k.clone()), v.clone()]))
                        .collect(),
                )),
                _ => None,
            },
            ("Math", "min") | ("Math", "max") | ("math", "min") | ("math", "max") => {
                self.builtin(method, vals)
            }
            ("Array", "from") => {
                // `Array.from({ length: N }, (_, i) => ...)`
                let len = first?.dict_get("length")?.as_num()?;
                if !(0.0..=MAX_EXPANSION as f64).contains(&len) {
                    return None;
                }
                let items: Vec<Val> = (0..len as usize).map(|_| Val::Lit(Value::Null)).collect();
                match vals.positional.get(1) {
                    Some(Val::Function(f, closure)) => {
                        let mut out = Vec::new();
                        for i in 0..items.len() {
                            let args = ArgVals {
                                positional: vec![
                                    Val::Lit(Value::Null),
                                    Val::Lit(Value::Num(i as f64)),
                                ],
                                keyword: Vec::new(),
                            };
                            self.frames.push(Frame::Iteration(i));
                            let scope = closure
                                .clone()
                                .or_else(|| self.module_scopes.first().cloned())?;
                            let v = self.call_function(
                                &f.clone(),
                                None,
                                args,
                                Some(scope.clone()),
                                &scope,
                                false,
                            );
                            self.frames.pop();
                            out.push(v);
                        }
                        Some(Val::list(out))
                    }
                    _ => Some(Val::list(
                        (0..len as usize)
                            .map(|i| Val::Lit(Value::Num(i as f64)))
                            .collect(),
                    )),
                }
            }
            _ => None,
        }
    }
}
