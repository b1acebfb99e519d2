//! The Terraform → CloudFormation kind table (crates/ir/data/kinds/terraform.tsv) maps only real
//! Terraform resource types to real CloudFormation types, as listed by the generated files
//! crates/ir/data/kinds/terraform-types.txt and cfn-types.txt (see tools/kinds/).

use std::collections::HashSet;

use iacgrade_ir::kinds::{table_entries, KindTable};

const TERRAFORM_TYPES: &str = include_str!("../../ir/data/kinds/terraform-types.txt");
const CFN_TYPES: &str = include_str!("../../ir/data/kinds/cfn-types.txt");

fn terraform_resource_types() -> HashSet<&'static str> {
    TERRAFORM_TYPES
        .lines()
        .filter_map(|l| l.strip_prefix("resource\t"))
        .collect()
}

fn cfn_types() -> HashSet<&'static str> {
    CFN_TYPES.lines().filter(|l| !l.starts_with('#')).collect()
}

#[test]
fn every_mapping_is_between_real_types() {
    let terraform = terraform_resource_types();
    let cfn = cfn_types();
    assert!(terraform.len() > 1000 && cfn.len() > 1000);
    let mut wrong = Vec::new();
    let mut count = 0;
    for (source, kind) in table_entries(KindTable::Terraform) {
        count += 1;
        if !terraform.contains(source) {
            wrong.push(format!("{source}: not a Terraform AWS resource type"));
        }
        if !cfn.contains(kind) {
            wrong.push(format!("{source} -> {kind}: not a CloudFormation type"));
        }
    }
    assert!(count > 300, "the table has {count} entries");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
