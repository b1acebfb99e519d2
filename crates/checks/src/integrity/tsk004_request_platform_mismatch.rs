//! TSK004 request-platform-mismatch: the request names one platform (CloudFormation, Terraform,
//! CDK, CDK for Terraform, Pulumi) and an answer's code is written for another.
//!
//! Why: checkpoint E compares the code with metadata.json; this compares it with what the user
//! asked for. An ideal answer on another platform than the request means the task's request,
//! metadata or ideal answer is wrong — a task integrity problem (high). A model answer on
//! another platform, where the ideal answer follows the request, is the model's failure: nothing
//! of it can be deployed by the requested toolchain (critical, fixed).
//!
//! The request counts only when it names exactly one platform; CDK implies CloudFormation and
//! CDK for Terraform implies Terraform, so those pairs count as the first. Requests that name
//! two (a migration from CloudFormation to Terraform) are not judged.
//!
//! Example: "Write a Terraform configuration in HCL for ..." answered with a CloudFormation YAML
//! template. Fix: answer on the requested platform, or correct the request and metadata.
//!
//! References: https://docs.aws.amazon.com/cdk/v2/guide/home.html (CDK synthesises
//! CloudFormation, hence the pairing above).

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_task::Platform;

use super::{finding, TaskRule};
use crate::CheckInput;

pub const RULE: TaskRule = TaskRule {
    id: "TSK004",
    name: "request-platform-mismatch",
    severity: Severity::High,
    documentation: "The request names one platform and an answer's code is written for another.",
    check: Some(check),
};

/// The one platform a request names, when it names exactly one.
pub fn requested_platform(prompt: &str) -> Option<Platform> {
    let mut text = prompt.to_ascii_lowercase();
    let mut named = Vec::new();
    let words = |t: &str, w: &str| {
        t.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|x| x == w)
    };
    if ["cdktf", "cdk for terraform", "cdk-tf", "cdk tf"]
        .iter()
        .any(|w| text.contains(w))
    {
        named.push(Platform::Cdktf);
        for w in [
            "cdktf",
            "cdk for terraform",
            "cdk-tf",
            "cdk tf",
            "terraform",
        ] {
            text = text.replace(w, " ");
        }
    }
    if words(&text, "cdk") {
        named.push(Platform::Cdk);
        text = text.replace("cloudformation", " ");
    }
    if text.contains("pulumi") {
        named.push(Platform::Pulumi);
    }
    if text.contains("terraform") || words(&text, "hcl") {
        named.push(Platform::Tf);
    }
    if text.contains("cloudformation") || words(&text, "cfn") {
        named.push(Platform::Cfn);
    }
    match named.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

fn check(input: &CheckInput) -> Vec<Finding> {
    let Some(prompt) = input.task.prompts.first() else {
        return Vec::new();
    };
    let Some(requested) = requested_platform(&prompt.text) else {
        return Vec::new();
    };
    let model = input.model.detected.as_ref().map(|d| d.platform);
    let ideal = input.ideal.detected.as_ref().map(|d| d.platform);
    let mut out = Vec::new();
    if let Some(found) = ideal.filter(|p| *p != requested) {
        out.push(finding(
            &RULE,
            Side::Task,
            FindingStatus::Standing,
            input
                .task
                .ideal_response
                .as_ref()
                .map_or("lib/IDEAL_RESPONSE.md", |d| d.path.as_str()),
            None,
            format!(
                "{} asks for {requested}; the ideal answer's code is {found}",
                prompt.path
            ),
            "Correct the request, the metadata or the ideal answer so that they name the same platform.",
        ));
    }
    if let Some(found) = model.filter(|p| *p != requested) {
        let status = match ideal {
            Some(p) if p == requested => FindingStatus::Fixed,
            Some(_) => FindingStatus::Standing,
            None => FindingStatus::Unfixed,
        };
        let mut f = finding(
            &RULE,
            Side::Model,
            status,
            input
                .task
                .final_model_response()
                .map_or("lib/MODEL_RESPONSE.md", |d| d.path.as_str()),
            None,
            format!(
                "{} asks for {requested}; the model answered in {found}",
                prompt.path
            ),
            "Answer on the platform the request names.",
        );
        f.severity = Severity::Critical;
        f.category = "A".into();
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrity::fixtures::{facts, task};

    #[test]
    fn the_one_platform_a_request_names() {
        assert_eq!(
            requested_platform("Use Terraform (HCL) to build"),
            Some(Platform::Tf)
        );
        assert_eq!(
            requested_platform("Use CDK for Terraform in TypeScript"),
            Some(Platform::Cdktf)
        );
        assert_eq!(
            requested_platform("An AWS CDK app; check the CloudFormation outputs"),
            Some(Platform::Cdk)
        );
        assert_eq!(requested_platform("Migrate CloudFormation to Pulumi"), None);
        assert_eq!(requested_platform("Build a VPC"), None);
    }

    #[test]
    fn model_on_another_platform_is_a_fixed_model_failure() {
        let t = task(
            "Write a CloudFormation template for a queue.",
            Some("x"),
            Some("y"),
        );
        let model = facts(&[], Some(Platform::Tf));
        let ideal = facts(&[], Some(Platform::Cfn));
        let found = check(&CheckInput {
            task: &t,
            model: &model,
            ideal: &ideal,
        });
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].side, Side::Model);
        assert_eq!(found[0].status, FindingStatus::Fixed);

        let found = check(&CheckInput {
            task: &t,
            model: &ideal,
            ideal: &model,
        });
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].side, Side::Task);
    }
}
