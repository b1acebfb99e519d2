//! Whether the code an answer shows declares a resource at all, decided from the syntax alone
//! (never from what the evaluator records), so that answers whose resources live in files they
//! do not show are counted apart from the front-end's misses.
//!
//! The rule: an answer declares a resource when one of its Python/TypeScript/JavaScript files
//! (tests excluded, as the front-end excludes them) contains a call of an infrastructure class:
//!
//! 1. the callee, written `a.b.C(...)`, `C(...)` or with `new`, resolves through the same file's
//!    import statements to an SDK package (Pulumi providers, `aws-cdk-lib`/`aws_cdk`,
//!    `@aws-cdk/*`, CDKTF providers and their `imports`/`.gen` bindings); a name the file does not
//!    import and the shown code does not define resolves through the platform's conventional
//!    aliases (`aws`, `s3`, `S3Bucket`), as in import-less snippets;
//! 2. the class declares a resource: a Pulumi provider class other than `Provider` and the
//!    `*Args` input types (snippets that leave the resource name out count too); a CDK class called with a scope and an
//!    id (two arguments or more: the first not a string, the second a string, template, name,
//!    attribute or concatenation) — in the core module only
//!    `CfnResource`, `CustomResource` and the `Cfn*` resources (not outputs, parameters,
//!    conditions, mappings, rules); a CDKTF provider class called with a scope and an id (the same
//!    test), other
//!    than providers and data sources.
//!
//! A class the code imports from a project file (`from lib.vpc_stack import VpcStack`,
//! `import { ApiStack } from './api-stack'`) is not an infrastructure class: when that file is
//! shown, its own calls decide; when it is not, the answer declares nothing in the code shown.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use iacgrade_frontend_code::ast::{
    Arg, Expr, ExprKind, FunctionDef, ImportBinding, MapEntry, Stmt, StmtKind, TemplateSegment,
};
use iacgrade_frontend_code::sdk::{
    classify, is_class_name, is_pulumi_input_type, is_sdk_module, Framework, SdkItem,
};
use iacgrade_frontend_code::typescript::{self, Dialect};
use iacgrade_frontend_code::{code_language, is_test_file, python, CodeLanguage};
use iacgrade_task::{Platform, SourceFile};

/// CDK core classes that declare a resource besides the `Cfn*` resources.
const CDK_CORE_RESOURCES: &[&str] = &["CfnResource", "CustomResource"];

/// CDK core `Cfn*` classes that declare no resource.
const CDK_CORE_NOT_RESOURCES: &[&str] = &[
    "CfnOutput",
    "CfnParameter",
    "CfnCondition",
    "CfnMapping",
    "CfnRule",
    "CfnJson",
    "CfnElement",
    "CfnInclude",
    "CfnHook",
    "CfnCodeDeployBlueGreenHook",
];

/// A call of an infrastructure class in the code shown.
pub struct ResourceCall {
    /// The file's display name (its path, or the document and line it starts at).
    pub file: String,
    /// 1-based line in the file.
    pub line: u32,
    /// The callee as written (`s3.Bucket`).
    pub callee: String,
}

/// Every call of an infrastructure class in `files`, in file order; empty when the code shown
/// declares no resource.
pub fn resource_calls(files: &[SourceFile], platform: Option<Platform>) -> Vec<ResourceCall> {
    let framework = match platform {
        Some(Platform::Pulumi) => Some(Framework::Pulumi),
        Some(Platform::Cdk) => Some(Framework::Cdk),
        Some(Platform::Cdktf) => Some(Framework::Cdktf),
        _ => None,
    };
    let mut lowered = Vec::new();
    let mut next_id = 0usize;
    for file in files {
        let Some(language) = code_language(file) else {
            continue;
        };
        if is_test_file(file, language) {
            continue;
        }
        let dialect = match language {
            CodeLanguage::Python => None,
            CodeLanguage::TypeScript => Some(Dialect::TypeScript),
            CodeLanguage::Tsx => Some(Dialect::Tsx),
            CodeLanguage::JavaScript => Some(Dialect::JavaScript),
        };
        let body = match dialect {
            None => python::lower(&file.text, 0, &mut next_id),
            Some(d) => typescript::lower(&file.text, d, 0, &mut next_id),
        }
        .map(|l| l.body)
        .unwrap_or_default();
        lowered.push((file, body));
    }
    // Names the shown code defines: never read as conventional aliases.
    let mut defined = HashSet::new();
    for (_, body) in &lowered {
        collect_definitions(body, &mut defined);
    }
    let mut calls = Vec::new();
    for (file, body) in &lowered {
        let mut imports = HashMap::new();
        collect_imports(body, &mut imports);
        let scan = Scan {
            imports: &imports,
            defined: &defined,
            framework,
            file: file.display_name(),
            found: RefCell::new(Vec::new()),
        };
        scan.stmts(body);
        calls.extend(scan.found.into_inner());
    }
    calls
}

fn collect_definitions(body: &[Stmt], out: &mut HashSet<String>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Class(c) => {
                out.insert(c.name.clone());
            }
            StmtKind::Function(f) => {
                out.insert(f.name.clone());
            }
            StmtKind::Block(b) => collect_definitions(b, out),
            _ => {}
        }
    }
}

/// Every import binding of a file, wherever the import statement is.
fn collect_imports(body: &[Stmt], out: &mut HashMap<String, ImportBinding>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Import(bindings) => {
                for b in bindings {
                    out.insert(b.local.clone(), b.clone());
                }
            }
            StmtKind::Block(b) | StmtKind::OpaqueLoop { body: b } => collect_imports(b, out),
            StmtKind::If {
                then, otherwise, ..
            } => {
                collect_imports(then, out);
                collect_imports(otherwise, out);
            }
            StmtKind::Function(f) => collect_imports(&f.body, out),
            _ => {}
        }
    }
}

struct Scan<'a> {
    imports: &'a HashMap<String, ImportBinding>,
    defined: &'a HashSet<String>,
    framework: Option<Framework>,
    file: String,
    found: RefCell<Vec<ResourceCall>>,
}

impl Scan<'_> {
    fn stmts(&self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { value, .. }
            | StmtKind::AugAssign { value, .. }
            | StmtKind::ExportConst { value, .. } => self.expr(value),
            StmtKind::For { iter, body, .. } => {
                self.expr(iter);
                self.stmts(body);
            }
            StmtKind::CountingFor {
                start, bound, body, ..
            } => {
                self.expr(start);
                self.expr(bound);
                self.stmts(body);
            }
            StmtKind::OpaqueLoop { body } | StmtKind::Block(body) => self.stmts(body),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.stmts(then);
                self.stmts(otherwise);
            }
            StmtKind::Return(Some(e)) => self.expr(e),
            StmtKind::Function(f) => self.function(f),
            StmtKind::Class(c) => {
                for value in c.fields.iter().filter_map(|(_, v)| v.as_ref()) {
                    self.expr(value);
                }
                for m in &c.methods {
                    self.function(m);
                }
            }
            _ => {}
        }
    }

    fn function(&self, f: &FunctionDef) {
        for default in f.params.iter().filter_map(|p| p.default.as_ref()) {
            self.expr(default);
        }
        self.stmts(&f.body);
    }

    fn expr(&self, e: &Expr) {
        match &e.kind {
            ExprKind::Call { func, args, .. } => {
                if let Some(callee) = self.resource_class_call(func, args) {
                    self.found.borrow_mut().push(ResourceCall {
                        file: self.file.clone(),
                        line: e.span.line,
                        callee,
                    });
                }
                self.expr(func);
                for a in args {
                    self.expr(arg_expr(a));
                }
            }
            ExprKind::Template(parts) => {
                for p in parts {
                    if let TemplateSegment::Expr(x) = p {
                        self.expr(x);
                    }
                }
            }
            ExprKind::Attr(x, _) | ExprKind::Not(x) | ExprKind::Spread(x) => self.expr(x),
            ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Slice(a, b, c) => {
                self.expr(a);
                for x in [b, c].into_iter().flatten() {
                    self.expr(x);
                }
            }
            ExprKind::List(items) => {
                for x in items {
                    self.expr(x);
                }
            }
            ExprKind::Map(entries) => {
                for m in entries {
                    match m {
                        MapEntry::Pair { value, .. } => self.expr(value),
                        MapEntry::Spread(x) => self.expr(x),
                    }
                }
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
            ExprKind::Lambda(f) => self.function(f),
            ExprKind::Comprehension { element, iter, .. } => {
                self.expr(element);
                self.expr(iter);
            }
            _ => {}
        }
    }

    /// The callee as written when `func(args)` instantiates an infrastructure class.
    fn resource_class_call(&self, func: &Expr, args: &[Arg]) -> Option<String> {
        let written = dotted(func)?;
        let path = self.resolve(&written)?;
        let positional: Vec<&Expr> = args
            .iter()
            .filter_map(|a| match a {
                Arg::Positional(x) => Some(x),
                _ => None,
            })
            .collect();
        // A construct: a scope, then an id that can be a name (not `HttpLambdaIntegration("Id",
        // fn)`, `CompositePrincipal(a, b)`, `InstanceTarget(i, 80)`, `LambdaIntegration(fn, {..})`).
        let scope_and_id = positional.len() >= 2
            && !matches!(positional[0].kind, ExprKind::Str(_) | ExprKind::Template(_))
            && matches!(
                positional[1].kind,
                ExprKind::Str(_)
                    | ExprKind::Template(_)
                    | ExprKind::Name(_)
                    | ExprKind::Attr(..)
                    | ExprKind::Binary(..)
            );
        let declares = match classify(&path) {
            SdkItem::PulumiClass { class, .. } => {
                is_class_name(&class) && !is_pulumi_input_type(&class) && class != "Provider"
            }
            SdkItem::Cdk { module, class } => {
                let resource_class = if module == "core" {
                    CDK_CORE_RESOURCES.contains(&class.as_str())
                        || (class.starts_with("Cfn")
                            && !CDK_CORE_NOT_RESOURCES.contains(&class.as_str()))
                } else {
                    is_class_name(&class) && !class.contains('.')
                };
                resource_class && scope_and_id
            }
            SdkItem::CdktfProvider { class, .. } => {
                is_class_name(&class)
                    && !class.ends_with("Provider")
                    && !class.starts_with("Data")
                    && scope_and_id
            }
            SdkItem::PulumiCore(_) | SdkItem::CdktfCore(_) | SdkItem::Other => false,
        };
        declares.then_some(written)
    }

    /// The SDK path of a dotted name, through the file's imports or a conventional alias.
    fn resolve(&self, written: &str) -> Option<String> {
        let (head, rest) = match written.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (written, None),
        };
        let base = match self.imports.get(head) {
            Some(binding) if !is_sdk_module(&binding.module) => return None,
            Some(binding) => match &binding.member {
                Some(member) => format!("{}.{member}", binding.module),
                None => binding.module.clone(),
            },
            None if !self.defined.contains(head) => {
                iacgrade_frontend_code::implicit_sdk_path(self.framework?, head)?
            }
            None => return None,
        };
        Some(match rest {
            Some(r) => format!("{base}.{r}"),
            None => base,
        })
    }
}

fn arg_expr(a: &Arg) -> &Expr {
    match a {
        Arg::Positional(x) | Arg::Keyword(_, x) | Arg::Splat(x) | Arg::KeywordSplat(x) => x,
    }
}

/// `a.b.C` for a chain of names; `None` for anything else (calls, indexing, `this.x`).
fn dotted(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(n) => Some(n.clone()),
        ExprKind::Attr(base, member) => dotted(base).map(|b| format!("{b}.{member}")),
        _ => None,
    }
}
