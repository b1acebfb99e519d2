use std::collections::HashMap;

use iacgrade_ir::{Resource, Value};

use crate::declare_rule;
use crate::props::{elements, get, get_all};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Security groups whose *inline* rules refer to each other in a cycle — A's ingress allows
    /// traffic from B while B's ingress (or egress) names A — or to the group itself:
    /// CloudFormation `SecurityGroupIngress` / `SecurityGroupEgress` entries with
    /// `SourceSecurityGroupId` / `DestinationSecurityGroupId` (also CDK `CfnSecurityGroup`), and
    /// Terraform `ingress` / `egress` blocks with `security_groups` (also CDKTF and Pulumi
    /// classic). Only references that name a group of the same answer count.
    ///
    /// ## Why it matters
    /// Each group must exist before the other can be created with its rules: CloudFormation
    /// rejects the template ("Circular dependency between resources"), Terraform stops with
    /// "Cycle" (or "Self-referential block" for a group naming itself). Nothing deploys.
    /// Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// AppSg:
    ///   Type: AWS::EC2::SecurityGroup
    ///   Properties:
    ///     SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: !Ref LbSg }]
    /// LbSg:
    ///   Type: AWS::EC2::SecurityGroup
    ///   Properties:
    ///     SecurityGroupEgress: [{ IpProtocol: tcp, FromPort: 80, ToPort: 80, DestinationSecurityGroupId: !Ref AppSg }]
    /// ```
    ///
    /// ## Fix
    /// Move one side of the cycle into a separate rule resource (`AWS::EC2::SecurityGroupIngress`
    /// / `Egress`, `aws_vpc_security_group_ingress_rule`, `aws_security_group_rule`); for a
    /// group naming itself in Terraform use `self = true`.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html
    /// - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
    pub struct SecurityGroupCycle {
        id: "DEP028",
        name: "security-group-rule-cycle",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html",
        check: check,
    }
}

/// The keys naming another group inside an inline rule, per shape.
const RULE_LISTS: [&str; 4] = [
    "SecurityGroupIngress",
    "SecurityGroupEgress",
    "ingress",
    "egress",
];
const GROUP_KEYS: [&str; 4] = [
    "SourceSecurityGroupId",
    "DestinationSecurityGroupId",
    "security_groups",
    "SourceSecurityGroupName",
];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let groups: Vec<&Resource> = ctx.declared_of_kind("AWS::EC2::SecurityGroup").collect();
    if groups.is_empty() {
        return;
    }
    // Every name a group is referred to by → its index.
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, group) in groups.iter().enumerate() {
        if let Some(label) = group.logical_name.as_str() {
            index.insert(label.to_string(), i);
            index.insert(format!("{}.{label}", group.source_type), i);
        }
    }
    let edges: Vec<Vec<usize>> = groups
        .iter()
        .map(|group| {
            let mut out = Vec::new();
            for list in RULE_LISTS {
                for rule in get_all(&group.props, &[list]) {
                    for rule in elements(rule) {
                        for key in GROUP_KEYS {
                            if let Some(value) = get(rule, &[key]) {
                                for v in elements(value) {
                                    if let Some(&j) = target(v).and_then(|t| index.get(t)) {
                                        if !out.contains(&j) {
                                            out.push(j);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            out
        })
        .collect();
    for cycle in cycles(&edges) {
        let names: Vec<String> = cycle
            .iter()
            .map(|&i| format!("`{}`", groups[i].logical_name.render()))
            .collect();
        let message = if cycle.len() == 1 {
            format!(
                "Security group {} names itself in an inline rule: the group cannot be created before it exists (CloudFormation: circular dependency; Terraform: self-referential block)",
                names[0]
            )
        } else {
            format!(
                "Security groups {} refer to each other in inline rules, a cycle: CloudFormation and Terraform refuse to order their creation",
                names.join(" → ")
            )
        };
        hits.resource(
            groups[cycle[0]],
            message,
            "Move one side of the cycle into a separate ingress/egress rule resource (or use `self = true` in Terraform).",
        );
    }
}

/// The reference target of a value naming a group (`!Ref AppSg`, `!GetAtt AppSg.GroupId`,
/// `aws_security_group.app.id`).
fn target(value: &Value) -> Option<&str> {
    match value {
        Value::Ref { target, .. } => Some(target.as_str()),
        _ => None,
    }
}

/// The cycles of a directed graph, each once, as the nodes of one strongly connected component
/// (a node with an edge to itself is a cycle of one). Tarjan's algorithm: linear in nodes and
/// edges.
pub(super) fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'e> {
        edges: &'e [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            let is_cycle = component.len() > 1 || s.edges[v].contains(&v);
            if is_cycle {
                component.sort_unstable();
                s.out.push(component);
            }
        }
    }
    let n = edges.len();
    let mut state = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.out.sort();
    state.out
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn cycles_are_components_and_self_loops() {
        assert_eq!(cycles(&[vec![1], vec![0], vec![]]), vec![vec![0, 1]]);
        assert_eq!(cycles(&[vec![0], vec![]]), vec![vec![0]]);
        assert!(cycles(&[vec![1], vec![2], vec![]]).is_empty());
    }
}
