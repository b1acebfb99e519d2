//! A mistake the model repeats is one finding: its other places are listed with it, and whether
//! the ideal answer fixed it depends on whether the ideal answer still makes it, not on how often
//! each answer writes it.

use std::fs;
use std::path::Path;

use iacgrade_engine::{review_task_with, ReviewOptions};
use iacgrade_findings::{Finding, FindingStatus};

const METADATA: &str = r#"{"platform": "pulumi", "language": "py", "complexity": "medium",
"turn_type": "single", "subtask": "Provisioning of Infrastructure Environments",
"training_quality": 7}"#;

const PROMPT: &str = "Write a Pulumi Python program with an AWS provider for us-west-2 and two \
S3 buckets created through it.\n";

/// The invented provider module three times, and an invented `Outptu` twice.
const MODEL: &str = r#"## tap.py

```python
import pulumi
import pulumi_aws as aws

provider = pulumi.providers.Aws("provider", region="us-west-2")
opts = pulumi.ResourceOptions(provider=pulumi.providers.Aws.get("p", "id"))
logs = aws.s3.Bucket("logs", opts=opts)
data = aws.s3.Bucket("data", opts=opts)
backup = pulumi.providers.Aws("backup", region="us-west-2")
pulumi.export("logs", pulumi.Outptu.from_input(logs.id))
pulumi.export("data", pulumi.Outptu.from_input(data.id))
```
"#;

/// The ideal answer fixed `Outptu` but still uses the invented module once.
const IDEAL: &str = r#"## tap.py

```python
import pulumi
import pulumi_aws as aws

provider = pulumi.providers.Aws("provider", region="us-west-2")
opts = pulumi.ResourceOptions(provider=provider)
logs = aws.s3.Bucket("logs", opts=opts)
data = aws.s3.Bucket("data", opts=opts)
pulumi.export("logs", logs.id)
pulumi.export("data", data.id)
```
"#;

fn write_task(dir: &Path) {
    fs::create_dir_all(dir.join("lib")).expect("lib folder");
    fs::write(dir.join("metadata.json"), METADATA).expect("metadata");
    fs::write(dir.join("lib/PROMPT.md"), PROMPT).expect("prompt");
    fs::write(dir.join("lib/MODEL_RESPONSE.md"), MODEL).expect("model answer");
    fs::write(dir.join("lib/IDEAL_RESPONSE.md"), IDEAL).expect("ideal answer");
}

fn api001_with(findings: &[Finding], name: &str) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.rule == "API001" && f.message.contains(name))
        .cloned()
        .collect()
}

#[test]
fn a_repeated_mistake_is_one_finding_with_its_other_places() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_task(dir.path());
    let report = review_task_with(dir.path(), &ReviewOptions::default()).report;

    let providers = api001_with(&report.findings, "`providers`");
    assert_eq!(providers.len(), 1, "{:#?}", report.findings);
    // Still in the ideal answer: standing, not a failure of the model, however often the
    // model wrote it.
    assert_eq!(providers[0].status, FindingStatus::Standing);
    assert_eq!(providers[0].also_at.len(), 2, "{:#?}", providers[0]);

    let output = api001_with(&report.findings, "`Outptu`");
    assert_eq!(output.len(), 1, "{:#?}", report.findings);
    assert_eq!(output[0].status, FindingStatus::Fixed);
    let lines: Vec<usize> = std::iter::once(output[0].line.expect("a line"))
        .chain(output[0].also_at.iter().map(|p| p.line))
        .collect();
    // Lines of the file as the answer shows it (its code block).
    assert_eq!(lines, [9, 10]);
    assert!(output[0].also_at.iter().all(|p| p.file == output[0].file));
}
