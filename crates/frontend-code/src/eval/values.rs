//! What the evaluator computes for an expression: an IR [`Value`] when the expression is a
//! literal or a template, or one of the program-level things an IR value cannot hold (an SDK
//! path, a declared resource, a program class, an instance of one, ...).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use iacgrade_ir::{TemplatePart, Value};

use crate::ast::{ClassDef, FunctionDef};

pub type ScopeRef = Rc<RefCell<Scope>>;

/// A lexical scope: a module, a function call or a class body.
#[derive(Default)]
pub struct Scope {
    pub vars: HashMap<String, Val>,
    pub parent: Option<ScopeRef>,
    /// Names assigned more than once in this scope: their literal values are not resolved.
    pub reassigned: Rc<std::collections::HashSet<String>>,
}

impl Scope {
    pub fn new_ref(
        parent: Option<ScopeRef>,
        reassigned: Rc<std::collections::HashSet<String>>,
    ) -> ScopeRef {
        Rc::new(RefCell::new(Scope {
            vars: HashMap::new(),
            parent,
            reassigned,
        }))
    }
}

/// Looks a name up through the scope chain.
pub fn lookup(scope: &ScopeRef, name: &str) -> Option<Val> {
    let mut current = Some(scope.clone());
    while let Some(s) = current {
        let b = s.borrow();
        if let Some(v) = b.vars.get(name) {
            return Some(v.clone());
        }
        current = b.parent.clone();
    }
    None
}

/// A name used from an SDK, as the program wrote it and as resolved through its imports.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkRef {
    /// Module as imported followed by the members used, dot-separated
    /// (`pulumi_aws.ec2.Vpc`, `aws-cdk-lib/aws-s3.Bucket`).
    pub path: String,
    /// The source text (`aws.ec2.Vpc`).
    pub text: String,
    /// Resolved from a conventional alias the program never imported (see `crate::implicit`):
    /// no symbol is recorded for it.
    pub implicit: bool,
}

/// An instance of a class the program defines (a component, a stack, an args holder).
pub struct Instance {
    pub class: Rc<ClassDef>,
    pub fields: RefCell<HashMap<String, Val>>,
    /// The component type (`tap:stack:TapStack`) for Pulumi components, the class name for CDK
    /// and CDKTF constructs, once the constructor has called its base.
    pub component: RefCell<Option<String>>,
    /// The logical name the instance was given (its `name` / construct id argument).
    pub logical: RefCell<Option<Value>>,
    /// A CDK/CDKTF construct that is not a stack: construct ids under it are local to it, so
    /// resources created in it are named `<its id>/<id>`.
    pub nests_ids: std::cell::Cell<bool>,
}

/// An evaluated expression.
#[derive(Clone)]
pub enum Val {
    /// A literal or template (never `List`/`Map`: those are [`Val::List`] / [`Val::Dict`]).
    Lit(Value),
    List(Rc<RefCell<Vec<Val>>>),
    Dict(Rc<RefCell<Vec<(String, Val)>>>),
    Sdk(Rc<SdkRef>),
    /// A declared resource (index into the graph's resources).
    Resource(usize),
    /// An attribute read from a declared resource (`vpc.id`, `bucket.bucketArn`).
    ResourceAttr(usize, String),
    /// An explicit provider, by its alias / logical name.
    Provider(String),
    Class(Rc<ClassDef>),
    Function(Rc<FunctionDef>, Option<ScopeRef>),
    Method(Rc<FunctionDef>, Rc<Instance>),
    Instance(Rc<Instance>),
    /// A `pulumi.Config(namespace)` object.
    Config(Option<String>),
    /// A module of the program itself (`import * as stacks from "./stacks"`).
    ProgramModule,
    /// Unknown: the text shown for it (a variable name, or the expression's source).
    Opaque(String),
}

impl Val {
    /// The SDK name, when this is one the program imported.
    pub fn explicit_sdk(&self) -> Option<Rc<SdkRef>> {
        match self {
            Val::Sdk(s) if !s.implicit => Some(s.clone()),
            _ => None,
        }
    }

    pub fn str(s: impl Into<String>) -> Val {
        Val::Lit(Value::Str(s.into()))
    }

    pub fn list(items: Vec<Val>) -> Val {
        Val::List(Rc::new(RefCell::new(items)))
    }

    pub fn dict(entries: Vec<(String, Val)>) -> Val {
        Val::Dict(Rc::new(RefCell::new(entries)))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Lit(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn as_num(&self) -> Option<f64> {
        match self {
            Val::Lit(Value::Num(n)) => Some(*n),
            _ => None,
        }
    }

    /// A string or a template: something a name can be.
    pub fn is_text(&self) -> bool {
        matches!(self, Val::Lit(Value::Str(_)) | Val::Lit(Value::Template(_)))
    }

    /// True for values that a literal-or-template variable resolution may substitute.
    pub fn is_literal(&self) -> bool {
        match self {
            Val::Lit(_) => true,
            Val::List(items) => items.borrow().iter().all(Val::is_literal),
            Val::Dict(entries) => entries.borrow().iter().all(|(_, v)| v.is_literal()),
            _ => false,
        }
    }

    /// The dictionary entry at `key`.
    pub fn dict_get(&self, key: &str) -> Option<Val> {
        match self {
            Val::Dict(entries) => entries
                .borrow()
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// Known truthiness, for conditions that can be decided statically.
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Val::Lit(Value::Bool(b)) => Some(*b),
            Val::Lit(Value::Null) => Some(false),
            Val::Lit(Value::Num(n)) => Some(*n != 0.0),
            Val::Lit(Value::Str(s)) => Some(!s.is_empty()),
            Val::Lit(Value::Template(_)) => Some(true),
            Val::List(items) => Some(!items.borrow().is_empty()),
            Val::Dict(entries) => Some(!entries.borrow().is_empty()),
            Val::Resource(_) | Val::Class(_) | Val::Function(..) | Val::Instance(_) => Some(true),
            _ => None,
        }
    }
}

/// Renders a number the way code writes it (`2`, not `2.0`).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Joins template parts, merging adjacent text; a template with no placeholder is a string.
pub fn make_template(parts: Vec<TemplatePart>) -> Value {
    let mut merged: Vec<TemplatePart> = Vec::with_capacity(parts.len());
    for p in parts {
        match (merged.last_mut(), p) {
            (Some(TemplatePart::Text(last)), TemplatePart::Text(t)) => last.push_str(&t),
            (_, TemplatePart::Text(t)) if t.is_empty() => {}
            (_, p) => merged.push(p),
        }
    }
    if merged.iter().all(|p| matches!(p, TemplatePart::Text(_))) {
        let text = merged
            .into_iter()
            .map(|p| match p {
                TemplatePart::Text(t) => t,
                TemplatePart::Placeholder(_) => String::new(),
            })
            .collect();
        return Value::Str(text);
    }
    Value::Template(merged)
}
