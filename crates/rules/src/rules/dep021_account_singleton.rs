use iacgrade_findings::Severity;
use iacgrade_ir::Resource;

use crate::declare_rule;
use crate::rule::{Hits, RuleContext};
use crate::shape::is_source_type;

declare_rule! {
    /// ## What it checks
    /// Resources of which an AWS account holds only one per region (or one in all): the AWS
    /// Config configuration recorder and delivery channel, the GuardDuty detector, the Security
    /// Hub subscription, the Macie session, and the IAM account password policy — on every
    /// platform (`AWS::GuardDuty::Detector`, `aws_guardduty_detector`, `CfnDetector`,
    /// `aws.guardduty.Detector`, ...).
    ///
    /// ## Why it matters
    /// Accounts used for real work usually have these enabled already, often by their
    /// organization. Creating a second one is rejected: `MaxNumberOfConfigurationRecordersExceededException`,
    /// `MaxNumberOfDeliveryChannelsExceededException`, "a detector already exists for the
    /// current account", "Account is already subscribed to Security Hub", Macie "already
    /// enabled". The IAM password policy is not rejected but silently replaces the account's
    /// policy, and deleting the stack deletes it.
    ///
    /// Only resources the request does not ask for are reported, as a risk (medium): the answer
    /// adds an account-wide resource that breaks deployment wherever the service is already on,
    /// while it deploys in a fresh account — answers judged deployed often create them (low for
    /// the password policy, which is replaced, not rejected). When the
    /// request asks for the service, creating it is what was asked, and nothing is reported.
    ///
    /// ## Example
    /// ```yaml
    /// # fails (the request asks for a Lambda API; nothing about GuardDuty)
    /// Detector:
    ///   Type: AWS::GuardDuty::Detector
    ///   Properties: { Enable: true }
    /// ```
    ///
    /// ## Fix
    /// Leave account-level services out unless asked; when asked, make their creation
    /// conditional (a parameter or context flag "create if absent") or read the existing one.
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html
    /// - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html
    /// - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html
    /// - https://docs.aws.amazon.com/macie/latest/APIReference/macie.html
    /// - https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
    pub struct AccountSingletonCreated {
        id: "DEP021",
        name: "account-singleton-created",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html",
        check: check,
    }
}

/// One kind of account-level singleton.
struct Singleton {
    /// Canonical kind, when the resource has one.
    kind: Option<&'static str>,
    /// Terraform type (also finds the CDKTF class and the Pulumi token).
    tf_type: &'static str,
    what: &'static str,
    /// What creating a second one does.
    consequence: &'static str,
    /// Words of a request that asks for the service.
    requested_by: &'static [&'static str],
    /// Whether a second one is rejected (otherwise it replaces the account's setting).
    rejected: bool,
}

const CONFIG_TERMS: &[&str] = &[
    "aws config",
    "config recorder",
    "configuration recorder",
    "config rule",
    "config rules",
    "delivery channel",
    "aws::config",
];

const SINGLETONS: [Singleton; 6] = [
    Singleton {
        kind: Some("AWS::Config::ConfigurationRecorder"),
        tf_type: "aws_config_configuration_recorder",
        what: "an AWS Config configuration recorder",
        consequence: "an account holds one recorder per region; a second is rejected (MaxNumberOfConfigurationRecordersExceededException)",
        requested_by: CONFIG_TERMS,
        rejected: true,
    },
    Singleton {
        kind: Some("AWS::Config::DeliveryChannel"),
        tf_type: "aws_config_delivery_channel",
        what: "an AWS Config delivery channel",
        consequence: "an account holds one delivery channel per region; a second is rejected (MaxNumberOfDeliveryChannelsExceededException)",
        requested_by: CONFIG_TERMS,
        rejected: true,
    },
    Singleton {
        kind: Some("AWS::GuardDuty::Detector"),
        tf_type: "aws_guardduty_detector",
        what: "a GuardDuty detector",
        consequence: "an account holds one detector per region; creating one where GuardDuty is already on is rejected",
        requested_by: &["guardduty", "guard duty", "threat detection"],
        rejected: true,
    },
    Singleton {
        kind: Some("AWS::SecurityHub::Hub"),
        tf_type: "aws_securityhub_account",
        what: "a Security Hub subscription",
        consequence: "Security Hub is enabled once per account and region; enabling it again is rejected",
        requested_by: &["security hub", "securityhub"],
        rejected: true,
    },
    Singleton {
        kind: Some("AWS::Macie::Session"),
        tf_type: "aws_macie2_account",
        what: "a Macie session",
        consequence: "Macie is enabled once per account and region; enabling it again is rejected",
        requested_by: &["macie"],
        rejected: true,
    },
    Singleton {
        kind: None,
        tf_type: "aws_iam_account_password_policy",
        what: "the IAM account password policy",
        consequence: "there is one password policy per account: this replaces the account's policy, and deleting the stack deletes it",
        requested_by: &["password policy", "password policies", "password complexity"],
        rejected: false,
    },
];

fn singleton_of(resource: &Resource) -> Option<&'static Singleton> {
    SINGLETONS
        .iter()
        .find(|s| s.kind.is_some_and(|k| k == resource.kind) || is_source_type(resource, s.tf_type))
}

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for resource in ctx.declared() {
        let Some(singleton) = singleton_of(resource) else {
            continue;
        };
        let requested = ctx.asks_for(singleton.requested_by);
        if requested {
            // The answer does what was asked; whether the account already has one is not known
            // here, and the corpus's deployed ideal answers create them when asked.
            continue;
        }
        // A risk, not a certain rejection: a fresh account takes it. The password policy is
        // replaced rather than rejected.
        let severity = if singleton.rejected {
            Severity::Medium
        } else {
            Severity::Low
        };
        let message = if requested {
            format!(
                "The answer creates {} as the request asks{}, but {}: say how an account that already has one is handled",
                singleton.what,
                ctx.request_quote(singleton.requested_by, None),
                singleton.consequence
            )
        } else {
            format!(
                "The answer creates {}, which the request does not ask for: {}",
                singleton.what, singleton.consequence
            )
        };
        hits.resource_at(
            severity,
            resource,
            message,
            "Leave account-level services out unless the request asks for them; when it does, make the creation conditional (a parameter or flag) or use the existing one.",
        );
    }
}
