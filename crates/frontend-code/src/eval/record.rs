//! SDK calls: what a call of a Pulumi, CDK or CDKTF class declares — a resource, a provider, an
//! output, a parameter — recorded into the graph with its props, physical name and options,
//! together with the SDK symbols (members and arguments) the API check verifies.

use iacgrade_ir::kinds::{canonical_kind, KindTable};
use iacgrade_ir::{Provider, Resource, Symbol, SymbolKind, TemplatePart, Value};
use iacgrade_task::Diagnostic;

use super::calls::ArgVals;
use super::program::{Frame, Interp, MAX_RESOURCES};
use super::stmt::policy_name;
use super::values::{ScopeRef, SdkRef, Val};
use crate::ast::*;
use crate::naming::physical_name_key;
use crate::sdk::{self, classify, SdkItem};

/// What a resource call contributes, before it is recorded.
struct ResourceSpec {
    source_type: String,
    kind: String,
    /// The class or type name the physical-name rule reads (`Bucket`, `aws_s3_bucket`).
    class: String,
    logical: Val,
    props: Vec<(String, Val)>,
    options: Vec<(String, Value)>,
    /// Pulumi: the physical name defaults to the logical name plus a random suffix.
    autonamed: bool,
}

impl<'a> Interp<'a> {
    pub(super) fn record_symbol(
        &mut self,
        kind: SymbolKind,
        path: String,
        text: String,
        span: Span,
    ) {
        if self
            .seen_symbols
            .insert((kind, path.clone(), span.file, span.start))
        {
            let span = self.source_span(span);
            self.graph.symbols.push(Symbol {
                kind,
                path,
                text,
                span,
            });
        }
    }

    /// A call of an SDK function or class.
    pub(super) fn sdk_call(
        &mut self,
        sdk: &SdkRef,
        args: &[Arg],
        vals: ArgVals,
        is_new: bool,
        span: Span,
        scope: &ScopeRef,
    ) -> Val {
        let item = classify(&sdk.path);
        let last = sdk.path.rsplit(['.', '/']).next().unwrap_or_default();
        if (is_new || sdk::is_class_name(last)) && !sdk.implicit {
            self.record_arguments(&sdk.path, args);
        }
        let result = match item {
            SdkItem::PulumiCore(member) => self.pulumi_core_call(&member, &vals, span),
            SdkItem::PulumiClass {
                package,
                module,
                class,
            } => self.pulumi_class_call(&package, &module, &class, &vals, span),
            SdkItem::Cdk { module, class } => self.cdk_call(&module, &class, &vals, span),
            SdkItem::CdktfProvider {
                provider,
                module,
                class,
            } => self.cdktf_provider_call(&provider, module.as_deref(), &class, &vals, span),
            SdkItem::CdktfCore(member) => self.cdktf_core_call(&member, &vals, span),
            SdkItem::Other => None,
        };
        match result {
            Some(v) => v,
            None => {
                self.walk_callbacks(&vals, scope);
                Val::Opaque(self.text(span).to_string())
            }
        }
    }

    /// Keyword arguments and the keys of object-literal arguments of an SDK constructor.
    /// Only the first object literal is the class's props: a later one is resource options
    /// (`new aws.s3.Bucket("b", {...}, { parent: this })`). The Python SDKs take their props
    /// as keyword arguments: a dict passed there is a value (`pulumi.AssetArchive({"python":
    /// ...})`), and its keys are no arguments.
    fn record_arguments(&mut self, class_path: &str, args: &[Arg]) {
        let mut props_seen = sdk::is_python_sdk_path(class_path);
        for a in args {
            match a {
                Arg::Keyword(k, e) => self.record_symbol(
                    SymbolKind::Argument,
                    format!("{class_path}.{k}"),
                    k.clone(),
                    e.span,
                ),
                Arg::Positional(Expr {
                    kind: ExprKind::Map(entries),
                    span,
                }) if !props_seen => {
                    props_seen = true;
                    for entry in entries {
                        if let MapEntry::Pair { key, line, .. } = entry {
                            let at = Span {
                                line: *line,
                                start: span.start + *line,
                                ..*span
                            };
                            self.record_symbol(
                                SymbolKind::Argument,
                                format!("{class_path}.{key}"),
                                key.clone(),
                                at,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn pulumi_core_call(&mut self, member: &str, vals: &ArgVals, span: Span) -> Option<Val> {
        let first = vals.positional.first();
        let short = member.rsplit('.').next().unwrap_or(member);
        match short {
            "export" => {
                let name = first.and_then(Val::as_str).unwrap_or_default().to_string();
                let value = vals
                    .positional
                    .get(1)
                    .or_else(|| vals.kw("value"))
                    .map(|v| self.to_value(v))
                    .unwrap_or(Value::Null);
                self.push_output(name, value, span);
                Some(Val::Lit(Value::Null))
            }
            "Config" => Some(Val::Config(first.and_then(Val::as_str).map(str::to_string))),
            "ResourceOptions" | "CustomResourceOptions" | "ComponentResourceOptions" => {
                Some(Val::dict(vals.keyword.clone()))
            }
            "concat" => {
                let mut parts = Vec::new();
                for v in &vals.positional {
                    parts.extend(self.template_parts(v, ""));
                }
                Some(Val::Lit(super::values::make_template(
                    fill_empty_placeholders(parts, self.text(span)),
                )))
            }
            "interpolate" => first.cloned(),
            "format" => {
                let fmt = first.and_then(Val::as_str)?.to_string();
                let rest = ArgVals {
                    positional: vals.positional[1..].to_vec(),
                    keyword: vals.keyword.clone(),
                };
                Some(Val::Lit(self.str_format(&fmt, &rest)))
            }
            "from_input" | "output" | "secret" | "unsecret" => first.cloned(),
            _ => None,
        }
    }

    fn pulumi_class_call(
        &mut self,
        package: &str,
        module: &str,
        class: &str,
        vals: &ArgVals,
        span: Span,
    ) -> Option<Val> {
        if !sdk::is_class_name(class) {
            return None;
        }
        if sdk::is_pulumi_input_type(class) {
            return Some(match vals.positional.first() {
                Some(d @ Val::Dict(_)) if vals.keyword.is_empty() => d.clone(),
                _ => Val::dict(vals.keyword.clone()),
            });
        }
        // The resource name comes first; a call without one (invalid, but written) is still a
        // declaration, recorded with a null logical name.
        let named = !matches!(vals.positional.first(), Some(Val::Dict(_)) | None);
        let logical = match (named, vals.kw("resource_name")) {
            (true, _) => vals.positional.first().cloned()?,
            (false, Some(n)) => n.clone(),
            (false, None) if !vals.keyword.is_empty() || !vals.positional.is_empty() => {
                Val::Lit(Value::Null)
            }
            (false, None) => return None,
        };
        // Props: an args object (positional or `args=`) and/or keyword arguments.
        let mut props: Vec<(String, Val)> = Vec::new();
        let args_position = if named { 1 } else { 0 };
        let args_value = vals
            .positional
            .get(args_position)
            .cloned()
            .or_else(|| vals.kw("args").cloned());
        match args_value {
            Some(Val::Dict(d)) => props.extend(d.borrow().iter().cloned()),
            Some(other) if !matches!(other, Val::Lit(Value::Null)) => {
                props.push(("...".into(), other));
            }
            _ => {}
        }
        for (k, v) in &vals.keyword {
            if !matches!(k.as_str(), "opts" | "resource_name" | "args") {
                props.push((k.clone(), v.clone()));
            }
        }
        let opts = vals
            .kw("opts")
            .cloned()
            .or_else(|| vals.positional.get(args_position + 1).cloned());
        let mut options = Vec::new();
        if let Some(opts) = &opts {
            match opts {
                Val::Dict(d) => {
                    for (k, v) in d.borrow().iter() {
                        options.push((sdk::snake_case(k), self.option_value(v)));
                    }
                }
                Val::Lit(Value::Null) => {}
                other => options.push(("opts".into(), self.to_value(other))),
            }
        }
        let token = sdk::pulumi_token(package, module, class);
        if class == "Provider" && (module.is_empty() || module == "index") {
            let alias = self.to_value(&logical).render();
            let region = props
                .iter()
                .find(|(k, _)| k == "region")
                .map(|(_, v)| self.to_value(v));
            let span = self.source_span(span);
            self.graph.providers.push(Provider {
                name: package.to_string(),
                region,
                alias: Some(alias.clone()),
                span,
            });
            return Some(Val::Provider(alias));
        }
        let kind = canonical_kind(KindTable::Pulumi, &token)
            .map(str::to_string)
            .unwrap_or_else(|| format!("pulumi:{token}"));
        Some(self.record_resource(
            ResourceSpec {
                source_type: token,
                kind,
                class: class.to_string(),
                logical,
                props,
                options,
                autonamed: true,
            },
            span,
        ))
    }

    /// The scope and id of a construct call (`X(this, "Id", {...})`, `X(self, "Id", k=v)`).
    fn construct_args(vals: &ArgVals) -> Option<Val> {
        let id = vals
            .positional
            .get(1)
            .or_else(|| vals.kw("id"))
            .or_else(|| vals.kw("construct_id"))?;
        let scope = vals.positional.first().or_else(|| vals.kw("scope"))?;
        // A scope is `this`/`self`/a construct variable, never a literal or another call's
        // result (`new iam.CompositePrincipal(new iam.ServicePrincipal(..), ..)` is no construct).
        let scope_ok = match scope {
            Val::Lit(_)
            | Val::Dict(_)
            | Val::List(_)
            | Val::Resource(_)
            | Val::ResourceAttr(..) => false,
            Val::Opaque(text) => !text.contains('(') || text.contains("Stack.of("),
            _ => true,
        };
        let id_ok = match id {
            Val::Opaque(text) => !text.contains('('),
            other => other.is_text(),
        };
        (scope_ok && id_ok).then(|| id.clone())
    }

    /// The id of a construct created in `scope`: prefixed with the scope's own id when the scope
    /// is a construct of the program that is not a stack (`Queues/Dlq`).
    fn scoped_id(&self, vals: &ArgVals, id: Val) -> Val {
        let scope = vals.positional.first().or_else(|| vals.kw("scope"));
        let Some(Val::Instance(inst)) = scope else {
            return id;
        };
        if !inst.nests_ids.get() {
            return id;
        }
        let Some(parent) = inst.logical.borrow().clone() else {
            return id;
        };
        let mut parts = self.template_parts(&Val::Lit(parent), "");
        parts.push(TemplatePart::Text("/".into()));
        parts.extend(self.template_parts(&id, ""));
        Val::Lit(super::values::make_template(parts))
    }

    /// Props of a construct call: the object after scope and id (TypeScript, or Python `props=`),
    /// then keyword arguments.
    fn construct_props(vals: &ArgVals) -> Vec<(String, Val)> {
        let mut props = Vec::new();
        match vals.positional.get(2) {
            Some(Val::Dict(d)) => props.extend(d.borrow().iter().cloned()),
            Some(Val::Lit(Value::Null)) | None => {}
            Some(other) => props.push(("...".into(), other.clone())),
        }
        for (k, v) in &vals.keyword {
            if !matches!(k.as_str(), "scope" | "id" | "construct_id") {
                props.push((k.clone(), v.clone()));
            }
        }
        props
    }

    fn cdk_call(&mut self, module: &str, class: &str, vals: &ArgVals, span: Span) -> Option<Val> {
        if class.contains('.') {
            // A static factory or nested type (`ecs.Secret.fromSecretsManager(...)`).
            return None;
        }
        let Some(id) = Self::construct_args(vals) else {
            // Not a construct: a props struct (`s3.LifecycleRule(...)`), a principal, a
            // statement. Keep its arguments as a map so nested props stay readable.
            if !sdk::is_class_name(class.rsplit('.').next().unwrap_or(class)) {
                return None;
            }
            return match vals.positional.as_slice() {
                [d @ Val::Dict(_)] if vals.keyword.is_empty() => Some(d.clone()),
                _ if !vals.keyword.is_empty() => Some(Val::dict(vals.keyword.clone())),
                _ => None,
            };
        };
        let props = Self::construct_props(vals);
        let id = self.scoped_id(vals, id);
        if module == "core" {
            return self.cdk_core_construct(class, id, props, span);
        }
        if !sdk::is_class_name(class) {
            return None;
        }
        let source_type = format!("{module}.{class}");
        let kind = canonical_kind(KindTable::Cdk, &source_type)
            .map(str::to_string)
            .unwrap_or_else(|| format!("cdk:{source_type}"));
        let options = self.cdk_options(&props);
        Some(self.record_resource(
            ResourceSpec {
                source_type,
                kind,
                class: class.to_string(),
                logical: id,
                props,
                options,
                autonamed: false,
            },
            span,
        ))
    }

    fn cdk_core_construct(
        &mut self,
        class: &str,
        id: Val,
        props: Vec<(String, Val)>,
        span: Span,
    ) -> Option<Val> {
        let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        match class {
            "CfnOutput" => {
                let value = get("value")
                    .map(|v| self.to_value(&v))
                    .unwrap_or(Value::Null);
                let name = self.to_value(&id).render();
                self.push_output(name, value, span);
                Some(Val::Lit(Value::Null))
            }
            "CfnParameter" => {
                let name = self.to_value(&id).render();
                self.push_parameter(name.clone());
                Some(Val::Opaque(name))
            }
            "CfnResource" | "CustomResource" => {
                let kind = if class == "CustomResource" {
                    match get("resourceType").or_else(|| get("resource_type")) {
                        Some(Val::Lit(Value::Str(t))) => t,
                        _ => "AWS::CloudFormation::CustomResource".to_string(),
                    }
                } else {
                    match get("type") {
                        Some(Val::Lit(Value::Str(t))) => t,
                        _ => "cdk:core.CfnResource".to_string(),
                    }
                };
                let options = self.cdk_options(&props);
                Some(self.record_resource(
                    ResourceSpec {
                        source_type: format!("core.{class}"),
                        kind,
                        class: class.to_string(),
                        logical: id,
                        props,
                        options,
                        autonamed: false,
                    },
                    span,
                ))
            }
            _ => None,
        }
    }

    /// A resource a CDK method declares (`alb.addListener("Http", {...})`), named
    /// `<receiver>/<first argument>`.
    pub(super) fn cdk_method_resource(
        &mut self,
        receiver: &Val,
        index: usize,
        method: &str,
        vals: &ArgVals,
        span: Span,
    ) -> Option<Val> {
        let receiver_type = self.graph.resources.get(index)?.source_type.clone();
        let created = crate::cdk_methods::created_by(&receiver_type, method)?;
        let parent = match receiver {
            Val::ResourceAttr(_, attr) => format!("{}/{attr}", self.resource_target(index)),
            _ => self.resource_target(index),
        };
        let mut parts = vec![TemplatePart::Text(format!("{parent}/"))];
        match vals.positional.first() {
            Some(first) if first.is_text() || matches!(first, Val::Opaque(_)) => {
                parts.extend(self.template_parts(first, ""))
            }
            _ => parts.push(TemplatePart::Text(method.to_string())),
        }
        let logical = Val::Lit(super::values::make_template(parts));
        let mut props: Vec<(String, Val)> = match vals.positional.get(1) {
            Some(Val::Dict(d)) => d.borrow().clone(),
            _ => Vec::new(),
        };
        props.extend(vals.keyword.iter().cloned());
        let kind = canonical_kind(KindTable::Cdk, created.construct)
            .map(str::to_string)
            .unwrap_or_else(|| format!("cdk:{}", created.construct));
        let mut options = self.cdk_options(&props);
        options.push(("created_by".into(), Value::Str(method.to_string())));
        let class = created
            .construct
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_string();
        Some(self.record_resource(
            ResourceSpec {
                source_type: created.construct.to_string(),
                kind,
                class,
                logical,
                props,
                options,
                autonamed: false,
            },
            span,
        ))
    }

    /// Options CDK constructs carry in their props.
    fn cdk_options(&self, props: &[(String, Val)]) -> Vec<(String, Value)> {
        let mut options = Vec::new();
        for (k, v) in props {
            match k.as_str() {
                "removalPolicy" | "removal_policy" => {
                    options.push(("removal_policy".into(), policy_name(&self.to_value(v))))
                }
                "deletionProtection" | "deletion_protection" => {
                    options.push(("deletion_protection".into(), self.to_value(v)))
                }
                _ => {}
            }
        }
        options
    }

    fn cdktf_provider_call(
        &mut self,
        provider: &str,
        module: Option<&str>,
        class: &str,
        vals: &ArgVals,
        span: Span,
    ) -> Option<Val> {
        if !sdk::is_class_name(class) {
            return None;
        }
        // The resource class of its module (`s3_bucket.S3Bucket`), not one of the module's config
        // structs (`s3_bucket.S3BucketVersioning`).
        let resource_class = {
            let snake = sdk::snake_case(class);
            let snake = snake.strip_suffix("_a").unwrap_or(&snake);
            module.is_none_or(|m| m == snake)
        };
        let (id, props) = match Self::construct_args(vals) {
            Some(id) => (id, Self::construct_props(vals)),
            // A snippet that leaves out scope and id (`DbInstance(identifier=..., ...)`) still
            // declares the resource; its logical name is unknown.
            None if resource_class && !vals.keyword.is_empty() && !class.ends_with("Provider") => {
                (Val::Lit(Value::Null), vals.keyword.clone())
            }
            // A config struct (Python bindings): keep its arguments as a map.
            None => return (!vals.keyword.is_empty()).then(|| Val::dict(vals.keyword.clone())),
        };
        let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        if module == Some("provider") || class.ends_with("Provider") {
            let alias = get("alias").map(|a| self.to_value(&a).render());
            let name = alias.clone().unwrap_or_else(|| self.to_value(&id).render());
            let region = get("region").map(|r| self.to_value(&r));
            let span = self.source_span(span);
            self.graph.providers.push(Provider {
                name: provider.to_string(),
                region,
                alias,
                span,
            });
            return Some(Val::Provider(name));
        }
        let id = self.scoped_id(vals, id);
        let (tf_type, is_data) = sdk::cdktf_terraform_type(provider, module, class);
        if is_data {
            return None;
        }
        let kind = canonical_kind(KindTable::Terraform, &tf_type)
            .map(str::to_string)
            .unwrap_or_else(|| format!("cdktf:{tf_type}"));
        let mut options = Vec::new();
        for (k, v) in &props {
            match k.as_str() {
                "count" | "forEach" | "for_each" | "dependsOn" | "depends_on" | "provider" => {
                    options.push((sdk::snake_case(k), self.option_value(v)))
                }
                "lifecycle" => {
                    if let Some(p) = v
                        .dict_get("preventDestroy")
                        .or_else(|| v.dict_get("prevent_destroy"))
                    {
                        options.push(("prevent_destroy".into(), self.to_value(&p)));
                    }
                }
                "deletionProtection" | "deletion_protection" => {
                    options.push(("deletion_protection".into(), self.to_value(v)))
                }
                _ => {}
            }
        }
        let class = tf_type
            .trim_start_matches(&format!("{provider}_"))
            .to_string();
        // `count: N` with a literal N declares N resources, `id[0]` .. `id[N-1]`, as Terraform does.
        let count = props
            .iter()
            .find(|(k, _)| k == "count")
            .and_then(|(_, v)| v.as_num())
            .filter(|n| n.fract() == 0.0 && (0.0..=super::expr::MAX_EXPANSION as f64).contains(n));
        let Some(count) = count else {
            return Some(self.record_resource(
                ResourceSpec {
                    source_type: tf_type,
                    kind,
                    class,
                    logical: id,
                    props,
                    options,
                    autonamed: false,
                },
                span,
            ));
        };
        let mut first = None;
        for i in 0..count as usize {
            let mut parts = self.template_parts(&id, "");
            parts.push(TemplatePart::Text(format!("[{i}]")));
            let mut options = options.clone();
            options.push(("count_index".into(), Value::Num(i as f64)));
            let v = self.record_resource(
                ResourceSpec {
                    source_type: tf_type.clone(),
                    kind: kind.clone(),
                    class: class.clone(),
                    logical: Val::Lit(super::values::make_template(parts)),
                    props: props.clone(),
                    options,
                    autonamed: false,
                },
                span,
            );
            first.get_or_insert(v);
        }
        Some(first.unwrap_or(Val::Lit(Value::Null)))
    }

    fn cdktf_core_call(&mut self, member: &str, vals: &ArgVals, span: Span) -> Option<Val> {
        let id = Self::construct_args(vals)?;
        let props = Self::construct_props(vals);
        match member.rsplit('.').next().unwrap_or(member) {
            "TerraformOutput" => {
                let value = props
                    .iter()
                    .find(|(k, _)| k == "value")
                    .map(|(_, v)| self.to_value(v))
                    .unwrap_or(Value::Null);
                let name = self.to_value(&id).render();
                self.push_output(name, value, span);
                Some(Val::Lit(Value::Null))
            }
            "TerraformVariable" => {
                let name = self.to_value(&id).render();
                self.push_parameter(name.clone());
                Some(Val::Opaque(format!("var.{name}")))
            }
            _ => None,
        }
    }

    /// An option's value: providers and resources by name.
    fn option_value(&self, v: &Val) -> Value {
        match v {
            Val::Provider(alias) => Value::Str(alias.clone()),
            // A component by its logical name, as written (a template keeps its placeholders).
            Val::Instance(inst) => match &*inst.logical.borrow() {
                Some(l) => l.clone(),
                None => Value::Unknown(inst.class.name.clone()),
            },
            other => self.to_value(other),
        }
    }

    fn record_resource(&mut self, spec: ResourceSpec, span: Span) -> Val {
        if self.graph.resources.len() >= MAX_RESOURCES {
            if self.graph.resources.len() == MAX_RESOURCES {
                let display = self.source_span(span).file;
                self.graph.problems.push(Diagnostic::new(
                    display,
                    format!("more than {MAX_RESOURCES} resources: the rest are not recorded"),
                ));
            }
            return Val::Opaque(self.text(span).to_string());
        }
        let mut logical = self.to_value(&spec.logical);
        // A loop iteration that does not change the name still declares a distinct resource.
        let key = (span.file, span.start, logical.render());
        let seen = self.logical_names.entry(key).or_insert(0);
        *seen += 1;
        let repeat = *seen - 1;
        let index_in_loop = self.frames.iter().rev().find_map(|f| match f {
            Frame::Iteration(i) => Some(*i),
            _ => None,
        });
        if repeat > 0 {
            if let Some(i) = index_in_loop {
                logical = super::values::make_template(match logical {
                    Value::Template(mut parts) => {
                        parts.push(TemplatePart::Text(format!("[{i}]")));
                        parts
                    }
                    other => vec![TemplatePart::Text(format!("{}[{i}]", other.render()))],
                });
            }
        }
        let props_value = Value::Map(
            spec.props
                .iter()
                .map(|(k, v)| (k.clone(), self.to_value(v)))
                .collect(),
        );
        let name_key = physical_name_key(
            spec.props.iter().map(|(k, _)| k.as_str()),
            &spec.class,
            &spec.kind,
        );
        let name = name_key.and_then(|k| props_value.get(k).cloned());
        let mut options = spec.options;
        if spec.autonamed && name.is_none() {
            // Pulumi names the cloud resource after the logical name (plus a random suffix).
            options.push(("physical_name_from_logical_name".into(), Value::Bool(true)));
        }
        if let Some(v) = props_value
            .get("deletion_protection")
            .or_else(|| props_value.get("deletionProtection"))
        {
            if !options.iter().any(|(k, _)| k == "deletion_protection") {
                options.push(("deletion_protection".into(), v.clone()));
            }
        }
        self.context_options(&mut options);
        let resource = Resource {
            kind: spec.kind,
            source_type: spec.source_type,
            logical_name: logical,
            name,
            props: props_value,
            span: self.source_span(span),
            options,
        };
        self.graph.resources.push(resource);
        Val::Resource(self.graph.resources.len() - 1)
    }

    /// Options inherited from the surrounding code: loops, conditions, the enclosing component.
    fn context_options(&self, options: &mut Vec<(String, Value)>) {
        let indices: Vec<Value> = self
            .frames
            .iter()
            .filter_map(|f| match f {
                Frame::Iteration(i) => Some(Value::Num(*i as f64)),
                _ => None,
            })
            .collect();
        match indices.len() {
            0 => {}
            1 => options.push(("loop_index".into(), indices[0].clone())),
            _ => options.push(("loop_index".into(), Value::List(indices))),
        }
        if let Some(text) = self.frames.iter().rev().find_map(|f| match f {
            Frame::Loop(t) => Some(t.clone()),
            _ => None,
        }) {
            options.push(("loop".into(), Value::Unknown(text)));
        }
        if let Some(text) = self.frames.iter().rev().find_map(|f| match f {
            Frame::Condition(t) => Some(t.clone()),
            _ => None,
        }) {
            options.push(("condition".into(), Value::Unknown(text)));
        }
        if let Some(component) = self.frames.iter().rev().find_map(|f| match f {
            Frame::Instance(i) => i.component.borrow().clone(),
            _ => None,
        }) {
            options.push(("component".into(), Value::Str(component)));
        }
    }
}

/// `Output.concat` parts interpolated from unknown values get the call's text as placeholder.
fn fill_empty_placeholders(parts: Vec<TemplatePart>, call_text: &str) -> Vec<TemplatePart> {
    parts
        .into_iter()
        .map(|p| match p {
            TemplatePart::Placeholder(t) if t.is_empty() => {
                TemplatePart::Placeholder(call_text.to_string())
            }
            other => other,
        })
        .collect()
}
