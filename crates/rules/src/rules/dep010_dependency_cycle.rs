use std::collections::HashMap;

use iacgrade_ir::Resource;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::template::{depends_on, references};

declare_rule! {
    /// ## What it checks
    /// Circular dependencies between the resources of a CloudFormation template: a resource
    /// that, through `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholders and `DependsOn` (both branches
    /// of an `Fn::If` included), depends on itself — directly (a security group whose rule
    /// references the group) or through others (two security groups whose ingress rules
    /// reference each other, a bucket whose notification names a function whose policy names the
    /// bucket). Each cycle is reported once, on every resource in it.
    ///
    /// ## Why it matters
    /// CloudFormation cannot order the creation and rejects the template: `Circular dependency
    /// between resources: [A, B]`. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: each group's inline rule references the other group
    /// AppSg:
    ///   Type: AWS::EC2::SecurityGroup
    ///   Properties:
    ///     SecurityGroupIngress:
    ///       - SourceSecurityGroupId: !Ref DbSg
    /// DbSg:
    ///   Type: AWS::EC2::SecurityGroup
    ///   Properties:
    ///     SecurityGroupIngress:
    ///       - SourceSecurityGroupId: !Ref AppSg
    /// # passes: one of the rules moves into its own AWS::EC2::SecurityGroupIngress resource
    /// ```
    ///
    /// ## Fix
    /// Break the cycle: move one reference into a separate resource (`AWS::EC2::SecurityGroupIngress`,
    /// `AWS::Lambda::Permission`, a bucket notification set after both exist), build an ARN from
    /// a known name with `Fn::Sub` instead of `Fn::GetAtt`, or drop a `DependsOn` that is not needed.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html
    pub struct DependencyCycle {
        id: "DEP010",
        name: "circular-dependency",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    let nodes: &[&Resource] = &t.resources;
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r.logical_name.as_str()?, i)))
        .collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut refs = Vec::new();
    for (i, r) in nodes.iter().enumerate() {
        refs.clear();
        references(&r.props, &mut refs);
        let targets = refs.iter().map(|x| x.target()).chain(depends_on(r));
        for target in targets {
            if let Some(&j) = index.get(target) {
                if !edges[i].contains(&j) {
                    edges[i].push(j);
                }
            }
        }
    }
    for component in strongly_connected(&edges) {
        let cyclic = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !cyclic {
            continue;
        }
        let mut members: Vec<usize> = component.clone();
        members.sort_unstable();
        let names: Vec<String> = members
            .iter()
            .map(|&i| format!("`{}`", nodes[i].logical_name.render()))
            .collect();
        let message = if members.len() == 1 {
            format!(
                "{} depends on itself (a reference to its own logical id)",
                names[0]
            )
        } else {
            format!("circular dependency between resources {}", names.join(", "))
        };
        for &i in &members {
            hits.resource(
                nodes[i],
                message.clone(),
                "Break the cycle: move one reference into its own resource (a separate ingress rule, permission or notification), build the value with Fn::Sub from a known name, or drop a DependsOn that is not needed.",
            );
        }
    }
}

/// Tarjan's strongly connected components, iteratively (templates can be long chains).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0usize;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its edge list)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < edges[v].len() {
                let w = edges[v][*pos];
                *pos += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(component);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_singletons() {
        let edges = vec![vec![1], vec![0], vec![2], vec![0]];
        let mut comps: Vec<Vec<usize>> = strongly_connected(&edges)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        comps.sort();
        assert_eq!(comps, vec![vec![0, 1], vec![2], vec![3]]);
    }
}
