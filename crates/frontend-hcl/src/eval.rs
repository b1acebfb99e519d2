//! Turns HCL expressions into IR [`Value`]s without running anything.
//!
//! How far evaluation goes:
//! - Literals, lists and objects become `Str`/`Num`/`Bool`/`Null`/`List`/`Map`.
//! - References become `Value::Ref`: `var.x` → target `var.x`; `aws_s3_bucket.b.arn` → target
//!   `aws_s3_bucket.b`, attribute `arn`; `data.aws_ami.a.id` → target `data.aws_ami.a`;
//!   `module.m.out` → target `module.m`; an index written on the address stays in the target
//!   (`aws_subnet.s[0]`, `aws_subnet.s[*]`).
//! - `local.x` is replaced by the local's value when that value is not `Unknown` (locals may use
//!   other locals, in any file of the configuration); otherwise it stays `Ref { target: local.x }`.
//! - `count.index`, `each.key`, `each.value` and a dynamic block's iterator are replaced by their
//!   value while a literal loop is expanded; outside one they stay references.
//! - A heredoc holding JSON (a policy document) becomes the map or list it holds, see
//!   [`crate::embedded_json`].
//! - Templates (`"${var.env}-bucket"`, heredocs) become `Value::Template` with each placeholder
//!   holding the reference's name (`var.env`) or the expression's source text; a template that is
//!   a single interpolation is that expression's value, as in Terraform.
//! - A `for` expression over a known list or map is computed (with its `if` filter and `...`
//!   grouping), so `for_each = { for az in local.azs : az => ... }` can be expanded.
//! - Functions with known arguments: `format`, `join`, `lower`/`upper` (on templates they change
//!   the text parts and keep the placeholders), `toset` (sorted, unique), `tolist`, `tomap`,
//!   `merge`, `concat`, `length`, `range`, `slice`, `element`, `keys`, `values`, `min`, `max`;
//!   `jsonencode`/`yamlencode` give their argument's value (a policy document stays a map rules
//!   can read). Arithmetic, comparison and logic on literals are computed, and a conditional
//!   with a literal condition picks its branch.
//! - Everything else is `Value::Unknown(source text)`.
//!
//! Variable defaults are used only where a loop bound must be known (`count = length(var.azs)`)
//! and for the provider region; everywhere else `var.x` stays a reference, since a variable is an
//! input.

use std::cell::RefCell;
use std::collections::HashMap;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span;
use iacgrade_ir::{TemplatePart, Value};

use crate::source::Chunk;

/// Larger literal loops and ranges are not expanded.
pub(crate) const MAX_EXPANSION: usize = 256;
/// Locals referring to locals deeper than this are left as references (guards cycles).
const MAX_LOCAL_DEPTH: usize = 32;

/// A local value's definition: its expression and the chunk its source text is in.
pub(crate) struct LocalDef<'a> {
    pub expr: &'a Expression,
    pub chunk: &'a Chunk<'a>,
}

/// What evaluation knows about the configuration: locals, variable defaults (for loop bounds).
pub(crate) struct Scope<'a> {
    pub locals: HashMap<String, LocalDef<'a>>,
    pub var_defaults: HashMap<String, Value>,
    /// The instance keys (`[0]`, `["a"]`) of every looped resource whose loop is known, by address
    /// (`aws_subnet.public`), so `length(aws_subnet.public)` and `aws_subnet.public[*].id` are
    /// known too. Filled by [`crate::config`] before resources are built.
    pub instances: RefCell<HashMap<String, Vec<String>>>,
    cache: RefCell<HashMap<String, Value>>,
    depth: RefCell<usize>,
}

/// Names bound while expanding a loop (`count.index`, `each.value`, `ingress.value`), and whether
/// variable defaults may stand in for variables.
#[derive(Clone, Default)]
pub(crate) struct Env {
    pub bindings: Vec<(String, Value)>,
    pub use_var_defaults: bool,
}

impl Env {
    pub fn with(&self, name: impl Into<String>, value: Value) -> Env {
        let mut env = self.clone();
        env.bindings.push((name.into(), value));
        env
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// One step of a traversal after its root.
enum Step {
    Attr(String),
    Index(Value, String),
    Splat,
}

impl<'a> Scope<'a> {
    pub fn new(
        locals: HashMap<String, LocalDef<'a>>,
        var_defaults: HashMap<String, Value>,
    ) -> Self {
        Scope {
            locals,
            var_defaults,
            instances: RefCell::new(HashMap::new()),
            cache: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
        }
    }

    /// The value of a local, evaluated once; `None` when unknown (or cyclic).
    fn local(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.cache.borrow().get(name) {
            return (!matches!(v, Value::Unknown(_))).then(|| v.clone());
        }
        let def = self.locals.get(name)?;
        if *self.depth.borrow() >= MAX_LOCAL_DEPTH {
            return None;
        }
        *self.depth.borrow_mut() += 1;
        // Mark as unknown while evaluating, so a cycle ends as a reference.
        self.cache
            .borrow_mut()
            .insert(name.to_string(), Value::Unknown(String::new()));
        let value = self.eval(def.expr, def.chunk, &Env::default());
        *self.depth.borrow_mut() -= 1;
        self.cache
            .borrow_mut()
            .insert(name.to_string(), value.clone());
        (!matches!(value, Value::Unknown(_))).then_some(value)
    }

    /// The value of a local with variable defaults standing in for variables (for loop bounds);
    /// not cached, since it differs from the local's value proper.
    fn local_with_var_defaults(&self, name: &str) -> Option<Value> {
        let def = self.locals.get(name)?;
        if *self.depth.borrow() >= MAX_LOCAL_DEPTH {
            return None;
        }
        *self.depth.borrow_mut() += 1;
        let env = Env {
            bindings: Vec::new(),
            use_var_defaults: true,
        };
        let value = self.eval(def.expr, def.chunk, &env);
        *self.depth.borrow_mut() -= 1;
        (!matches!(value, Value::Unknown(_))).then_some(value)
    }

    /// The value of an expression found in `chunk`.
    pub fn eval(&self, expr: &Expression, chunk: &Chunk<'_>, env: &Env) -> Value {
        let unknown = || Value::Unknown(chunk.source(expr.span()).to_string());
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => match n.value().as_f64() {
                Some(f) => Value::Num(f),
                None => unknown(),
            },
            Expression::String(s) => Value::Str(s.value().to_string()),
            Expression::Array(items) => {
                Value::List(items.iter().map(|e| self.eval(e, chunk, env)).collect())
            }
            Expression::Object(object) => Value::Map(
                object
                    .iter()
                    .map(|(key, value)| {
                        let key = match key {
                            ObjectKey::Ident(ident) => ident.value().to_string(),
                            ObjectKey::Expression(e) => match self.eval(e, chunk, env) {
                                Value::Str(s) => s,
                                _ => chunk.source(e.span()).to_string(),
                            },
                        };
                        (key, self.eval(value.expr(), chunk, env))
                    })
                    .collect(),
            ),
            Expression::StringTemplate(t) => self.template(t, chunk, env),
            Expression::HeredocTemplate(h) => {
                let text = self.template(&h.template, chunk, env);
                crate::embedded_json::parse(&text).unwrap_or(text)
            }
            Expression::Parenthesis(p) => self.eval(p.inner(), chunk, env),
            Expression::Variable(v) => env
                .lookup(v.value().as_str())
                .cloned()
                .unwrap_or_else(unknown),
            Expression::Conditional(c) => match self.eval(&c.cond_expr, chunk, env) {
                Value::Bool(true) => self.eval(&c.true_expr, chunk, env),
                Value::Bool(false) => self.eval(&c.false_expr, chunk, env),
                _ => unknown(),
            },
            Expression::FuncCall(call) => {
                let name = call.name.name.value().as_str();
                if !call.name.namespace.is_empty() {
                    return unknown();
                }
                let args: Vec<(Value, &Expression)> = call
                    .args
                    .iter()
                    .map(|a| (self.eval(a, chunk, env), a))
                    .collect();
                crate::functions::call(name, &args, chunk).unwrap_or_else(unknown)
            }
            Expression::Traversal(t) => {
                let steps: Vec<Step> = t
                    .operators
                    .iter()
                    .map(|op| match op.value() {
                        TraversalOperator::GetAttr(ident) => Step::Attr(ident.value().to_string()),
                        TraversalOperator::Index(e) => Step::Index(
                            self.eval(e, chunk, env),
                            chunk.source(e.span()).to_string(),
                        ),
                        TraversalOperator::LegacyIndex(n) => {
                            Step::Index(Value::Num(*n.value() as f64), n.value().to_string())
                        }
                        TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                            Step::Splat
                        }
                    })
                    .collect();
                match &t.expr {
                    Expression::Variable(root) => self
                        .reference(root.value().as_str(), &steps, env)
                        .unwrap_or_else(unknown),
                    other => {
                        apply_steps(self.eval(other, chunk, env), &steps).unwrap_or_else(unknown)
                    }
                }
            }
            Expression::UnaryOp(op) => {
                match (op.operator.value(), self.eval(&op.expr, chunk, env)) {
                    (UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOperator::Neg, Value::Num(n)) => Value::Num(-n),
                    _ => unknown(),
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(&op.lhs_expr, chunk, env);
                let rhs = self.eval(&op.rhs_expr, chunk, env);
                binary(*op.operator.value(), &lhs, &rhs).unwrap_or_else(unknown)
            }
            Expression::ForExpr(for_expr) => {
                self.for_expr(for_expr, chunk, env).unwrap_or_else(unknown)
            }
        }
    }

    /// A `for` expression over a known list or map: `[for s in local.subnets : s.cidr]`,
    /// `{ for k, v in local.map : k => v.name if v.enabled }`. `None` when the collection, a
    /// condition or an object key is not known.
    fn for_expr(&self, for_expr: &ForExpr, chunk: &Chunk<'_>, env: &Env) -> Option<Value> {
        let intro = &for_expr.intro;
        let pairs: Vec<(Value, Value)> = match self.eval(&intro.collection_expr, chunk, env) {
            Value::List(items) if items.len() <= MAX_EXPANSION => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Num(i as f64), v))
                .collect(),
            Value::Map(entries) if entries.len() <= MAX_EXPANSION => entries
                .into_iter()
                .map(|(k, v)| (Value::Str(k), v))
                .collect(),
            _ => return None,
        };
        let mut list = Vec::new();
        let mut object: Vec<(String, Value)> = Vec::new();
        for (key, value) in pairs {
            let mut inner = env.clone();
            if let Some(key_var) = &intro.key_var {
                inner = inner.with(key_var.value().as_str(), key);
            }
            inner = inner.with(intro.value_var.value().as_str(), value);
            if let Some(cond) = &for_expr.cond {
                match self.eval(&cond.expr, chunk, &inner) {
                    Value::Bool(true) => {}
                    Value::Bool(false) => continue,
                    _ => return None,
                }
            }
            let item = self.eval(&for_expr.value_expr, chunk, &inner);
            match &for_expr.key_expr {
                None => list.push(item),
                Some(key_expr) => {
                    let key = match self.eval(key_expr, chunk, &inner) {
                        Value::Str(s) => s,
                        Value::Num(n) => crate::functions::number_text(n),
                        Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    match object.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, Value::List(group))) if for_expr.grouping => group.push(item),
                        Some(slot) => slot.1 = item,
                        None if for_expr.grouping => object.push((key, Value::List(vec![item]))),
                        None => object.push((key, item)),
                    }
                }
            }
        }
        Some(match for_expr.key_expr {
            None => Value::List(list),
            Some(_) => Value::Map(object),
        })
    }

    /// A traversal rooted at a name: a loop binding, a variable, a local, or an address.
    fn reference(&self, root: &str, steps: &[Step], env: &Env) -> Option<Value> {
        let first = match steps.first() {
            Some(Step::Attr(a)) => Some(a.as_str()),
            _ => None,
        };
        // A `for` expression's variable (`s` in `[for s in list : s.id]`).
        if let Some(value) = env.lookup(root) {
            if let Some(v) = apply_steps(value.clone(), steps) {
                return Some(v);
            }
        }
        // Loop bindings: `count.index`, `each.key`, `each.value`, `<iterator>.value`.
        if let Some(attr) = first {
            let bound = format!("{root}.{attr}");
            if let Some(value) = env.lookup(&bound) {
                if let Some(v) = apply_steps(value.clone(), &steps[1..]) {
                    return Some(v);
                }
            }
        }
        match (root, first) {
            ("var", Some(name)) => {
                if env.use_var_defaults {
                    if let Some(v) = self.var_defaults.get(name) {
                        if let Some(v) = apply_steps(v.clone(), &steps[1..]) {
                            return Some(v);
                        }
                    }
                }
                Some(reference(format!("var.{name}"), &steps[1..]))
            }
            ("local", Some(name)) => {
                let value = if env.use_var_defaults {
                    self.local_with_var_defaults(name)
                } else {
                    self.local(name)
                };
                if let Some(v) = value {
                    if let Some(v) = apply_steps(v, &steps[1..]) {
                        return Some(v);
                    }
                }
                Some(reference(format!("local.{name}"), &steps[1..]))
            }
            ("data", Some(kind)) => match steps.get(1) {
                Some(Step::Attr(label)) => {
                    if let Some(v) =
                        self.instance_list(&format!("data.{kind}.{label}"), &steps[2..])
                    {
                        return Some(v);
                    }
                    let (address, rest) =
                        address_with_index(format!("data.{kind}.{label}"), &steps[2..]);
                    Some(reference(address, rest))
                }
                _ => Some(reference(format!("data.{kind}"), &steps[1..])),
            },
            ("module", Some(name)) => {
                let (address, rest) = address_with_index(format!("module.{name}"), &steps[1..]);
                Some(reference(address, rest))
            }
            ("count" | "each" | "self" | "path" | "terraform", Some(attr)) => {
                Some(reference(format!("{root}.{attr}"), &steps[1..]))
            }
            (kind, Some(label)) => {
                if let Some(v) = self.instance_list(&format!("{kind}.{label}"), &steps[1..]) {
                    return Some(v);
                }
                let (address, rest) = address_with_index(format!("{kind}.{label}"), &steps[1..]);
                Some(reference(address, rest))
            }
            _ => None,
        }
    }

    /// A looped resource referred to as a whole (`aws_subnet.public`) or through a splat
    /// (`aws_subnet.public[*].id`): the list of its instances' references, when its loop is known.
    fn instance_list(&self, address: &str, steps: &[Step]) -> Option<Value> {
        let rest = match steps.first() {
            None => &steps[..0],
            Some(Step::Splat) => &steps[1..],
            Some(_) => return None,
        };
        let instances = self.instances.borrow();
        let keys = instances.get(address)?;
        let instance = |key: &String| reference(format!("{address}{key}"), rest);
        // A `for_each` resource as a whole is a map by key; a `count` one a list.
        let by_key = keys.iter().all(|k| k.starts_with("[\""));
        Some(if by_key && !keys.is_empty() {
            Value::Map(
                keys.iter()
                    .map(|k| {
                        (
                            k.trim_start_matches("[\"")
                                .trim_end_matches("\"]")
                                .to_string(),
                            instance(k),
                        )
                    })
                    .collect(),
            )
        } else {
            Value::List(keys.iter().map(instance).collect())
        })
    }

    fn template(&self, template: &Template, chunk: &Chunk<'_>, env: &Env) -> Value {
        let elements: Vec<&Element> = template.iter().collect();
        if let [Element::Interpolation(only)] = elements.as_slice() {
            return match self.eval(&only.expr, chunk, env) {
                Value::Unknown(_) => Value::Template(vec![TemplatePart::Placeholder(
                    chunk.source(only.expr.span()).to_string(),
                )]),
                v => v,
            };
        }
        let mut parts = Vec::new();
        for element in elements {
            match element {
                Element::Literal(text) => parts.push(TemplatePart::Text(text.value().to_string())),
                Element::Interpolation(i) => {
                    let source = chunk.source(i.expr.span()).to_string();
                    push_parts(&mut parts, self.eval(&i.expr, chunk, env), source);
                }
                Element::Directive(d) => parts.push(TemplatePart::Placeholder(
                    chunk.source(d.span()).to_string(),
                )),
            }
        }
        from_parts(parts)
    }
}

/// `target` with the remaining steps as its attribute path.
fn reference(target: String, steps: &[Step]) -> Value {
    let mut attribute = String::new();
    for step in steps {
        match step {
            Step::Attr(a) => {
                if !attribute.is_empty() {
                    attribute.push('.');
                }
                attribute.push_str(a);
            }
            Step::Index(v, source) => attribute.push_str(&index_text(v, source)),
            Step::Splat => attribute.push_str("[*]"),
        }
    }
    Value::Ref {
        target,
        attribute: (!attribute.is_empty()).then_some(attribute),
    }
}

/// An address followed by the index written on it (`aws_subnet.s[0]`), and the steps after.
fn address_with_index(mut address: String, steps: &[Step]) -> (String, &[Step]) {
    match steps.first() {
        Some(Step::Index(v, source)) => {
            address.push_str(&index_text(v, source));
            (address, &steps[1..])
        }
        Some(Step::Splat) => {
            address.push_str("[*]");
            (address, &steps[1..])
        }
        _ => (address, steps),
    }
}

fn index_text(value: &Value, source: &str) -> String {
    match value {
        Value::Num(n) => format!("[{}]", crate::functions::number_text(*n)),
        Value::Str(s) => format!("[\"{s}\"]"),
        _ => format!("[{source}]"),
    }
}

/// Applies attribute and index steps to a known value; `None` when a step cannot be applied.
fn apply_steps(mut value: Value, steps: &[Step]) -> Option<Value> {
    for step in steps {
        value = match (step, value) {
            (Step::Attr(a), v @ Value::Map(_)) => v.get(a)?.clone(),
            (Step::Index(Value::Str(k), _), v @ Value::Map(_)) => v.get(k)?.clone(),
            (Step::Index(Value::Num(n), _), Value::List(items)) => {
                let i = usize::try_from(*n as i64).ok()?;
                items.into_iter().nth(i)?
            }
            // An attribute of a reference is a longer reference (`each.value.id` when
            // `each.value` is `aws_subnet.a["x"]`).
            (step, Value::Ref { target, attribute }) => {
                let mut path = attribute.unwrap_or_default();
                match step {
                    Step::Attr(a) => {
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(a);
                    }
                    Step::Index(v, source) => path.push_str(&index_text(v, source)),
                    Step::Splat => path.push_str("[*]"),
                }
                Value::Ref {
                    target,
                    attribute: Some(path),
                }
            }
            _ => return None,
        };
    }
    Some(value)
}

/// Adds a value to a template: literals as text, templates spliced, references as their name,
/// anything else as the placeholder `source`.
pub(crate) fn push_parts(parts: &mut Vec<TemplatePart>, value: Value, source: String) {
    match value {
        Value::Str(s) => parts.push(TemplatePart::Text(s)),
        Value::Num(n) => parts.push(TemplatePart::Text(crate::functions::number_text(n))),
        Value::Bool(b) => parts.push(TemplatePart::Text(b.to_string())),
        Value::Template(inner) => parts.extend(inner),
        Value::Ref { target, attribute } => {
            parts.push(TemplatePart::Placeholder(match attribute {
                Some(a) if a.starts_with('[') => format!("{target}{a}"),
                Some(a) => format!("{target}.{a}"),
                None => target,
            }))
        }
        _ => parts.push(TemplatePart::Placeholder(source)),
    }
}

/// Joins adjacent text parts; a template without placeholders is a plain string.
pub(crate) fn from_parts(parts: Vec<TemplatePart>) -> Value {
    let mut merged: Vec<TemplatePart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(TemplatePart::Text(prev)), TemplatePart::Text(next)) => prev.push_str(&next),
            (_, TemplatePart::Text(t)) if t.is_empty() => {}
            (_, part) => merged.push(part),
        }
    }
    match merged.as_slice() {
        [] => Value::Str(String::new()),
        [TemplatePart::Text(t)] => Value::Str(t.clone()),
        _ => Value::Template(merged),
    }
}

fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Option<Value> {
    use BinaryOperator::*;
    Some(match (op, lhs, rhs) {
        (Plus, Value::Num(a), Value::Num(b)) => Value::Num(a + b),
        (Minus, Value::Num(a), Value::Num(b)) => Value::Num(a - b),
        (Mul, Value::Num(a), Value::Num(b)) => Value::Num(a * b),
        (Div, Value::Num(a), Value::Num(b)) if *b != 0.0 => Value::Num(a / b),
        (Mod, Value::Num(a), Value::Num(b)) if *b != 0.0 => Value::Num(a % b),
        (Less, Value::Num(a), Value::Num(b)) => Value::Bool(a < b),
        (LessEq, Value::Num(a), Value::Num(b)) => Value::Bool(a <= b),
        (Greater, Value::Num(a), Value::Num(b)) => Value::Bool(a > b),
        (GreaterEq, Value::Num(a), Value::Num(b)) => Value::Bool(a >= b),
        (And, Value::Bool(a), Value::Bool(b)) => Value::Bool(*a && *b),
        (Or, Value::Bool(a), Value::Bool(b)) => Value::Bool(*a || *b),
        (Eq | NotEq, a, b) if is_literal(a) && is_literal(b) => {
            Value::Bool((a == b) == matches!(op, Eq))
        }
        _ => return None,
    })
}

fn is_literal(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_) | Value::Num(_) | Value::Bool(_) | Value::Null
    )
}
