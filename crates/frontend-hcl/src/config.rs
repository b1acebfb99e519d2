//! Builds the graph from the parsed files of one configuration.
//!
//! All files of one side form one configuration, as Terraform reads every `.tf` file of a
//! directory together: locals and variables declared in one file are known in all others.
//!
//! What each block becomes:
//! - `resource "T" "N"` → a [`Resource`]: `source_type` T, `kind` the CloudFormation type from
//!   `data/kinds/terraform.tsv` (else `tf:T`; `aws_security_group_rule` maps to
//!   `SecurityGroupIngress`/`Egress` by its literal `type`), `logical_name` N (with `[i]` or
//!   `["key"]` when a loop is expanded), `props` the arguments and nested blocks (a nested block
//!   is a list of maps under its name, repeated blocks appending to the list; a labelled nested
//!   block carries its labels under `_labels`; a `dynamic` block adds one map per element of a
//!   literal `for_each`, or one map with `_for_each` holding the unknown collection), `name` the
//!   naming argument ([`crate::names`]).
//! - `data "T" "N"` → the same, with `source_type` `data.T` and `kind` `tf:data.T` (so that no
//!   rule counts a lookup as a resource it creates), the option `data: true` and no name.
//!
//! For every resource and data source, `<source_type>.<logical_name>` is the address references
//! to it use (`aws_s3_bucket.logs`, `data.aws_ami.al2`, `aws_subnet.private[0]`), so a
//! `Value::Ref` target finds its resource by that one rule.
//! - `module "N"` → a resource of kind `terraform:module`, source type `module`, its arguments as
//!   props and the option `source`.
//! - `variable "N"` → a parameter; `output "N"` → an output; `provider "P"` → a provider with its
//!   `region` (a variable's default standing in for the variable) and `alias`.
//! - `locals` feed evaluation, and their names are recorded (`graph.locals`) so that a
//!   `local.x` left as a reference can be told declared or not; `terraform`, backends and other blocks are not part of the IR.
//!
//! Loops: `count` with a known number, or `for_each` over a known set/list of strings or a known
//! map, is expanded into one resource per instance (at most [`MAX_EXPANSION`]), with
//! `count.index` / `each.key` / `each.value` replaced in its arguments and the options
//! `count.index` or `each.key` recording which instance it is. A loop whose collection is not
//! known gives one resource with the option `loop` holding the source text.
//!
//! Options recorded: `count`, `for_each` (their values), `loop`, `count.index`, `each.key`,
//! `depends_on`, `provider` (as written, `aws.west`), `prevent_destroy` (from `lifecycle`),
//! `deletion_protection` (copied from the argument), `data`, `source`.

use std::collections::HashMap;

use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;
use iacgrade_ir::kinds::{canonical_kind, KindTable};
use iacgrade_ir::{Output, Provider, Resource, ResourceGraph, SourceSpan, Value};
use iacgrade_task::SourceFile;

use crate::eval::{Env, LocalDef, Scope, MAX_EXPANSION};
use crate::names::name_arguments;
use crate::source::Chunk;

/// Arguments of a resource block that are Terraform's, not the resource's.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "depends_on", "provider", "providers"];
/// Nested blocks of a resource block that are Terraform's, not the resource's.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// The parsed pieces of one file of the configuration.
pub(crate) struct ConfigFile<'a> {
    pub file: &'a SourceFile,
    pub display: String,
    pub chunks: Vec<Chunk<'a>>,
    /// A `.tfvars` file: its attributes set variables.
    pub is_tfvars: bool,
}

/// Adds everything the configuration declares to `graph`; problems go to `problems` as
/// (file index, line, message).
pub(crate) fn build(
    files: &[ConfigFile<'_>],
    graph: &mut ResourceGraph,
    problems: &mut Vec<(usize, usize, String)>,
) {
    let scope = scope_of(files);
    let mut locals: Vec<String> = scope.locals.keys().cloned().collect();
    locals.sort();
    graph.locals = locals;
    record_instances(files, &scope);
    for (index, config) in files.iter().enumerate() {
        let span = |chunk: &Chunk<'_>, offset: Option<usize>| {
            let line = chunk.line_of(offset.unwrap_or(0));
            SourceSpan {
                file: config.display.clone(),
                line,
                document_line: config.file.document_line(line),
            }
        };
        for chunk in &config.chunks {
            for block in chunk.body.blocks() {
                let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                let at = span(chunk, block.span().map(|r| r.start));
                match (block.ident.value().as_str(), labels.as_slice()) {
                    ("resource", [kind, name]) => {
                        graph.resources.extend(resources(
                            block,
                            kind,
                            name,
                            Declared::Resource,
                            chunk,
                            &scope,
                            &at,
                        ));
                    }
                    ("data", [kind, name]) => {
                        graph.resources.extend(resources(
                            block,
                            kind,
                            name,
                            Declared::Data,
                            chunk,
                            &scope,
                            &at,
                        ));
                    }
                    ("module", [name]) => {
                        graph.resources.extend(resources(
                            block,
                            "module",
                            name,
                            Declared::Module,
                            chunk,
                            &scope,
                            &at,
                        ));
                    }
                    ("variable", [name]) if !graph.parameters.iter().any(|p| p == name) => {
                        graph.parameters.push(name.to_string());
                    }
                    ("variable", [_]) => {}
                    ("output", [name]) => {
                        let value = block
                            .body
                            .get_attribute("value")
                            .map(|a| scope.eval(&a.value, chunk, &Env::default()))
                            .unwrap_or(Value::Null);
                        graph.outputs.push(Output {
                            name: name.to_string(),
                            value,
                            span: at,
                        });
                    }
                    ("provider", [name]) => graph
                        .providers
                        .push(provider(block, name, chunk, &scope, at)),
                    ("resource" | "data" | "module" | "variable" | "output" | "provider", _) => {
                        problems.push((
                            index,
                            at.line,
                            format!(
                                "`{}` block with {} label(s) is not one Terraform knows; it is skipped",
                                block.ident.value().as_str(),
                                labels.len()
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Records the instance keys of every resource and data source whose loop is known, so that
/// loops over other resources (`count = length(aws_subnet.private)`) can be expanded too. Two
/// passes let one looped resource's count depend on another's, in any file order.
fn record_instances(files: &[ConfigFile<'_>], scope: &Scope<'_>) {
    for _ in 0..2 {
        for config in files {
            for chunk in &config.chunks {
                for block in chunk.body.blocks() {
                    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                    let address = match (block.ident.value().as_str(), labels.as_slice()) {
                        ("resource", [kind, name]) => format!("{kind}.{name}"),
                        ("data", [kind, name]) => format!("data.{kind}.{name}"),
                        _ => continue,
                    };
                    let looped = block.body.get_attribute("count").is_some()
                        || block.body.get_attribute("for_each").is_some();
                    if !looped {
                        continue;
                    }
                    let label = labels.last().copied().unwrap_or_default();
                    let (instances, options) = instances(&block.body, label, chunk, scope);
                    if options.iter().any(|(k, _)| k == "loop") {
                        continue;
                    }
                    let keys = instances
                        .iter()
                        .map(|i| i.logical_name[label.len()..].to_string())
                        .collect();
                    scope.instances.borrow_mut().insert(address, keys);
                }
            }
        }
    }
}

/// Locals of every file, and variable defaults overridden by `.tfvars` values.
fn scope_of<'a>(files: &'a [ConfigFile<'a>]) -> Scope<'a> {
    let mut locals: HashMap<String, LocalDef<'a>> = HashMap::new();
    let plain = Scope::new(HashMap::new(), HashMap::new());
    let mut defaults: HashMap<String, Value> = HashMap::new();
    let mut overrides: Vec<(String, Value)> = Vec::new();
    for config in files {
        for chunk in &config.chunks {
            for structure in chunk.body.iter() {
                match structure {
                    Structure::Block(block) if block.ident.value().as_str() == "locals" => {
                        for attr in block.body.attributes() {
                            locals.insert(
                                attr.key.value().to_string(),
                                LocalDef {
                                    expr: &attr.value,
                                    chunk,
                                },
                            );
                        }
                    }
                    Structure::Block(block) if block.ident.value().as_str() == "variable" => {
                        let (Some(name), Some(default)) =
                            (block.labels.first(), block.body.get_attribute("default"))
                        else {
                            continue;
                        };
                        let value = plain.eval(&default.value, chunk, &Env::default());
                        defaults.insert(name.as_str().to_string(), value);
                    }
                    Structure::Attribute(attr) if config.is_tfvars => {
                        let value = plain.eval(&attr.value, chunk, &Env::default());
                        overrides.push((attr.key.value().to_string(), value));
                    }
                    _ => {}
                }
            }
        }
    }
    defaults.extend(overrides);
    Scope::new(locals, defaults)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Declared {
    Resource,
    Data,
    Module,
}

/// One instance of a (possibly looped) block: its logical name and the loop bindings.
struct Instance {
    logical_name: String,
    env: Env,
    options: Vec<(String, Value)>,
}

fn resources(
    block: &Block,
    source_type: &str,
    label: &str,
    declared: Declared,
    chunk: &Chunk<'_>,
    scope: &Scope<'_>,
    span: &SourceSpan,
) -> Vec<Resource> {
    let (instances, loop_options) = instances(&block.body, label, chunk, scope);
    let mut meta_options = loop_options;
    if let Some(attr) = block.body.get_attribute("depends_on") {
        meta_options.push((
            "depends_on".into(),
            scope.eval(&attr.value, chunk, &Env::default()),
        ));
    }
    if let Some(attr) = block.body.get_attribute("provider") {
        meta_options.push((
            "provider".into(),
            Value::Str(chunk.source(attr.value.span()).to_string()),
        ));
    }
    for lifecycle in block.body.get_blocks("lifecycle") {
        if let Some(attr) = lifecycle.body.get_attribute("prevent_destroy") {
            meta_options.push((
                "prevent_destroy".into(),
                scope.eval(&attr.value, chunk, &Env::default()),
            ));
        }
    }
    instances
        .into_iter()
        .map(|instance| {
            let props = body_value(&block.body, chunk, scope, &instance.env, true);
            let mut options = meta_options.clone();
            options.extend(instance.options);
            if let Some(v) = props.get("deletion_protection") {
                options.push(("deletion_protection".into(), v.clone()));
            }
            let (kind, name) = match declared {
                Declared::Resource => (
                    resource_kind(source_type, &props),
                    name_arguments(source_type)
                        .iter()
                        .find_map(|a| props.get(a))
                        .cloned(),
                ),
                Declared::Data => {
                    options.push(("data".into(), Value::Bool(true)));
                    (format!("tf:data.{source_type}"), None)
                }
                Declared::Module => {
                    if let Some(source) = props.get("source") {
                        options.push(("source".into(), source.clone()));
                    }
                    ("terraform:module".to_string(), None)
                }
            };
            let source_type = match declared {
                Declared::Data => format!("data.{source_type}"),
                _ => source_type.to_string(),
            };
            Resource {
                kind,
                source_type,
                logical_name: Value::Str(instance.logical_name),
                name,
                props,
                span: span.clone(),
                options,
            }
        })
        .collect()
}

/// The canonical kind of a resource type.
fn resource_kind(source_type: &str, props: &Value) -> String {
    if source_type == "aws_security_group_rule" {
        match props.get("type").and_then(Value::as_str) {
            Some("ingress") => return "AWS::EC2::SecurityGroupIngress".into(),
            Some("egress") => return "AWS::EC2::SecurityGroupEgress".into(),
            _ => {}
        }
    }
    match canonical_kind(KindTable::Terraform, source_type) {
        Some(kind) => kind.to_string(),
        None => format!("tf:{source_type}"),
    }
}

/// The instances a block declares, and the options describing its loop.
fn instances(
    body: &Body,
    label: &str,
    chunk: &Chunk<'_>,
    scope: &Scope<'_>,
) -> (Vec<Instance>, Vec<(String, Value)>) {
    let loop_env = Env {
        bindings: Vec::new(),
        use_var_defaults: true,
    };
    let single = |options: Vec<(String, Value)>| {
        (
            vec![Instance {
                logical_name: label.to_string(),
                env: Env::default(),
                options: Vec::new(),
            }],
            options,
        )
    };
    if let Some(count) = body.get_attribute("count") {
        let value = scope.eval(&count.value, chunk, &loop_env);
        let source = chunk.source(count.value.span()).to_string();
        return match value {
            Value::Num(n) if n >= 0.0 && n.fract() == 0.0 && n <= MAX_EXPANSION as f64 => {
                let instances = (0..n as usize)
                    .map(|i| Instance {
                        logical_name: format!("{label}[{i}]"),
                        env: Env::default().with("count.index", Value::Num(i as f64)),
                        options: vec![("count.index".into(), Value::Num(i as f64))],
                    })
                    .collect();
                (instances, vec![("count".into(), Value::Num(n))])
            }
            other => single(vec![
                ("count".into(), unknown_if_not_literal(other, &source)),
                ("loop".into(), Value::Unknown(source)),
            ]),
        };
    }
    if let Some(for_each) = body.get_attribute("for_each") {
        let value = scope.eval(&for_each.value, chunk, &loop_env);
        let source = chunk.source(for_each.value.span()).to_string();
        let pairs: Option<Vec<(String, Value)>> = match &value {
            Value::List(items) if items.len() <= MAX_EXPANSION => items
                .iter()
                .map(|v| v.as_str().map(|s| (s.to_string(), v.clone())))
                .collect(),
            Value::Map(entries) if entries.len() <= MAX_EXPANSION => Some(entries.clone()),
            _ => None,
        };
        return match pairs {
            Some(pairs) => {
                let instances = pairs
                    .into_iter()
                    .map(|(key, v)| Instance {
                        logical_name: format!("{label}[\"{key}\"]"),
                        env: Env::default()
                            .with("each.key", Value::Str(key.clone()))
                            .with("each.value", v),
                        options: vec![("each.key".into(), Value::Str(key))],
                    })
                    .collect();
                (instances, vec![("for_each".into(), value)])
            }
            None => single(vec![
                ("for_each".into(), unknown_if_not_literal(value, &source)),
                ("loop".into(), Value::Unknown(source)),
            ]),
        };
    }
    single(Vec::new())
}

fn unknown_if_not_literal(value: Value, source: &str) -> Value {
    match value {
        Value::Unknown(_) => Value::Unknown(source.to_string()),
        other => other,
    }
}

/// The arguments and nested blocks of a body as a map (see the module documentation).
fn body_value(
    body: &Body,
    chunk: &Chunk<'_>,
    scope: &Scope<'_>,
    env: &Env,
    resource_level: bool,
) -> Value {
    let mut entries: Vec<(String, Value)> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key = attr.key.value().as_str();
                if resource_level && META_ARGUMENTS.contains(&key) {
                    continue;
                }
                entries.push((key.to_string(), scope.eval(&attr.value, chunk, env)));
            }
            Structure::Block(block) => {
                let ident = block.ident.value().as_str();
                if resource_level && META_BLOCKS.contains(&ident) {
                    continue;
                }
                if ident == "dynamic" {
                    if let Some(label) = block.labels.first() {
                        for map in dynamic_block(block, label.as_str(), chunk, scope, env) {
                            append_block(&mut entries, label.as_str(), map);
                        }
                        continue;
                    }
                }
                let mut map = body_value(&block.body, chunk, scope, env, false);
                if !block.labels.is_empty() {
                    if let Value::Map(inner) = &mut map {
                        let labels = block
                            .labels
                            .iter()
                            .map(|l| Value::Str(l.as_str().to_string()))
                            .collect();
                        inner.insert(0, ("_labels".into(), Value::List(labels)));
                    }
                }
                append_block(&mut entries, ident, map);
            }
        }
    }
    Value::Map(entries)
}

/// The maps a `dynamic "label"` block stands for.
fn dynamic_block(
    block: &Block,
    label: &str,
    chunk: &Chunk<'_>,
    scope: &Scope<'_>,
    env: &Env,
) -> Vec<Value> {
    let iterator = block
        .body
        .get_attribute("iterator")
        .map(|a| chunk.source(a.value.span()).to_string())
        .unwrap_or_else(|| label.to_string());
    let Some(content) = block.body.get_blocks("content").next() else {
        return Vec::new();
    };
    let mut loop_env = env.clone();
    loop_env.use_var_defaults = true;
    let for_each = block.body.get_attribute("for_each");
    let collection = for_each.map(|a| scope.eval(&a.value, chunk, &loop_env));
    let pairs: Option<Vec<(Value, Value)>> = match &collection {
        Some(Value::List(items)) if items.len() <= MAX_EXPANSION => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Num(i as f64), v.clone()))
                .collect(),
        ),
        Some(Value::Map(entries)) if entries.len() <= MAX_EXPANSION => Some(
            entries
                .iter()
                .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                .collect(),
        ),
        _ => None,
    };
    match pairs {
        Some(pairs) => pairs
            .into_iter()
            .map(|(key, value)| {
                let env = env
                    .with(format!("{iterator}.key"), key)
                    .with(format!("{iterator}.value"), value);
                body_value(&content.body, chunk, scope, &env, false)
            })
            .collect(),
        None => {
            let mut map = body_value(&content.body, chunk, scope, env, false);
            if let (Value::Map(inner), Some(attr)) = (&mut map, for_each) {
                inner.insert(
                    0,
                    (
                        "_for_each".into(),
                        Value::Unknown(chunk.source(attr.value.span()).to_string()),
                    ),
                );
            }
            vec![map]
        }
    }
}

/// Adds a nested block's map to the list under its name.
fn append_block(entries: &mut Vec<(String, Value)>, name: &str, map: Value) {
    match entries.iter_mut().find(|(k, _)| k == name) {
        Some((_, Value::List(items))) => items.push(map),
        _ => entries.push((name.to_string(), Value::List(vec![map]))),
    }
}

fn provider(
    block: &Block,
    name: &str,
    chunk: &Chunk<'_>,
    scope: &Scope<'_>,
    span: SourceSpan,
) -> Provider {
    let with_defaults = Env {
        bindings: Vec::new(),
        use_var_defaults: true,
    };
    Provider {
        name: name.to_string(),
        region: block
            .body
            .get_attribute("region")
            .map(|a| scope.eval(&a.value, chunk, &with_defaults)),
        alias: block.body.get_attribute("alias").and_then(|a| {
            scope
                .eval(&a.value, chunk, &Env::default())
                .as_str()
                .map(str::to_string)
        }),
        span,
    }
}
