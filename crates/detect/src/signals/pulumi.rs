//! Pulumi: `@pulumi/*`, `pulumi` and `pulumi_*` modules, `github.com/pulumi/*/sdk`, `com.pulumi`,
//! Pulumi.yaml and stack configuration, `pulumi up`.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{scan_marks, FileView, Mark, Marks, Signal, ECMA};

pub(super) static MARKS: LazyLock<Marks> = LazyLock::new(|| {
    Marks::new(vec![
        Mark::code(
            ECMA,
            1.0,
            "@pulumi/",
            r#"^\s*(import\b.*|\}\s*from\s*)['"]@pulumi/[\w-]+(/[\w/-]*)?['"]"#,
        ),
        Mark::code(
            ECMA,
            1.0,
            "@pulumi/",
            r#"\brequire\(\s*['"]@pulumi/[\w-]+(/[\w/-]*)?['"]\s*\)"#,
        ),
        Mark::code(
            &[Language::Py],
            1.0,
            "pulumi",
            r"^\s*(import\s+pulumi(_\w+)?\b|from\s+pulumi(_\w+)?(\.[\w.]+)?\s+import\b)",
        ),
        Mark::code(
            &[Language::Go],
            1.0,
            "github.com/pulumi/",
            r#""github\.com/pulumi/pulumi(-[\w-]+)?/sdk"#,
        ),
        Mark::code(
            &[Language::Java],
            1.0,
            "com.pulumi",
            r"^\s*import\s+(static\s+)?com\.pulumi\.",
        ),
        // Snippets without imports: resources named by their first argument
        // (`new aws.s3.Bucket('logs', {`, `aws.s3.Bucket("logs",`) and Pulumi's own API.
        Mark::code(
            ECMA,
            0.4,
            "aws.",
            r#"\bnew\s+aws\.[a-z0-9]+\.[A-Z]\w*\(\s*(['"`]|$)"#,
        ),
        Mark::code(
            ECMA,
            0.4,
            "pulumi.",
            r"\bpulumi\.(interpolate|all|output|Output|Config|ComponentResource|ComponentResourceOptions|CustomResourceOptions|getStack)\b",
        ),
        Mark::code(
            &[Language::Py],
            0.4,
            "aws.",
            r#"\baws\.[a-z0-9_]+\.[A-Z]\w*\(\s*(f?['"]|resource_name\s*=|$)"#,
        ),
        Mark::code(
            &[Language::Py],
            0.4,
            "pulumi.",
            r"\bpulumi\.(export|Output|Config|ResourceOptions|ComponentResource|get_stack)\b",
        ),
        // Type annotations with Pulumi's generics: `vpc_id: Output[str]`, `Input[str]`.
        Mark::code(
            &[Language::Py],
            0.4,
            "put[",
            r":\s*(pulumi\.)?(Output|Input)\[",
        ),
        // Stack settings shown outside a stack file: `aws:region: us-east-1`.
        Mark::code(
            &[Language::Yaml],
            0.4,
            ":",
            r"^\s*(aws|gcp|azure|azure-native|kubernetes|pulumi|[\w-]+):[a-z][\w-]*\s*:\s+\S",
        ),
        Mark::code(
            &[Language::Go],
            0.4,
            "",
            r"\bpulumi\.(Run|String|StringArray|Int|Bool|StringInput)\(|\bctx\.Export\(",
        ),
        Mark::code(
            &[Language::Java],
            0.4,
            "",
            r"\bPulumi\.run\(|\bctx\.export\(",
        ),
        // package.json, Pulumi.yaml, Pulumi.<stack>.yaml, requirements.txt, pom.xml, go.mod
        Mark::config(1.0, "@pulumi/", r#""@pulumi/[\w-]+"\s*:"#),
        Mark::config(
            1.0,
            "runtime",
            r"^runtime\s*:\s*(nodejs|python|go|java|dotnet|yaml)?\s*$",
        ),
        // Stack settings are namespaced, unquoted YAML keys ("  aws:region: us-east-1").
        Mark::config(0.8, ":", r"^\s+[\w-]+:[\w-]+\s*:(\s|$)"),
        Mark::config(1.0, "pulumi", r"^\s*pulumi(-[\w-]+)?\s*([=<>~!]|$)"),
        Mark::config(1.0, "com.pulumi", r"<groupId>com\.pulumi</groupId>"),
        Mark::config(1.0, "github.com/pulumi/", r"github\.com/pulumi/pulumi"),
        Mark::shell(
            0.5,
            "pulumi",
            r"^\s*(\$\s+)?((pipenv|poetry|uv)\s+run\s+)?pulumi\s+(up|preview|stack|config|new|destroy|login|refresh)\b|\bnpm\s+run\s+pulumi:",
        ),
    ])
});

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    scan_marks(view, Platform::Pulumi, &MARKS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_role::FileRole;
    use crate::signals::test_support::{all_valid, found};

    #[test]
    fn every_pattern_compiles() {
        assert!(all_valid(&MARKS));
    }

    #[test]
    fn imports_in_every_language() {
        let ts = found(
            scan,
            Some(Language::Ts),
            FileRole::Program,
            None,
            "import * as pulumi from \"@pulumi/pulumi\";\nimport * as aws from \"@pulumi/aws\";",
        );
        assert_eq!(ts, [(1, 1.0), (2, 1.0)]);
        let py = found(scan, Some(Language::Py), FileRole::Program, None, "import pulumi\nimport pulumi_aws as aws\nfrom pulumi import ResourceOptions\nimport pulumilike");
        assert_eq!(py, [(1, 1.0), (2, 1.0), (3, 1.0)]);
        let go = found(scan, Some(Language::Go), FileRole::Program, None, "\t\"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3\"\n\t\"github.com/pulumi/pulumi/sdk/v3/go/pulumi\"");
        assert_eq!(go, [(1, 1.0), (2, 1.0)]);
        let java = found(
            scan,
            Some(Language::Java),
            FileRole::Program,
            None,
            "import com.pulumi.Pulumi;",
        );
        assert_eq!(java, [(1, 1.0)]);
    }

    #[test]
    fn snippets_without_imports_count_weakly() {
        let ts = found(
            scan,
            Some(Language::Ts),
            FileRole::Program,
            None,
            "const b = new aws.s3.Bucket('logs', {});\nconst v = new ec2.Vpc(this, 'Vpc', {});",
        );
        assert_eq!(ts, [(1, 0.4)]);
        let py = found(
            scan,
            Some(Language::Py),
            FileRole::Program,
            None,
            "bucket = aws.s3.Bucket(\"logs\")\npulumi.export(\"name\", bucket.id)",
        );
        assert_eq!(py, [(1, 0.4), (2, 0.4)]);
    }

    #[test]
    fn pulumi_types_and_settings() {
        let py = found(
            scan,
            Some(Language::Py),
            FileRole::Program,
            None,
            "def __init__(self,\n             vpc_id: Output[str],\n             name: str):",
        );
        assert_eq!(py, [(2, 0.4)]);
        let yaml = found(
            scan,
            Some(Language::Yaml),
            FileRole::Program,
            None,
            "aws:region: us-east-1\nproject:ami_id: ami-0\nruns-on: ubuntu-latest",
        );
        assert_eq!(yaml, [(1, 0.4), (2, 0.4)]);
    }

    #[test]
    fn project_and_stack_files() {
        let project = "name: tap\nruntime: python\ndescription: demo";
        assert_eq!(
            found(
                scan,
                Some(Language::Yaml),
                FileRole::Config,
                Some("Pulumi.yaml"),
                project
            ),
            [(2, 1.0)]
        );
        let stack = "config:\n  aws:region: us-east-1\n";
        assert_eq!(
            found(
                scan,
                Some(Language::Yaml),
                FileRole::Config,
                Some("Pulumi.dev.yaml"),
                stack
            ),
            [(2, 0.8)]
        );
    }
}
