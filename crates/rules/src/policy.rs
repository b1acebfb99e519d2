//! IAM policy statements wherever the code writes them.
//!
//! Statements appear as maps (`PolicyDocument: {Statement: [...]}` in a template, Terraform
//! `jsonencode({...})` kept as a map, `data "aws_iam_policy_document"` `statement` blocks, CDK
//! `new iam.PolicyStatement({actions, resources})` kept as its props), and as JSON strings
//! (`policy = "{...}"`, `json.dumps({...})`). [`statements`] finds them at any depth of a
//! resource's properties and reads each one into a [`Statement`] with explicit unknowns.

use iacgrade_ir::{Resource, ResourceGraph, Value};

use crate::embedded_json;
use crate::props::{elements, enum_member, get, literal_str};
use crate::references::refers_to;

/// Allow or Deny; `Unknown` when written as an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
    Unknown,
}

/// One entry of an `Action` or `Resource` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Literal(String),
    /// A reference or expression: not a wildcard as far as anyone can tell statically.
    Unknown,
}

impl Entry {
    pub fn literal(&self) -> Option<&str> {
        match self {
            Entry::Literal(s) => Some(s),
            Entry::Unknown => None,
        }
    }
}

/// A policy statement, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub effect: Effect,
    pub actions: Vec<Entry>,
    /// `NotAction` given: the statement allows everything *except* the listed actions.
    pub not_action: bool,
    pub resources: Vec<Entry>,
    /// `NotResource` given.
    pub not_resource: bool,
    /// A `Principal` is given: a resource-based policy (bucket, key, queue, trust policy).
    pub has_principal: bool,
    pub has_condition: bool,
}

impl Statement {
    /// Whether any action matches `pattern` when wildcards in the *statement* are expanded:
    /// `*`, `iam:*` and `iam:Pass*` all grant `iam:PassRole`.
    pub fn grants(&self, action: &str) -> bool {
        self.actions.iter().any(|a| match a {
            Entry::Literal(a) => wildcard_matches(a, action),
            Entry::Unknown => false,
        })
    }

    /// Whether some action is exactly the full wildcard (`*` or `*:*`).
    pub fn grants_everything(&self) -> bool {
        self.actions
            .iter()
            .any(|a| matches!(a.literal(), Some("*") | Some("*:*")))
    }

    /// Whether some resource is the full wildcard `*`.
    pub fn on_every_resource(&self) -> bool {
        self.resources.iter().any(|r| r.literal() == Some("*"))
    }
}

/// IAM matching: `*` matches any run of characters, `?` one; case-insensitive (action names are).
pub fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether a managed policy serves as a permissions boundary: some resource names it in its
/// `PermissionsBoundary` / `permissions_boundary`, or its own name says so. A boundary caps what
/// an identity may do; an `Allow *` in it grants nothing by itself.
pub fn is_permissions_boundary(graph: &ResourceGraph, policy: &Resource) -> bool {
    let mut names = vec![policy.logical_name.render()];
    if let Some(n) = &policy.name {
        names.push(n.render());
    }
    if names
        .iter()
        .any(|n| n.to_ascii_lowercase().contains("boundary"))
    {
        return true;
    }
    graph.resources.iter().any(|r| {
        get(
            &r.props,
            &[
                "PermissionsBoundary",
                "permissions_boundary",
                "permissionBoundary",
            ],
        )
        .is_some_and(|b| refers_to(b, policy))
    })
}

/// Phrases with which a request asks for administrator access on purpose (an admin group, a
/// break-glass role): administrator grants then follow an explicit requirement.
pub const ADMIN_REQUESTED: [&str; 12] = [
    "administratoraccess",
    "administrator access",
    "admin access",
    "admin role",
    "admin roles",
    "admin group",
    "admins group",
    "administrators group",
    "administrator role",
    "break-glass",
    "break glass",
    "full administrative",
];

/// Every statement written anywhere in a resource's properties.
pub fn statements(resource: &Resource) -> Vec<Statement> {
    let mut out = Vec::new();
    collect(&resource.props, &mut out, 0);
    out
}

const MAX_DEPTH: usize = 32;

fn collect(value: &Value, out: &mut Vec<Statement>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Map(entries) => {
            if let Some(statement) = read_statement(value) {
                out.push(statement);
                return;
            }
            for (_, v) in entries {
                collect(v, out, depth + 1);
            }
        }
        Value::List(items) => items.iter().for_each(|v| collect(v, out, depth + 1)),
        Value::Str(_) | Value::Unknown(_) => {
            if let Some(parsed) = embedded_json::parse(value) {
                collect(&parsed, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A map is a statement when it names actions and either resources or an effect.
fn read_statement(map: &Value) -> Option<Statement> {
    let actions = get(map, &["Action", "Actions"]);
    let not_actions = get(map, &["NotAction", "NotActions"]);
    if actions.is_none() && not_actions.is_none() {
        return None;
    }
    let resources = get(map, &["Resource", "Resources"]);
    let not_resources = get(map, &["NotResource", "NotResources"]);
    let effect_value = get(map, &["Effect"]);
    if resources.is_none() && not_resources.is_none() && effect_value.is_none() {
        return None;
    }
    let effect = match effect_value {
        // IAM's default effect (and CDK's, and Terraform's policy document's) is Allow.
        None => Effect::Allow,
        Some(v) => match enum_member(v).as_deref() {
            Some("ALLOW") => Effect::Allow,
            Some("DENY") => Effect::Deny,
            _ => Effect::Unknown,
        },
    };
    Some(Statement {
        effect,
        actions: entries(actions.or(not_actions)),
        not_action: not_actions.is_some(),
        resources: entries(resources.or(not_resources)),
        not_resource: not_resources.is_some(),
        has_principal: get(map, &["Principal", "Principals", "NotPrincipal"]).is_some(),
        has_condition: get(map, &["Condition", "Conditions"]).is_some(),
    })
}

fn entries(value: Option<&Value>) -> Vec<Entry> {
    let Some(value) = value else {
        return Vec::new();
    };
    elements(value)
        .into_iter()
        .map(|v| match literal_str(v) {
            Some(s) => Entry::Literal(s.trim().to_string()),
            None => Entry::Unknown,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_expand_like_iam() {
        assert!(wildcard_matches("*", "iam:PassRole"));
        assert!(wildcard_matches("iam:*", "iam:PassRole"));
        assert!(wildcard_matches("iam:Pass*", "iam:passrole"));
        assert!(!wildcard_matches("s3:*", "iam:PassRole"));
        assert!(!wildcard_matches("iam:Get*", "iam:PassRole"));
    }

    #[test]
    fn json_string_policies_are_read() {
        let props = Value::Map(vec![(
            "policy".into(),
            Value::Str(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
                    .into(),
            ),
        )]);
        let mut out = Vec::new();
        collect(&props, &mut out, 0);
        assert_eq!(out.len(), 1);
        assert!(out[0].grants_everything() && out[0].on_every_resource());
        assert_eq!(out[0].effect, Effect::Allow);
    }
}
