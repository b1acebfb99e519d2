use iacgrade_ir::Resource;

use crate::declare_rule;
use crate::props::{flag, has, str_at, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{cdk_class, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// Databases whose storage is not encrypted: `AWS::RDS::DBInstance` and
    /// `AWS::RDS::DBCluster` (RDS, Aurora), `AWS::DocDB::DBCluster` and
    /// `AWS::Neptune::DBCluster` without `StorageEncrypted: true` / `storage_encrypted = true`
    /// and without a KMS key. Encryption is off by default on all of them in CloudFormation,
    /// Terraform and Pulumi, and on a CDK L2 `DatabaseInstance` without `storageEncrypted` or
    /// `storageEncryptionKey`.
    ///
    /// Not reported, because their encryption comes from elsewhere: instances that belong to a
    /// cluster (`DBClusterIdentifier`, Aurora engines), read replicas and instances restored
    /// from a snapshot (they inherit the source's encryption), Aurora Serverless v1 clusters
    /// (always encrypted), and CDK L2 `DatabaseCluster`s without the setting (the default has
    /// changed between CDK versions).
    ///
    /// ## Why it matters
    /// Unencrypted database storage, its automated backups, snapshots and replicas expose the
    /// data to anyone who obtains the volume or a shared snapshot. Encryption cannot be turned
    /// on later without a snapshot-copy-restore migration.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Database:
    ///   Type: AWS::RDS::DBInstance
    ///   Properties:
    ///     Engine: postgres
    /// # passes
    /// Database:
    ///   Type: AWS::RDS::DBInstance
    ///   Properties:
    ///     Engine: postgres
    ///     StorageEncrypted: true
    ///     KmsKeyId: !Ref DatabaseKey
    /// ```
    ///
    /// ## Fix
    /// Set `StorageEncrypted: true` (`storage_encrypted = true`, `storageEncrypted: true`),
    /// preferably with a customer-managed `KmsKeyId`.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
    pub struct DatabaseStorageUnencrypted {
        id: "ENC002",
        name: "database-storage-unencrypted",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        check: check,
    }
}

const KINDS: [&str; 4] = [
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::DocDB::DBCluster",
    "AWS::Neptune::DBCluster",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for db in ctx.declared().filter(|r| KINDS.contains(&r.kind.as_str())) {
        if inherits_encryption(ctx, db) {
            continue;
        }
        let props = &db.props;
        if has(
            props,
            &[
                "KmsKeyId",
                "kms_key_id",
                "storageEncryptionKey",
                "storage_encryption_key",
            ],
        ) {
            continue;
        }
        let encrypted = flag(props, &["StorageEncrypted", "storage_encrypted"]);
        let unencrypted = match encrypted {
            Flag::Off => true,
            Flag::Absent => {
                // A CDK L2 DatabaseCluster's default has changed between versions: unknown.
                !(db.kind == "AWS::RDS::DBCluster" && cdk_class(db, ctx.platform).is_some())
                    && shape(db, ctx.platform) != Shape::Other
            }
            Flag::On | Flag::Unknown => false,
        };
        if unencrypted {
            let what = if db.kind.ends_with("DBInstance") {
                "database instance"
            } else {
                "database cluster"
            };
            hits.resource(
                db,
                format!("{what} storage is not encrypted at rest"),
                "Set `StorageEncrypted: true` (`storage_encrypted = true`, `storageEncrypted: true`) with a KMS key.",
            );
        }
    }
}

/// Instances whose encryption is decided by something else: cluster members, replicas,
/// snapshot restores, Aurora Serverless v1.
fn inherits_encryption(ctx: &RuleContext, db: &Resource) -> bool {
    let props = &db.props;
    let engine = str_at(props, &["Engine"])
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_instance = db.kind == "AWS::RDS::DBInstance";
    if is_instance
        && (engine.starts_with("aurora")
            || has(
                props,
                &["DBClusterIdentifier", "cluster_identifier", "cluster"],
            ))
    {
        return true;
    }
    if has(
        props,
        &[
            "SourceDBInstanceIdentifier",
            "replicate_source_db",
            "sourceDatabaseInstance",
            "DBSnapshotIdentifier",
            "snapshot_identifier",
            "SnapshotIdentifier",
            "SourceDBClusterIdentifier",
            "source_db_cluster_identifier",
            "ReplicationSourceIdentifier",
            "replication_source_identifier",
            "GlobalClusterIdentifier",
            "global_cluster_identifier",
            "snapshot",
        ],
    ) {
        return true;
    }
    // CDK: rds.DatabaseInstanceReadReplica / DatabaseInstanceFromSnapshot /
    // DatabaseClusterFromSnapshot.
    if let Some(class) = cdk_class(db, ctx.platform) {
        if class.contains("Replica") || class.contains("FromSnapshot") {
            return true;
        }
    }
    let mode = str_at(props, &["EngineMode", "engine_mode"]).unwrap_or_default();
    mode.eq_ignore_ascii_case("serverless")
}
