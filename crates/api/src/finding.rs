//! What the API check reports, and how it becomes a pipeline [`Finding`].

use crate::rules::Rule;
use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_ir::SourceSpan;
use serde::Serialize;

/// One name the code uses that the real SDK or schema does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiFinding {
    /// Rule id (`API001`).
    pub rule: &'static str,
    /// Rule name (`unknown-sdk-symbol`).
    pub name: &'static str,
    /// Always critical: the code does not lint, build, synthesize or deploy.
    pub severity: Severity,
    /// Display name of the file.
    pub file: String,
    /// 1-based line in the file's text.
    pub line: usize,
    /// 1-based line in the document the file came from (the answer markdown, or the file).
    pub document_line: usize,
    pub message: String,
    /// The valid name to use instead, when one is close enough to be meant.
    pub suggestion: Option<String>,
    /// The name as the code wrote it.
    pub symbol: String,
}

impl ApiFinding {
    pub(crate) fn new(
        rule: &Rule,
        span: &SourceSpan,
        symbol: impl Into<String>,
        message: String,
        suggestion: Option<String>,
    ) -> ApiFinding {
        let message = match &suggestion {
            Some(s) => format!("{message}; did you mean `{s}`?"),
            None => message,
        };
        ApiFinding {
            rule: rule.code,
            name: rule.name,
            severity: Severity::Critical,
            file: span.file.clone(),
            line: span.line,
            document_line: span.document_line,
            message,
            suggestion,
            symbol: symbol.into(),
        }
    }

    /// The pipeline finding for this API finding, on one side of a task. Invented APIs are
    /// category C in the scoring guide ("wrong property names"), severity critical.
    pub fn to_finding(&self, side: Side, status: FindingStatus) -> Finding {
        let rule = crate::rules::by_code(self.rule);
        Finding {
            rule: self.rule.to_string(),
            name: self.name.to_string(),
            severity: self.severity,
            category: "C".to_string(),
            status,
            side,
            file: self.file.clone(),
            line: Some(self.line),
            message: self.message.clone(),
            model_snippet: None,
            ideal_snippet: None,
            root_cause: Some(format!(
                "`{}` is not part of the SDK or schema the code targets",
                self.symbol
            )),
            fix: self
                .suggestion
                .as_ref()
                .map(|s| format!("use `{s}`"))
                .or_else(|| rule.map(|r| r.fix.to_string())),
            docs: rule.map(|r| r.references.to_string()),
            also_at: Vec::new(),
            evidence: Vec::new(),
        }
    }
}
