//! What CI users of iacgrade rely on: the exit policy, the configuration file and rule
//! selection, suppressions in the answer and the baseline, the junit and github formats,
//! completions, and the generated rule documentation.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn iacgrade() -> Command {
    let mut cmd = Command::cargo_bin("iacgrade").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/healthcare-analytics")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/tasks")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// `review --format json` of `task` with extra arguments: the report and the exit code.
fn review_json(task: &Path, extra: &[&str]) -> (Value, Option<i32>) {
    let out = iacgrade()
        .current_dir(task)
        .args(["review", "--format", "json"])
        .args(extra)
        .arg(task)
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON report: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code())
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().expect("findings")
}

fn model_failures_at_least(report: &Value, severities: &[&str]) -> usize {
    findings(report)
        .iter()
        .filter(|f| {
            f["side"] == "model"
                && (f["status"] == "fixed" || f["status"] == "unfixed")
                && severities.contains(&f["severity"].as_str().unwrap_or(""))
        })
        .count()
}

/// A copy of the example task in `task/` of a temporary folder, to write comments into; the
/// configuration and baseline files go beside it (a file in the task would fail checkpoint K,
/// as the pipeline's CI rejects it).
struct ExampleCopy {
    root: tempfile::TempDir,
}

impl ExampleCopy {
    fn new() -> ExampleCopy {
        let root = tempfile::tempdir().expect("tempdir");
        copy_dir(&example(), &root.path().join("task"));
        ExampleCopy { root }
    }

    fn task(&self) -> PathBuf {
        self.root.path().join("task")
    }

    fn root(&self) -> &Path {
        self.root.path()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn the_exit_code_follows_fail_on() {
    let (report, default_code) = review_json(&example(), &[]);
    let failed_checkpoint = report["checkpoints"]
        .as_array()
        .expect("checkpoints")
        .iter()
        .any(|c| c["status"] == "fail");
    let critical = model_failures_at_least(&report, &["critical"]);
    assert!(critical >= 1, "the example has a critical model failure");
    assert_eq!(
        default_code,
        Some(1),
        "default: a critical model failure fails"
    );
    for (level, severities) in [
        ("critical", &["critical"][..]),
        ("high", &["critical", "high"][..]),
        ("medium", &["critical", "high", "medium"][..]),
        ("low", &["critical", "high", "medium", "low"][..]),
    ] {
        let (report, code) = review_json(&example(), &["--fail-on", level]);
        let expected = failed_checkpoint || model_failures_at_least(&report, severities) > 0;
        assert_eq!(code, Some(i32::from(expected)), "--fail-on {level}");
    }
    let (_, code) = review_json(&example(), &["--fail-on", "never"]);
    assert_eq!(code, Some(0), "--fail-on never");
    iacgrade()
        .args(["review", "--fail-on", "sometimes"])
        .arg(example())
        .assert()
        .code(2);
}

#[test]
fn check_exits_on_checkpoints_and_never_turns_it_off() {
    let failing = fixtures().join("tf-hcl-mislabelled");
    iacgrade().arg("check").arg(&failing).assert().code(1);
    iacgrade()
        .args(["check", "--fail-on", "never"])
        .arg(&failing)
        .assert()
        .code(0);
    iacgrade()
        .args(["check", "--fail-on", "low"])
        .arg(fixtures().join("cdk-ts-static-site"))
        .assert()
        .code(0);
}

#[test]
fn corpus_exits_one_when_a_task_fails_the_gate() {
    let out = iacgrade()
        .args(["corpus", "--checks-only", "--format", "jsonl"])
        .arg(fixtures())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fail the gate"));
    iacgrade()
        .args([
            "corpus",
            "--checks-only",
            "--fail-on",
            "never",
            "--format",
            "jsonl",
        ])
        .arg(fixtures())
        .assert()
        .code(0);
}

#[test]
fn selection_and_severity_overrides_come_from_flags_and_the_config_file() {
    let (all, _) = review_json(&example(), &["--fail-on", "never"]);
    let critical_rule = findings(&all)
        .iter()
        .find(|f| f["severity"] == "critical" && f["side"] == "model")
        .and_then(|f| f["rule"].as_str())
        .expect("a critical finding")
        .to_string();
    let (selected, code) = review_json(&example(), &["--select", "API"]);
    assert!(findings(&selected)
        .iter()
        .all(|f| f["rule"].as_str().unwrap_or("").starts_with("API")));
    assert_eq!(code, Some(i32::from(critical_rule.starts_with("API"))));
    let (ignored, code) = review_json(&example(), &["--ignore", &critical_rule]);
    assert!(findings(&ignored)
        .iter()
        .all(|f| f["rule"] != critical_rule));
    assert_eq!(code, Some(0), "the only critical failure is ignored");
    // A deselected finding does not count in the score.
    assert!(
        ignored["score"]["value"].as_f64() >= all["score"]["value"].as_f64(),
        "{} vs {}",
        ignored["score"],
        all["score"]
    );

    let copy = ExampleCopy::new();
    write(
        copy.root(),
        "iacgrade.toml",
        &format!("[severity]\n{critical_rule} = \"low\"\n"),
    );
    let (overridden, code) = review_json(&copy.task(), &[]);
    let finding = findings(&overridden)
        .iter()
        .find(|f| f["rule"] == critical_rule.as_str())
        .expect("still reported");
    assert_eq!(finding["severity"], "low");
    assert_eq!(code, Some(0));
    write(
        copy.root(),
        "iacgrade.toml",
        "fail-on = \"low\"\nselect = [\"NOPE\"]\n",
    );
    let out = iacgrade()
        .args(["review", "--format", "json"])
        .arg(copy.task())
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(findings(&report).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("`NOPE` selects no rule"));
    write(copy.root(), "iacgrade.toml", "fail_on = \"low\"\n");
    iacgrade()
        .arg("review")
        .arg(copy.task())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("iacgrade.toml:1"));
}

/// The model's answer document line of a finding, from the report's `sources`.
fn document_place(report: &Value, finding: &Value) -> (String, usize) {
    let file = finding["file"].as_str().expect("file");
    let line = finding["line"].as_u64().expect("line") as usize;
    let block = report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|b| b["side"] == "model" && b["file"] == file)
        .expect("the finding's file comes from the answer");
    (
        block["document"].as_str().expect("document").to_string(),
        block["first_line"].as_u64().expect("first line") as usize + line - 1,
    )
}

#[test]
fn a_comment_in_the_answer_suppresses_a_finding_with_its_reason() {
    let copy = ExampleCopy::new();
    let task = copy.task();
    let (before, code) = review_json(&task, &[]);
    assert_eq!(code, Some(1));
    let (index, finding) = findings(&before)
        .iter()
        .enumerate()
        .find(|(_, f)| f["severity"] == "critical" && f["side"] == "model" && f["line"].is_u64())
        .expect("a critical finding with a line");
    let rule = finding["rule"].as_str().expect("rule").to_string();
    let (document, line) = document_place(&before, finding);
    let path = task.join(&document);
    let text = std::fs::read_to_string(&path).expect("answer");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let indent: String = lines[line - 1]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    lines.insert(
        line - 1,
        format!("{indent}# iacgrade: ignore[{rule}] the provider is configured by the platform"),
    );
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");

    let (after, code) = review_json(&task, &[]);
    let suppressions = after["suppressions"].as_array().expect("suppressions");
    let suppressed = suppressions
        .iter()
        .find(|s| {
            findings(&after)[s["finding"].as_u64().expect("index") as usize]["rule"]
                == rule.as_str()
        })
        .expect("the finding is suppressed, not dropped");
    assert_eq!(suppressed["kind"], "in_source");
    assert_eq!(
        suppressed["justification"],
        "the provider is configured by the platform"
    );
    assert_eq!(suppressed["line"], line);
    assert_eq!(findings(&after).len(), findings(&before).len(), "{index}");
    assert_eq!(code, Some(0), "a suppressed finding does not fail the gate");
    assert!(after["score"]["value"].as_f64() >= before["score"]["value"].as_f64());

    let out = iacgrade().arg("review").arg(&task).output().expect("runs");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("suppressed (in_source): the provider is configured by the platform"),
        "the text report shows the suppression"
    );
    let out = iacgrade()
        .args(["review", "--format", "sarif"])
        .arg(&task)
        .output()
        .expect("runs");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == rule.as_str())
        .expect("result");
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        result["suppressions"][0]["justification"],
        "the provider is configured by the platform"
    );
}

#[test]
fn a_baseline_round_trip_accepts_old_findings_only() {
    let copy = ExampleCopy::new();
    let task = copy.task();
    let baseline = copy.root().join("baseline.json");
    let baseline_arg = baseline.to_str().expect("utf-8");
    iacgrade()
        .arg("review")
        .arg("--write-baseline")
        .arg(&baseline)
        .arg(&task)
        .assert()
        .code(0);
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).expect("written")).expect("json");
    assert_eq!(recorded["version"], 1);
    let entries = recorded["findings"].as_array().expect("entries");
    assert!(!entries.is_empty());
    assert!(entries
        .iter()
        .all(|e| e["fingerprint"].as_str().is_some_and(|f| f.len() == 16)));

    let (report, code) = review_json(&task, &["--baseline", baseline_arg]);
    assert_eq!(code, Some(0), "every finding is in the baseline");
    let baselined = report["suppressions"]
        .as_array()
        .expect("suppressions")
        .iter()
        .filter(|s| s["kind"] == "baseline")
        .count();
    assert_eq!(baselined, findings(&report).len());

    // Lines move (a paragraph added at the top): the fingerprints do not.
    let answer = task.join("lib/MODEL_RESPONSE.md");
    let text = std::fs::read_to_string(&answer).expect("answer");
    std::fs::write(&answer, format!("A note added above.\n\n{text}")).expect("write");
    let (_, code) = review_json(&task, &["--baseline", baseline_arg]);
    assert_eq!(code, Some(0), "moved findings are still baselined");

    // An empty baseline accepts nothing.
    write(
        copy.root(),
        "empty.json",
        "{\"version\": 1, \"findings\": []}",
    );
    let empty = copy.root().join("empty.json");
    let (_, code) = review_json(&task, &["--baseline", empty.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1));
    write(
        copy.root(),
        "broken.json",
        "{\"version\": 1,\n \"findings\": 3}",
    );
    iacgrade()
        .current_dir(copy.root())
        .args(["review", "--baseline", "broken.json"])
        .arg(&task)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("broken.json:2"));
}

#[test]
fn junit_is_xml_with_one_case_per_checkpoint_and_model_failure() {
    let out = iacgrade()
        .args(["review", "--format", "junit"])
        .arg(example())
        .output()
        .expect("runs");
    let xml = String::from_utf8(out.stdout).expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let (report, _) = review_json(&example(), &[]);
    let checkpoints = report["checkpoints"].as_array().expect("checkpoints");
    let failures = model_failures_at_least(&report, &["critical", "high", "medium", "low"]);
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), checkpoints.len() + failures);
    let failed = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    let expected_failed = checkpoints.iter().filter(|c| c["status"] == "fail").count()
        + model_failures_at_least(&report, &["critical", "high"]);
    assert_eq!(failed, expected_failed);
    let root = doc.root_element();
    assert_eq!(
        root.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    assert_eq!(
        root.attribute("failures"),
        Some(expected_failed.to_string().as_str())
    );
}

#[test]
fn github_annotations_point_at_the_answer_document() {
    let out = iacgrade()
        .current_dir(example().join("../.."))
        .args([
            "review",
            "--format",
            "github",
            "examples/healthcare-analytics",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let (command, _message) = line[2..].split_once("::").expect("::level props::message");
        let (level, properties) = command.split_once(' ').expect("level and properties");
        assert!(["error", "warning", "notice"].contains(&level), "{line}");
        let file = properties
            .split(',')
            .find_map(|p| p.strip_prefix("file="))
            .expect("file");
        assert!(
            example().join("../..").join(file).is_file(),
            "{file} exists"
        );
        assert!(properties.split(',').any(|p| p.starts_with("line=")));
    }
    assert!(lines.iter().any(
        |l| l.starts_with("::error file=examples/healthcare-analytics/lib/MODEL_RESPONSE.md,")
    ));
}

#[test]
fn bash_completion_sources_and_the_man_page_renders() {
    let out = iacgrade()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let script = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(script.path(), &out.stdout).expect("write");
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -e; source {}; complete -p iacgrade",
            script.path().display()
        ))
        .status()
        .expect("bash runs");
    assert!(
        status.success(),
        "the script sources and registers iacgrade"
    );
    let out = iacgrade().arg("man").output().expect("runs");
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        page.starts_with(".ie") || page.contains(".TH iacgrade"),
        "{page}"
    );
    assert!(page.contains("corpus"));
}

#[test]
fn every_rule_is_documented_and_the_docs_page_is_fresh() {
    let out = iacgrade().arg("rules").output().expect("runs");
    let list = String::from_utf8(out.stdout).expect("utf-8");
    let ids: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for family in [
        "API", "ENC", "DIFF", "REQ", "DEP", "TSK", "EXE", "PLH", "CHK-A", "CHK-G",
    ] {
        assert!(
            ids.iter().any(|id| id.starts_with(family)),
            "{family} listed"
        );
    }
    for id in &ids {
        let out = iacgrade().args(["rules", id]).output().expect("runs");
        assert!(out.status.success(), "rules {id}");
        assert!(out.stdout.len() > 80, "rules {id} has documentation");
    }
    let out = iacgrade()
        .args(["rules", "--markdown"])
        .output()
        .expect("runs");
    let generated = String::from_utf8(out.stdout).expect("utf-8");
    let committed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md"),
    )
    .unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -p iacgrade -- rules --markdown > docs/rules.md`"
    );
}

/// Every rule code written in the pipeline's sources is in the registry.
#[test]
fn every_code_in_the_sources_is_in_the_registry() {
    let out = iacgrade().arg("rules").output().expect("runs");
    let list = String::from_utf8(out.stdout).expect("utf-8");
    let ids: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let crates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut missing = Vec::new();
    let mut stack = vec![crates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("tests") && !path.ends_with("target") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for code in quoted_codes(&text) {
                if !ids.contains(&code.as_str()) && !missing.contains(&code) {
                    missing.push(code);
                }
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "codes without documentation: {missing:?}"
    );
}

/// String literals of the form `"ABC123"` (2–4 capitals, 3 digits) outside test modules:
/// rule codes. Encryption algorithm names (`"AES256"`) are not codes.
fn quoted_codes(text: &str) -> Vec<String> {
    let body = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = Vec::new();
    for piece in body.split('"').skip(1).step_by(2) {
        let letters = piece.chars().take_while(|c| c.is_ascii_uppercase()).count();
        let digits = &piece[letters..];
        if (2..=4).contains(&letters)
            && digits.len() == 3
            && digits.chars().all(|c| c.is_ascii_digit())
            && !piece.starts_with("AES")
        {
            out.push(piece.to_string());
        }
    }
    out
}

/// The SARIF 2.1.0 schema as the report crate's tests keep it, with its one pattern that the
/// validator cannot compile repaired (see crates/report/tests/sarif.rs).
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../report/tests/data/sarif-schema-2.1.0.json"),
    )
    .expect("schema file");
    let text = text.replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn sarif_of(task: &Path) -> Value {
    let out = iacgrade()
        .args(["review", "--format", "sarif", "--fail-on", "never"])
        .arg(task)
        .output()
        .expect("runs");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_results_are_placed_in_files_the_task_has() {
    let validator = sarif_validator();
    // The example has project files; cdktf-py-queue is documents only (its code exists only
    // inside lib/MODEL_RESPONSE.md and lib/IDEAL_RESPONSE.md).
    for task in [example(), fixtures().join("cdktf-py-queue")] {
        let log = sarif_of(&task);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", task.display());
        let run = &log["runs"][0];
        let rules: Vec<&Value> = run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .collect();
        let results = run["results"].as_array().expect("results");
        assert!(!results.is_empty(), "{}", task.display());
        for result in results {
            assert!(
                result["partialFingerprints"]["iacgrade/v1"].is_string(),
                "{result}"
            );
            let location = &result["locations"][0]["physicalLocation"];
            let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
            assert!(
                task.join(uri).is_file(),
                "{uri} is a file of {}",
                task.display()
            );
            assert!(location["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 1));
            let rule = rules
                .iter()
                .find(|r| r["id"] == result["ruleId"])
                .expect("every ruleId has a rule entry");
            assert!(rule["helpUri"].is_string(), "{}", rule["id"]);
            assert!(rule["fullDescription"]["text"].is_string());
            assert!(rule["help"]["markdown"].is_string());
            assert!(rule["properties"]["tags"].is_array());
        }
    }
}
