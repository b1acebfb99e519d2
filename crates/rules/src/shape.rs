//! Which property *shape* a resource is written in, and which source type it is.
//!
//! Canonical kinds make "is this a bucket" platform-free, but the properties still follow the
//! source: three shapes matter to the rules.
//! - [`Shape::Cloudformation`]: CloudFormation templates, CDK L1 `Cfn*` constructs and Pulumi
//!   `aws-native` resources — CloudFormation property names and structure.
//! - [`Shape::Terraform`]: Terraform, CDKTF and Pulumi classic (`aws:` tokens, which mirror the
//!   Terraform provider) — Terraform argument names, nested blocks, separate resources for
//!   controls (`aws_s3_bucket_public_access_block`).
//! - [`Shape::CdkConstruct`]: CDK L2 constructs (`aws_s3.Bucket`) — their own props and their own
//!   defaults (an L2 `Bucket` is retained on delete unless told otherwise).

use iacgrade_ir::{Resource, Value};
use iacgrade_task::Platform;

use crate::props::{flag_value, key_eq, key_eq_joined, Flag};

/// The property shape a resource is written in (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Cloudformation,
    Terraform,
    CdkConstruct,
    /// Something else (an `awsx` component, a custom construct): rules that depend on
    /// defaults treat it as unknown.
    Other,
}

/// The shape of a resource, from the platform when it is known and its source type otherwise.
pub fn shape(resource: &Resource, platform: Option<Platform>) -> Shape {
    let st = resource.source_type.as_str();
    if st.contains("::") || st.starts_with("aws-native:") {
        return Shape::Cloudformation;
    }
    let last = st.rsplit(['.', '/']).next().unwrap_or(st);
    match platform {
        Some(Platform::Cfn) => Shape::Cloudformation,
        Some(Platform::Tf) | Some(Platform::Cdktf) => Shape::Terraform,
        Some(Platform::Pulumi) => {
            if st.starts_with("awsx:") || st.contains("awsx.") {
                Shape::Other
            } else {
                Shape::Terraform
            }
        }
        Some(Platform::Cdk) => {
            if last.starts_with("Cfn") {
                Shape::Cloudformation
            } else {
                Shape::CdkConstruct
            }
        }
        _ => {
            if st.starts_with("aws:") || is_terraform_type(st) {
                Shape::Terraform
            } else if last.starts_with("Cfn") {
                Shape::Cloudformation
            } else if st.contains('.') {
                Shape::CdkConstruct
            } else {
                Shape::Other
            }
        }
    }
}

fn is_terraform_type(s: &str) -> bool {
    s.starts_with("aws_")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether the resource is a data source or a lookup of something that already exists
/// (Terraform `data` blocks, `Vpc.fromLookup`, `Bucket.fromBucketName`): the answer reads it,
/// it does not create it.
pub fn is_data_source(resource: &Resource) -> bool {
    let option_says = resource
        .options
        .iter()
        .any(|(k, v)| (key_eq(k, "data") || key_eq(k, "datasource")) && flag_value(v) == Flag::On);
    option_says
        || resource.source_type.starts_with("data.")
        // `:data.` somewhere: a segment after a colon starts with `data.` (rules ask this of
        // every resource many times; splitting on one byte is cheaper than a substring search).
        || resource.kind.split(':').skip(1).any(|s| s.starts_with("data."))
        || resource.kind.starts_with("data.")
        || is_lookup_call(&resource.source_type)
}

/// `Bucket.fromBucketName`, `Vpc.fromLookup`: a `.from` followed by an upper-case letter.
fn is_lookup_call(source_type: &str) -> bool {
    source_type.split('.').skip(1).any(|segment| {
        segment
            .strip_prefix("from")
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
    })
}

/// Whether the resource's source type is the Terraform type `tf_type` (`aws_s3_bucket_policy`),
/// however the platform names it: the Terraform type itself (Terraform), a CDKTF class
/// (`S3BucketPolicy`), a Pulumi token (`aws:s3/bucketPolicy:BucketPolicy`, also its `V2`
/// variants), or an unmapped kind (`tf:aws_s3_bucket_policy`).
pub fn is_source_type(resource: &Resource, tf_type: &str) -> bool {
    let wanted = tf_type.strip_prefix("aws_").unwrap_or(tf_type);
    [resource.source_type.as_str(), resource.kind.as_str()]
        .iter()
        .any(|t| type_key_matches(t, wanted))
}

fn type_key_matches(source: &str, wanted: &str) -> bool {
    // Pulumi token, also behind an unmapped kind's prefix: [pulumi:]aws:<module>/<camelName>:<Class>
    let token = source.strip_prefix("pulumi:").unwrap_or(source);
    if let Some(rest) = token.strip_prefix("aws:") {
        let mut parts = rest.splitn(2, '/');
        let module = parts.next().unwrap_or_default();
        let name = parts
            .next()
            .and_then(|n| n.split(':').next())
            .unwrap_or_default();
        let name = name
            .strip_suffix("V2")
            .or_else(|| name.strip_suffix("v2"))
            .unwrap_or(name);
        return key_eq(name, wanted) || key_eq_joined(&[module, name], wanted);
    }
    // Unmapped kinds keep a platform prefix: tf:aws_x, cdktf:aws_x.
    let source = source.rsplit(':').next().unwrap_or(source);
    // CDKTF class paths: provider.s3Bucket.S3Bucket or S3Bucket
    let source = source.rsplit('.').next().unwrap_or(source);
    key_eq(source.strip_prefix("aws_").unwrap_or(source), wanted)
}

/// The CDK construct class of an L2 resource (`Bucket` for `aws_s3.Bucket`), when the resource
/// is one.
pub fn cdk_class(resource: &Resource, platform: Option<Platform>) -> Option<&str> {
    if shape(resource, platform) != Shape::CdkConstruct {
        return None;
    }
    resource.source_type.rsplit('.').next()
}

/// An option the front-end recorded (`DeletionPolicy`, `removal_policy`, `prevent_destroy`),
/// compared with [`crate::props::norm_key`].
pub fn option<'a>(resource: &'a Resource, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|wanted| {
        resource
            .options
            .iter()
            .find(|(k, _)| key_eq(k, wanted))
            .map(|(_, v)| v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use iacgrade_ir::SourceSpan;
    use proptest::prelude::*;

    proptest! {
        /// The segment tests answer as the substring searches they replace.
        #[test]
        fn segment_tests_match_substring_searches(t in "[a-zA-Z:._]{0,20}") {
            let lookup = t.match_indices(".from").any(|(i, _)| {
                t[i + ".from".len()..].chars().next().is_some_and(|c| c.is_ascii_uppercase())
            });
            prop_assert_eq!(is_lookup_call(&t), lookup);
            prop_assert_eq!(
                t.split(':').skip(1).any(|s| s.starts_with("data.")),
                t.contains(":data.")
            );
        }
    }

    fn resource(kind: &str, source_type: &str) -> Resource {
        Resource {
            kind: kind.into(),
            source_type: source_type.into(),
            logical_name: Value::Str("r".into()),
            name: None,
            props: Value::Map(vec![]),
            span: SourceSpan {
                file: "main.tf".into(),
                line: 1,
                document_line: 1,
            },
            options: vec![],
        }
    }

    #[test]
    fn source_types_match_across_platforms() {
        let tf = resource(
            "tf:aws_s3_bucket_public_access_block",
            "aws_s3_bucket_public_access_block",
        );
        let pulumi = resource(
            "pulumi:aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        );
        let cdktf = resource(
            "tf:aws_s3_bucket_public_access_block",
            "S3BucketPublicAccessBlock",
        );
        for r in [&tf, &pulumi, &cdktf] {
            assert!(
                is_source_type(r, "aws_s3_bucket_public_access_block"),
                "{r:?}"
            );
            assert!(!is_source_type(r, "aws_s3_bucket"), "{r:?}");
        }
        let rule = resource(
            "AWS::EC2::SecurityGroupIngress",
            "aws:ec2/securityGroupRule:SecurityGroupRule",
        );
        assert!(is_source_type(&rule, "aws_security_group_rule"));
        let v2 = resource(
            "x",
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
        );
        assert!(is_source_type(
            &v2,
            "aws_s3_bucket_server_side_encryption_configuration"
        ));
    }

    #[test]
    fn shapes_follow_platform_then_source_type() {
        let l1 = resource("AWS::S3::Bucket", "aws_s3.CfnBucket");
        let l2 = resource("AWS::S3::Bucket", "aws_s3.Bucket");
        assert_eq!(shape(&l1, Some(Platform::Cdk)), Shape::Cloudformation);
        assert_eq!(shape(&l2, Some(Platform::Cdk)), Shape::CdkConstruct);
        assert_eq!(shape(&l2, None), Shape::CdkConstruct);
        let tf = resource("AWS::S3::Bucket", "aws_s3_bucket");
        assert_eq!(shape(&tf, None), Shape::Terraform);
        let cfn = resource("AWS::S3::Bucket", "AWS::S3::Bucket");
        assert_eq!(shape(&cfn, Some(Platform::Cdk)), Shape::Cloudformation);
    }
}
