use std::collections::HashSet;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::rules::deploy::template::{references, Reference, TemplateIndex};

declare_rule! {
    /// ## What it checks
    /// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` placeholder (`${Name}`, `${Name.Attribute}`) in a
    /// CloudFormation template's resources, outputs and conditions names something the template
    /// declares: a parameter or a resource's logical id (`Ref`, `${}`), a resource (`Fn::GetAtt`,
    /// `${Name.Attribute}`), or a pseudo parameter (`AWS::Region`, `AWS::AccountId`, ...). In a
    /// SAM template the ids SAM derives from its resources (`MyFunctionRole`,
    /// `ServerlessRestApi`) count as declared.
    ///
    /// The templates of one answer are judged together: a name any of them declares is
    /// accepted. Nothing is reported for an answer whose templates may declare more than the text
    /// shows (a transform other than SAM, a module, a template a syntax error cut off, resources
    /// quoted only as fragments), or for a resource quoted as a fragment.
    ///
    /// ## Why it matters
    /// CloudFormation rejects the whole template before creating anything: `Template format
    /// error: Unresolved resource dependencies [X] in the Resources block of the template`.
    /// A `${VAR}` meant for a shell script inside `Fn::Sub` must be written `${!VAR}`. Critical.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: no parameter or resource is called VpcIdentifier
    /// Sg:
    ///   Type: AWS::EC2::SecurityGroup
    ///   Properties:
    ///     GroupDescription: web
    ///     VpcId: !Ref VpcIdentifier
    /// # passes: the logical id the template declares
    ///     VpcId: !Ref Vpc
    /// ```
    ///
    /// ## Fix
    /// Reference a declared logical id or parameter (check the spelling), declare the missing
    /// parameter or resource, or escape a literal `${...}` in `Fn::Sub` as `${!...}`.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
    pub struct UndeclaredReference {
        id: "DEP008",
        name: "reference-to-undeclared-name",
        severity: Critical,
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html",
        check: check,
    }
}

const FIX: &str = "Reference a parameter or logical id the template declares (check the spelling), declare it, or escape a literal `${...}` in Fn::Sub as `${!...}`.";

fn check(ctx: &RuleContext, hits: &mut Hits) {
    let Some(t) = ctx.deploy().template() else {
        return;
    };
    if t.open {
        return;
    }
    let mut refs = Vec::new();
    for resource in &t.resources {
        refs.clear();
        references(&resource.props, &mut refs);
        let mut seen = HashSet::new();
        for r in &refs {
            if let Some(message) = judge(t, r) {
                if seen.insert(message.clone()) {
                    hits.resource(resource, message, FIX);
                }
            }
        }
    }
    for d in t.section("Outputs").chain(t.section("Conditions")) {
        refs.clear();
        references(&d.body, &mut refs);
        for r in &refs {
            if let Some(message) = judge(t, r) {
                hits.at(
                    &d.span,
                    &d.name,
                    format!("{} `{}`: {message}", singular(&d.section), d.name),
                    FIX,
                );
            }
        }
    }
}

fn singular(section: &str) -> &str {
    match section {
        "Outputs" => "output",
        "Conditions" => "condition",
        other => other,
    }
}

/// The message for a reference to something the template does not declare.
fn judge(t: &TemplateIndex, r: &Reference) -> Option<String> {
    match *r {
        Reference::Ref(target) => (!t.declares(target)).then(|| {
            format!("`{target}` is referenced, but the template declares no parameter or resource `{target}`{}", nearest(t, target))
        }),
        Reference::GetAtt(target, attribute) => {
            if t.by_id.contains_key(target) || t.sam_derived(target) || target.starts_with("AWS::") {
                None
            } else if t.parameters.contains(target) {
                Some(format!(
                    "`Fn::GetAtt {target}.{attribute}` reads an attribute of parameter `{target}`; only resources have attributes"
                ))
            } else {
                Some(format!(
                    "`{target}.{attribute}` reads an attribute of `{target}`, but the template declares no resource `{target}`{}",
                    nearest(t, target)
                ))
            }
        }
    }
}

/// `; did you mean `X`?` for a declared name equal but for case, or one edit away.
fn nearest(t: &TemplateIndex, target: &str) -> String {
    let candidates = t.by_id.keys().chain(t.parameters.iter());
    let mut best: Option<&str> = None;
    for c in candidates {
        if (c.eq_ignore_ascii_case(target) || one_edit_apart(c, target))
            && best.is_none_or(|b| c < &b)
        {
            best = Some(c);
        }
    }
    best.map(|b| format!("; did you mean `{b}`?"))
        .unwrap_or_default()
}

fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    if a.len().abs_diff(b.len()) > 1 || a.len() < 4 {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}
