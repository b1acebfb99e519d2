//! Which property of a CloudFormation type sets the resource's physical name (`BucketName` on
//! `AWS::S3::Bucket`, `DBInstanceIdentifier` on `AWS::RDS::DBInstance`, `Name` on
//! `AWS::SecretsManager::Secret`). The table is data, generated from the resource schemas that
//! cfn-lint bundles by `tools/kinds/cfn-types.py`; see that script for the rule that picks the
//! property (it keeps out properties that point at another resource, such as `FunctionName` on
//! `AWS::Lambda::Permission`).

use std::collections::HashMap;
use std::sync::OnceLock;

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/name-properties.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(t, p)| (t.trim(), p.trim()))
            .collect()
    })
}

/// The naming property of `kind`, when the type has one.
pub fn name_property(kind: &str) -> Option<&'static str> {
    table().get(kind).copied()
}

/// Every entry of the table, for tests.
pub fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    table().iter().map(|(k, v)| (*k, *v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_types() {
        assert_eq!(name_property("AWS::S3::Bucket"), Some("BucketName"));
        assert_eq!(
            name_property("AWS::RDS::DBInstance"),
            Some("DBInstanceIdentifier")
        );
        assert_eq!(name_property("AWS::Lambda::Function"), Some("FunctionName"));
        assert_eq!(name_property("AWS::Lambda::Permission"), None);
        assert_eq!(name_property("AWS::EC2::VPC"), None);
        assert_eq!(
            name_property("AWS::Serverless::Function"),
            Some("FunctionName")
        );
    }
}
