//! The value constraints of the CloudFormation resource schemas, as `tools/cfn-constraints/`
//! extracts them from the schemas cfn-lint bundles (`data/cfn-constraints.jsonl.gz`, embedded).
//!
//! The file is read once, on first use; each type's line is parsed the first time a resource of
//! that type is checked. Property paths are looked up after [`norm_key`] on every segment, so the
//! CloudFormation spelling (`BucketName`) and the CDK L1 one (`bucketName`) find the same entry.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, OnceLock, RwLock};

use serde::Deserialize;

use crate::props::norm_key;

static DATA: &[u8] = include_bytes!("../../../data/cfn-constraints.jsonl.gz");

/// What the schema states about the value at one property path.
#[derive(Debug, Default, Deserialize)]
pub struct Constraint {
    /// Value types (`string`, `integer`, `number`, `boolean`, `array`, `object`).
    #[serde(default)]
    pub ty: Vec<String>,
    /// Allowed values.
    #[serde(default)]
    pub en: Option<Vec<serde_json::Value>>,
    /// Pattern (ECMAScript syntax, searched, as JSON Schema does).
    #[serde(default)]
    pub pa: Option<String>,
    #[serde(default)]
    pub nl: Option<f64>,
    #[serde(default)]
    pub xl: Option<f64>,
    #[serde(default)]
    pub ni: Option<f64>,
    #[serde(default)]
    pub xi: Option<f64>,
    #[serde(default)]
    pub mn: Option<f64>,
    #[serde(default)]
    pub mx: Option<f64>,
    /// Required properties of an object.
    #[serde(default)]
    pub rq: Vec<String>,
    /// `oneOf` groups of required properties: exactly one group may be set.
    #[serde(default)]
    pub one: Vec<Vec<String>>,
    /// `anyOf` groups: at least one group must be set.
    #[serde(default)]
    pub any: Vec<Vec<String>>,
    /// `dependentExcluded`: a property and the properties it may not be set with.
    #[serde(default)]
    pub dx: HashMap<String, Vec<String>>,
    /// The constraints of a list's items.
    #[serde(default)]
    pub i: Option<Box<Constraint>>,
    /// The schema's description of the property, first sentence.
    #[serde(default)]
    pub d: Option<String>,
    /// A format cfn-lint checks with a pattern of its own (`AWS::EC2::Image.Id`); see [`format`].
    #[serde(default)]
    pub fm: Option<String>,
}

/// One resource type's constraints.
#[derive(Debug, Default)]
pub struct TypeConstraints {
    /// Normalised path (`bucketencryption/serversideencryptionconfiguration`) → (path as the
    /// schema spells it, constraint).
    paths: HashMap<String, (String, Constraint)>,
}

impl TypeConstraints {
    /// The constraint at a normalised path ("" for the properties object itself).
    pub fn at(&self, normalised: &str) -> Option<(&str, &Constraint)> {
        self.paths.get(normalised).map(|(p, c)| (p.as_str(), c))
    }
}

#[derive(Deserialize)]
struct TypeLine {
    #[serde(default)]
    p: HashMap<String, Constraint>,
}

/// Where the data came from (`pypi:cfn-lint==1.58.0`) and the date cfn-lint gives its schemas.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DataSource {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub schema_date: String,
}

/// What a template parameter may hold.
pub fn parameter_rules() -> &'static ParameterRules {
    &table().parameters
}

/// A Lambda runtime's lifecycle, as cfn-lint records it.
#[derive(Debug, Clone, Deserialize)]
pub struct RuntimeLifecycle {
    #[serde(default)]
    pub deprecated: Option<String>,
    #[serde(default, rename = "create-block")]
    pub create_block: Option<String>,
    #[serde(default, rename = "update-block")]
    pub update_block: Option<String>,
    #[serde(default)]
    pub successor: Option<String>,
}

/// What a template parameter may hold (cfn-lint's schema of the Parameters section).
#[derive(Debug, Default, Deserialize)]
pub struct ParameterRules {
    /// Attribute → the constraint on its value.
    #[serde(default)]
    pub props: HashMap<String, Constraint>,
    #[serde(default)]
    pub required: Vec<String>,
    /// The attributes allowed for `Number`, for `strings` (the types in `string_types`) and for
    /// `other` types.
    #[serde(default)]
    pub keys: HashMap<String, Vec<String>>,
    #[serde(default)]
    pub string_types: Vec<String>,
}

struct Table {
    source: DataSource,
    snapshot_types: Vec<String>,
    parameters: ParameterRules,
    formats: HashMap<String, String>,
    identifiers: HashMap<String, String>,
    runtimes: HashMap<String, RuntimeLifecycle>,
    /// Type name → its JSON line, parsed on demand.
    lines: HashMap<String, String>,
    parsed: RwLock<HashMap<String, Option<Arc<TypeConstraints>>>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut text = String::new();
        let read = flate2::read::GzDecoder::new(DATA).read_to_string(&mut text);
        if read.is_err() {
            text.clear();
        }
        let mut lines_iter = text.lines();
        let source = lines_iter
            .next()
            .and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or_default();
        let mut lines: HashMap<String, String> = lines_iter
            .filter_map(|l| l.split_once('\t'))
            .map(|(t, body)| (t.to_string(), body.to_string()))
            .collect();
        let mut special = |key: &str| lines.remove(key).unwrap_or_default();
        let formats = serde_json::from_str(&special("@formats")).unwrap_or_default();
        let identifiers = serde_json::from_str(&special("@identifiers")).unwrap_or_default();
        let runtimes = serde_json::from_str(&special("@lambda-runtimes")).unwrap_or_default();
        let parameters = serde_json::from_str(&special("@parameters")).unwrap_or_default();
        let snapshot_types = serde_json::from_str(&special("@snapshot-types")).unwrap_or_default();
        Table {
            source,
            snapshot_types,
            parameters,
            formats,
            identifiers,
            runtimes,
            lines,
            parsed: RwLock::new(HashMap::new()),
        }
    })
}

/// The data's source and date.
pub fn data_source() -> &'static DataSource {
    &table().source
}

/// The pattern cfn-lint checks a format with (Python's `\Z` written as `\z`), matched at the
/// start of the value.
pub fn format(name: &str) -> Option<String> {
    table().formats.get(name).map(|p| p.replace("\\Z", "\\z"))
}

/// The property that alone identifies a resource of this type (`BucketName`), when the template
/// writes it.
pub fn primary_identifier(type_name: &str) -> Option<&'static str> {
    table().identifiers.get(type_name).map(String::as_str)
}

/// Whether a resource type takes `DeletionPolicy: Snapshot`.
pub fn takes_snapshot_policy(type_name: &str) -> bool {
    table().snapshot_types.iter().any(|t| t == type_name)
}

/// A Lambda runtime's lifecycle (`python3.9`), when cfn-lint records it.
pub fn lambda_runtime(runtime: &str) -> Option<&'static RuntimeLifecycle> {
    table().runtimes.get(runtime)
}

/// The constraints of a CloudFormation resource type; `None` for types the schemas lack.
pub fn for_type(type_name: &str) -> Option<Arc<TypeConstraints>> {
    let table = table();
    if let Ok(parsed) = table.parsed.read() {
        if let Some(found) = parsed.get(type_name) {
            return found.clone();
        }
    }
    let built = table.lines.get(type_name).and_then(|line| {
        let parsed: TypeLine = serde_json::from_str(line).ok()?;
        let paths = parsed
            .p
            .into_iter()
            .map(|(path, c)| (normalise_path(&path), (path, c)))
            .collect();
        Some(Arc::new(TypeConstraints { paths }))
    });
    if let Ok(mut parsed) = table.parsed.write() {
        parsed.insert(type_name.to_string(), built.clone());
    }
    built
}

/// `BucketEncryption/ServerSideEncryptionConfiguration` → `bucketencryption/serversideencryptionconfiguration`.
pub fn normalise_path(path: &str) -> String {
    path.split('/').map(norm_key).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_knows_common_types() {
        assert!(data_source().source.starts_with("pypi:cfn-lint=="));
        assert!(!data_source().schema_date.is_empty());
        let service = for_type("AWS::ECS::Service").expect("ECS service");
        let (path, launch) = service.at("launchtype").expect("LaunchType");
        assert_eq!(path, "LaunchType");
        assert!(launch.en.as_ref().is_some_and(|e| e.len() >= 2));
        assert!(for_type("AWS::Nothing::Here").is_none());
        assert!(format("AWS::EC2::Image.Id").is_some_and(|p| p.starts_with("^ami-")));
        assert!(format("AWS::Logs::LogGroup.Name").is_some_and(|p| p.ends_with("\\z")));
        assert_eq!(primary_identifier("AWS::S3::Bucket"), Some("BucketName"));
        assert!(lambda_runtime("nodejs10.x").is_some_and(|r| r.create_block.is_some()));
    }
}
