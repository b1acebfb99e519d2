//! The emulator accepts resource types it does not implement without creating anything; the
//! deploy stage reports them as "not verified" instead of counting them as created.

mod common;

use iacgrade_run::{run_side, RunOptions, RunSide, Stage, StageStatus};

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  EnvironmentSuffix:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'cache-data-${EnvironmentSuffix}'
  AuthToken:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub 'cache-auth-${EnvironmentSuffix}'
      GenerateSecretString:
        PasswordLength: 32
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: cache
      Engine: redis
      CacheNodeType: cache.t3.micro
      NumCacheClusters: 2
Outputs:
  BucketName:
    Value: !Ref Bucket
"#;

#[test]
fn resources_the_emulator_does_not_back_are_reported_not_verified() {
    if !common::tools_present(&["moto_server"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            (
                "metadata.json",
                r#"{"platform": "cfn", "language": "yaml"}"#,
            ),
            ("lib/PROMPT.md", "A cache."),
            ("lib/MODEL_RESPONSE.md", "Nothing."),
            ("lib/TapStack.yml", TEMPLATE),
        ],
    );
    let task = iacgrade_task::load_task(dir.path());
    let options = RunOptions {
        stages: vec![Stage::Deploy],
        tools: common::tools(),
        environment_suffix: Some("nv1".into()),
        ..RunOptions::default()
    };
    let report = run_side(&task, RunSide::Ideal, &options);
    let deploy = report.stage(Stage::Deploy).expect("deploy");
    assert_eq!(deploy.status, StageStatus::Passed, "{deploy:?}");
    assert_eq!(
        deploy.figures.not_verified,
        [
            "AWS::SecretsManager::Secret (AuthToken)",
            "AWS::ElastiCache::ReplicationGroup (Cache)"
        ]
    );
    assert!(
        deploy.reason.contains("2 resource(s) not verified"),
        "{}",
        deploy.reason
    );
    assert_eq!(
        deploy.figures.outputs.get("BucketName").map(String::as_str),
        Some("cache-data-nv1")
    );
    assert_eq!(deploy.figures.stack_deleted, Some(true));
}
