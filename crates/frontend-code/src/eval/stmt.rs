//! Statement execution: assignments, imports, loops (expanded when their items are known), `if`
//! branches, returns, and the declarations that bind functions and classes.

use std::rc::Rc;

use iacgrade_ir::{SymbolKind, Value};

use super::program::{Frame, Interp};
use super::values::{Scope, ScopeRef, SdkRef, Val};
use crate::ast::*;
use crate::sdk::is_sdk_module;

/// Whether a block ran to its end or returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Normal,
    Return,
}

impl<'a> Interp<'a> {
    pub(super) fn exec_block(&mut self, body: &[Stmt], scope: &ScopeRef) -> Flow {
        for stmt in body {
            if self.exhausted {
                return Flow::Return;
            }
            if self.exec_stmt(stmt, scope) == Flow::Return {
                return Flow::Return;
            }
        }
        Flow::Normal
    }

    fn exec_stmt(&mut self, stmt: &Stmt, scope: &ScopeRef) -> Flow {
        if !self.step() {
            return Flow::Return;
        }
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.eval(e, scope);
            }
            StmtKind::Assign { target, value } => {
                let v = self.eval(value, scope);
                self.assign(target, v, scope);
            }
            StmtKind::ExportConst { name, value } => {
                let v = self.eval(value, scope);
                if self.pulumi_files.contains(&stmt.span.file) {
                    let value = self.to_value(&v);
                    self.push_output(name.clone(), value, stmt.span);
                }
                self.assign_name(name, v, scope);
            }
            StmtKind::AugAssign { target, value } => {
                self.eval(value, scope);
                if let Pattern::Name(n) = target {
                    scope
                        .borrow_mut()
                        .vars
                        .insert(n.clone(), Val::Opaque(n.clone()));
                }
            }
            StmtKind::Declare(p) => self.bind_opaque(p, scope),
            StmtKind::For { target, iter, body } => {
                let iterable = self.eval(iter, scope);
                match self.iteration_items(&iterable) {
                    Some(items) => {
                        for (i, item) in items.into_iter().enumerate() {
                            self.bind_pattern(target, item, scope);
                            self.frames.push(Frame::Iteration(i));
                            let flow = self.exec_block(body, scope);
                            self.frames.pop();
                            if flow == Flow::Return {
                                return Flow::Return;
                            }
                        }
                    }
                    None => {
                        self.bind_opaque(target, scope);
                        self.frames
                            .push(Frame::Loop(self.text(iter.span).to_string()));
                        self.exec_block(body, scope);
                        self.frames.pop();
                    }
                }
            }
            StmtKind::CountingFor {
                var,
                start,
                bound,
                inclusive,
                body,
            } => {
                let start_v = self.eval(start, scope).as_num();
                let bound_v = self.eval(bound, scope).as_num();
                match (start_v, bound_v) {
                    (Some(a), Some(b))
                        if a.fract() == 0.0
                            && b.fract() == 0.0
                            && (b - a) <= super::expr::MAX_EXPANSION as f64 =>
                    {
                        let end = if *inclusive { b as i64 + 1 } else { b as i64 };
                        for (i, n) in (a as i64..end).enumerate() {
                            scope
                                .borrow_mut()
                                .vars
                                .insert(var.clone(), Val::Lit(Value::Num(n as f64)));
                            self.frames.push(Frame::Iteration(i));
                            let flow = self.exec_block(body, scope);
                            self.frames.pop();
                            if flow == Flow::Return {
                                return Flow::Return;
                            }
                        }
                    }
                    _ => {
                        scope
                            .borrow_mut()
                            .vars
                            .insert(var.clone(), Val::Opaque(var.clone()));
                        self.frames
                            .push(Frame::Loop(self.text(bound.span).to_string()));
                        self.exec_block(body, scope);
                        self.frames.pop();
                    }
                }
            }
            StmtKind::OpaqueLoop { body } => {
                self.frames.push(Frame::Loop(
                    self.text(stmt.span)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                ));
                self.exec_block(body, scope);
                self.frames.pop();
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => return self.exec_if(cond, then, otherwise, scope),
            StmtKind::Block(body) => return self.exec_block(body, scope),
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => self.eval(e, scope),
                    None => Val::Lit(Value::Null),
                };
                let mut s = scope.borrow_mut();
                let keep = match s.vars.get("#return") {
                    None => true,
                    Some(Val::Lit(Value::Null)) | Some(Val::Opaque(_)) => {
                        !matches!(v, Val::Lit(Value::Null))
                    }
                    Some(_) => false,
                };
                if keep {
                    s.vars.insert("#return".into(), v);
                }
                return Flow::Return;
            }
            StmtKind::Function(f) => {
                scope.borrow_mut().vars.insert(
                    f.name.clone(),
                    Val::Function(f.clone(), Some(scope.clone())),
                );
            }
            StmtKind::Class(c) => {
                scope
                    .borrow_mut()
                    .vars
                    .insert(c.name.clone(), Val::Class(c.clone()));
            }
            StmtKind::Import(bindings) => self.import(bindings, stmt.span, scope, true),
            StmtKind::Pass => {}
        }
        Flow::Normal
    }

    fn exec_if(
        &mut self,
        cond: &Expr,
        then: &[Stmt],
        otherwise: &[Stmt],
        scope: &ScopeRef,
    ) -> Flow {
        let c = self.eval(cond, scope);
        match c.truthy() {
            Some(true) => self.exec_block(then, scope),
            Some(false) => self.exec_block(otherwise, scope),
            None => {
                let text = self.text(cond.span).trim().to_string();
                // The entry-point guard is not a condition on resources.
                let record = !text.contains("__name__");
                if record {
                    self.frames.push(Frame::Condition(text.clone()));
                }
                let a = self.exec_block(then, scope);
                if record {
                    self.frames.pop();
                    self.frames.push(Frame::Condition(format!("not ({text})")));
                }
                let b = self.exec_block(otherwise, scope);
                if record {
                    self.frames.pop();
                }
                if a == Flow::Return && b == Flow::Return {
                    Flow::Return
                } else {
                    Flow::Normal
                }
            }
        }
    }

    /// Binds an assignment target.
    pub(super) fn assign(&mut self, target: &Pattern, value: Val, scope: &ScopeRef) {
        match target {
            Pattern::Name(n) => self.assign_name(n, value, scope),
            Pattern::Attribute(obj, attr) => {
                let base = self.eval(obj, scope);
                match base {
                    Val::Instance(inst) => {
                        let value = match value {
                            Val::Opaque(_) => {
                                Val::Opaque(format!("{}.{attr}", self.text(obj.span)))
                            }
                            v => v,
                        };
                        inst.fields.borrow_mut().insert(attr.clone(), value);
                    }
                    Val::ResourceAttr(index, a) if a == "cfnOptions" || a == "cfn_options" => {
                        let key = match attr.as_str() {
                            "deletionPolicy" | "deletion_policy" => "DeletionPolicy",
                            "updateReplacePolicy" | "update_replace_policy" => {
                                "UpdateReplacePolicy"
                            }
                            _ => return,
                        };
                        let policy = policy_name(&self.to_value(&value));
                        self.set_resource_option(index, key, policy);
                    }
                    _ => {}
                }
            }
            Pattern::Index(container, key) => self.assign_entry(container, key, value, scope),
            Pattern::Tuple(_) | Pattern::Object(_) => self.bind_pattern(target, value, scope),
            Pattern::Ignored => {}
        }
    }

    /// `d[key] = value` / `xs[i] = value`: a known key of a known dictionary is set (a known
    /// index of a known list replaced); any other entry makes the container's contents unknown,
    /// so loops over it later run once as unexpanded loops instead of over what it held before.
    fn assign_entry(&mut self, container: &Expr, key: &Expr, value: Val, scope: &ScopeRef) {
        let target = self.eval(container, scope);
        let key = self.eval(key, scope);
        match (&target, &key) {
            (Val::Dict(entries), Val::Lit(Value::Str(k))) => {
                let mut entries = entries.borrow_mut();
                match entries.iter_mut().find(|(name, _)| name == k) {
                    Some(entry) => entry.1 = value,
                    None => entries.push((k.clone(), value)),
                }
            }
            (Val::List(items), Val::Lit(Value::Num(n)))
                if *n >= 0.0 && (*n as usize) < items.borrow().len() =>
            {
                items.borrow_mut()[*n as usize] = value;
            }
            (Val::Dict(_) | Val::List(_), _) => self.forget_contents(container, scope),
            _ => {}
        }
    }

    /// Binds imported names: SDK modules and members resolve to SDK paths; the program's own
    /// modules resolve lazily to their definitions. `record` adds the import symbols (second pass).
    pub(super) fn import(
        &mut self,
        bindings: &[ImportBinding],
        span: Span,
        scope: &ScopeRef,
        record: bool,
    ) {
        for b in bindings {
            let sdk = is_sdk_module(&b.module);
            if sdk && (b.module.starts_with("pulumi") || b.module.starts_with("@pulumi/")) {
                self.pulumi_files.insert(span.file);
            }
            if record {
                self.record_symbol(SymbolKind::Import, b.module.clone(), b.module.clone(), span);
                if sdk {
                    if let Some(m) = &b.member {
                        self.record_symbol(
                            SymbolKind::Member,
                            format!("{}.{m}", b.module),
                            m.clone(),
                            span,
                        );
                    }
                }
            }
            if b.local.is_empty() {
                continue;
            }
            let value = if sdk {
                let path = match &b.member {
                    Some(m) => format!("{}.{m}", b.module),
                    None => b.module.clone(),
                };
                if self.framework.is_none() {
                    self.framework = crate::sdk::classify(&path).framework();
                }
                Val::Sdk(Rc::new(SdkRef {
                    path,
                    text: b.local.clone(),
                    implicit: false,
                }))
            } else {
                match &b.member {
                    // `from botocore.config import Config`: this module's own name, which must
                    // not resolve to what another file binds under it (`from pulumi import
                    // Config`).
                    Some(_) if self.is_outside_program(&b.module, &b.local) => {
                        Val::Opaque(b.local.clone())
                    }
                    // `from lib.network import NetworkComponent`: found by name when used.
                    Some(_) => continue,
                    None if b.module.starts_with('.') || !b.module.contains(['/', '@']) => {
                        Val::ProgramModule
                    }
                    None => Val::Opaque(b.local.clone()),
                }
            };
            scope.borrow_mut().vars.insert(b.local.clone(), value);
        }
    }

    /// Whether `from module import name` takes the name from a package outside the program: the
    /// module is not relative, its first name is no directory or file name of the program's
    /// files, and the program defines no class or function of that name.
    fn is_outside_program(&self, module: &str, name: &str) -> bool {
        if module.starts_with('.') || self.classes.contains_key(name) {
            return false;
        }
        if self.functions.contains_key(name) {
            return false;
        }
        let first = module.split(['.', '/']).next().unwrap_or_default();
        !self.files.iter().any(|f| {
            f.display
                .split(['/', '\\'])
                .any(|part| part == first || part.split('.').next() == Some(first))
        })
    }

    /// Sets (or replaces) an option of a recorded resource.
    pub(super) fn set_resource_option(&mut self, index: usize, key: &str, value: Value) {
        if let Some(r) = self.graph.resources.get_mut(index) {
            r.options.retain(|(k, _)| k != key);
            r.options.push((key.to_string(), value));
        }
    }

    /// A fresh scope for a call of `f`, under `parent`.
    pub(super) fn call_scope(&mut self, f: &FunctionDef, parent: &ScopeRef) -> ScopeRef {
        let reassigned = self.reassigned_in(f);
        Scope::new_ref(Some(parent.clone()), reassigned)
    }
}

/// The policy named by a value written as `RemovalPolicy.RETAIN`, `cdk.CfnDeletionPolicy.SNAPSHOT`,
/// `"Retain"`: its last dotted segment.
pub(super) fn policy_name(v: &Value) -> Value {
    match v {
        Value::Unknown(t) => Value::Str(t.rsplit('.').next().unwrap_or(t).trim().to_string()),
        other => other.clone(),
    }
}
