use serde::{Deserialize, Serialize};

/// Where something was declared: the file (its path, or the document it was found in) and the
/// 1-based line in that file's text, plus the line in the markdown document it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// `SourceFile::display_name()` of the file.
    pub file: String,
    /// 1-based line within the file's text.
    pub line: usize,
    /// 1-based line within the document (answer markdown or project file) the text came from.
    pub document_line: usize,
}

/// A value as written in the code, evaluated only as far as it can be without running anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Value>),
    /// Keys keep their source order.
    Map(Vec<(String, Value)>),
    /// A reference to another resource (by logical name) or to a parameter/variable, with the
    /// attribute read from it when there is one (`!GetAtt Bucket.Arn`, `aws_s3_bucket.b.arn`).
    Ref {
        target: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        attribute: Option<String>,
    },
    /// A string built from parts, some of them known only at deploy time: f-strings, template
    /// literals, `${var.x}`, `!Sub`, concatenation.
    Template(Vec<TemplatePart>),
    /// Anything else, kept as its source text.
    Unknown(String),
}

/// A piece of a [`Value::Template`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum TemplatePart {
    Text(String),
    /// A placeholder: the source text of the expression (`environment_suffix`, `var.env`).
    Placeholder(String),
}

impl Value {
    /// A map from `(key, value)` pairs, keys in the order given.
    pub fn map_of<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The property at `key` of a map value (keys compared exactly).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The literal string, when the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// Every placeholder and reference name that takes part in this value, at any depth.
    pub fn placeholders(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_placeholders(&mut out);
        out
    }

    fn collect_placeholders(&self, out: &mut Vec<String>) {
        match self {
            Value::Template(parts) => {
                for p in parts {
                    if let TemplatePart::Placeholder(s) = p {
                        out.push(s.clone());
                    }
                }
            }
            Value::Ref { target, attribute } => match attribute {
                Some(a) => out.push(format!("{target}.{a}")),
                None => out.push(target.clone()),
            },
            Value::Unknown(s) => out.push(s.clone()),
            Value::List(items) => items.iter().for_each(|v| v.collect_placeholders(out)),
            Value::Map(entries) => entries
                .iter()
                .for_each(|(_, v)| v.collect_placeholders(out)),
            _ => {}
        }
    }

    /// The literal text of the value with placeholders written as `${...}`, for display.
    pub fn render(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Num(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Value::render)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Map(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.render()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Ref { target, attribute } => match attribute {
                Some(a) => format!("${{{target}.{a}}}"),
                None => format!("${{{target}}}"),
            },
            Value::Template(parts) => parts
                .iter()
                .map(|p| match p {
                    TemplatePart::Text(t) => t.clone(),
                    TemplatePart::Placeholder(p) => format!("${{{p}}}"),
                })
                .collect(),
            Value::Unknown(s) => s.clone(),
        }
    }
}

/// One declared resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// Canonical kind: the CloudFormation type name (`AWS::ElastiCache::ReplicationGroup`), or,
    /// when no mapping is known, the source type prefixed with the platform (`pulumi:...`).
    pub kind: String,
    /// The type as the source wrote it (`aws:elasticache/replicationGroup:ReplicationGroup`,
    /// `aws_elasticache_replication_group`, `elasticache.CfnReplicationGroup`).
    pub source_type: String,
    /// The name the code gives the resource inside the program (logical id, Terraform label,
    /// Pulumi/CDK construct name).
    pub logical_name: Value,
    /// The physical name property (`BucketName`, `name`, `bucket`, ...) when one is set.
    pub name: Option<Value>,
    /// Properties or arguments, in source order.
    pub props: Value,
    pub span: SourceSpan,
    /// Extra facts a front-end records (count/for_each, DeletionPolicy, removal policy, explicit
    /// provider, parent component), as a map.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<(String, Value)>,
}

/// A stack output (CloudFormation Outputs, Terraform output, Pulumi export, CfnOutput).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    pub name: String,
    pub value: Value,
    pub span: SourceSpan,
}

/// A provider or region setting declared by the code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// "aws", "random", ...
    pub name: String,
    pub region: Option<Value>,
    /// The alias or logical name, when the code gives one.
    pub alias: Option<String>,
    pub span: SourceSpan,
}

/// What kind of SDK name a [`Symbol`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    /// An imported module or package (`pulumi_aws`, `aws-cdk-lib/aws-s3`).
    Import,
    /// A class, function or attribute path used from an SDK (`pulumi.providers.Aws`,
    /// `aws.ec2.Vpc`, `s3.Bucket`).
    Member,
    /// A keyword argument or property name passed to an SDK call (`cidr_block`).
    Argument,
}

/// A name the code uses from an SDK, fully qualified through its imports where possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Symbol {
    pub kind: SymbolKind,
    /// Qualified path, dot-separated, with import aliases resolved to package names
    /// (`pulumi_aws.ec2.Vpc`, `aws-cdk-lib.aws_s3.Bucket`).
    pub path: String,
    /// The text as written (`aws.ec2.Vpc`).
    pub text: String,
    pub span: SourceSpan,
}

/// Everything one side of a task declares.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceGraph {
    pub resources: Vec<Resource>,
    pub outputs: Vec<Output>,
    pub providers: Vec<Provider>,
    pub symbols: Vec<Symbol>,
    /// Display names of the files the graph was built from.
    pub files: Vec<String>,
    /// Parameters / variables / config keys declared (CloudFormation Parameters, Terraform
    /// variables, Pulumi config reads, CDK context), by name.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// Problems a front-end met (a file that does not parse), as `file:line: message` strings.
    #[serde(default)]
    pub problems: Vec<iacgrade_task::Diagnostic>,
    /// The entries of a CloudFormation template's other sections (`Parameters`, `Conditions`,
    /// `Mappings`, `Outputs`), bodies as written, for the checks of what a template declares
    /// and references; empty for other platforms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declarations: Vec<Declaration>,
    /// Named values local to the configuration (Terraform `locals`), by name: what a
    /// `local.x` reference may name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locals: Vec<String>,
}

/// One entry of a template section other than `Resources`: `Parameters` / `Env`, `Conditions` /
/// `IsProd`, `Mappings` / `RegionMap`, `Outputs` / `BucketArn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    /// The section's name as the template writes it (`Parameters`).
    pub section: String,
    pub name: String,
    /// The entry's body, intrinsics read as for resource properties.
    pub body: Value,
    pub span: SourceSpan,
}

impl ResourceGraph {
    /// Adds another front-end's graph of the same side to this one. Front-ends read disjoint
    /// files, so nothing is declared twice; parameters are kept once by name.
    pub fn absorb(&mut self, other: ResourceGraph) {
        self.resources.extend(other.resources);
        self.outputs.extend(other.outputs);
        self.providers.extend(other.providers);
        self.symbols.extend(other.symbols);
        self.files.extend(other.files);
        for p in other.parameters {
            if !self.parameters.contains(&p) {
                self.parameters.push(p);
            }
        }
        self.problems.extend(other.problems);
        self.declarations.extend(other.declarations);
        for l in other.locals {
            if !self.locals.contains(&l) {
                self.locals.push(l);
            }
        }
    }
}
