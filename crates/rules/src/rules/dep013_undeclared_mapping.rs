use iacgrade_ir::Value;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::template::{find_in_maps, TemplateIndex};

declare_rule! {
    /// ## What it checks
    /// Every `Fn::FindInMap` of a CloudFormation template names a mapping its `Mappings` section
    /// declares, and, when both keys are literal, keys that mapping has. Lookups with a key from
    /// `Ref` (`!Ref AWS::Region`) are judged only for the mapping's name. Answers whose templates
    /// may declare more than the text shows are not judged (see DEP008).
    ///
    /// ## Why it matters
    /// CloudFormation rejects a lookup in an undeclared mapping when it validates the template,
    /// and a lookup of a missing key when it creates the stack (`Fn::FindInMap - Key 'x' not
    /// found in Mapping 'M'`). Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: the mapping is called RegionConfig
    /// ImageId: !FindInMap [RegionMap, !Ref "AWS::Region", Ami]
    /// # passes
    /// ImageId: !FindInMap [RegionConfig, !Ref "AWS::Region", Ami]
    /// ```
    ///
    /// ## Fix
    /// Name a declared mapping and keys it has, or add the mapping (or key).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/mappings-section-structure.html
    pub struct UndeclaredMapping {
        id: "DEP013",
        name: "find-in-map-undeclared",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html",
        check: check,
    }
}

const FIX: &str = "Look up a mapping the Mappings section declares, with keys it has, or add them.";

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    if t.open {
        return;
    }
    let mut lookups = Vec::new();
    for resource in &t.resources {
        lookups.clear();
        find_in_maps(&resource.props, &mut lookups);
        for args in &lookups {
            if let Some(message) = judge(t, args) {
                hits.resource(resource, message, FIX);
            }
        }
    }
    for d in t.section("Outputs") {
        lookups.clear();
        find_in_maps(&d.body, &mut lookups);
        for args in &lookups {
            if let Some(message) = judge(t, args) {
                hits.at(
                    &d.span,
                    &d.name,
                    format!("output `{}`: {message}", d.name),
                    FIX,
                );
            }
        }
    }
}

fn judge(t: &TemplateIndex, args: &[Value]) -> Option<String> {
    let [map, first, second] = args else {
        return None;
    };
    let map = map.as_str()?;
    let Some(body) = t.mappings.get(map) else {
        return Some(format!(
            "`Fn::FindInMap` looks up mapping `{map}`, which the template's Mappings section does not declare"
        ));
    };
    let first = first.as_str()?;
    if !matches!(body, Value::Map(_)) {
        return None;
    }
    let Some(level) = body.get(first) else {
        return Some(format!(
            "`Fn::FindInMap` looks up key `{first}` in mapping `{map}`, which has no such key"
        ));
    };
    let second = second.as_str()?;
    if matches!(level, Value::Map(_)) && level.get(second).is_none() {
        return Some(format!(
            "`Fn::FindInMap` looks up `{first}`.`{second}` in mapping `{map}`, which has no such key"
        ));
    }
    None
}
