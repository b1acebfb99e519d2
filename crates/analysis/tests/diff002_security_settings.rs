//! DIFF002 on pairs of small templates: each noise class stays silent, each kind of safer
//! setting is reported.

use iacgrade_analysis::{analyse, SideInput};
use iacgrade_frontend_cfn::parse;
use iacgrade_task::{Origin, SourceFile};

fn template(resources: &str) -> SourceFile {
    SourceFile {
        path: Some("lib/TapStack.yml".into()),
        declared_language: Some("yaml".into()),
        text: format!("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n{resources}"),
        origin: Origin::ModelResponse,
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 1,
    }
}

/// The DIFF002 messages for a model and an ideal `Resources` section.
fn diff002(model: &str, ideal: &str) -> Vec<String> {
    let model_files = vec![template(model)];
    let ideal_files = vec![template(ideal)];
    let model_graph = parse(&model_files, None);
    let ideal_graph = parse(&ideal_files, None);
    assert!(
        !model_graph.resources.is_empty(),
        "the model fixture declares resources"
    );
    let analysis = analyse(
        SideInput {
            files: &model_files,
            graph: &model_graph,
            findings: Vec::new(),
        },
        Some(SideInput {
            files: &ideal_files,
            graph: &ideal_graph,
            findings: Vec::new(),
        }),
        "lib/MODEL_RESPONSE.md",
        &[],
    );
    analysis
        .findings
        .into_iter()
        .filter(|f| f.rule == "DIFF002")
        .map(|f| f.message)
        .collect()
}

const QUEUE: &str = "  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n";

#[test]
fn names_descriptions_and_other_settings_are_not_reported() {
    let model = format!(
        "{QUEUE}      QueueName: orders\n      VisibilityTimeout: 30\n      DelaySeconds: 0\n"
    );
    let ideal = format!(
        "{QUEUE}      QueueName: orders-dev\n      VisibilityTimeout: 300\n      DelaySeconds: 5\n"
    );
    assert_eq!(diff002(&model, &ideal), Vec::<String>::new());
}

#[test]
fn equal_values_written_differently_are_not_reported() {
    let db = |encrypted: &str, multi_az: &str| {
        format!(
            "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      StorageEncrypted: {encrypted}\n      MultiAZ: {multi_az}\n"
        )
    };
    assert_eq!(
        diff002(&db("'true'", "True"), &db("true", "true")),
        Vec::<String>::new()
    );
}

#[test]
fn references_on_either_side_are_not_judged() {
    // Two names for the key, and a parameter against a literal: nothing to compare.
    let bucket = |key: &str, algorithm: &str| {
        format!(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: {algorithm}\n              KMSMasterKeyID: {key}\n"
        )
    };
    assert_eq!(
        diff002(
            &bucket("!Ref DataKey", "!Ref Algorithm"),
            &bucket("!GetAtt DataKmsKey.Arn", "aws:kms")
        ),
        Vec::<String>::new()
    );
}

#[test]
fn reordered_rules_and_statements_are_not_reported() {
    let sg = |first: &str, second: &str| {
        format!(
            "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      SecurityGroupIngress:\n{first}{second}"
        )
    };
    let https = "        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0\n";
    let ssh = "        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 10.0.0.0/16\n";
    assert_eq!(
        diff002(&sg(https, ssh), &sg(ssh, https)),
        Vec::<String>::new()
    );

    // Another port opened to the world instead is another design, not a rule closed.
    let one = |port: &str| {
        sg(
            &format!("        - IpProtocol: tcp\n          FromPort: {port}\n          ToPort: {port}\n          CidrIp: 0.0.0.0/0\n"),
            "",
        )
    };
    assert_eq!(diff002(&one("443"), &one("80")), Vec::<String>::new());

    let role = |first: &str, second: &str| {
        format!(
            "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{}}\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n{first}{second}"
        )
    };
    let logs = "              - Effect: Allow\n                Action: 'logs:*'\n                Resource: '*'\n";
    let get = "              - Effect: Allow\n                Action: s3:GetObject\n                Resource: arn:aws:s3:::b/*\n";
    assert_eq!(
        diff002(&role(logs, get), &role(get, logs)),
        Vec::<String>::new()
    );
}

#[test]
fn defaults_written_down_and_weakened_protections_are_not_reported() {
    let subnet = |extra: &str| {
        format!(
            "  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n{extra}"
        )
    };
    // Off is what an unset MapPublicIpOnLaunch means.
    assert_eq!(
        diff002(&subnet(""), &subnet("      MapPublicIpOnLaunch: false\n")),
        Vec::<String>::new()
    );
    // SSE-S3 (AES256) is what S3 applies without configuration; optional tokens are no
    // protection.
    let bucket = |enc: &str| {
        format!(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: data\n{enc}"
        )
    };
    let sse = "      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n";
    assert_eq!(diff002(&bucket(""), &bucket(sse)), Vec::<String>::new());
    // The ideal choosing SSE-S3 over the model's KMS is not the model's failure.
    let kms = "      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n";
    assert_eq!(diff002(&bucket(kms), &bucket(sse)), Vec::<String>::new());
}

#[test]
fn safer_settings_are_reported() {
    let db = |extra: &str| {
        format!(
            "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n{extra}"
        )
    };
    let mut report = Vec::new();
    // A protection switched on, an exposure switched off, a retention raised.
    report.extend(diff002(
        &db("      StorageEncrypted: false\n      PubliclyAccessible: true\n      BackupRetentionPeriod: 0\n"),
        &db("      StorageEncrypted: true\n      PubliclyAccessible: false\n      BackupRetentionPeriod: 7\n"),
    ));
    // A key the model did not set; a value raised on its scale.
    let bucket = |enc: &str| {
        format!(
            "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n{enc}"
        )
    };
    report.extend(diff002(
        &bucket("              SSEAlgorithm: AES256\n"),
        &bucket(
            "              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !Ref DataKey\n",
        ),
    ));
    // A key the stack controls instead of one AWS manages.
    let logs = |key: &str| {
        format!("  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 7\n      KmsKeyId: {key}\n")
    };
    report.extend(diff002(
        &logs("alias/aws/logs"),
        &logs("!GetAtt LogsKey.Arn"),
    ));
    // World-open SSH closed; a wildcard grant scoped.
    let sg = |cidr: &str| {
        format!(
            "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: {cidr}\n"
        )
    };
    report.extend(diff002(&sg("0.0.0.0/0"), &sg("10.0.0.0/16")));
    let role = |action: &str| {
        format!(
            "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{}}\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: '{action}'\n                Resource: arn:aws:s3:::b/*\n"
        )
    };
    report.extend(diff002(&role("s3:*"), &role("s3:GetObject")));
    // A statement the ideal abbreviates says nothing about its scope; in a key policy `*` is
    // the key itself.
    let key = |statement: &str| {
        format!(
            "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n{statement}"
        )
    };
    assert_eq!(
        diff002(
            &key("          - Sid: Root\n            Effect: Allow\n            Action: 'kms:*'\n            Resource: '*'\n"),
            &key("          - Sid: Root\n")
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        diff002(
            &key("          - Effect: Allow\n            Action: kms:Decrypt\n            Resource: '*'\n"),
            &key("          - Effect: Allow\n            Action: kms:Decrypt\n            Resource: !Sub arn:aws:kms:key/${AWS::StackName}\n")
        ),
        Vec::<String>::new()
    );
    // A denying statement with a wildcard grants nothing.
    let deny = |action: &str| {
        format!(
            "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{}}\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Deny\n                Action: '{action}'\n                Resource: '*'\n"
        )
    };
    assert_eq!(
        diff002(&deny("s3:*"), &deny("s3:Delete*")),
        Vec::<String>::new()
    );
    insta::assert_snapshot!(report.join("\n"));
}
