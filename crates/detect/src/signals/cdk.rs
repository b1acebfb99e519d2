//! AWS CDK: `aws-cdk-lib` (and the v1 `@aws-cdk/*` packages), `aws_cdk`, `software.amazon.awscdk`,
//! `github.com/aws/aws-cdk-go/awscdk`, cdk.json feature flags, and `cdk deploy`.
//!
//! CDK and CDKTF code look alike (both build constructs on `constructs`), so only the CDK
//! packages themselves count here; `cdktf` and `@cdktf/*` belong to the CDKTF scanner.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{scan_marks, FileView, Mark, Marks, Signal, ECMA};
use crate::pattern::LinePattern;

pub(super) static MARKS: LazyLock<Marks> = LazyLock::new(|| {
    Marks::new(vec![
        Mark::code(
            ECMA,
            1.0,
            "cdk",
            r#"^\s*(import\b.*|\}\s*from\s*)['"](aws-cdk-lib|@aws-cdk/[\w-]+)(/[\w/-]*)?['"]"#,
        ),
        Mark::code(
            ECMA,
            1.0,
            "cdk",
            r#"\brequire\(\s*['"](aws-cdk-lib|@aws-cdk/[\w-]+)(/[\w/-]*)?['"]\s*\)"#,
        ),
        Mark::code(
            &[Language::Py],
            1.0,
            "aws_cdk",
            r"^\s*(from\s+aws_cdk(\.[\w.]+)?\s+import\b|import\s+aws_cdk(\.[\w.]+)?\b)",
        ),
        Mark::code(
            &[Language::Java],
            1.0,
            "software.amazon.awscdk",
            r"^\s*import\s+(static\s+)?software\.amazon\.awscdk\.",
        ),
        Mark::code(
            &[Language::Go],
            1.0,
            "aws-cdk-go",
            r#"^\s*(import\s+)?(\w+\s+)?"github\.com/aws/aws-cdk-go/awscdk"#,
        ),
        // Answers that show a stack without its imports still name the library's types
        // (`cdk.Duration`, `cdk.RemovalPolicy`) and build constructs from service modules with the
        // scope first: `new ec2.Vpc(this, 'Vpc', {` or `ec2.Vpc(self, "Vpc",`.
        Mark::code(
            ECMA,
            0.4,
            "cdk.",
            r"\bcdk\.(App|Stack|StackProps|Duration|RemovalPolicy|CfnOutput|Tags|Aws|Fn|Size)\b",
        ),
        Mark::code(
            &[Language::Py],
            0.4,
            "cdk.",
            r"\bcdk\.(App|Stack|StackProps|Duration|RemovalPolicy|CfnOutput|Tags|Aws|Fn|Size)\b",
        ),
        Mark::code(
            ECMA,
            0.4,
            "this",
            r"\bnew\s+[a-z][A-Za-z0-9_]*\.[A-Z]\w*\(\s*this\s*,",
        ),
        Mark::code(
            &[Language::Py],
            0.4,
            "self",
            r"(^|[^.\w])[a-z][a-z0-9_]*\.[A-Z]\w*\(\s*self\s*,",
        ),
        Mark::code(
            &[Language::Ts, Language::Js, Language::Py],
            0.4,
            "",
            r"\b(Duration\.(seconds|minutes|hours|days)\(|RemovalPolicy\.(DESTROY|RETAIN|SNAPSHOT)\b|CDK_DEFAULT_(ACCOUNT|REGION)\b)",
        ),
        // package.json, requirements.txt, pom.xml, go.mod, cdk.json
        Mark::config(1.0, "cdk", r#""(aws-cdk-lib|@aws-cdk/[\w-]+)"\s*:"#),
        Mark::config(0.6, "aws-cdk", r#""aws-cdk"\s*:"#),
        Mark::config(1.0, "@aws-cdk/", r#"^\s*"@aws-cdk/[\w-]+:[\w-]+"\s*:"#),
        Mark::config(1.0, "aws-cdk-lib", r"^\s*aws-cdk-lib\s*([=<>~!]|$)"),
        Mark::config(
            1.0,
            "software.amazon.awscdk",
            r"<groupId>software\.amazon\.awscdk</groupId>",
        ),
        Mark::config(1.0, "aws-cdk-go", r"github\.com/aws/aws-cdk-go/awscdk"),
        Mark::shell(
            0.5,
            "cdk",
            r"^\s*(\$\s+)?((pipenv|poetry|uv)\s+run\s+)?(npx\s+)?(aws-)?cdk\s+(deploy|synth|bootstrap|diff|destroy|ls|list|init)\b|\bnpm\s+run\s+cdk:",
        ),
    ])
});

/// Strength of a construct call whose scope argument opens the next line.
const SPLIT_CONSTRUCT_STRENGTH: f64 = 0.4;

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    let mut signals = scan_marks(view, Platform::Cdk, &MARKS);
    signals.extend(split_construct_calls(view));
    signals.sort_by_key(|s| s.line);
    signals
}

static CALL_OPENING: LazyLock<LinePattern> = LazyLock::new(|| {
    LinePattern::new(
        "(",
        r"(^|[^.\w])(new\s+)?[a-z][A-Za-z0-9_]*\.[A-Z]\w*\(\s*$",
    )
});
static SCOPE_ARGUMENT: LazyLock<LinePattern> =
    LazyLock::new(|| LinePattern::new("", r"^\s*(self|this)\s*,\s*$"));

/// Construct calls formatted one argument a line: `events.Rule(` then `self,` on the next.
fn split_construct_calls(view: &FileView) -> Vec<Signal> {
    if !matches!(
        view.language,
        Some(Language::Py | Language::Ts | Language::Js)
    ) {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = view.code_lines().collect();
    lines
        .windows(2)
        // The scope line is rare and cheap to recognise: tried first.
        .filter(|pair| SCOPE_ARGUMENT.is_match(pair[1].1) && CALL_OPENING.is_match(pair[0].1))
        .map(|pair| Signal {
            platform: Platform::Cdk,
            strength: SPLIT_CONSTRUCT_STRENGTH,
            line: pair[0].0,
            text: pair[0].1.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_role::FileRole;
    use crate::signals::test_support::{all_valid, found};

    #[test]
    fn every_pattern_compiles() {
        assert!(all_valid(&MARKS));
        assert!(CALL_OPENING.is_valid() && SCOPE_ARGUMENT.is_valid());
    }

    #[test]
    fn imports_in_every_language() {
        let ts = found(scan, Some(Language::Ts), FileRole::Program, None, "import * as cdk from 'aws-cdk-lib';\nimport { Bucket } from \"aws-cdk-lib/aws-s3\";\nimport { Construct } from 'constructs';");
        assert_eq!(ts, [(1, 1.0), (2, 1.0)]);
        let js = found(
            scan,
            Some(Language::Js),
            FileRole::Program,
            None,
            "const cdk = require('aws-cdk-lib');",
        );
        assert_eq!(js, [(1, 1.0)]);
        let py = found(
            scan,
            Some(Language::Py),
            FileRole::Program,
            None,
            "from aws_cdk import Stack\nimport aws_cdk.aws_s3 as s3\n# from aws_cdk import x",
        );
        assert_eq!(py, [(1, 1.0), (2, 1.0)]);
        let java = found(
            scan,
            Some(Language::Java),
            FileRole::Program,
            None,
            "import software.amazon.awscdk.Stack;",
        );
        assert_eq!(java, [(1, 1.0)]);
        let go = found(
            scan,
            Some(Language::Go),
            FileRole::Program,
            None,
            "import (\n\t\"github.com/aws/aws-cdk-go/awscdk/v2\"\n)",
        );
        assert_eq!(go, [(2, 1.0)]);
    }

    #[test]
    fn snippets_without_imports_count_weakly() {
        let ts = found(scan, Some(Language::Ts), FileRole::Program, None, "const vpc = new ec2.Vpc(this, 'Vpc', {\n  maxAzs: 2,\n});\nnew aws.ec2.Vpc('vpc', {});\nnew S3Bucket(this, 'b', {});");
        assert_eq!(ts, [(1, 0.4)]);
        let py = found(
            scan,
            Some(Language::Py),
            FileRole::Program,
            None,
            "vpc = ec2.Vpc(self, \"Vpc\", max_azs=2)\nbucket = aws.s3.Bucket(\"b\")",
        );
        assert_eq!(py, [(1, 0.4)]);
    }

    #[test]
    fn construct_calls_split_over_lines() {
        let py = "bus = events.EventBus(\n    self,\n    \"Bus\",\n)\nbucket = aws.s3.Bucket(\n    \"b\",\n)";
        assert_eq!(
            found(scan, Some(Language::Py), FileRole::Program, None, py),
            [(1, 0.4)]
        );
    }

    #[test]
    fn cdktf_is_not_cdk() {
        let ts = found(scan, Some(Language::Ts), FileRole::Program, None, "import { TerraformStack } from 'cdktf';\nimport { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';");
        assert!(ts.is_empty());
        let sh = found(
            scan,
            Some(Language::Sh),
            FileRole::Commands,
            None,
            "cdktf deploy\nnpx cdk deploy",
        );
        assert_eq!(sh, [(2, 0.5)]);
    }

    #[test]
    fn configuration_counts_only_in_configuration_files() {
        let package = "{\n  \"dependencies\": {\n    \"aws-cdk-lib\": \"2.100.0\"\n  }\n}";
        assert_eq!(
            found(
                scan,
                Some(Language::Json),
                FileRole::Config,
                Some("package.json"),
                package
            ),
            [(3, 1.0)]
        );
        assert!(found(scan, Some(Language::Json), FileRole::Program, None, package).is_empty());
    }
}
