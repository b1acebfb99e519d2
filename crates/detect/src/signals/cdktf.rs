//! CDK for Terraform: `cdktf`, `@cdktf/provider-*`, locally generated `.gen/providers` and
//! `imports.aws` bindings, `com.hashicorp.cdktf`, `terraform-cdk-go`, cdktf.json, `cdktf deploy`.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{scan_marks, FileView, Mark, Marks, Signal, ECMA};

pub(super) static MARKS: LazyLock<Marks> = LazyLock::new(|| {
    Marks::new(vec![
        Mark::code(
            ECMA,
            1.0,
            "cdktf",
            r#"^\s*(import\b.*|\}\s*from\s*)['"](cdktf|@cdktf/[\w-]+)(/[\w./-]*)?['"]"#,
        ),
        Mark::code(
            ECMA,
            1.0,
            "cdktf",
            r#"\brequire\(\s*['"](cdktf|@cdktf/[\w-]+)(/[\w./-]*)?['"]\s*\)"#,
        ),
        Mark::code(
            ECMA,
            0.8,
            "/providers/",
            r#"^\s*(import\b.*|\}\s*from\s*)['"](\.{1,2}/)+(\.gen|imports)/providers/"#,
        ),
        Mark::code(
            &[Language::Py],
            1.0,
            "cdktf",
            r"^\s*(from\s+(cdktf|cdktf_cdktf_provider_\w+)(\.[\w.]+)?\s+import\b|import\s+(cdktf|cdktf_cdktf_provider_\w+)\b)",
        ),
        Mark::code(
            &[Language::Py],
            0.8,
            "imports.",
            r"^\s*from\s+imports\.(aws|random|archive|null|tls)(\.[\w.]+)?\s+import\b",
        ),
        Mark::code(
            &[Language::Java],
            1.0,
            "com.hashicorp.cdktf",
            r"^\s*import\s+(static\s+)?com\.hashicorp\.cdktf\b",
        ),
        Mark::code(
            &[Language::Java],
            0.8,
            "imports.",
            r"^\s*import\s+imports\.aws\.",
        ),
        Mark::code(
            &[Language::Go],
            1.0,
            "github.com/",
            r#""github\.com/(hashicorp/terraform-cdk-go/cdktf|cdktf/cdktf-provider-[\w-]+-go)"#,
        ),
        Mark::code(
            &[Language::Go],
            0.8,
            "generated/",
            r#""cdk\.tf/go/stack/generated/"#,
        ),
        // Snippets without imports still use the CDKTF core classes.
        Mark::code(
            &[
                Language::Ts,
                Language::Js,
                Language::Py,
                Language::Java,
                Language::Go,
            ],
            0.4,
            "",
            r"\b(TerraformStack|TerraformOutput|TerraformVariable|TerraformAsset|S3Backend|(New)?AwsProvider|(New)?DataAws[A-Z]\w*)\b",
        ),
        // package.json, cdktf.json, requirements.txt, Pipfile, pom.xml, go.mod
        Mark::config(
            1.0,
            "cdktf",
            r#""(cdktf|cdktf-cli|@cdktf/provider-[\w-]+)"\s*:"#,
        ),
        Mark::config(
            1.0,
            "language",
            r#"^\s*"language"\s*:\s*"(typescript|python|go|java|csharp)""#,
        ),
        Mark::config(1.0, "terraformProviders", r#""terraformProviders"\s*:"#),
        Mark::config(
            1.0,
            "cdktf",
            r#"^\s*"?cdktf(-cdktf-provider-[\w-]+)?"?\s*([=<>~!]|$)"#,
        ),
        Mark::config(1.0, "cdktf", r"<artifactId>cdktf</artifactId>"),
        Mark::config(
            1.0,
            "github.com/",
            r"github\.com/(hashicorp/terraform-cdk-go|cdktf/cdktf-provider)",
        ),
        Mark::shell(
            0.5,
            "cdktf",
            r"^\s*(\$\s+)?((pipenv|poetry|uv)\s+run\s+)?(npx\s+)?cdktf\s+(deploy|synth|get|init|diff|destroy|plan)\b|\bnpm\s+run\s+cdktf:",
        ),
    ])
});

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    scan_marks(view, Platform::Cdktf, &MARKS)
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
        let ts = found(scan, Some(Language::Ts), FileRole::Program, None, "import { App, TerraformStack } from \"cdktf\";\nimport { AwsProvider } from '@cdktf/provider-aws/lib/provider';\nimport * as aws from './.gen/providers/aws';");
        assert_eq!(ts, [(1, 1.0), (2, 1.0), (3, 0.8)]);
        let py = found(scan, Some(Language::Py), FileRole::Program, None, "from cdktf import App, TerraformStack\nfrom cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\nfrom imports.aws.provider import AwsProvider");
        assert_eq!(py, [(1, 1.0), (2, 1.0), (3, 0.8)]);
        let java = found(
            scan,
            Some(Language::Java),
            FileRole::Program,
            None,
            "import com.hashicorp.cdktf.App;",
        );
        assert_eq!(java, [(1, 1.0)]);
        let go = found(scan, Some(Language::Go), FileRole::Program, None, "\t\"github.com/hashicorp/terraform-cdk-go/cdktf\"\n\ts3 \"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket\"");
        assert_eq!(go, [(1, 1.0), (2, 1.0)]);
    }

    #[test]
    fn imports_over_several_lines() {
        let ts = "import {\n  vpc,\n  subnet,\n} from '@cdktf/provider-aws';";
        assert_eq!(
            found(scan, Some(Language::Ts), FileRole::Program, None, ts),
            [(4, 1.0)]
        );
    }

    #[test]
    fn cdk_is_not_cdktf() {
        let ts = found(
            scan,
            Some(Language::Ts),
            FileRole::Program,
            None,
            "import * as cdk from 'aws-cdk-lib';\nimport { Construct } from 'constructs';",
        );
        assert!(ts.is_empty());
    }

    #[test]
    fn cdktf_json() {
        let text = "{\n  \"language\": \"python\",\n  \"app\": \"pipenv run python main.py\",\n  \"terraformProviders\": [\"aws@~> 5.0\"]\n}";
        assert_eq!(
            found(
                scan,
                Some(Language::Json),
                FileRole::Config,
                Some("cdktf.json"),
                text
            ),
            [(2, 1.0), (4, 1.0)]
        );
    }
}
