//! Fixture tasks of every platform this machine can run, each a small invented task whose model
//! answer has one defect a tool proves: a Terraform undeclared reference (terraform validate), an
//! invalid CloudFormation value (cfn-lint), a Pulumi bad keyword argument (the program under
//! mocks), a Python syntax error (py_compile) and a TypeScript type error (tsc). Run on both
//! sides, each gives one critical `fixed` finding of the toolchain family at the answer's line,
//! and the ideal side passes the same stage. The Pulumi ideal also joins outputs known only once
//! deployed and passes a policy document's JSON on, as a preview allows.

mod common;

use iacgrade_findings::{FindingStatus, Severity};
use iacgrade_run::{run_side, toolchain_findings, RunOptions, RunSide, Stage, StageStatus};

struct Case {
    fixture: &'static str,
    stages: &'static [Stage],
    /// The stage whose failure is the finding.
    stage: Stage,
    rule: &'static str,
    /// The line of lib/MODEL_RESPONSE.md holding the defect.
    document_line: usize,
    /// Words of the tool the evidence must hold.
    words: &'static str,
}

fn check(case: &Case) {
    let options = RunOptions {
        stages: case.stages.to_vec(),
        tools: common::tools(),
        stage_timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let task = iacgrade_task::load_task(&common::fixture(case.fixture));
    let ideal = run_side(&task, RunSide::Ideal, &options);
    let model = run_side(&task, RunSide::Model, &options);
    let summary = format!(
        "ideal: {}\nmodel: {}",
        serde_json::to_string_pretty(&ideal).unwrap_or_default(),
        serde_json::to_string_pretty(&model).unwrap_or_default()
    );
    let ideal_stage = ideal.stage(case.stage).expect("ideal stage reported");
    assert_eq!(ideal_stage.status, StageStatus::Passed, "{summary}");
    let findings = toolchain_findings(&model, Some(&ideal));
    assert_eq!(findings.len(), 1, "{findings:#?}\n{summary}");
    let f = &findings[0];
    assert_eq!(f.rule, case.rule, "{f:#?}");
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.status, FindingStatus::Fixed, "{f:#?}");
    let evidence = &f.evidence[0];
    assert_eq!(evidence.file, "lib/MODEL_RESPONSE.md", "{f:#?}");
    assert_eq!(evidence.line, Some(case.document_line), "{f:#?}\n{summary}");
    assert!(evidence.text.contains(case.words), "{f:#?}");
}

#[test]
fn terraform_undeclared_reference() {
    if !common::tools_present(&["terraform"]) {
        return;
    }
    check(&Case {
        fixture: "tf-undeclared-reference",
        stages: &[Stage::Build],
        stage: Stage::Build,
        rule: "EXE001",
        document_line: 26,
        words: "Reference to undeclared resource",
    });
}

#[test]
fn cloudformation_invalid_value() {
    if !common::tools_present(&["cfn-lint"]) {
        return;
    }
    check(&Case {
        fixture: "cfn-invalid-value",
        stages: &[Stage::Lint, Stage::Synth],
        stage: Stage::Lint,
        rule: "EXE003",
        document_line: 19,
        words: "E3030",
    });
}

#[test]
fn pulumi_python_bad_keyword_argument() {
    if !common::python_modules_present(&["pulumi", "pulumi_aws"]) {
        return;
    }
    check(&Case {
        fixture: "pulumi-py-bad-keyword",
        stages: &[Stage::Build, Stage::Synth],
        stage: Stage::Synth,
        rule: "EXE002",
        // The line Python's traceback names: inside the call that passes the bad keyword.
        document_line: 20,
        words: "unexpected keyword argument 'visibility_timeout'",
    });
}

#[test]
fn python_syntax_error() {
    if !common::tools_present(&["python"]) {
        return;
    }
    check(&Case {
        fixture: "pulumi-py-syntax-error",
        stages: &[Stage::Build],
        stage: Stage::Build,
        rule: "EXE001",
        document_line: 26,
        words: "SyntaxError",
    });
}

#[test]
fn typescript_type_error() {
    if !common::tools_present(&["tsc"]) {
        return;
    }
    check(&Case {
        fixture: "cdk-ts-type-error",
        stages: &[Stage::Build],
        stage: Stage::Build,
        rule: "EXE001",
        document_line: 28,
        words: "TS2322",
    });
}
