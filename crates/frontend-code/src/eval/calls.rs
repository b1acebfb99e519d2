//! Calls: the program's own functions, methods and classes (followed, with arguments bound),
//! method calls on values (iteration callbacks expanded over known items, resource methods
//! such as `applyRemovalPolicy`), and the dispatch of SDK calls to [`super::record`]; builtins
//! and value methods are in [`super::builtins`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use iacgrade_ir::{SymbolKind, Value};

use super::expr::instance_attribute;
use super::program::{Frame, Interp, MAX_CALL_DEPTH};
use super::stmt::policy_name;
use super::values::{lookup, Instance, ScopeRef, SdkRef, Val};
use crate::ast::*;
use crate::sdk::{classify, SdkItem};

/// Evaluated call arguments.
#[derive(Default, Clone)]
pub(super) struct ArgVals {
    pub positional: Vec<Val>,
    pub keyword: Vec<(String, Val)>,
}

impl ArgVals {
    pub fn kw(&self, name: &str) -> Option<&Val> {
        self.keyword.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    fn all(&self) -> impl Iterator<Item = &Val> {
        self.positional
            .iter()
            .chain(self.keyword.iter().map(|(_, v)| v))
    }
}

impl<'a> Interp<'a> {
    pub(super) fn eval_call(
        &mut self,
        func: &Expr,
        args: &[Arg],
        is_new: bool,
        span: Span,
        scope: &ScopeRef,
    ) -> Val {
        if is_super_init(func) {
            let vals = self.eval_args(args, scope);
            self.super_init(vals, scope);
            return Val::Lit(Value::Null);
        }
        let callee = if let ExprKind::Attr(obj, method) = &func.kind {
            let receiver = self.eval_in(obj, scope, true);
            match receiver {
                Val::Sdk(sdk) => {
                    let path = format!("{}.{method}", sdk.path);
                    let text = format!("{}.{method}", sdk.text);
                    if !sdk.implicit {
                        self.record_symbol(
                            SymbolKind::Member,
                            path.clone(),
                            text.clone(),
                            func.span,
                        );
                    }
                    Val::Sdk(Rc::new(SdkRef {
                        path,
                        text,
                        implicit: sdk.implicit,
                    }))
                }
                other => return self.method_call(other, method, obj, args, span, scope),
            }
        } else {
            self.eval(func, scope)
        };
        let vals = self.eval_args(args, scope);
        match callee {
            Val::Sdk(sdk) => self.sdk_call(&sdk, args, vals, is_new, span, scope),
            Val::Class(c) => self.instantiate(&c, vals, scope, false),
            Val::Function(f, closure) => self.call_function(&f, None, vals, closure, scope, false),
            Val::Method(f, inst) => self.call_function(&f, Some(inst), vals, None, scope, false),
            Val::Opaque(name) => match self.builtin(&name, &vals) {
                Some(v) => v,
                None => {
                    self.walk_callbacks(&vals, scope);
                    Val::Opaque(self.text(span).to_string())
                }
            },
            _ => {
                self.walk_callbacks(&vals, scope);
                Val::Opaque(self.text(span).to_string())
            }
        }
    }

    pub(super) fn eval_args(&mut self, args: &[Arg], scope: &ScopeRef) -> ArgVals {
        let mut out = ArgVals::default();
        for a in args {
            match a {
                Arg::Positional(e) => {
                    let v = self.eval(e, scope);
                    out.positional.push(v);
                }
                Arg::Keyword(k, e) => {
                    let v = self.eval(e, scope);
                    out.keyword.push((k.clone(), v));
                }
                Arg::Splat(e) => match self.eval(e, scope) {
                    Val::List(l) => out.positional.extend(l.borrow().iter().cloned()),
                    _ => out
                        .positional
                        .push(Val::Opaque(self.text(e.span).to_string())),
                },
                Arg::KeywordSplat(e) => match self.eval(e, scope) {
                    Val::Dict(d) => out.keyword.extend(d.borrow().iter().cloned()),
                    _ => {
                        let t = self.text(e.span).to_string();
                        out.keyword.push((format!("**{t}"), Val::Opaque(t)));
                    }
                },
            }
        }
        out
    }

    /// Runs callbacks passed to calls the evaluator cannot follow (`.apply(lambda ...)`,
    /// `Output.all(...).apply(...)`), once, with unknown arguments.
    pub(super) fn walk_callbacks(&mut self, vals: &ArgVals, scope: &ScopeRef) {
        let callbacks: Vec<(Rc<FunctionDef>, Option<ScopeRef>)> = vals
            .all()
            .filter_map(|v| match v {
                Val::Function(f, closure) => Some((f.clone(), closure.clone())),
                _ => None,
            })
            .collect();
        for (f, closure) in callbacks {
            self.call_function(&f, None, ArgVals::default(), closure, scope, true);
        }
    }

    /// Calls a function or method of the program. `standalone`: arguments are unknown (a
    /// definition nothing reached, or a callback).
    pub(super) fn call_function(
        &mut self,
        f: &Rc<FunctionDef>,
        instance: Option<Rc<Instance>>,
        vals: ArgVals,
        closure: Option<ScopeRef>,
        caller: &ScopeRef,
        standalone: bool,
    ) -> Val {
        if self.call_stack.contains(&f.id)
            || self.call_stack.len() >= MAX_CALL_DEPTH
            || self.exhausted
        {
            return Val::Opaque(f.name.clone());
        }
        self.reached.insert(f.id);
        let parent = closure
            .or_else(|| self.module_scopes.get(f.span.file as usize).cloned())
            .unwrap_or_else(|| caller.clone());
        let scope = self.call_scope(f, &parent);
        let mut params: &[Param] = &f.params;
        if let Some(inst) = &instance {
            scope
                .borrow_mut()
                .vars
                .insert("#self".into(), Val::Instance(inst.clone()));
            if let Some(owner) = owning_class(inst, f, self) {
                scope
                    .borrow_mut()
                    .vars
                    .insert("#class".into(), Val::Class(owner));
            }
            // Python methods name their receiver explicitly.
            if let Some(first) = params.first() {
                if let Pattern::Name(n) = &first.pattern {
                    if n == "self" || n == "cls" {
                        scope
                            .borrow_mut()
                            .vars
                            .insert(n.clone(), Val::Instance(inst.clone()));
                        params = &params[1..];
                    }
                }
            }
            self.frames.push(Frame::Instance(inst.clone()));
        }
        if standalone {
            for p in params {
                self.bind_opaque(&p.pattern, &scope);
            }
        } else {
            self.bind_args(params, vals, &scope);
        }
        self.call_stack.push(f.id);
        self.exec_block(&f.body, &scope);
        self.call_stack.pop();
        if instance.is_some() {
            self.frames.pop();
        }
        let result = scope.borrow().vars.get("#return").cloned();
        result.unwrap_or(Val::Lit(Value::Null))
    }

    fn bind_args(&mut self, params: &[Param], vals: ArgVals, scope: &ScopeRef) {
        let mut positional = vals.positional.into_iter();
        let mut keyword = vals.keyword;
        for p in params {
            if p.rest {
                let rest: Vec<Val> = positional.by_ref().collect();
                self.bind_pattern(&p.pattern, Val::list(rest), scope);
                continue;
            }
            if p.keyword_rest {
                let rest = std::mem::take(&mut keyword);
                self.bind_pattern(&p.pattern, Val::dict(rest), scope);
                continue;
            }
            let name = match &p.pattern {
                Pattern::Name(n) => Some(n.as_str()),
                _ => None,
            };
            let by_name = name.and_then(|n| keyword.iter().position(|(k, _)| k == n));
            let value = match by_name {
                Some(i) => Some(keyword.remove(i).1),
                None => positional.next(),
            };
            let value = match (value, &p.default) {
                (Some(v), _) => v,
                (None, Some(d)) => self.eval(d, scope),
                (None, None) => {
                    self.bind_opaque(&p.pattern, scope);
                    continue;
                }
            };
            self.bind_pattern(&p.pattern, value, scope);
        }
    }

    /// `X(...)` / `new X(...)` for a class of the program.
    pub(super) fn instantiate(
        &mut self,
        class: &Rc<ClassDef>,
        vals: ArgVals,
        scope: &ScopeRef,
        standalone: bool,
    ) -> Val {
        // A class whose construction constructs itself (a field `x = new A()` in A) stops here.
        if self.call_stack.contains(&class.id) || self.call_stack.len() >= MAX_CALL_DEPTH {
            return Val::Opaque(class.name.clone());
        }
        self.call_stack.push(class.id);
        let v = self.instantiate_unguarded(class, vals, scope, standalone);
        self.call_stack.pop();
        v
    }

    fn instantiate_unguarded(
        &mut self,
        class: &Rc<ClassDef>,
        vals: ArgVals,
        scope: &ScopeRef,
        standalone: bool,
    ) -> Val {
        self.reached.insert(class.id);
        let inst = Rc::new(Instance {
            class: class.clone(),
            fields: RefCell::new(HashMap::new()),
            component: RefCell::new(None),
            logical: RefCell::new(None),
            nests_ids: std::cell::Cell::new(false),
        });
        self.last_instance.insert(class.id, inst.clone());
        let module = self
            .module_scopes
            .get(class.span.file as usize)
            .cloned()
            .unwrap_or_else(|| scope.clone());
        // Class-level fields (Python class attributes, TypeScript property initialisers).
        if !class.fields.is_empty() {
            let field_scope =
                super::values::Scope::new_ref(Some(module.clone()), Default::default());
            field_scope
                .borrow_mut()
                .vars
                .insert("#self".into(), Val::Instance(inst.clone()));
            for (name, value) in &class.fields {
                if let Some(e) = value {
                    let v = self.eval(e, &field_scope);
                    inst.fields.borrow_mut().insert(name.clone(), v);
                }
            }
        }
        match find_method(class, &["__init__", "constructor"], self) {
            Some(ctor) => {
                self.call_function(&ctor, Some(inst.clone()), vals, None, scope, standalone);
            }
            None if !standalone => {
                // A dataclass-like holder: arguments fill the declared fields in order.
                let mut positional = vals.positional.into_iter();
                for (name, _) in &class.fields {
                    let v = vals
                        .keyword
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .or_else(|| positional.next());
                    if let Some(v) = v {
                        inst.fields.borrow_mut().insert(name.clone(), v);
                    }
                }
            }
            None => {}
        }
        Val::Instance(inst)
    }

    /// `super().__init__(...)` / `super(...)`: the base's constructor. For SDK bases this is
    /// where a component learns its type and name, and a stack its region.
    fn super_init(&mut self, vals: ArgVals, scope: &ScopeRef) {
        let Some(Val::Instance(inst)) = lookup(scope, "#self") else {
            return;
        };
        let class = match lookup(scope, "#class") {
            Some(Val::Class(c)) => c,
            _ => inst.class.clone(),
        };
        let module = self
            .module_scopes
            .get(class.span.file as usize)
            .cloned()
            .unwrap_or_else(|| scope.clone());
        for base in &class.bases {
            match self.eval(base, &module) {
                Val::Class(parent) if parent.id != class.id => {
                    if let Some(ctor) = find_method(&parent, &["__init__", "constructor"], self) {
                        self.call_function(
                            &ctor,
                            Some(inst.clone()),
                            vals.clone(),
                            None,
                            scope,
                            false,
                        );
                    }
                    return;
                }
                Val::Sdk(sdk) => {
                    self.sdk_base_init(&inst, &class, &sdk, &vals);
                    return;
                }
                _ => {}
            }
        }
    }

    fn sdk_base_init(
        &mut self,
        inst: &Rc<Instance>,
        class: &Rc<ClassDef>,
        sdk: &SdkRef,
        vals: &ArgVals,
    ) {
        let id_arg = vals
            .positional
            .get(1)
            .or_else(|| vals.kw("id"))
            .or_else(|| vals.kw("construct_id"))
            .or_else(|| vals.kw("name"));
        let logical = id_arg.map(|v| self.to_value(v));
        match classify(&sdk.path) {
            SdkItem::PulumiCore(member) if member.ends_with("ComponentResource") => {
                let component = vals
                    .positional
                    .first()
                    .or_else(|| vals.kw("t"))
                    .map(|v| self.to_value(v).render())
                    .unwrap_or_else(|| class.name.clone());
                *inst.component.borrow_mut() = Some(component);
                *inst.logical.borrow_mut() = logical;
            }
            SdkItem::Cdk { class: base, .. } => {
                *inst.component.borrow_mut() = Some(class.name.clone());
                *inst.logical.borrow_mut() = logical.clone();
                inst.nests_ids
                    .set(!base.ends_with("Stack") && !base.ends_with("Stage"));
                if base == "Stack" || base == "NestedStack" {
                    let props = vals.positional.get(2).cloned();
                    let env = props
                        .as_ref()
                        .and_then(|p| p.dict_get("env"))
                        .or_else(|| vals.kw("env").cloned());
                    if let Some(env) = env {
                        let region = env.dict_get("region").map(|r| self.to_value(&r));
                        let span = self.source_span(class.span);
                        self.graph.providers.push(iacgrade_ir::Provider {
                            name: "aws".into(),
                            region,
                            alias: logical.map(|l| l.render()),
                            span,
                        });
                    }
                }
            }
            SdkItem::CdktfCore(_) | SdkItem::Other => {
                *inst.component.borrow_mut() = Some(class.name.clone());
                *inst.logical.borrow_mut() = logical;
                // `constructs.Construct` (CDK or CDKTF) nests ids; `TerraformStack` does not.
                inst.nests_ids.set(sdk.path.ends_with("Construct"));
            }
            _ => {}
        }
    }

    /// `receiver.method(...)` where the receiver is not an SDK path.
    fn method_call(
        &mut self,
        receiver: Val,
        method: &str,
        obj: &Expr,
        args: &[Arg],
        span: Span,
        scope: &ScopeRef,
    ) -> Val {
        // Context reads are parameters whatever the receiver (`this.node.tryGetContext("env")`).
        if method == "tryGetContext" || method == "try_get_context" {
            let vals = self.eval_args(args, scope);
            if let Some(key) = vals.positional.first().and_then(Val::as_str) {
                self.push_parameter(key.to_string());
            }
            return Val::Opaque(self.text(span).to_string());
        }
        match &receiver {
            Val::Instance(inst) => {
                let vals = self.eval_args(args, scope);
                match instance_attribute(inst, method, self) {
                    Some(Val::Method(f, i)) => {
                        return self.call_function(&f, Some(i), vals, None, scope, false)
                    }
                    Some(Val::Function(f, closure)) => {
                        return self.call_function(&f, None, vals, closure, scope, false)
                    }
                    Some(Val::Class(c)) => return self.instantiate(&c, vals, scope, false),
                    _ => {
                        self.walk_callbacks(&vals, scope);
                        return Val::Opaque(self.text(span).to_string());
                    }
                }
            }
            Val::Class(c) => {
                let vals = self.eval_args(args, scope);
                if let Some(m) = find_method(c, &[method], self) {
                    return self.call_function(&m, None, vals, None, scope, false);
                }
                self.walk_callbacks(&vals, scope);
                return Val::Opaque(self.text(span).to_string());
            }
            Val::ProgramModule => {
                let vals = self.eval_args(args, scope);
                if let Some(v) = self.static_builtin(self.text(obj.span), method, &vals) {
                    return v;
                }
                match self.resolve_name(method, scope) {
                    Some(Val::Class(c)) => return self.instantiate(&c, vals, scope, false),
                    Some(Val::Function(f, closure)) => {
                        return self.call_function(&f, None, vals, closure, scope, false)
                    }
                    _ => {
                        self.walk_callbacks(&vals, scope);
                        return Val::Opaque(self.text(span).to_string());
                    }
                }
            }
            Val::Config(namespace) => {
                let vals = self.eval_args(args, scope);
                if method.starts_with("get") || method.starts_with("require") {
                    if let Some(key) = vals.positional.first().and_then(Val::as_str) {
                        let name = match namespace {
                            Some(ns) if !key.contains(':') => format!("{ns}:{key}"),
                            _ => key.to_string(),
                        };
                        self.push_parameter(name);
                    }
                }
                return Val::Opaque(self.text(span).to_string());
            }
            _ => {}
        }
        // Iteration with a callback: expanded over known items.
        if matches!(method, "forEach" | "map" | "flatMap" | "for_each") {
            if let Some(Arg::Positional(cb)) = args.first() {
                let callback = self.eval(cb, scope);
                if let Val::Function(f, closure) = callback {
                    return self.iterate_callback(
                        &receiver,
                        &f,
                        closure,
                        method != "forEach",
                        obj,
                        scope,
                    );
                }
            }
        }
        let vals = self.eval_args(args, scope);
        if let Some(v) = self.value_method(&receiver, method, &vals, obj, span, scope) {
            return v;
        }
        if let Val::Opaque(_) = receiver {
            if let Some(v) = self.static_builtin(self.text(obj.span), method, &vals) {
                return v;
            }
        }
        match &receiver {
            Val::Resource(index) | Val::ResourceAttr(index, _) => {
                let index = *index;
                match method {
                    "applyRemovalPolicy" | "apply_removal_policy" => {
                        if let Some(p) = vals.positional.first() {
                            let policy = policy_name(&self.to_value(p));
                            self.set_resource_option(index, "removal_policy", policy);
                        }
                    }
                    "addDependency" | "add_dependency" | "addDependsOn" | "add_depends_on" => {
                        let deps: Vec<Value> =
                            vals.positional.iter().map(|v| self.to_value(v)).collect();
                        self.add_dependencies(index, deps);
                    }
                    _ => {
                        if let Some(v) =
                            self.cdk_method_resource(&receiver, index, method, &vals, span)
                        {
                            self.walk_callbacks(&vals, scope);
                            return v;
                        }
                    }
                }
            }
            Val::Sdk(_) => {}
            _ => {}
        }
        self.walk_callbacks(&vals, scope);
        Val::Opaque(self.text(span).to_string())
    }

    fn add_dependencies(&mut self, index: usize, deps: Vec<Value>) {
        let existing = self
            .graph
            .resources
            .get(index)
            .and_then(|r| r.options.iter().find(|(k, _)| k == "depends_on"))
            .map(|(_, v)| v.clone());
        let mut list = match existing {
            Some(Value::List(l)) => l,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        list.extend(deps);
        self.set_resource_option(index, "depends_on", Value::List(list));
    }

    /// `items.forEach((x, i) => ...)` / `items.map(...)`: one call per known item, else once
    /// with unknown arguments as an unexpanded loop.
    fn iterate_callback(
        &mut self,
        receiver: &Val,
        f: &Rc<FunctionDef>,
        closure: Option<ScopeRef>,
        collect: bool,
        obj: &Expr,
        scope: &ScopeRef,
    ) -> Val {
        match self.iteration_items(receiver) {
            Some(items) => {
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let vals = ArgVals {
                        positional: vec![item, Val::Lit(Value::Num(i as f64))],
                        keyword: Vec::new(),
                    };
                    self.frames.push(Frame::Iteration(i));
                    let v = self.call_function(f, None, vals, closure.clone(), scope, false);
                    self.frames.pop();
                    out.push(v);
                }
                if collect {
                    Val::list(out)
                } else {
                    Val::Lit(Value::Null)
                }
            }
            None => {
                self.frames
                    .push(Frame::Loop(self.text(obj.span).to_string()));
                self.call_function(f, None, ArgVals::default(), closure, scope, true);
                self.frames.pop();
                Val::Opaque(format!("{}.map(...)", self.text(obj.span)))
            }
        }
    }
}

fn is_super_init(func: &Expr) -> bool {
    match &func.kind {
        ExprKind::Super => true,
        ExprKind::Attr(obj, name) if name == "__init__" => matches!(
            &obj.kind,
            ExprKind::Call { func, .. } if matches!(&func.kind, ExprKind::Name(n) if n == "super")
        ),
        _ => false,
    }
}

/// A method by name, through the program's own base classes.
pub(super) fn find_method(
    class: &Rc<ClassDef>,
    names: &[&str],
    interp: &Interp,
) -> Option<Rc<FunctionDef>> {
    let mut current = class.clone();
    for _ in 0..16 {
        for n in names {
            if let Some(m) = current.method(n) {
                return Some(m.clone());
            }
        }
        let parent = current.bases.iter().find_map(|b| match &b.kind {
            ExprKind::Name(n) => interp.classes.get(n).cloned(),
            _ => None,
        })?;
        if parent.id == current.id {
            return None;
        }
        current = parent;
    }
    None
}

/// The class in an instance's ancestry that defines `f`.
fn owning_class(inst: &Rc<Instance>, f: &FunctionDef, interp: &Interp) -> Option<Rc<ClassDef>> {
    let mut current = inst.class.clone();
    for _ in 0..16 {
        if current.methods.iter().any(|m| m.id == f.id) {
            return Some(current);
        }
        let parent = current.bases.iter().find_map(|b| match &b.kind {
            ExprKind::Name(n) => interp.classes.get(n).cloned(),
            _ => None,
        })?;
        if parent.id == current.id {
            return None;
        }
        current = parent;
    }
    None
}
