//! The Kubernetes recipe is valid as written: every document of
//! deploy/kubernetes/indexed-job.yaml against the strict schema of its kind, vendored at a
//! pinned Kubernetes version (deploy/kubernetes/schemas/README.md), and the shard arguments agree
//! with the Job's completion count.

use std::path::PathBuf;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const KUBERNETES_VERSION: &str = "v1.33.0";

fn schema_for(kind: &str) -> serde_json::Value {
    let file = match kind {
        "Job" => "job-batch-v1.json",
        "PersistentVolumeClaim" => "persistentvolumeclaim-v1.json",
        other => panic!("no schema vendored for kind {other}"),
    };
    let path = repository()
        .join("deploy/kubernetes/schemas")
        .join(KUBERNETES_VERSION)
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("schema is JSON")
}

fn manifest() -> Vec<serde_json::Value> {
    use serde::Deserialize;
    let path = repository().join("deploy/kubernetes/indexed-job.yaml");
    let text = std::fs::read_to_string(&path).expect("manifest");
    serde_yaml::Deserializer::from_str(&text)
        .map(|doc| {
            let yaml = serde_yaml::Value::deserialize(doc).expect("YAML document");
            serde_json::to_value(yaml).expect("JSON-compatible")
        })
        .collect()
}

#[test]
fn every_document_of_the_indexed_job_recipe_is_valid_for_its_kind() {
    let documents = manifest();
    assert_eq!(documents.len(), 3);
    for document in &documents {
        let kind = document["kind"].as_str().expect("kind");
        let schema = schema_for(kind);
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(document)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{kind}: {errors:#?}");
    }
}

#[test]
fn the_schemas_reject_what_the_api_server_rejects() {
    // The check can fail: a misspelt field and a wrong type are errors.
    let schema = schema_for("Job");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut job = manifest()
        .into_iter()
        .find(|d| d["metadata"]["name"] == "iacgrade-corpus")
        .expect("the shard job");
    job["spec"]["completionsMode"] = "Indexed".into();
    assert!(!validator.is_valid(&job));
    job["spec"]
        .as_object_mut()
        .expect("spec")
        .remove("completionsMode");
    job["spec"]["completions"] = "four".into();
    assert!(!validator.is_valid(&job));
}

#[test]
fn the_shard_job_runs_one_shard_per_completion_index() {
    let job = manifest()
        .into_iter()
        .find(|d| d["metadata"]["name"] == "iacgrade-corpus")
        .expect("the shard job");
    assert_eq!(job["spec"]["completionMode"], "Indexed");
    let completions = job["spec"]["completions"].as_u64().expect("completions");
    let script = job["spec"]["template"]["spec"]["containers"][0]["args"][0]
        .as_str()
        .expect("script");
    assert!(
        script.contains(&format!(
            "--shard \"${{JOB_COMPLETION_INDEX}}/{completions}\""
        )),
        "{script}"
    );
    let merge = manifest()
        .into_iter()
        .find(|d| d["metadata"]["name"] == "iacgrade-merge")
        .expect("the merge job");
    let shards = &merge["spec"]["template"]["spec"]["initContainers"][0]["env"][0];
    assert_eq!(shards["name"], "SHARDS");
    assert_eq!(shards["value"], completions.to_string());
}
