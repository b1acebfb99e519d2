//! The SARIF renderer: every output validates against the official SARIF 2.1.0 schema (the
//! OASIS file in tests/data, see its README), and snapshots show the log for hand-built reports.

mod common;

use common::{empty_report, finding, full_report, snapshot_settings};
use iacgrade_findings::{FindingStatus, Severity};
use iacgrade_report::{render_sarif, Report};
use serde_json::Value;

fn sarif_schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    ))
    .expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// The published language-tag pattern (`run.language`, `toolComponent.language`): its stray `]`
/// is a literal in legacy ECMA-262 but an error for the `jsonschema` crate's meta-validation,
/// with or without format checks, so the schema as published does not compile.
const PUBLISHED_LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
/// The language tag that pattern means.
const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$";

/// Replaces every `pattern` equal to [`PUBLISHED_LANGUAGE_PATTERN`]; returns how many.
fn repair_language_patterns(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut repaired = 0;
            for (key, v) in map.iter_mut() {
                if key == "pattern" && v == PUBLISHED_LANGUAGE_PATTERN {
                    *v = Value::from(LANGUAGE_PATTERN);
                    repaired += 1;
                } else {
                    repaired += repair_language_patterns(v);
                }
            }
            repaired
        }
        Value::Array(items) => items.iter_mut().map(repair_language_patterns).sum(),
        _ => 0,
    }
}

/// The schema, with format checks (uri, uri-reference, date-time ...), its language-tag
/// patterns repaired in memory only (the file stays as published). iacgrade never writes a
/// `language` property, so the repair loosens no check on its output.
fn sarif_validator_with_formats() -> jsonschema::Validator {
    let mut schema = sarif_schema();
    assert!(repair_language_patterns(&mut schema) >= 1);
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(log: &Value) {
    let validator = sarif_validator_with_formats();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}\n{log:#}");
}

#[test]
fn the_validator_rejects_what_the_spec_forbids() {
    let mut log = render_sarif(&[full_report()]);
    let validator = sarif_validator_with_formats();
    assert!(validator.is_valid(&log));
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator.is_valid(&log), "startLine 0");
    let mut log = render_sarif(&[full_report()]);
    log["runs"][0]["results"][0]["level"] = Value::from("critical");
    assert!(!validator.is_valid(&log), "unknown level");
    let mut log = render_sarif(&[full_report()]);
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = Value::from("not a uri");
    assert!(!validator.is_valid(&log), "helpUri must be a URI");
    let mut log = render_sarif(&[full_report()]);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("lib/tap stack.ts");
    assert!(!validator.is_valid(&log), "a space is no URI reference");
}

/// A report of a task given by a relative path, with findings whose files and lines are odd.
fn odd_locations_report() -> Report {
    let mut report = empty_report();
    report.task.path = "corpus/cfn yaml/Pr 9".into();
    report.task.id = "Pr 9".into();
    report.findings = vec![
        finding(
            "CFN010",
            "unknown-resource-type",
            Severity::Critical,
            FindingStatus::Unfixed,
            "lib/Tap Stack.yml",
            None,
            "AWS::S3::Bukket is not a CloudFormation type",
        ),
        finding(
            "CFN011",
            "unknown-property",
            Severity::Critical,
            FindingStatus::Unfixed,
            "MODEL_RESPONSE.md:12",
            Some(4),
            "BucketNme is not a property of AWS::S3::Bucket",
        ),
        finding(
            "LOW001",
            "comment-typo",
            Severity::Low,
            FindingStatus::Unfixed,
            "lib/ünïcode/é.yml",
            Some(0),
            "",
        ),
    ];
    report
}

#[test]
fn full_report_is_valid_sarif() {
    assert_valid(&render_sarif(&[full_report()]));
}

#[test]
fn empty_report_is_valid_sarif() {
    assert_valid(&render_sarif(&[empty_report()]));
}

#[test]
fn no_report_is_valid_sarif() {
    assert_valid(&render_sarif(&[]));
}

#[test]
fn several_reports_are_valid_sarif_with_one_base_per_task() {
    let log = render_sarif(&[full_report(), empty_report(), odd_locations_report()]);
    assert_valid(&log);
    let run = &log["runs"][0];
    let bases = run["originalUriBaseIds"].as_object().expect("base ids");
    assert_eq!(bases.len(), 3);
    assert_eq!(bases["TASKROOT1"]["uri"], "file:///tasks/pulumi-ts/Pr7001/");
    assert!(bases["TASKROOT3"].get("uri").is_none());
    let odd: Vec<&Value> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["properties"]["task"] == "Pr 9")
        .collect();
    assert_eq!(odd.len(), 3);
    let loc = &odd[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "lib/Tap%20Stack.yml");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "TASKROOT3");
    // Code scanning places a result only with a line: a finding without one is at line 1.
    assert_eq!(
        loc["region"]["startLine"], 1,
        "no line: the file's first line"
    );
    let loc = &odd[1]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "MODEL_RESPONSE.md");
    assert_eq!(loc["region"]["startLine"], 15);
    let loc = &odd[2]["locations"][0]["physicalLocation"];
    assert_eq!(loc["region"]["startLine"], 1, "line 0 is no line");
}

#[test]
fn levels_follow_severity_and_failing_checkpoints_are_results() {
    let log = render_sarif(&[full_report()]);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let level_of = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .map(|r| r["level"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(level_of("API001").as_deref(), Some("error"));
    assert_eq!(level_of("ENC001").as_deref(), Some("error"));
    assert_eq!(level_of("DEL001").as_deref(), Some("warning"));
    assert_eq!(level_of("DOC001").as_deref(), Some("note"));
    assert_eq!(level_of("CHK-C").as_deref(), Some("error"));
    assert_eq!(level_of("CHK-K").as_deref(), Some("warning"));
    assert_eq!(
        level_of("CHK-B"),
        None,
        "passed checkpoints are not results"
    );
    assert_eq!(
        level_of("CHK-G"),
        None,
        "skipped checkpoints are not results"
    );
    // Six findings, two checkpoint results; every rule id the results use is a driver rule.
    assert_eq!(results.len(), 8);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("rule index") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}

#[test]
fn same_reports_same_json() {
    let a = render_sarif(&[full_report(), odd_locations_report()]);
    let b = render_sarif(&[full_report(), odd_locations_report()]);
    assert_eq!(a.to_string(), b.to_string());
}

#[test]
fn full_report_snapshot() {
    snapshot_settings().bind(|| {
        insta::assert_json_snapshot!("sarif_full_report", render_sarif(&[full_report()]));
    });
}

#[test]
fn empty_report_snapshot() {
    snapshot_settings().bind(|| {
        insta::assert_json_snapshot!("sarif_empty_report", render_sarif(&[empty_report()]));
    });
}
