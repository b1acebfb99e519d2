use super::ToolchainRule;

toolchain_rule! {
    /// ## What it checks
    /// The model's CloudFormation template as cfn-lint judges it (the lint stage of `--run`),
    /// at cfn-lint's *error* level only (rules `E....`; warnings and informational rules are left
    /// aside): one finding per distinct cfn-lint rule and message, carrying cfn-lint's rule id,
    /// at the template line cfn-lint names. A template that cannot be read at all (bad YAML or
    /// JSON) is one finding too.
    ///
    /// ## Why it matters
    /// cfn-lint's errors are what CloudFormation rejects: an unknown resource type (E3006), a
    /// value outside the allowed set (E3030), a missing required property (E3003). Such a
    /// template does not deploy. Critical.
    ///
    /// Status: `fixed` when the ideal template has no such error, `standing` when it has the
    /// same one, "not comparable" when the ideal template could not be checked.
    ///
    /// ## Example
    /// ```yaml
    /// # fails: E3030 'AES256' is not one of ['KMS']
    /// KinesisStream: { Type: AWS::Kinesis::Stream, Properties: { StreamEncryption: { EncryptionType: AES256 } } }
    /// # passes
    /// StreamEncryption: { EncryptionType: KMS, KeyId: alias/aws/kinesis }
    /// ```
    ///
    /// ## Fix
    /// Follow cfn-lint's message at the line it names; the rule id explains it.
    ///
    /// ## References
    /// - https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md
    /// - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-reference.html
    pub const RULE = {
        id: "EXE003",
        name: "template-invalid",
        docs: "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md",
        fix: "follow cfn-lint's message at the line it names; the ideal template shows a valid value",
    }
}
