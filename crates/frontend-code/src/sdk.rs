//! Which infrastructure SDK a resolved name belongs to, and what calling it declares.
//!
//! The evaluator resolves every name through the file's imports to an SDK path (the module as
//! imported plus the members used: `pulumi_aws.ec2.Vpc`, `@pulumi/aws.ec2.Vpc`,
//! `aws-cdk-lib/aws-s3.Bucket`, `@cdktf/provider-aws/lib/s3-bucket.S3Bucket`). This module
//! reads such a path and says what it is: a Pulumi resource class (and its type token), a CDK
//! construct (and its construct path `aws_s3.Bucket`), a CDKTF provider resource (and its
//! Terraform type), or one of the framework classes that declare outputs, parameters and
//! providers.

/// The frameworks the front-end understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    Pulumi,
    Cdk,
    Cdktf,
}

/// What an SDK path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdkItem {
    /// A Pulumi provider package class: a resource unless it is an args/input type.
    PulumiClass {
        /// Package (`aws`, `awsx`, `random`).
        package: String,
        /// Module path inside the package (`ec2`; empty for the package root).
        module: String,
        class: String,
    },
    /// Something of the Pulumi core SDK (`pulumi.export`, `pulumi.Config`, ...): the member path.
    PulumiCore(String),
    /// A class or member of the CDK (`aws_s3`, `Bucket`); module `core` for the root package.
    Cdk { module: String, class: String },
    /// A CDKTF provider class: provider prefix (`aws`), module in snake case (`s3_bucket`), class.
    CdktfProvider {
        provider: String,
        module: Option<String>,
        class: String,
    },
    /// Something of the CDKTF core package (`TerraformOutput`, `TerraformStack`, ...).
    CdktfCore(String),
    /// `constructs.Construct` and anything else of an SDK that declares nothing.
    Other,
}

impl SdkItem {
    pub fn framework(&self) -> Option<Framework> {
        match self {
            SdkItem::PulumiClass { .. } | SdkItem::PulumiCore(_) => Some(Framework::Pulumi),
            SdkItem::Cdk { .. } => Some(Framework::Cdk),
            SdkItem::CdktfProvider { .. } | SdkItem::CdktfCore(_) => Some(Framework::Cdktf),
            SdkItem::Other => None,
        }
    }
}

/// True for modules of the infrastructure SDKs this front-end resolves names through.
pub fn is_sdk_module(module: &str) -> bool {
    let m = module.trim();
    m == "pulumi"
        || m.starts_with("pulumi.")
        || m.starts_with("pulumi_")
        || m.starts_with("@pulumi/")
        || m == "aws_cdk"
        || m.starts_with("aws_cdk.")
        || m == "aws-cdk-lib"
        || m.starts_with("aws-cdk-lib/")
        || m.starts_with("@aws-cdk/")
        || m == "constructs"
        || m == "cdktf"
        || m.starts_with("cdktf.")
        || m.starts_with("cdktf_cdktf_provider_")
        || m.starts_with("@cdktf/")
        || m.starts_with("imports.")
        || m.contains(".gen/providers/")
        || m.ends_with(".gen/providers")
}

/// True for paths of the Python SDKs (`pulumi_aws.ec2.Vpc`, `pulumi.AssetArchive`,
/// `aws_cdk.aws_s3.Bucket`, `cdktf_cdktf_provider_aws...`, `imports.aws...`), whose classes take
/// props as keyword arguments. `cdktf` and `constructs` are spelled alike in both languages.
pub fn is_python_sdk_path(path: &str) -> bool {
    let package = path.split(['.', '/']).next().unwrap_or_default();
    package == "pulumi"
        || package.starts_with("pulumi_")
        || package == "aws_cdk"
        || package.starts_with("cdktf_cdktf_provider_")
        || package == "imports"
}

/// Splits an SDK path into segments: module separators (`/`, `.`) and members alike.
fn segments(path: &str) -> Vec<&str> {
    path.split(['/', '.'])
        .filter(|s| !s.is_empty() && *s != ".." && *s != ".")
        .collect()
}

/// Reads an SDK path.
pub fn classify(path: &str) -> SdkItem {
    let segs = segments(path);
    let Some(first) = segs.first().copied() else {
        return SdkItem::Other;
    };
    // Pulumi: `pulumi`, `pulumi_aws`, `@pulumi/pulumi`, `@pulumi/aws`.
    let pulumi = match first {
        "pulumi" => Some(("pulumi".to_string(), &segs[1..])),
        "@pulumi" if segs.len() >= 2 => Some((segs[1].to_string(), &segs[2..])),
        f if f.starts_with("pulumi_") => Some((f["pulumi_".len()..].to_string(), &segs[1..])),
        _ => None,
    };
    if let Some((package, rest)) = pulumi {
        if package == "pulumi" {
            return SdkItem::PulumiCore(rest.join("."));
        }
        let Some((class, module)) = rest.split_last() else {
            return SdkItem::Other;
        };
        let module = module
            .iter()
            .map(|m| m.trim_end_matches('_'))
            .collect::<Vec<_>>()
            .join("/");
        return SdkItem::PulumiClass {
            package,
            module,
            class: class.to_string(),
        };
    }
    // CDK v2 (`aws-cdk-lib`, `aws_cdk`) and v1 (`@aws-cdk/aws-s3`).
    let cdk_rest: Option<&[&str]> = match first {
        "aws_cdk" | "aws-cdk-lib" => Some(&segs[1..]),
        "@aws-cdk" => Some(&segs[1..]),
        _ => None,
    };
    if let Some(rest) = cdk_rest {
        let Some((class, module)) = rest.split_last() else {
            return SdkItem::Other;
        };
        let module = match module.first() {
            Some(m) if *m == "core" => "core".to_string(),
            Some(m) if m.starts_with(|c: char| c.is_ascii_lowercase()) => m.replace('-', "_"),
            _ => "core".to_string(),
        };
        // A nested member (`aws_s3.CfnBucket.BucketEncryptionProperty`) keeps its class path.
        let mut class_path: Vec<&str> = rest
            .iter()
            .skip_while(|s| s.starts_with(|c: char| c.is_ascii_lowercase()))
            .copied()
            .collect();
        if class_path.is_empty() {
            class_path.push(class);
        }
        return SdkItem::Cdk {
            module,
            class: class_path.join("."),
        };
    }
    // CDKTF.
    if first == "cdktf" {
        return SdkItem::CdktfCore(segs[1..].join("."));
    }
    let cdktf_rest: Option<(String, &[&str])> = match first {
        "@cdktf" if segs.len() >= 2 => segs[1]
            .strip_prefix("provider-")
            .map(|p| (p.to_string(), &segs[2..])),
        f if f.starts_with("cdktf_cdktf_provider_") => {
            Some((f["cdktf_cdktf_provider_".len()..].to_string(), &segs[1..]))
        }
        "imports" if segs.len() >= 2 => Some((segs[1].to_string(), &segs[2..])),
        _ => segs.iter().position(|s| *s == "gen").and_then(|i| {
            // `./.gen/providers/aws/s3-bucket` (".gen" splits into "gen").
            if segs.get(i + 1) == Some(&"providers") {
                segs.get(i + 2).map(|p| (p.to_string(), &segs[i + 3..]))
            } else {
                None
            }
        }),
    };
    if let Some((provider, rest)) = cdktf_rest {
        let rest: Vec<&str> = rest.iter().copied().filter(|s| *s != "lib").collect();
        let Some((class, modules)) = rest.split_last() else {
            return SdkItem::Other;
        };
        let module = modules.last().map(|m| snake_case(&m.replace('-', "_")));
        return SdkItem::CdktfProvider {
            provider: provider.replace('-', "_"),
            module,
            class: class.to_string(),
        };
    }
    SdkItem::Other
}

/// The Pulumi type token of a provider class: `aws:ec2/vpc:Vpc`; awsx components use the
/// `awsx:ec2:Vpc` form; root classes live in the `index` module.
pub fn pulumi_token(package: &str, module: &str, class: &str) -> String {
    if package == "awsx" {
        let module = if module.is_empty() { "index" } else { module };
        return format!("awsx:{module}:{class}");
    }
    let module = if module.is_empty() { "index" } else { module };
    format!("{package}:{module}/{}:{class}", lower_first(class))
}

/// True for Pulumi classes that are inputs to resources, not resources.
pub fn is_pulumi_input_type(class: &str) -> bool {
    class.ends_with("Args") || class.ends_with("ArgsDict") || class.ends_with("Input")
}

/// The Terraform type a CDKTF class declares, and whether it is a data source.
pub fn cdktf_terraform_type(provider: &str, module: Option<&str>, class: &str) -> (String, bool) {
    // The class names the type (`S3Bucket`: `s3_bucket`; a trailing `A` marks a name clash).
    let mut c = class.to_string();
    if c.ends_with('A')
        && c.len() > 1
        && c[..c.len() - 1].ends_with(|ch: char| ch.is_ascii_lowercase())
    {
        c.pop();
    }
    let from_class = snake_case(&c);
    // A module of one resource (`lib/s3-bucket`, `s3_bucket`) says the same. Any other module
    // (the package root, a service namespace of older bindings as in `ec2.Vpc` or
    // `iam.IamRole`) names no type, and the class decides.
    let base = match module {
        Some(m) if m == from_class => m.to_string(),
        _ => from_class,
    };
    let (data, base) = match base.strip_prefix("data_") {
        Some(rest) => (true, rest.to_string()),
        None => (false, base),
    };
    let prefix = format!("{provider}_");
    let tf = if base.starts_with(&prefix) {
        base
    } else {
        format!("{prefix}{base}")
    };
    (tf, data)
}

/// `camelCase` / `PascalCase` / `kebab-case` → `snake_case`; digits stay with what precedes them
/// (`S3Bucket` → `s3_bucket`, `Route53Record` → `route53_record`).
pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' {
            out.push('_');
            continue;
        }
        if c.is_ascii_uppercase() {
            let prev = if i > 0 {
                chars.get(i - 1).copied()
            } else {
                None
            };
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// True when the last segment of a path names a class (PascalCase).
pub fn is_class_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulumi_paths_from_both_languages_agree() {
        let py = classify("pulumi_aws.ec2.Vpc");
        let ts = classify("@pulumi/aws.ec2.Vpc");
        assert_eq!(py, ts);
        assert_eq!(
            py,
            SdkItem::PulumiClass {
                package: "aws".into(),
                module: "ec2".into(),
                class: "Vpc".into()
            }
        );
        assert_eq!(pulumi_token("aws", "ec2", "Vpc"), "aws:ec2/vpc:Vpc");
        match classify("pulumi_aws.lambda_.Function") {
            SdkItem::PulumiClass { module, .. } => assert_eq!(module, "lambda"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            pulumi_token("random", "", "RandomPassword"),
            "random:index/randomPassword:RandomPassword"
        );
        assert_eq!(pulumi_token("awsx", "ec2", "Vpc"), "awsx:ec2:Vpc");
        assert_eq!(
            classify("pulumi.export"),
            SdkItem::PulumiCore("export".into())
        );
        assert_eq!(
            classify("@pulumi/pulumi.Config"),
            SdkItem::PulumiCore("Config".into())
        );
    }

    #[test]
    fn cdk_module_keys_are_snake_case_in_both_languages() {
        let expected = SdkItem::Cdk {
            module: "aws_s3".into(),
            class: "Bucket".into(),
        };
        assert_eq!(classify("aws-cdk-lib/aws-s3.Bucket"), expected);
        assert_eq!(classify("aws-cdk-lib.aws_s3.Bucket"), expected);
        assert_eq!(classify("aws_cdk.aws_s3.Bucket"), expected);
        assert_eq!(classify("@aws-cdk/aws-s3.Bucket"), expected);
        assert_eq!(
            classify("aws-cdk-lib.CfnOutput"),
            SdkItem::Cdk {
                module: "core".into(),
                class: "CfnOutput".into()
            }
        );
    }

    #[test]
    fn cdktf_types_come_from_the_module_or_the_class() {
        for (path, want) in [
            (
                "@cdktf/provider-aws/lib/s3-bucket.S3Bucket",
                "aws_s3_bucket",
            ),
            (
                "cdktf_cdktf_provider_aws.s3_bucket.S3Bucket",
                "aws_s3_bucket",
            ),
            ("@cdktf/provider-aws.s3Bucket.S3Bucket", "aws_s3_bucket"),
            ("imports.aws.s3_bucket.S3Bucket", "aws_s3_bucket"),
            ("./.gen/providers/aws/s3-bucket.S3Bucket", "aws_s3_bucket"),
            // Service namespaces of older bindings do not name the type; the class does.
            ("@cdktf/provider-aws.ec2.Vpc", "aws_vpc"),
            ("@cdktf/provider-aws.iam.IamRole", "aws_iam_role"),
            ("imports.aws.s3.S3Bucket", "aws_s3_bucket"),
        ] {
            let SdkItem::CdktfProvider {
                provider,
                module,
                class,
            } = classify(path)
            else {
                panic!("{path}");
            };
            assert_eq!(
                cdktf_terraform_type(&provider, module.as_deref(), &class),
                (want.to_string(), false),
                "{path}"
            );
        }
        assert_eq!(
            cdktf_terraform_type("aws", None, "S3BucketVersioningA"),
            ("aws_s3_bucket_versioning".to_string(), false)
        );
        assert_eq!(
            cdktf_terraform_type("aws", Some("data_aws_ami"), "DataAwsAmi"),
            ("aws_ami".to_string(), true)
        );
    }

    #[test]
    fn snake_case_keeps_digits_with_their_word() {
        assert_eq!(snake_case("S3Bucket"), "s3_bucket");
        assert_eq!(snake_case("Route53Record"), "route53_record");
        assert_eq!(snake_case("s3Bucket"), "s3_bucket");
        assert_eq!(snake_case("DBInstance"), "db_instance");
        assert_eq!(snake_case("removalPolicy"), "removal_policy");
    }
}
