use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::props::{elements, flag, flag_value, get, get_all, has, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{is_source_type, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// EBS volumes the code creates without encryption:
    /// - `AWS::EC2::Volume` / `aws_ebs_volume` without `Encrypted: true` (and without a KMS
    ///   key);
    /// - block device mappings of `AWS::EC2::LaunchTemplate` (`LaunchTemplateData`),
    ///   `AWS::EC2::Instance` and `AWS::AutoScaling::LaunchConfiguration`, and Terraform's
    ///   `block_device_mappings` / `root_block_device` / `ebs_block_device`, whose EBS settings
    ///   are written without `Encrypted`/`encrypted` true.
    ///
    /// Instances and templates that write no block device mapping are not reported (the AMI
    /// decides), nor mappings restored from a snapshot (they inherit its encryption), nor
    /// anything when the graph enables EBS encryption by default for the account
    /// (`aws_ebs_encryption_by_default`). A CDK L2 `ec2.Volume` is reported only when
    /// `encrypted` is false or absent without an `encryptionKey`.
    ///
    /// ## Why it matters
    /// An unencrypted volume, its snapshots and the AMIs made from them hold the instance's data
    /// in clear. Encryption can only be added later by copying the data to a new volume.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Template:
    ///   Type: AWS::EC2::LaunchTemplate
    ///   Properties:
    ///     LaunchTemplateData:
    ///       BlockDeviceMappings:
    ///         - DeviceName: /dev/xvda
    ///           Ebs: {VolumeSize: 30}
    /// # passes
    ///           Ebs: {VolumeSize: 30, Encrypted: true}
    /// ```
    ///
    /// ## Fix
    /// Set `Encrypted: true` (`encrypted = true`) on the volume or the mapping's EBS settings,
    /// with a `KmsKeyId` when the data is sensitive; or enable account-level EBS encryption by
    /// default.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-launchtemplate-ebs.html
    pub struct EbsVolumeUnencrypted {
        id: "ENC003",
        name: "ebs-volume-unencrypted",
        severity: High,
        docs: "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
        check: check,
    }
}

const KEY_KEYS: [&str; 5] = [
    "KmsKeyId",
    "kms_key_id",
    "encryptionKey",
    "encryption_key",
    "kmsKey",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    if ctx
        .graph
        .resources
        .iter()
        .any(|r| is_source_type(r, "aws_ebs_encryption_by_default"))
    {
        return;
    }
    for resource in ctx.declared() {
        match resource.kind.as_str() {
            "AWS::EC2::Volume" => check_volume(ctx, resource, hits),
            "AWS::EC2::LaunchTemplate"
            | "AWS::EC2::Instance"
            | "AWS::AutoScaling::LaunchConfiguration" => check_mappings(resource, hits),
            _ => {}
        }
    }
}

fn check_volume(ctx: &RuleContext, volume: &Resource, hits: &mut Hits) {
    if has(&volume.props, &KEY_KEYS) || has(&volume.props, &["SnapshotId", "snapshot_id"]) {
        return;
    }
    let encrypted = flag(&volume.props, &["Encrypted"]);
    let report = match encrypted {
        Flag::Off => true,
        Flag::Absent => shape(volume, ctx.platform) != Shape::Other,
        Flag::On | Flag::Unknown => false,
    };
    if report {
        hits.resource(
            volume,
            "EBS volume is not encrypted",
            "Set `Encrypted: true` (`encrypted = true`) on the volume, with a KMS key for sensitive data.",
        );
    }
}

/// The EBS settings maps of every block device mapping a launch template, instance or launch
/// configuration writes.
fn ebs_settings(resource: &Resource) -> Vec<&Value> {
    let props = &resource.props;
    let data = get(props, &["LaunchTemplateData"]).unwrap_or(props);
    let mut out = Vec::new();
    for mapping in get_all(data, &["BlockDeviceMappings"])
        .into_iter()
        .chain(get_all(data, &["block_device_mappings"]))
        .flat_map(elements)
    {
        out.extend(get_all(mapping, &["Ebs"]).into_iter().flat_map(elements));
    }
    for key in ["root_block_device", "ebs_block_device"] {
        out.extend(get_all(props, &[key]).into_iter().flat_map(elements));
    }
    out
}

fn check_mappings(resource: &Resource, hits: &mut Hits) {
    for ebs in ebs_settings(resource) {
        if !matches!(ebs, Value::Map(_)) {
            continue;
        }
        if has(ebs, &KEY_KEYS) || has(ebs, &["SnapshotId", "snapshot_id"]) {
            continue;
        }
        let encrypted = match get(ebs, &["Encrypted"]) {
            None | Some(Value::Null) => Flag::Absent,
            Some(v) => flag_value(v),
        };
        if matches!(encrypted, Flag::Off | Flag::Absent) {
            hits.resource(
                resource,
                "block device mapping creates an unencrypted EBS volume",
                "Set `Encrypted: true` (`encrypted = true`) in the mapping's EBS settings.",
            );
            return;
        }
    }
}
