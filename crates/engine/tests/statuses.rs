//! Statuses from evidence: a finding of the model is `fixed` only when the ideal answer shows
//! code for the same resource or place; with no ideal code, or none for that place, it is
//! `unfixed` and a note says why. A resource the ideal removed is judged by the request.
//! Positives hold on the model's own code, never on a rule's silence alone. Invented tasks.

use std::fs;
use std::path::Path;

use iacgrade_engine::{review_task_with, ReviewOptions};
use iacgrade_findings::{Finding, FindingStatus, Side};
use iacgrade_report::Report;

const METADATA: &str = r#"{"platform": "cfn", "language": "yaml", "complexity": "medium",
"turn_type": "single", "subtask": "Provisioning of Infrastructure Environments",
"training_quality": 8}"#;

fn template(path: &str, body: &str) -> String {
    format!("## {path}\n\n```yaml\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n{body}```\n")
}

const LOGS: &str =
    "  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: app-logs\n";
const LOGS_KEPT_30_DAYS: &str = "  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: app-logs\n      RetentionInDays: 30\n";

fn review(prompt: &str, model: &str, ideal: &str) -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), prompt, model, ideal);
    review_task_with(dir.path(), &ReviewOptions::default()).report
}

fn write(dir: &Path, prompt: &str, model: &str, ideal: &str) {
    fs::create_dir_all(dir.join("lib")).expect("lib folder");
    fs::write(dir.join("metadata.json"), METADATA).expect("metadata");
    fs::write(dir.join("lib/PROMPT.md"), prompt).expect("prompt");
    fs::write(dir.join("lib/MODEL_RESPONSE.md"), model).expect("model");
    fs::write(dir.join("lib/IDEAL_RESPONSE.md"), ideal).expect("ideal");
}

fn of_rule<'a>(report: &'a Report, rule: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

const PROMPT: &str = "Create a CloudFormation template with a log group for the application.\n";

#[test]
fn a_fix_the_ideal_shows_is_fixed() {
    let report = review(
        PROMPT,
        &template("lib/TapStack.yml", LOGS),
        &template("lib/TapStack.yml", LOGS_KEPT_30_DAYS),
    );
    let log = of_rule(&report, "LOG001");
    assert_eq!(log.len(), 1, "{:#?}", report.findings);
    assert_eq!(log[0].status, FindingStatus::Fixed);
    assert!(log[0]
        .ideal_snippet
        .as_deref()
        .is_some_and(|s| s.contains("RetentionInDays")));
}

#[test]
fn an_ideal_without_code_fixes_nothing() {
    let prose = "The template is correct as the model wrote it; the log group is fine.\n";
    let report = review(PROMPT, &template("lib/TapStack.yml", LOGS), prose);
    let log = of_rule(&report, "LOG001");
    assert_eq!(log.len(), 1, "{:#?}", report.findings);
    assert_eq!(log[0].status, FindingStatus::Unfixed);
    assert!(log[0].ideal_snippet.is_none());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("the ideal answer has no code")),
        "{:#?}",
        report.notes
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.status != FindingStatus::Fixed));
}

#[test]
fn an_ideal_fragment_without_the_place_fixes_nothing_there() {
    // The ideal shows only another file with another resource.
    let alerts = "## lib/alerts.yml\n\n```yaml\nResources:\n  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: alerts\n      DisplayName: Alerts for the operators\n      FifoTopic: false\n      KmsMasterKeyId: alias/aws/sns\n      Tags:\n        - Key: team\n          Value: operations\n```\n";
    let report = review(PROMPT, &template("lib/TapStack.yml", LOGS), alerts);
    let log = of_rule(&report, "LOG001");
    assert_eq!(log.len(), 1, "{:#?}", report.findings);
    assert_eq!(log[0].status, FindingStatus::Unfixed, "{:#?}", log[0]);
    assert!(log[0].ideal_snippet.is_none());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("no code for their file or resource")),
        "{:#?}",
        report.notes
    );
}

const LAUNCH: &str = "  Template:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        InstanceType: t3.micro\n";
const GROUP: &str = "  Fleet:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: '2'\n      MaxSize: '4'\n      LaunchTemplate:\n        LaunchTemplateId: !Ref Template\n        Version: !GetAtt Template.LatestVersionNumber\n";

#[test]
fn a_requested_resource_the_ideal_removed_is_a_regression_of_the_ideal() {
    let prompt = "## Requirements\n- The web tier must run in an Auto Scaling group of two to four instances.\n";
    let model = template("lib/TapStack.yml", &format!("{LAUNCH}{GROUP}"));
    let ideal = template("lib/TapStack.yml", LAUNCH);
    let report = review(prompt, &model, &ideal);
    let about_scaling = |f: &&Finding| {
        let m = f.message.to_lowercase();
        m.contains("autoscaling") || m.contains("auto scaling")
    };
    // Not a fix of the model: the model did what the request asked.
    let against_model: Vec<&Finding> = report
        .findings
        .iter()
        .filter(about_scaling)
        .filter(|f| matches!(f.status, FindingStatus::Fixed | FindingStatus::Unfixed))
        .collect();
    assert!(against_model.is_empty(), "{against_model:#?}");
    // A regression of the ideal, reported once.
    let regressions: Vec<&Finding> = report
        .findings
        .iter()
        .filter(about_scaling)
        .filter(|f| f.status == FindingStatus::Regression && f.side == Side::Ideal)
        .collect();
    assert_eq!(regressions.len(), 1, "{:#?}", report.findings);
}

#[test]
fn positives_hold_on_the_model_code() {
    let listener = "  Balancer:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n      Subnets: [subnet-1, subnet-2]\n  Targets:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n    Properties:\n      Port: 80\n      Protocol: HTTP\n      VpcId: vpc-1\n  Web:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      LoadBalancerArn: !Ref Balancer\n      Port: 80\n      Protocol: HTTP\n      DefaultActions:\n        - Type: forward\n          TargetGroupArn: !Ref Targets\n";
    let body = format!("{LAUNCH}{listener}");
    let model = template("lib/TapStack.yml", &body);
    let report = review(
        "Create a CloudFormation template with a load balancer in front of a launch template.\n",
        &model,
        &model,
    );
    let texts: Vec<&str> = report.positives.iter().map(|p| p.text.as_str()).collect();
    assert!(
        !texts.iter().any(|t| t.contains("HTTPS")),
        "an HTTP listener claimed as HTTPS: {texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("EBS")),
        "a launch template without Encrypted claimed encrypted: {texts:?}"
    );

    // Written as the practice wants it: said.
    let encrypted = "  Data:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 20\n      Encrypted: true\n";
    let secure = "  Web:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      LoadBalancerArn: lb-arn\n      Port: 80\n      Protocol: HTTP\n      DefaultActions:\n        - Type: redirect\n          RedirectConfig: {Protocol: HTTPS, Port: '443', StatusCode: HTTP_301}\n";
    let model = template("lib/TapStack.yml", &format!("{encrypted}{secure}"));
    let report = review("Create a CloudFormation template.\n", &model, &model);
    let texts: Vec<&str> = report.positives.iter().map(|p| p.text.as_str()).collect();
    assert!(texts.contains(&"EBS volumes encrypted"), "{texts:?}");
    assert!(
        texts.contains(&"Load balancer listeners use HTTPS"),
        "{texts:?}"
    );
}
