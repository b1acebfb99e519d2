use super::*;
use crate::options::RunSide;
use crate::report::{FileSource, TestCounts};

fn report(platform: Platform, stages: Vec<StageResult>) -> RunReport {
    RunReport {
        side: RunSide::Model,
        platform: Some(platform),
        language: None,
        workspace: None,
        aws: "emulator".into(),
        stages,
        diagnostics: Vec::new(),
        sources: vec![FileSource {
            path: "lib/main.tf".into(),
            name: "lib/main.tf".into(),
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 20,
        }],
    }
}

fn stage(
    stage: Stage,
    status: StageStatus,
    reason: &str,
    log: &str,
    error: Option<&str>,
) -> StageResult {
    let mut s = StageResult::new(stage, status, reason);
    s.commands = vec!["tool".into()];
    s.log = log.into();
    s.figures.first_error = error.map(String::from);
    s
}

const VALIDATE_LOG: &str = "Error: Reference to undeclared resource\n\n  on main.tf line 7, in resource \"aws_subnet\" \"a\":\n   7:   vpc_id = aws_vpc.missing.id\n";

#[test]
fn a_build_error_the_ideal_side_does_not_have_is_fixed_at_its_document_line() {
    let model = report(
        Platform::Tf,
        vec![stage(
            Stage::Build,
            StageStatus::Failed,
            "terraform validate failed (exit code 1)",
            VALIDATE_LOG,
            Some("Error: Reference to undeclared resource"),
        )],
    );
    let ideal = report(
        Platform::Tf,
        vec![stage(
            Stage::Build,
            StageStatus::Passed,
            "terraform validate passed",
            "",
            None,
        )],
    );
    let findings = toolchain_findings(&model, Some(&ideal));
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(
        (f.rule.as_str(), f.severity, f.status),
        ("EXE001", Severity::Critical, FindingStatus::Fixed)
    );
    assert_eq!((f.file.as_str(), f.line), ("lib/main.tf", Some(7)));
    assert_eq!(f.evidence[0].file, "lib/MODEL_RESPONSE.md");
    assert_eq!(f.evidence[0].line, Some(26));
    assert!(f.message.contains("Reference to undeclared resource"));
}

#[test]
fn when_the_ideal_side_fails_too_the_finding_is_not_counted() {
    let failing = |error: &str| {
        report(
            Platform::Tf,
            vec![stage(
                Stage::Build,
                StageStatus::Failed,
                "terraform validate failed (exit code 1)",
                VALIDATE_LOG,
                Some(error),
            )],
        )
    };
    let model = failing("Error: Reference to undeclared resource");
    let same = toolchain_findings(
        &model,
        Some(&failing("Error: Reference to undeclared resource")),
    );
    assert_eq!(same[0].status, FindingStatus::Standing);
    let other = toolchain_findings(&model, Some(&failing("Error: Unsupported argument")));
    assert_eq!(other[0].status, FindingStatus::Unfixed);
    assert!(other[0].message.starts_with(NOT_COMPARABLE));
    let not_run = toolchain_findings(&model, None);
    assert_eq!(not_run[0].status, FindingStatus::Unfixed);
}

#[test]
fn stages_that_ran_no_tool_and_passing_tests_make_no_finding() {
    let mut no_tool = StageResult::new(
        Stage::Build,
        StageStatus::Failed,
        "no .tf file in the answer",
    );
    no_tool.commands.clear();
    let mut unit = stage(
        Stage::Unit,
        StageStatus::Failed,
        "no unit tests found",
        "",
        None,
    );
    unit.figures.tests = Some(TestCounts {
        passed: 0,
        failed: 0,
        skipped: 0,
    });
    let model = report(Platform::Tf, vec![no_tool, unit]);
    assert!(toolchain_findings(&model, None).is_empty());
}

#[test]
fn one_template_finding_per_distinct_cfn_lint_error() {
    let log = "lib/TapStack.yml:12:7:12:20:E3030:'AES256' is not one of ['KMS']\nlib/TapStack.yml:30:7:30:20:E3030:'AES256' is not one of ['KMS']\nlib/TapStack.yml:3:1:3:2:W3005:Obsolete DependsOn\nlib/TapStack.yml:40:3:40:9:E3006:Resource type 'AWS::S3::Buckets' does not exist in 'us-east-1'\n";
    let mut model = report(
        Platform::Cfn,
        vec![stage(
            Stage::Lint,
            StageStatus::Failed,
            "cfn-lint lib/TapStack.yml failed (exit code 2)",
            log,
            None,
        )],
    );
    model.sources[0].path = "lib/TapStack.yml".into();
    model.sources[0].name = "lib/TapStack.yml".into();
    let ideal_log = "lib/TapStack.yml:40:3:40:9:E3006:Resource type 'AWS::S3::Buckets' does not exist in 'us-east-1'\n";
    let ideal = report(
        Platform::Cfn,
        vec![stage(
            Stage::Lint,
            StageStatus::Failed,
            "cfn-lint failed",
            ideal_log,
            None,
        )],
    );
    let findings = toolchain_findings(&model, Some(&ideal));
    let got: Vec<(&str, Option<usize>, FindingStatus)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.line, f.status))
        .collect();
    assert_eq!(
        got,
        [
            ("EXE003", Some(12), FindingStatus::Fixed),
            ("EXE003", Some(40), FindingStatus::Standing)
        ]
    );
    assert!(findings[0].message.contains("E3030"));
    assert_eq!(findings[0].evidence[0].line, Some(31));
}
