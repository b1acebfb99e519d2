use crate::declare_rule;
use crate::props::{flag, has, str_at, Flag};
use crate::rule::{Hits, RuleContext};
use crate::shape::{cdk_class, shape, Shape};

declare_rule! {
    /// ## What it checks
    /// RDS database instances (`AWS::RDS::DBInstance`, `aws_db_instance`, CDK
    /// `DatabaseInstance`) without `MultiAZ: true` / `multi_az = true` / `multiAz: true`. The
    /// default everywhere is a single Availability Zone.
    ///
    /// Not reported: Aurora cluster members (`DBClusterIdentifier`, Aurora engines; an Aurora
    /// cluster's availability comes from its number of instances), read replicas, and SQL
    /// Server/Oracle instances whose Multi-AZ form is chosen otherwise.
    ///
    /// ## Why it matters
    /// A single-AZ database is down for the whole of an Availability Zone outage, and during
    /// maintenance that requires a reboot; a Multi-AZ standby fails over in one to two minutes.
    /// It is a medium finding: test and development stacks may choose single-AZ for cost, but
    /// a reviewer expects the choice to be deliberate, and production requests call for
    /// Multi-AZ.
    ///
    /// ## Example
    /// ```hcl
    /// # fails
    /// resource "aws_db_instance" "main" {
    ///   engine         = "postgres"
    ///   instance_class = "db.t3.medium"
    /// }
    /// # passes (add)
    ///   multi_az = true
    /// ```
    ///
    /// ## Fix
    /// Set `MultiAZ: true` (`multi_az = true`, `multiAz: true`), or use an Aurora cluster with
    /// instances in two Availability Zones.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html
    pub struct DatabaseSingleAz {
        id: "AVL001",
        name: "database-single-az",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for db in ctx.declared_of_kind("AWS::RDS::DBInstance") {
        let props = &db.props;
        let engine = str_at(props, &["Engine"])
            .unwrap_or_default()
            .to_ascii_lowercase();
        if engine.starts_with("aurora")
            || has(
                props,
                &[
                    "DBClusterIdentifier",
                    "cluster_identifier",
                    "SourceDBInstanceIdentifier",
                    "replicate_source_db",
                    "sourceDatabaseInstance",
                ],
            )
        {
            continue;
        }
        if shape(db, ctx.platform) == Shape::Other
            || cdk_class(db, ctx.platform).is_some_and(|c| c.contains("Replica"))
        {
            continue;
        }
        if matches!(
            flag(props, &["MultiAZ", "multi_az"]),
            Flag::Off | Flag::Absent
        ) {
            hits.resource(
                db,
                "database instance runs in a single Availability Zone",
                "Set `MultiAZ: true` (`multi_az = true`, `multiAz: true`) for a standby in another Availability Zone.",
            );
        }
    }
}
