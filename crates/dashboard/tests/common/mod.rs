//! Hand-built reports for the dashboard's tests, and a small HTML tag scanner to check what the
//! pages link to. Written for these tests; no corpus text.

#![allow(dead_code)]

use std::path::Path;

use iacgrade_findings::{
    CheckStatus, Checkpoint, Finding, FindingStatus, Place, Severity, Side, Suppression,
    SuppressionKind,
};
use iacgrade_report::{
    AnswerFacts, AnswerSummary, DiffSummary, ErrorEntry, ExistingComparison, ExistingMatch,
    FileDiffCounts, LabelledFailure, Positive, Report, Requirement, ResourceCounts,
    ResourceDiffCounts, Score, ScoreStep, SourceBlock, TaskInfo, ToolInfo, SCHEMA_VERSION,
};
use iacgrade_task::Evidence;

/// Insta settings that keep snapshots in tests/snapshots of this crate.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

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

pub fn checkpoint(id: &str, name: &str, status: CheckStatus, message: &str) -> Checkpoint {
    Checkpoint {
        id: id.into(),
        name: name.into(),
        status,
        message: message.into(),
        evidence: Vec::new(),
    }
}

/// The checkpoints every fixture has, all passing unless changed.
pub fn passing_checkpoints() -> Vec<Checkpoint> {
    [
        ("A", "Metadata completeness"),
        ("B", "Platform-language compatibility"),
        ("C", "Template structure"),
        ("D", "Prompt style"),
        ("E", "Platform code compliance"),
        ("F", "Environment suffix"),
        ("K", "File locations"),
    ]
    .into_iter()
    .map(|(id, name)| checkpoint(id, name, CheckStatus::Pass, "as required"))
    .collect()
}

pub fn set_status(report: &mut Report, id: &str, status: CheckStatus, message: &str) {
    if let Some(c) = report.checkpoints.iter_mut().find(|c| c.id == id) {
        c.status = status;
        c.message = message.into();
    }
}

/// A report with nothing but its task identity.
pub fn bare_report(id: &str, platform: Option<&str>, language: Option<&str>) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "iacgrade",
            version: "0.0.0-test",
        },
        task: TaskInfo {
            path: format!("corpus/{}/{id}", platform.unwrap_or("unknown")),
            id: id.into(),
            platform: platform.map(str::to_string),
            language: language.map(str::to_string),
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

fn score(value: f64, steps: &[(&str, f64, &str)]) -> Option<Score> {
    Some(Score {
        value,
        policy: "default".into(),
        steps: steps
            .iter()
            .map(|(step, delta, why)| ScoreStep {
                step: (*step).into(),
                delta: *delta,
                why: (*why).into(),
            })
            .collect(),
    })
}

/// A Pulumi TypeScript task that uses every section: an invented class, a missing encryption,
/// findings of every status, requirements, positives, a score well under the recorded one and a
/// comparison with its MODEL_FAILURES.md.
pub fn pulumi_task() -> Report {
    let mut report = bare_report("Pr101", Some("pulumi"), Some("ts"));
    report.task.recorded_score = Some(9.0);
    report.checkpoints = passing_checkpoints();
    set_status(
        &mut report,
        "F",
        CheckStatus::Fail,
        "2 of 5 named resources lack the suffix",
    );
    report.checkpoints[5].evidence = vec![Evidence::new(
        "lib/tap-stack.ts",
        Some(91),
        "name: 'dead-letters'",
    )];
    let mut invented = finding(
        "API001",
        "unknown-sdk-symbol",
        Severity::Critical,
        FindingStatus::Fixed,
        "lib/tap-stack.ts",
        Some(27),
        "module `aws.s3` has no attribute `BucketV9`",
    );
    invented.model_snippet = Some(
        "const logs = new aws.s3.BucketV9(`logs-${suffix}`, {\n  forceDestroy: true,\n});\n".into(),
    );
    invented.ideal_snippet = Some(
        "const logs = new aws.s3.Bucket(`logs-${suffix}`, {\n  forceDestroy: true,\n});\n".into(),
    );
    invented.root_cause = Some("The model invented a versioned class the SDK never had.".into());
    invented.fix = Some("Use aws.s3.Bucket.".into());
    invented.docs = Some("https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/".into());
    invented.also_at = vec![
        Place {
            file: "lib/tap-stack.ts".into(),
            line: 58,
        },
        Place {
            file: "lib/archive.ts".into(),
            line: 12,
        },
    ];
    let mut encryption = finding(
        "ENC001",
        "s3-bucket-encryption-not-declared",
        Severity::High,
        FindingStatus::Fixed,
        "lib/tap-stack.ts",
        Some(27),
        "Bucket `logs` declares no server-side encryption although the prompt asks for KMS",
    );
    encryption.model_snippet = Some("new aws.s3.Bucket('logs', {});".into());
    encryption.fix = Some("Add a server-side encryption configuration with a KMS key.".into());
    encryption.docs = Some(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html".into(),
    );
    let standing = finding(
        "IAM002",
        "wildcard-iam-action",
        Severity::High,
        FindingStatus::Standing,
        "lib/tap-stack.ts",
        Some(80),
        "Role reader allows s3:* on every bucket",
    );
    let regression = finding(
        "TAG001",
        "missing-environment-suffix",
        Severity::Medium,
        FindingStatus::Regression,
        "lib/tap-stack.ts",
        Some(91),
        "Queue dead-letters is named without the environment suffix",
    );
    let low = finding(
        "DOC001",
        "placeholder-left-in-code",
        Severity::Low,
        FindingStatus::Fixed,
        "bin/tap.ts",
        Some(5),
        "A TODO placeholder is left in the entry point",
    );
    report.findings = vec![invented, encryption, standing, regression, low];
    report.resources = Some(ResourceCounts { model: 4, ideal: 5 });
    report.requirements = vec![
        Requirement {
            id: "R1".into(),
            text: "Encrypt every bucket with KMS".into(),
            model: "unmet".into(),
            ideal: "met".into(),
            evidence: "lib/tap-stack.ts:27".into(),
            modality: None,
            condition: None,
        },
        Requirement {
            id: "R2".into(),
            text: "Deploy to us-east-1".into(),
            model: "met".into(),
            ideal: "met".into(),
            evidence: "Pulumi.yaml".into(),
            modality: None,
            condition: None,
        },
    ];
    report.score = score(
        6.0,
        &[
            ("base", 8.0, "a multi-service task"),
            (
                "critical failure",
                -2.0,
                "API001: the program does not compile",
            ),
        ],
    );
    report.answers = AnswerSummary {
        model: Some(AnswerFacts {
            form: "fenced".into(),
            blocks: 2,
            files_with_path: 2,
            detected_platform: Some("pulumi".into()),
            detected_language: Some("ts".into()),
        }),
        ideal: None,
    };
    report.diff = Some(DiffSummary {
        files: FileDiffCounts {
            paired: 2,
            identical: 1,
            changed: 1,
            ..FileDiffCounts::default()
        },
        resources: ResourceDiffCounts {
            matched: 4,
            changed: 1,
            only_in_model: 0,
            only_in_ideal: 1,
        },
        symbols_only_in_model: vec!["aws.s3.BucketV9".into()],
        symbols_only_in_ideal: vec!["aws.s3.Bucket".into()],
        unchanged_share: 0.82,
    });
    report.positives = vec![Positive {
        text: "Every bucket blocks public access".into(),
        evidence: Some("lib/tap-stack.ts:30".into()),
    }];
    report.knowledge_gaps = vec!["The shape of the Pulumi AWS S3 module".into()];
    report.recommendations = vec!["Train on current @pulumi/aws class names".into()];
    report.notes = vec!["The prompt asks for two regions and names one".into()];
    report.existing = Some(ExistingComparison {
        labelled: vec![
            LabelledFailure {
                title: "Invented S3 bucket class".into(),
                severity: Some("Critical".into()),
                line: 3,
            },
            LabelledFailure {
                title: "Missing lifecycle rules".into(),
                severity: Some("medium".into()),
                line: 9,
            },
            LabelledFailure {
                title: "Unclear naming".into(),
                severity: None,
                line: 14,
            },
        ],
        found: vec![ExistingMatch {
            labelled: 0,
            finding: 0,
        }],
        missed: vec![1, 2],
        unlabelled_findings: vec![1, 4],
    });
    report
}

/// A CDK Python task with an invented argument and a score equal to the recorded one.
pub fn cdk_task() -> Report {
    let mut report = bare_report("Pr102", Some("cdk"), Some("py"));
    report.task.recorded_score = Some(8.0);
    report.checkpoints = passing_checkpoints();
    set_status(
        &mut report,
        "D",
        CheckStatus::Warn,
        "no conversational opening",
    );
    let mut argument = finding(
        "API003",
        "unknown-argument",
        Severity::Critical,
        FindingStatus::Fixed,
        "lib/tap_stack.py",
        Some(40),
        "`aws_cdk.aws_s3.Bucket` has no argument `versioning`",
    );
    argument.model_snippet = Some("s3.Bucket(self, 'Logs', versioning=True)\n".into());
    argument.ideal_snippet = Some("s3.Bucket(self, 'Logs', versioned=True)\n".into());
    report.findings = vec![argument];
    report.score = score(8.0, &[("base", 8.0, "a single-service task")]);
    report
}

/// A Terraform task with an invented resource type, a failing suffix check and a computed
/// score far under the recorded one.
pub fn terraform_task() -> Report {
    let mut report = bare_report("Pr103", Some("tf"), Some("hcl"));
    report.task.recorded_score = Some(8.0);
    report.checkpoints = passing_checkpoints();
    set_status(
        &mut report,
        "F",
        CheckStatus::Fail,
        "no resource carries the suffix",
    );
    set_status(&mut report, "K", CheckStatus::Skip, "no project files");
    let mut resource = finding(
        "API002",
        "unknown-resource-type",
        Severity::Critical,
        FindingStatus::Fixed,
        "lib/main.tf",
        Some(12),
        "unknown resource type `aws_s3_bucket_encryption`",
    );
    resource.model_snippet = Some(
        "resource \"aws_s3_bucket_encryption\" \"logs\" {\n  bucket = aws_s3_bucket.logs.id\n}\n"
            .into(),
    );
    resource.ideal_snippet = Some(
        "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"logs\" {\n  bucket = aws_s3_bucket.logs.id\n}\n"
            .into(),
    );
    let mut again = resource.clone();
    again.line = Some(30);
    report.findings = vec![resource, again];
    report.score = score(
        3.0,
        &[
            ("base", 7.0, "a two-service task"),
            ("critical failures", -4.0, "two unknown resource types"),
        ],
    );
    report
}

/// A task whose metadata could not be read: no platform, no score, errors only.
pub fn unreadable_task() -> Report {
    let mut report = bare_report("Pr104", None, None);
    report.errors = vec![ErrorEntry {
        file: "metadata.json".into(),
        line: Some(3),
        message: "expected `,` or `}`: fix the JSON and run again".into(),
    }];
    report
}

/// A task whose id and text try to break out of the page: everything must arrive escaped.
pub fn hostile_task() -> Report {
    let mut report = bare_report("Pr<105>\"'&/../x", Some("cdk"), Some("ts"));
    report.task.recorded_score = Some(5.0);
    report.checkpoints = passing_checkpoints();
    let mut hostile = finding(
        "API001",
        "unknown-sdk-symbol<script>",
        Severity::Critical,
        FindingStatus::Fixed,
        "lib/<img src=x onerror=alert(1)>.ts",
        Some(1),
        "module `</script><script src=\"https://evil.example/x.js\"></script>` has no attribute `x`",
    );
    hostile.model_snippet =
        Some("<link rel=\"stylesheet\" href=\"https://evil.example/a.css\">\n".into());
    hostile.ideal_snippet = Some("<img src=\"http://evil.example/p.png\">\n".into());
    hostile.docs = Some("javascript:alert(1)".into());
    hostile.also_at = vec![Place {
        file: "lib/<script>alert(2)</script>.ts".into(),
        line: 3,
    }];
    report.findings = vec![hostile];
    report.notes = vec!["<style>@import url(https://evil.example/s.css);</style>".into()];
    report.score = score(9.0, &[]);
    report
}

/// A task whose folder exists under `dir`: a documents-only CDK TypeScript task whose model
/// answer (lib/MODEL_RESPONSE.md) holds the code, a project file, and findings in both, one of
/// them suppressed in the answer. The answer's text carries markup that must stay text.
pub fn task_with_files(dir: &Path) -> Report {
    let root = dir.join("cdk-ts").join("Pr301");
    std::fs::create_dir_all(root.join("lib")).expect("task folder");
    let mut answer =
        String::from("# Answer\n\nThe stack <script>alert('answer')</script> follows.\n\n");
    answer.push_str("## File: lib/tap-stack.ts\n\n```ts\n");
    for i in 1..=30 {
        answer.push_str(&format!("const line{i} = new Thing(this, 'T{i}');\n"));
    }
    answer.push_str("```\n");
    std::fs::write(root.join("lib/MODEL_RESPONSE.md"), &answer).expect("answer");
    std::fs::write(
        root.join("lib/tap-stack.ts"),
        "export class TapStack {}\n// <img src=x onerror=alert(1)>\nconst bucket = 1;\n",
    )
    .expect("project file");
    let mut report = bare_report("Pr301", Some("cdk"), Some("ts"));
    report.task.path = root.display().to_string();
    report.checkpoints = passing_checkpoints();
    report.sources = vec![SourceBlock {
        side: "model".into(),
        file: "lib/tap-stack.ts".into(),
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 8,
    }];
    let mut invented = finding(
        "API001",
        "unknown-sdk-symbol",
        Severity::Critical,
        FindingStatus::Fixed,
        "lib/tap-stack.ts",
        Some(12),
        "module `aws-cdk-lib/aws-s3` has no attribute `BucketV2`",
    );
    invented.also_at = vec![Place {
        file: "lib/tap-stack.ts".into(),
        line: 20,
    }];
    let mut project = finding(
        "ENC001",
        "s3-bucket-encryption-not-declared",
        Severity::High,
        FindingStatus::Standing,
        "lib/tap-stack.ts",
        Some(3),
        "Bucket `bucket` declares no server-side encryption",
    );
    project.side = Side::Ideal;
    let suppressed = finding(
        "LOG001",
        "log-retention-unset",
        Severity::Low,
        FindingStatus::Fixed,
        "lib/tap-stack.ts",
        Some(25),
        "Log group `app` keeps its logs forever",
    );
    report.findings = vec![invented, project, suppressed];
    report.suppressions = vec![Suppression {
        finding: 2,
        kind: SuppressionKind::InSource,
        justification: Some("retention is set by the account's policy".into()),
        file: Some("lib/MODEL_RESPONSE.md".into()),
        line: Some(31),
    }];
    report.score = score(7.0, &[("base", 7.0, "a single-service task")]);
    report
}

/// A task whose answer had no code: not judged, no errors.
pub fn not_judged_task() -> Report {
    let mut report = bare_report("Pr302", Some("tf"), Some("hcl"));
    report.checkpoints = passing_checkpoints();
    report.judged = false;
    report.not_judged_reason = Some("lib/MODEL_RESPONSE.md holds no code block".into());
    report
}

/// A finding whose every text tries to break out of a CSV cell or the page.
pub fn csv_hostile_task() -> Report {
    let mut report = bare_report("=cmd|' /C calc'!A0", Some("cfn"), Some("yaml"));
    let mut hostile = finding(
        "API002",
        "unknown-resource-type",
        Severity::Critical,
        FindingStatus::Fixed,
        "@lib/\"stack\",yml",
        Some(4),
        "+unknown resource type `AWS::S3::Bukket`\r\n=HYPERLINK(\"http://evil.example\",\"x\"),\"</script><script>alert(1)</script>",
    );
    hostile.fix = Some("-1+1".into());
    hostile.docs = Some("\tdocs, \"quoted\"".into());
    report.findings = vec![hostile];
    report
}

/// The five fixtures, in a fixed order.
pub fn fixture_reports() -> Vec<Report> {
    vec![
        pulumi_task(),
        cdk_task(),
        terraform_task(),
        unreadable_task(),
        hostile_task(),
    ]
}

/// A larger, varied corpus for the screenshot and the browser test: `n` tasks spread over
/// platforms, made from a fixed seed so every run draws the same corpus.
pub fn sample_corpus(n: usize) -> Vec<Report> {
    const PLATFORMS: [(&str, &str); 7] = [
        ("cdk", "ts"),
        ("pulumi", "py"),
        ("tf", "hcl"),
        ("cfn", "yaml"),
        ("cdktf", "ts"),
        ("cdk", "py"),
        ("pulumi", "ts"),
    ];
    /// Invented names in the style of each platform's SDK.
    fn invented(platform: &str, pick: u64) -> (&'static str, &'static str) {
        let names: [(&str, &str); 3] = match platform {
            "cdk" => [
                (
                    "API001",
                    "module `aws_cdk.aws_lambda` has no attribute `NodejsFunctionV2`",
                ),
                (
                    "API003",
                    "`aws_cdk.aws_s3.Bucket` has no argument `versioning`",
                ),
                (
                    "API001",
                    "module `aws-cdk-lib/aws-ec2` has no attribute `NatGatewayProvider.v2`",
                ),
            ],
            "pulumi" => [
                ("API001", "module `aws.s3` has no attribute `BucketV9`"),
                (
                    "API003",
                    "`aws.rds.Instance` has no argument `storage_encrypted_kms`",
                ),
                ("API001", "module `aws.ec2` has no attribute `NatGatewayV2`"),
            ],
            "tf" | "cdktf" => [
                ("API002", "unknown resource type `aws_s3_bucket_encryption`"),
                (
                    "API003",
                    "`aws_s3_bucket` has no argument `versioning_enabled`",
                ),
                ("API004", "`aws_lb` has no attribute `dns`"),
            ],
            _ => [
                ("API002", "unknown resource type `AWS::EC2::NatGatewayV2`"),
                ("API003", "`AWS::S3::Bucket` has no property `Encryption`"),
                (
                    "API004",
                    "`AWS::RDS::DBInstance` has no attribute `EndpointUrl`",
                ),
            ],
        };
        names[(pick % 3) as usize]
    }
    const RULES: [(&str, &str, Severity); 6] = [
        ("ENC001", "encryption-not-declared", Severity::High),
        ("NET002", "public-subnet-database", Severity::High),
        ("DEL001", "retain-policy-blocks-destroy", Severity::Medium),
        ("TAG001", "missing-environment-suffix", Severity::Medium),
        ("DOC001", "placeholder-left-in-code", Severity::Low),
        ("LOG001", "log-retention-unset", Severity::Low),
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % bound.max(1)
    };
    (0..n)
        .map(|i| {
            let (platform, language) = PLATFORMS[next(PLATFORMS.len() as u64) as usize];
            let mut report =
                bare_report(&format!("Pr{}", 2000 + i), Some(platform), Some(language));
            report.checkpoints = passing_checkpoints();
            for (id, odds) in [("D", 5), ("E", 9), ("F", 3), ("K", 6)] {
                match next(odds) {
                    0 => set_status(&mut report, id, CheckStatus::Fail, "fails"),
                    1 if id != "E" => set_status(&mut report, id, CheckStatus::Warn, "warns"),
                    2 if id == "K" => set_status(&mut report, id, CheckStatus::Skip, "skipped"),
                    _ => {}
                }
            }
            let mut penalty = 0.0;
            for _ in 0..next(3) {
                let (rule, message) = invented(platform, next(5));
                report.findings.push(finding(
                    rule,
                    "unknown-sdk-symbol",
                    Severity::Critical,
                    FindingStatus::Fixed,
                    "lib/stack.ts",
                    Some(10),
                    message,
                ));
                penalty += 2.0;
            }
            for _ in 0..next(4) {
                let (rule, name, severity) = RULES[next(RULES.len() as u64) as usize];
                let status = match next(6) {
                    0 => FindingStatus::Standing,
                    1 => FindingStatus::Regression,
                    _ => FindingStatus::Fixed,
                };
                report.findings.push(finding(
                    rule,
                    name,
                    severity,
                    status,
                    "lib/stack.ts",
                    Some(20),
                    "a model failure",
                ));
                penalty += 0.5;
            }
            let recorded = 5.0 + next(6) as f64;
            report.task.recorded_score = Some(recorded);
            let computed = (9.0 - penalty + next(3) as f64 - 1.0).clamp(0.0, 10.0);
            report.score = score(computed, &[("base", 9.0, "sample")]);
            report
        })
        .collect()
}

/// One tag of a page: its name (lower case) and attributes as written (entities kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

impl Tag {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML page, skipping the raw text of `<script>` and `<style>`. Enough
/// for pages this crate writes, where text never holds an unescaped `<`.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            rest = rest.split_once('>').map(|(_, r)| r).unwrap_or("");
            continue;
        }
        let end = tag_end(rest);
        let inside = &rest[..end];
        rest = &rest[(end + 1).min(rest.len())..];
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let name = inside[..name_end].to_ascii_lowercase();
        let tag = Tag {
            attributes: attributes(&inside[name_end..]),
            name: name.clone(),
        };
        tags.push(tag);
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map(|at| &rest[at..]).unwrap_or("");
        }
    }
    tags
}

/// The end of a tag: the first `>` outside a quoted attribute value.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let close = body.find(q).unwrap_or(body.len());
                value = body[..close].to_string();
                rest = &body[(close + 1).min(body.len())..];
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..end].to_string();
                rest = &after[end..];
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    }
    out
}

/// Every `id` attribute of a page.
pub fn ids(html: &str) -> Vec<String> {
    start_tags(html)
        .into_iter()
        .filter_map(|t| t.attribute("id").map(str::to_string))
        .collect()
}

/// Reads a file the dashboard wrote.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `<main>` of a page: what a snapshot should hold (the shell and style are the same on
/// every page).
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.rfind("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}
