use std::collections::HashMap;

use iacgrade_task::Platform;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};

use super::dep027_terraform_undeclared_reference::collect;
use super::dep028_security_group_cycle::cycles;

declare_rule! {
    /// ## What it checks
    /// Terraform resources, data sources and modules that depend on each other in a cycle
    /// through their references (arguments, nested blocks, templates, `depends_on`): `A` reads
    /// an attribute of `B` while `B` reads one of `A`, directly or through others, or a block
    /// reads its own attributes. Cycles made only of security groups naming each other in
    /// inline rules are reported by DEP028 instead.
    ///
    /// ## Why it matters
    /// Terraform cannot order the operations and stops before planning: "Error: Cycle: ..." or
    /// "Self-referential block". Nothing deploys. Critical.
    ///
    /// ## Example
    /// ```hcl
    /// # fails: the bucket policy names the role, the role's policy names the bucket policy
    /// resource "aws_iam_role" "app" { name = "app-${aws_s3_bucket_policy.data.id}" }
    /// resource "aws_s3_bucket_policy" "data" { bucket = "data"; policy = jsonencode({ Principal = aws_iam_role.app.arn }) }
    /// ```
    ///
    /// ## Fix
    /// Break the cycle: move one of the links into a separate resource (an attachment, a rule,
    /// a policy resource), or compute the shared value (a name) in a `locals` entry both use.
    ///
    /// ## References
    /// - https://developer.hashicorp.com/terraform/internals/graph
    /// - https://developer.hashicorp.com/terraform/language/expressions/references
    pub struct TerraformDependencyCycle {
        id: "DEP029",
        name: "terraform-dependency-cycle",
        severity: Critical,
        docs: "https://developer.hashicorp.com/terraform/internals/graph",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    if ctx.platform != Some(Platform::Tf) {
        return;
    }
    let resources = &ctx.graph.resources;
    // Address (`aws_subnet.private`, `data.aws_ami.al2`, `module.vpc`) → the instances of it.
    let mut by_address: HashMap<String, Vec<usize>> = HashMap::new();
    let address = |i: usize| {
        let r = &resources[i];
        let label = r.logical_name.render();
        let label = label.split('[').next().unwrap_or(&label).to_string();
        if r.source_type == "module" {
            format!("module.{label}")
        } else {
            format!("{}.{label}", r.source_type)
        }
    };
    for i in 0..resources.len() {
        by_address.entry(address(i)).or_default().push(i);
    }
    let edges: Vec<Vec<usize>> = resources
        .iter()
        .map(|r| {
            let mut names = Vec::new();
            collect(&r.props, &mut names);
            for (key, value) in &r.options {
                if key == "depends_on" {
                    collect(value, &mut names);
                }
            }
            let mut out: Vec<usize> = Vec::new();
            for name in names {
                for &j in by_address.get(&name).map(Vec::as_slice).unwrap_or(&[]) {
                    if !out.contains(&j) {
                        out.push(j);
                    }
                }
            }
            out
        })
        .collect();
    for cycle in cycles(&edges) {
        if cycle
            .iter()
            .all(|&i| resources[i].kind == "AWS::EC2::SecurityGroup")
        {
            continue;
        }
        let mut members: Vec<String> = cycle.iter().map(|&i| address(i)).collect();
        members.dedup();
        let message = if members.len() == 1 {
            format!(
                "`{}` refers to itself: Terraform stops with a self-referential block / cycle error",
                members[0]
            )
        } else {
            format!(
                "Dependency cycle between {}: Terraform cannot order them and stops before planning",
                members
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        hits.resource(
            &resources[cycle[0]],
            message,
            "Break the cycle: move one link into a separate resource (attachment, rule, policy) or compute the shared value in a local.",
        );
    }
}
