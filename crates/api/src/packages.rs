//! Which surface covers a symbol: the package a qualified path starts with, read the way each
//! language spells it (`pulumi_aws.ec2.Vpc`, `@pulumi/aws.ec2.Vpc`, `aws-cdk-lib/aws-s3.Bucket`,
//! `@cdktf/provider-aws/lib/s3-bucket.S3Bucket`), and the surface its platform and language
//! select. A package no surface covers (`boto3`, `@aws-sdk/client-s3`, `@pulumi/aws-native`) is
//! simply not checked.

use crate::surface::SurfaceId;
use iacgrade_task::{Language, Platform};

/// A symbol path split into the package it names and what follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagePath<'a> {
    /// `pulumi_aws`, `@pulumi/aws`, `aws-cdk-lib`.
    pub package: &'a str,
    /// The npm subpath written after the package (`aws-s3` in `aws-cdk-lib/aws-s3.Bucket`).
    pub subpath: Option<&'a str>,
    /// The dot-separated names after the package and subpath (`ec2`, `Vpc`, `cidr_block`).
    pub segments: Vec<&'a str>,
}

/// Splits a qualified path. npm packages may carry a scope (`@pulumi/aws`) and a subpath
/// (`aws-cdk-lib/aws-s3`); Python packages are the first dotted name.
pub fn split_package(path: &str) -> Option<PackagePath<'_>> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    // The package ends at the first '.' or '/' after the scope.
    let scope_len = if path.starts_with('@') {
        path.find('/').map(|i| i + 1)?
    } else {
        0
    };
    let rest = &path[scope_len..];
    let name_len = rest.find(['.', '/']).unwrap_or(rest.len());
    let package = &path[..scope_len + name_len];
    let mut tail = &rest[name_len..];
    let mut subpath = None;
    if let Some(after_slash) = tail.strip_prefix('/') {
        let end = after_slash.find('.').unwrap_or(after_slash.len());
        subpath = Some(&after_slash[..end]).filter(|s| !s.is_empty());
        tail = &after_slash[end..];
    }
    let segments = tail
        .split('.')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    if package.is_empty() || package == "@" {
        return None;
    }
    Some(PackagePath {
        package,
        subpath,
        segments,
    })
}

/// Whether the language writes Python names (snake_case keyword arguments).
pub fn is_python(language: Option<Language>) -> bool {
    matches!(language, Some(Language::Py))
}

/// The surface that covers `package` for a task of this platform and language.
pub fn surface_for_package(
    package: &str,
    platform: Option<Platform>,
    language: Option<Language>,
) -> Option<SurfaceId> {
    let py = is_python(language);
    let ts_like = matches!(language, Some(Language::Ts) | Some(Language::Js) | None);
    Some(match package {
        "pulumi" | "pulumi_aws" | "pulumi_random" | "pulumi_tls" | "pulumi_awsx" => {
            SurfaceId::PulumiPy
        }
        "@pulumi/pulumi" | "@pulumi/aws" | "@pulumi/random" | "@pulumi/tls" | "@pulumi/awsx" => {
            SurfaceId::PulumiTs
        }
        "aws_cdk" => SurfaceId::CdkPy,
        "aws-cdk-lib" => SurfaceId::CdkTs,
        "cdktf_cdktf_provider_aws" => SurfaceId::CdktfPy,
        "@cdktf/provider-aws" => SurfaceId::CdktfTs,
        "cdktf" if py => SurfaceId::CdktfPy,
        "cdktf" if ts_like => SurfaceId::CdktfTs,
        "constructs" => match (platform, py, ts_like) {
            (Some(Platform::Cdktf), true, _) => SurfaceId::CdktfPy,
            (Some(Platform::Cdktf), _, true) => SurfaceId::CdktfTs,
            (_, true, _) => SurfaceId::CdkPy,
            (_, _, true) => SurfaceId::CdkTs,
            _ => return None,
        },
        _ => return None,
    })
}

/// Whether `module.name` belongs to another distribution that installs into the same Python
/// namespace package: `aws_cdk` is shared by the experimental construct libraries
/// (`aws_cdk.aws_lambda_python_alpha`, PyPI `aws-cdk.aws-lambda-python-alpha`) and the asset
/// packages (`aws_cdk.asset_awscli_v1`), which the surface does not describe.
pub fn is_other_distribution(module: &str, name: &str) -> bool {
    module == "aws_cdk" && (name.ends_with("_alpha") || name.starts_with("asset_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_python_and_npm_paths() {
        let p = split_package("pulumi_aws.ec2.Vpc.cidr_block").expect("path");
        assert_eq!(p.package, "pulumi_aws");
        assert_eq!(p.subpath, None);
        assert_eq!(p.segments, vec!["ec2", "Vpc", "cidr_block"]);

        let p = split_package("@pulumi/aws.ec2.Vpc").expect("path");
        assert_eq!(p.package, "@pulumi/aws");
        assert_eq!(p.segments, vec!["ec2", "Vpc"]);

        let p = split_package("aws-cdk-lib/aws-s3.Bucket").expect("path");
        assert_eq!(p.package, "aws-cdk-lib");
        assert_eq!(p.subpath, Some("aws-s3"));
        assert_eq!(p.segments, vec!["Bucket"]);

        let p = split_package("@cdktf/provider-aws/lib/s3-bucket.S3Bucket").expect("path");
        assert_eq!(p.package, "@cdktf/provider-aws");
        assert_eq!(p.subpath, Some("lib/s3-bucket"));

        let p = split_package("@pulumi/aws-native.s3.Bucket").expect("path");
        assert_eq!(p.package, "@pulumi/aws-native");
        assert_eq!(
            surface_for_package(p.package, None, Some(Language::Ts)),
            None
        );
        assert!(split_package("").is_none());
        assert!(split_package("@").is_none());
    }

    #[test]
    fn alpha_and_asset_modules_are_other_distributions() {
        assert!(is_other_distribution("aws_cdk", "aws_lambda_python_alpha"));
        assert!(is_other_distribution("aws_cdk", "asset_awscli_v1"));
        assert!(!is_other_distribution("aws_cdk", "core"));
    }

    #[test]
    fn constructs_follows_the_platform() {
        assert_eq!(
            surface_for_package("constructs", Some(Platform::Cdktf), Some(Language::Py)),
            Some(SurfaceId::CdktfPy)
        );
        assert_eq!(
            surface_for_package("constructs", Some(Platform::Cdk), Some(Language::Ts)),
            Some(SurfaceId::CdkTs)
        );
    }
}
