//! Hand-built reports for the renderer tests: one that uses every section, one with nothing in
//! it. Written for these tests; no corpus text.

#![allow(dead_code)]

use iacgrade_findings::{CheckStatus, Checkpoint, Finding, FindingStatus, Place, Severity, Side};
use iacgrade_report::{
    AnswerFacts, AnswerSummary, DiffSummary, ErrorEntry, ExistingComparison, ExistingMatch,
    FileDiffCounts, LabelledFailure, Positive, Report, Requirement, ResourceCounts,
    ResourceDiffCounts, Score, ScoreStep, TaskInfo, ToolInfo, SCHEMA_VERSION,
};
use iacgrade_task::Evidence;

/// Insta settings that keep snapshots in tests/snapshots beside this crate's manifest, wherever
/// the workspace root is.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings
}

/// A finding with the given identity; every optional field empty.
pub fn finding(
    rule: &str,
    name: &str,
    severity: Severity,
    status: FindingStatus,
    file: &str,
    line: Option<usize>,
    message: &str,
) -> Finding {
    Finding {
        rule: rule.into(),
        name: name.into(),
        severity,
        category: match severity {
            Severity::Critical | Severity::High => "A".into(),
            Severity::Medium => "B".into(),
            Severity::Low => "C".into(),
        },
        status,
        side: match status {
            FindingStatus::Regression => Side::Ideal,
            _ => Side::Model,
        },
        file: file.into(),
        line,
        message: message.into(),
        model_snippet: None,
        ideal_snippet: None,
        root_cause: None,
        fix: None,
        docs: None,
        also_at: Vec::new(),
        evidence: Vec::new(),
    }
}

fn checkpoint(id: &str, name: &str, status: CheckStatus, message: &str) -> Checkpoint {
    Checkpoint {
        id: id.into(),
        name: name.into(),
        status,
        message: message.into(),
        evidence: Vec::new(),
    }
}

/// A report with no findings, no score and nothing else: what a task with no answers gives.
pub fn empty_report() -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "iacgrade",
            version: "0.0.0-test",
        },
        task: TaskInfo {
            path: "tasks/empty".into(),
            id: "empty".into(),
            platform: None,
            language: None,
            recorded_score: None,
        },
        checkpoints: Vec::new(),
        resources: None,
        findings: Vec::new(),
        suppressions: Vec::new(),
        sources: Vec::new(),
        requirements: Vec::new(),
        score: None,
        errors: Vec::new(),
        answers: AnswerSummary::default(),
        diff: None,
        positives: Vec::new(),
        knowledge_gaps: Vec::new(),
        recommendations: Vec::new(),
        notes: Vec::new(),
        existing: None,
        existing_labels: None,
        judged: true,
        not_judged_reason: None,
        judged_response: None,
        run: Vec::new(),
    }
}

/// A Pulumi TypeScript task with one failure of each severity, findings in both answers and in
/// the ideal one only, and every other section filled.
pub fn full_report() -> Report {
    let mut critical = finding(
        "API001",
        "unknown-sdk-symbol",
        Severity::Critical,
        FindingStatus::Fixed,
        "lib/tap-stack.ts",
        Some(27),
        "aws.s3.BucketV9 is not part of @pulumi/aws: the program does not compile",
    );
    critical.model_snippet = Some(
        "const bucket = new aws.s3.BucketV9(`logs-${suffix}`, {\n  acl: 'private',\n});\n".into(),
    );
    critical.ideal_snippet = Some(
        "const bucket = new aws.s3.Bucket(`logs-${suffix}`, {\n  acl: 'private',\n});\n".into(),
    );
    critical.root_cause =
        Some("The model invented a versioned resource class that the SDK never had.".into());
    critical.fix = Some("Use aws.s3.Bucket.".into());
    critical.docs = Some("https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/".into());
    // The same invented class used again in ten more places, one of them in another file.
    critical.also_at = (1..=9)
        .map(|i| Place {
            file: "lib/tap-stack.ts".into(),
            line: 27 + 10 * i,
        })
        .chain(std::iter::once(Place {
            file: "lib/storage.ts".into(),
            line: 4,
        }))
        .collect();

    let mut high = finding(
        "ENC001",
        "s3-bucket-encryption-not-declared",
        Severity::High,
        FindingStatus::Fixed,
        "lib/MODEL_RESPONSE.md:40",
        Some(3),
        "Bucket `logs-${suffix}` declares no server-side encryption although the prompt asks for \
         KMS encryption of every store, at rest and in transit, with customer-managed keys that \
         rotate yearly",
    );
    high.model_snippet = Some("```ts\nnew aws.s3.Bucket('x');\n```".into());
    high.fix = Some("Add a BucketServerSideEncryptionConfiguration with a KMS key.".into());
    high.docs = Some(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html".into(),
    );

    let mut medium = finding(
        "DEL001",
        "retain-policy-blocks-destroy",
        Severity::Medium,
        FindingStatus::Unfixed,
        "lib/tap-stack.ts",
        None,
        "Table orders has deletion protection on: the stack cannot be destroyed | cleaned up",
    );
    medium.root_cause = Some("Production defaults copied into a test stack.".into());

    let mut low = finding(
        "DOC001",
        "placeholder-left-in-code",
        Severity::Low,
        FindingStatus::Fixed,
        "bin/tap.ts",
        Some(5),
        "A TODO<placeholder> is left in the entry point",
    );
    low.docs = Some("see the project's contributing guide".into());

    let standing = finding(
        "IAM002",
        "wildcard-iam-action",
        Severity::High,
        FindingStatus::Standing,
        "lib/tap-stack.ts",
        Some(80),
        "Role reader allows s3:* on every bucket",
    );
    let mut regression = finding(
        "TAG001",
        "missing-environment-suffix",
        Severity::Medium,
        FindingStatus::Regression,
        "lib/tap-stack.ts",
        Some(91),
        "Queue dead-letters is named without the environment suffix",
    );
    regression.fix = Some("Append environmentSuffix to the name.".into());

    let mut checkpoint_b = checkpoint(
        "B",
        "Platform and language",
        CheckStatus::Pass,
        "pulumi/ts as metadata says",
    );
    checkpoint_b.evidence = vec![Evidence::new(
        "lib/tap-stack.ts",
        Some(1),
        "import * as pulumi",
    )];
    let mut checkpoint_c = checkpoint(
        "C",
        "Environment suffix",
        CheckStatus::Fail,
        "2 resource names lack the suffix | see evidence",
    );
    checkpoint_c.evidence = vec![
        Evidence::new("lib/tap-stack.ts", Some(91), "name: 'dead-letters'"),
        Evidence::new("lib/tap-stack.ts", Some(95), "name: 'orders'"),
    ];
    let checkpoint_k = checkpoint(
        "K",
        "File locations",
        CheckStatus::Warn,
        "README.md at the root",
    );
    let checkpoint_g = checkpoint("G", "Build", CheckStatus::Skip, "no toolchain run");

    Report {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "iacgrade",
            version: "0.0.0-test",
        },
        task: TaskInfo {
            path: "/tasks/pulumi-ts/Pr7001".into(),
            id: "Pr7001".into(),
            platform: Some("pulumi".into()),
            language: Some("ts".into()),
            recorded_score: Some(8.0),
        },
        checkpoints: vec![checkpoint_b, checkpoint_c, checkpoint_g, checkpoint_k],
        resources: Some(ResourceCounts {
            model: 12,
            ideal: 15,
        }),
        findings: vec![low, critical, standing, medium, high, regression],
        suppressions: Vec::new(),
        sources: Vec::new(),
        requirements: vec![
            Requirement {
                id: "R1".into(),
                text: "Encrypt every store with KMS | customer keys".into(),
                model: "unmet".into(),
                ideal: "met".into(),
                evidence: "lib/tap-stack.ts:27".into(),
                modality: None,
                condition: None,
            },
            Requirement {
                id: "R2".into(),
                text: "Deploy to eu-west-1".into(),
                model: "met".into(),
                ideal: "met".into(),
                evidence: String::new(),
                modality: None,
                condition: None,
            },
        ],
        score: Some(Score {
            value: 9.0,
            policy: "default".into(),
            steps: vec![
                ScoreStep {
                    step: "base".into(),
                    delta: 8.0,
                    why: "no blocker".into(),
                },
                ScoreStep {
                    step: "category A".into(),
                    delta: 1.0,
                    why: "1 significant fix (encryption)".into(),
                },
                ScoreStep {
                    step: "complexity".into(),
                    delta: 0.0,
                    why: "3 services".into(),
                },
            ],
        }),
        errors: vec![ErrorEntry {
            file: "metadata.json".into(),
            line: Some(4),
            message: "training_quality is a string: read as 8".into(),
        }],
        answers: AnswerSummary {
            model: Some(AnswerFacts {
                form: "fenced".into(),
                blocks: 3,
                files_with_path: 2,
                detected_platform: Some("pulumi".into()),
                detected_language: Some("ts".into()),
            }),
            ideal: Some(AnswerFacts {
                form: "fenced".into(),
                blocks: 2,
                files_with_path: 2,
                detected_platform: Some("pulumi".into()),
                detected_language: Some("ts".into()),
            }),
        },
        diff: Some(DiffSummary {
            files: FileDiffCounts {
                paired: 2,
                identical: 1,
                changed: 1,
                renamed: 0,
                only_in_ideal: 1,
                only_in_model: 0,
            },
            resources: ResourceDiffCounts {
                matched: 11,
                changed: 2,
                only_in_model: 1,
                only_in_ideal: 4,
            },
            symbols_only_in_model: vec!["BucketV9".into()],
            symbols_only_in_ideal: vec!["Bucket".into()],
            unchanged_share: 0.8264,
        }),
        positives: vec![
            Positive {
                text: "Every resource name carries the environment suffix".into(),
                evidence: Some("lib/tap-stack.ts".into()),
            },
            Positive {
                text: "Tags on every taggable resource".into(),
                evidence: None,
            },
        ],
        knowledge_gaps: vec!["Which S3 classes @pulumi/aws exports".into()],
        recommendations: vec!["Check SDK class names against the provider's API docs".into()],
        notes: vec![
            "The prompt asks for eu-west-1 and us-east-1; both answers use eu-west-1".into(),
        ],
        existing: Some(ExistingComparison {
            labelled: vec![
                LabelledFailure {
                    title: "Invented S3 bucket class".into(),
                    severity: Some("critical".into()),
                    line: 7,
                },
                LabelledFailure {
                    title: "Missing CloudWatch alarms".into(),
                    severity: None,
                    line: 30,
                },
            ],
            found: vec![ExistingMatch {
                labelled: 0,
                finding: 1,
            }],
            missed: vec![1],
            unlabelled_findings: vec![0, 3, 4],
        }),
        existing_labels: None,
        judged: true,
        not_judged_reason: None,
        judged_response: None,
        run: Vec::new(),
    }
}
