use crate::declare_rule;
use crate::props::{flag, Flag};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Databases the code makes reachable from the internet: `PubliclyAccessible: true` /
    /// `publicly_accessible = true` / `publiclyAccessible: true` on RDS instances
    /// (`AWS::RDS::DBInstance`) and Redshift clusters (`AWS::Redshift::Cluster`), and DMS
    /// replication instances (`AWS::DMS::ReplicationInstance`). Only an explicit true is
    /// reported: defaults depend on the subnets, which the rule does not judge.
    ///
    /// ## Why it matters
    /// A publicly accessible database gets a public DNS name and IP; only its security group
    /// stands between the data and the internet. Databases belong in private subnets, reached
    /// by the application tier.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Database:
    ///   Type: AWS::RDS::DBInstance
    ///   Properties:
    ///     PubliclyAccessible: true
    /// # passes
    ///     PubliclyAccessible: false
    /// ```
    ///
    /// ## Fix
    /// Set `PubliclyAccessible: false` and place the database in private subnets.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
    pub struct PubliclyAccessibleDatabase {
        id: "NET003",
        name: "publicly-accessible-database",
        severity: High,
        docs: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
        check: check,
    }
}

const KINDS: [&str; 3] = [
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
    "AWS::DMS::ReplicationInstance",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for db in ctx.declared().filter(|r| KINDS.contains(&r.kind.as_str())) {
        if flag(&db.props, &["PubliclyAccessible"]) == Flag::On {
            hits.resource(
                db,
                "database is publicly accessible from the internet",
                "Set `PubliclyAccessible: false` (`publicly_accessible = false`) and use private subnets.",
            );
        }
    }
}
