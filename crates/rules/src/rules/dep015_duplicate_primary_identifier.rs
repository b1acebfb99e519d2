use std::collections::HashMap;

use iacgrade_ir::Resource;

use crate::declare_rule;
use crate::props::get;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::constraints::primary_identifier;
use crate::rules::deploy::schema::is_deferred;

declare_rule! {
    /// ## What it checks
    /// Two resources of the same type in one answer that give the property identifying the
    /// resource the same value: two buckets with one `BucketName`, two roles with one `RoleName`,
    /// two functions with one `FunctionName`. The identifying property is the resource schema's
    /// `primaryIdentifier`, when that is a single property the template writes (as the
    /// CloudFormation resource schemas cfn-lint 1.58.0 bundles state it). Values are compared as
    /// written: two `Fn::Sub` expressions spelled the same resolve to the same name in one stack;
    /// a value with a `Ref` to a different parameter or resource is a different name.
    ///
    /// Judged on CloudFormation templates, one file (one template) at a time; resources created
    /// under a `Condition` are left out (two conditions may never hold together).
    ///
    /// ## Why it matters
    /// The second resource cannot be created: the name is taken (`X already exists`), and the
    /// stack rolls back. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: both roles are called app-role
    /// ReaderRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     RoleName: app-role
    /// WriterRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     RoleName: app-role
    /// # passes: app-reader-role and app-writer-role
    /// ```
    ///
    /// ## Fix
    /// Give each resource its own name, or leave the name out and let CloudFormation generate one.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
    pub struct DuplicatePrimaryIdentifier {
        id: "DEP015",
        name: "duplicate-resource-name",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html",
        check: check,
    }
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    // (file, type, identifying value as written) → the first resource that uses it. One file
    // is one template: an answer that shows the same template twice (in the answer and as a
    // project file) does not declare its resources twice.
    let mut first: HashMap<(&str, &str, String), &Resource> = HashMap::new();
    for resource in ctx.declared() {
        // A resource created under a condition may never exist beside the other one.
        if !judged(resource) || resource.options.iter().any(|(k, _)| k == "Condition") {
            continue;
        }
        let Some(property) = primary_identifier(&resource.kind) else {
            continue;
        };
        let Some(value) = get(&resource.props, &[property]) else {
            continue;
        };
        // A bare reference names whatever the parameter or resource holds: not comparable.
        if matches!(value, iacgrade_ir::Value::Ref { .. })
            || (is_deferred(value) && !matches!(value, iacgrade_ir::Value::Template(_)))
        {
            continue;
        }
        let written = value.render();
        if written.is_empty() {
            continue;
        }
        let key = (resource.span.file.as_str(), resource.kind.as_str(), written);
        match first.get(&key) {
            Some(earlier) => hits.resource(
                resource,
                format!(
                    "`{}` `{}` has {property} `{}`, the same as `{}`: the second cannot be created",
                    resource.kind,
                    resource.logical_name.render(),
                    key.2,
                    earlier.logical_name.render()
                ),
                "Give each resource its own name, or leave the name out and let CloudFormation generate one.",
            ),
            None => {
                first.insert(key, resource);
            }
        }
    }
}

/// CloudFormation template resources (not fragments quoted twice).
fn judged(resource: &Resource) -> bool {
    let fragment = resource
        .options
        .iter()
        .any(|(k, v)| k == "fragment" && v.as_bool() == Some(true));
    // CDK constructs are left out: a construct class instantiated in two stacks gives two
    // resources from one line of code, with names the stacks tell apart.
    !fragment && resource.source_type == resource.kind && resource.kind.contains("::")
}
