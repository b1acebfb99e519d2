//! The evaluator's state and its driver: module scopes, the registry of the program's classes and
//! functions, the order files run in, and the final walk of what nothing reached.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use iacgrade_ir::{ResourceGraph, SourceSpan, SymbolKind, Value};
use iacgrade_task::Diagnostic;

use super::values::{lookup, Instance, Scope, ScopeRef, Val};
use crate::ast::*;
use crate::implicit::implicit_sdk_path;
use crate::sdk::Framework;

/// Most evaluation steps for one program; a program needing more is cut off with a problem.
const MAX_STEPS: usize = 3_000_000;
/// Deepest chain of program calls followed.
pub(super) const MAX_CALL_DEPTH: usize = 16;
/// Most resources one program may declare before recording stops.
pub(super) const MAX_RESOURCES: usize = 20_000;

/// One lowered file handed to the evaluator.
pub struct ProgramFile {
    /// `SourceFile::display_name()`.
    pub display: String,
    pub text: String,
    /// Line of the source document where the text begins.
    pub first_line: usize,
    pub body: Vec<Stmt>,
    /// Entry points (`tap.py`, `bin/app.ts`, ...) run after library files, lowest rank first;
    /// `None` for library files.
    pub entry_rank: Option<u8>,
}

/// Context that resources declared inside it inherit as options.
pub(super) enum Frame {
    /// An expanded loop's iteration (index, and the key when iterating a mapping).
    Iteration(usize),
    /// A loop that could not be expanded: the iterated expression's source.
    Loop(String),
    /// An `if` whose condition is unknown: the condition's source (negated for `else`).
    Condition(String),
    /// A program class instance whose constructor or method is running.
    Instance(Rc<Instance>),
}

pub(super) struct Interp<'a> {
    pub files: &'a [ProgramFile],
    pub graph: ResourceGraph,
    pub classes: HashMap<String, Rc<ClassDef>>,
    pub functions: HashMap<String, Rc<FunctionDef>>,
    pub module_scopes: Vec<ScopeRef>,
    pub reached: HashSet<usize>,
    pub last_instance: HashMap<usize, Rc<Instance>>,
    pub call_stack: Vec<usize>,
    pub frames: Vec<Frame>,
    steps: usize,
    pub exhausted: bool,
    pub seen_symbols: HashSet<(SymbolKind, String, u32, u32)>,
    pub seen_outputs: HashSet<(String, u32, u32)>,
    /// (file, byte offset, rendered logical name) → times recorded, to tell loop iterations apart.
    pub logical_names: HashMap<(u32, u32, String), usize>,
    pub reassigned_cache: HashMap<usize, Rc<HashSet<String>>>,
    /// Files that import the Pulumi SDK (their `export const` are stack outputs).
    pub pulumi_files: HashSet<u32>,
    /// The framework of the program: from the task's platform, else from the first SDK import.
    /// Unbound conventional aliases resolve in it (see `crate::implicit`).
    pub framework: Option<Framework>,
}

/// Evaluates a program (the files of one language of one side of a task).
pub fn evaluate(files: &[ProgramFile], framework: Option<Framework>) -> ResourceGraph {
    let mut interp = Interp {
        files,
        graph: ResourceGraph::default(),
        classes: HashMap::new(),
        functions: HashMap::new(),
        module_scopes: Vec::new(),
        reached: HashSet::new(),
        last_instance: HashMap::new(),
        call_stack: Vec::new(),
        frames: Vec::new(),
        steps: 0,
        exhausted: false,
        seen_symbols: HashSet::new(),
        seen_outputs: HashSet::new(),
        logical_names: HashMap::new(),
        reassigned_cache: HashMap::new(),
        pulumi_files: HashSet::new(),
        framework,
    };
    interp.run();
    interp.graph
}

impl<'a> Interp<'a> {
    fn run(&mut self) {
        let files = self.files;
        // Registry of top-level definitions, and one scope per module.
        for file in files {
            for stmt in &file.body {
                match &stmt.kind {
                    StmtKind::Class(c) => {
                        self.classes.insert(c.name.clone(), c.clone());
                    }
                    StmtKind::Function(f) => {
                        self.functions.insert(f.name.clone(), f.clone());
                    }
                    _ => {}
                }
            }
            let reassigned = Rc::new(reassigned_names(&file.body));
            self.module_scopes.push(Scope::new_ref(None, reassigned));
        }
        // First pass: imports, definitions and literal constants of every module.
        for (index, file) in files.iter().enumerate() {
            let scope = self.module_scopes[index].clone();
            for stmt in &file.body {
                match &stmt.kind {
                    StmtKind::Import(bindings) => self.import(bindings, stmt.span, &scope, false),
                    StmtKind::Function(f) => {
                        scope
                            .borrow_mut()
                            .vars
                            .insert(f.name.clone(), Val::Function(f.clone(), None));
                    }
                    StmtKind::Class(c) => {
                        scope
                            .borrow_mut()
                            .vars
                            .insert(c.name.clone(), Val::Class(c.clone()));
                    }
                    StmtKind::Assign {
                        target: Pattern::Name(name),
                        value,
                    } if is_pure_literal(value) => {
                        let v = self.eval(value, &scope);
                        self.assign_name(name, v, &scope);
                    }
                    _ => {}
                }
            }
        }
        // Second pass: run every module, entry points last. Answers sometimes show two entry
        // points for one program (`tap.py` and `__main__.py`, both instantiating TapStack); only
        // the first, by entry rank, runs a class another entry point already instantiated.
        let libraries = (0..files.len()).filter(|i| files[*i].entry_rank.is_none());
        let mut entries: Vec<usize> = (0..files.len())
            .filter(|i| files[*i].entry_rank.is_some())
            .collect();
        entries.sort_by_key(|i| files[*i].entry_rank);
        for index in libraries {
            let scope = self.module_scopes[index].clone();
            self.exec_block(&files[index].body, &scope);
        }
        let class_names: Vec<String> = self.classes.keys().cloned().collect();
        let mut instantiated: HashSet<&str> = HashSet::new();
        for index in entries {
            let used: HashSet<&str> = {
                let names = class_names.iter().map(String::as_str);
                identifier_counts(std::slice::from_ref(&files[index]), names)
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(name, _)| name)
                    .collect()
            };
            if used.iter().any(|u| instantiated.contains(u)) {
                // Not run, and neither are its functions (`main()`) in the final walk.
                let mut defs = Vec::new();
                collect_definitions(&files[index].body, &mut defs);
                self.reached.extend(defs.iter().map(Definition::id));
                continue;
            }
            let scope = self.module_scopes[index].clone();
            self.exec_block(&files[index].body, &scope);
            instantiated.extend(used);
        }
        // Last: whatever nothing reached, once, with unknown arguments. Definitions that no
        // other code names (the program's roots: a stack class without its app) go first, so a
        // helper they use is reached through them rather than walked on its own as well.
        let mut pending: Vec<(usize, Definition)> = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let mut defs = Vec::new();
            collect_definitions(&file.body, &mut defs);
            // A class that was instantiated still has its methods nothing called walked.
            pending.extend(
                defs.into_iter()
                    .filter(|d| match d {
                        Definition::Class(c) if self.reached.contains(&c.id) => {
                            c.methods.iter().any(|m| !self.reached.contains(&m.id))
                        }
                        _ => !self.reached.contains(&d.id()),
                    })
                    .map(|d| (index, d)),
            );
        }
        let roots: Vec<bool> = {
            let uses = identifier_counts(files, pending.iter().map(|(_, d)| d.name()));
            pending
                .iter()
                .map(|(_, d)| uses.get(d.name()).copied().unwrap_or(0) <= 1)
                .collect()
        };
        let (roots, others): (Vec<_>, Vec<_>) =
            pending.into_iter().zip(roots).partition(|(_, root)| *root);
        let roots = roots.into_iter().map(|(d, _)| d);
        let others = others.into_iter().map(|(d, _)| d);
        for (index, def) in roots.into_iter().chain(others) {
            let scope = self.module_scopes[index].clone();
            match def {
                Definition::Function(f) => {
                    if !self.reached.contains(&f.id) {
                        self.call_function(&f, None, Default::default(), None, &scope, true);
                    }
                }
                Definition::Class(c) => self.walk_unreached_class(&c, &scope),
            }
        }
        if self.exhausted {
            if let Some(first) = files.first() {
                self.graph.problems.push(Diagnostic::new(
                    first.display.clone(),
                    "evaluation stopped: the program is too large or too deeply nested to follow \
                     within the step budget; resources after that point are missing",
                ));
            }
        }
    }

    /// Instantiates a class nothing instantiated, then runs each of its methods nothing called.
    fn walk_unreached_class(&mut self, class: &Rc<ClassDef>, scope: &ScopeRef) {
        let instance = if self.reached.contains(&class.id) {
            match self.last_instance.get(&class.id) {
                Some(i) => i.clone(),
                None => return,
            }
        } else {
            match self.instantiate(class, Default::default(), scope, true) {
                Val::Instance(i) => i,
                _ => return,
            }
        };
        for method in &class.methods {
            if !self.reached.contains(&method.id) {
                self.call_function(
                    method,
                    Some(instance.clone()),
                    Default::default(),
                    None,
                    scope,
                    true,
                );
            }
        }
    }

    /// Counts one step; false once the budget is spent (evaluation then winds down).
    pub fn step(&mut self) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.exhausted = true;
        }
        !self.exhausted
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.files
            .get(span.file as usize)
            .and_then(|f| f.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }

    /// The IR location of a span.
    pub fn source_span(&self, span: Span) -> SourceSpan {
        let (file, first_line) = self
            .files
            .get(span.file as usize)
            .map(|f| (f.display.clone(), f.first_line))
            .unwrap_or_default();
        let line = span.line as usize;
        SourceSpan {
            file,
            line,
            document_line: first_line + line.saturating_sub(1),
        }
    }

    /// The names assigned more than once in a function body (cached per function).
    pub fn reassigned_in(&mut self, f: &FunctionDef) -> Rc<HashSet<String>> {
        if let Some(r) = self.reassigned_cache.get(&f.id) {
            return r.clone();
        }
        let r = Rc::new(reassigned_names(&f.body));
        self.reassigned_cache.insert(f.id, r.clone());
        r
    }

    /// Looks a name up: the scope chain, then the program's top-level definitions and the
    /// module-level variables of the other files.
    pub fn resolve_name(&self, name: &str, scope: &ScopeRef) -> Option<Val> {
        if let Some(v) = lookup(scope, name) {
            return Some(v);
        }
        if let Some(c) = self.classes.get(name) {
            return Some(Val::Class(c.clone()));
        }
        if let Some(f) = self.functions.get(name) {
            return Some(Val::Function(f.clone(), None));
        }
        for s in &self.module_scopes {
            if let Some(v) = s.borrow().vars.get(name) {
                return Some(v.clone());
            }
        }
        let path = implicit_sdk_path(self.framework?, name)?;
        Some(Val::Sdk(Rc::new(super::values::SdkRef {
            path,
            text: name.to_string(),
            implicit: true,
        })))
    }

    /// Binds a name in `scope` following the resolution rule for literals (see the module doc).
    pub fn assign_name(&mut self, name: &str, value: Val, scope: &ScopeRef) {
        let value = match value {
            Val::Opaque(_) => Val::Opaque(name.to_string()),
            v if v.is_literal() && scope.borrow().reassigned.contains(name) => {
                Val::Opaque(name.to_string())
            }
            v => v,
        };
        scope.borrow_mut().vars.insert(name.to_string(), value);
    }

    /// Records an output once per location.
    pub fn push_output(&mut self, name: String, value: Value, span: Span) {
        if self
            .seen_outputs
            .insert((name.clone(), span.file, span.start))
        {
            let span = self.source_span(span);
            self.graph
                .outputs
                .push(iacgrade_ir::Output { name, value, span });
        }
    }

    pub fn push_parameter(&mut self, name: String) {
        if !name.is_empty() && !self.graph.parameters.contains(&name) {
            self.graph.parameters.push(name);
        }
    }
}

/// True for expressions that can be evaluated in the first pass without side effects.
fn is_pure_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Str(_) | ExprKind::Num(_) | ExprKind::Bool(_) | ExprKind::Null => true,
        ExprKind::Template(parts) => parts.iter().all(|p| match p {
            TemplateSegment::Text(_) => true,
            TemplateSegment::Expr(e) => is_pure_literal(e),
        }),
        ExprKind::Name(_) => true,
        ExprKind::List(items) => items.iter().all(is_pure_literal),
        ExprKind::Map(entries) => entries.iter().all(|e| match e {
            MapEntry::Pair { value, .. } => is_pure_literal(value),
            MapEntry::Spread(v) => is_pure_literal(v),
        }),
        ExprKind::Binary(_, a, b) => is_pure_literal(a) && is_pure_literal(b),
        _ => false,
    }
}

/// Names bound more than once in a body (not counting nested functions and classes); loop
/// variables and augmented assignments count as rebinding.
pub(super) fn reassigned_names(body: &[Stmt]) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    count_assignments(body, &mut counts);
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(k, _)| k)
        .collect()
}

fn count_pattern(p: &Pattern, weight: usize, counts: &mut HashMap<String, usize>) {
    match p {
        Pattern::Name(n) => *counts.entry(n.clone()).or_default() += weight,
        Pattern::Tuple(items) => items.iter().for_each(|i| count_pattern(i, weight, counts)),
        Pattern::Object(items) => items
            .iter()
            .for_each(|(_, i)| count_pattern(i, weight, counts)),
        Pattern::Attribute(..) | Pattern::Index(..) | Pattern::Ignored => {}
    }
}

fn count_assignments(body: &[Stmt], counts: &mut HashMap<String, usize>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Assign { target, .. } => count_pattern(target, 1, counts),
            StmtKind::ExportConst { name, .. } => *counts.entry(name.clone()).or_default() += 1,
            StmtKind::AugAssign { target, .. } => count_pattern(target, 2, counts),
            StmtKind::For { target, body, .. } => {
                count_pattern(target, 2, counts);
                count_assignments(body, counts);
            }
            StmtKind::CountingFor { var, body, .. } => {
                *counts.entry(var.clone()).or_default() += 2;
                count_assignments(body, counts);
            }
            StmtKind::OpaqueLoop { body } | StmtKind::Block(body) => {
                count_assignments(body, counts)
            }
            StmtKind::If {
                then, otherwise, ..
            } => {
                count_assignments(then, counts);
                count_assignments(otherwise, counts);
            }
            _ => {}
        }
    }
}

enum Definition {
    Function(Rc<FunctionDef>),
    Class(Rc<ClassDef>),
}

impl Definition {
    fn name(&self) -> &str {
        match self {
            Definition::Function(f) => &f.name,
            Definition::Class(c) => &c.name,
        }
    }

    fn id(&self) -> usize {
        match self {
            Definition::Function(f) => f.id,
            Definition::Class(c) => c.id,
        }
    }
}

/// How often each of `names` occurs as a whole word in the program's text (definitions
/// included).
fn identifier_counts<'n>(
    files: &[ProgramFile],
    names: impl Iterator<Item = &'n str>,
) -> HashMap<&'n str, usize> {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let mut counts = HashMap::new();
    for name in names {
        if name.is_empty() || counts.contains_key(name) {
            continue;
        }
        let mut n = 0;
        for file in files {
            let bytes = file.text.as_bytes();
            for (at, _) in file.text.match_indices(name) {
                let before = at.checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(at + name.len()).copied();
                if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
                    n += 1;
                }
            }
        }
        counts.insert(name, n);
    }
    counts
}

/// Every function and class defined in a body, at any depth, in source order.
fn collect_definitions(body: &[Stmt], out: &mut Vec<Definition>) {
    for stmt in body {
        match &stmt.kind {
            StmtKind::Function(f) => {
                out.push(Definition::Function(f.clone()));
                collect_definitions(&f.body, out);
            }
            StmtKind::Class(c) => {
                out.push(Definition::Class(c.clone()));
                for m in &c.methods {
                    collect_definitions(&m.body, out);
                }
            }
            StmtKind::For { body, .. }
            | StmtKind::CountingFor { body, .. }
            | StmtKind::OpaqueLoop { body }
            | StmtKind::Block(body) => collect_definitions(body, out),
            StmtKind::If {
                then, otherwise, ..
            } => {
                collect_definitions(then, out);
                collect_definitions(otherwise, out);
            }
            _ => {}
        }
    }
}
