//! Canonical resource kinds. Every front-end names a resource by the CloudFormation type it
//! corresponds to, so that rules are written once. The mappings are data (`data/kinds/*.tsv`,
//! two tab-separated columns: source type, CloudFormation type; `#` starts a comment line).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Which table a source type is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KindTable {
    /// Terraform resource types (`aws_s3_bucket`), used by HCL and CDKTF.
    Terraform,
    /// Pulumi type tokens (`aws:s3/bucket:Bucket`).
    Pulumi,
    /// CDK construct paths (`aws_s3.Bucket`, `aws_s3.CfnBucket`), module in snake_case.
    Cdk,
}

fn table(which: KindTable) -> &'static HashMap<String, String> {
    static TERRAFORM: OnceLock<HashMap<String, String>> = OnceLock::new();
    static PULUMI: OnceLock<HashMap<String, String>> = OnceLock::new();
    static CDK: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (cell, text) = match which {
        KindTable::Terraform => (&TERRAFORM, include_str!("../data/kinds/terraform.tsv")),
        KindTable::Pulumi => (&PULUMI, include_str!("../data/kinds/pulumi.tsv")),
        KindTable::Cdk => (&CDK, include_str!("../data/kinds/cdk.tsv")),
    };
    cell.get_or_init(|| parse_table(text))
}

fn parse_table(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((
                cols.next()?.trim().to_string(),
                cols.next()?.trim().to_string(),
            ))
        })
        .collect()
}

/// The CloudFormation type for a source type, when the table knows it.
pub fn canonical_kind(which: KindTable, source_type: &str) -> Option<&'static str> {
    table(which).get(source_type).map(String::as_str)
}

/// All entries of a table, for tests and for the `ir` command's diagnostics.
pub fn table_entries(which: KindTable) -> impl Iterator<Item = (&'static str, &'static str)> {
    table(which).iter().map(|(k, v)| (k.as_str(), v.as_str()))
}
