//! What a rule is: its identity and documentation ([`Rule`]), what it reads ([`RuleContext`]) and
//! what it reports ([`RuleHit`]), plus the conversion of a hit into the shared
//! [`iacgrade_findings::Finding`].

use iacgrade_findings::{Finding, FindingStatus, Severity, Side};
use iacgrade_ir::{Resource, ResourceGraph, SourceSpan};
use iacgrade_task::Platform;
use serde::Serialize;
use std::sync::OnceLock;

use crate::prompt::Request;

/// Everything a rule may read: one side's resource graph, the request it answers (rules that
/// check an explicit requirement — CloudTrail when audit logging is asked for, KMS keys when the
/// request demands them — read it), and the platform the answer targets (it decides which
/// property shapes and construct defaults apply).
///
/// Build it with [`RuleContext::new`] and the `with_*` methods; the request is analysed once,
/// on first use, for all rules.
#[derive(Debug, Clone)]
pub struct RuleContext<'a> {
    pub graph: &'a ResourceGraph,
    pub prompt: Option<&'a str>,
    pub platform: Option<Platform>,
    request: OnceLock<Option<Request>>,
    /// The request analysed once for several contexts (see [`RuleContext::with_request`]).
    shared_request: Option<&'a Request>,
    /// [`RuleContext::declared`], sorted out once for all the rules.
    declared: OnceLock<Vec<&'a Resource>>,
    /// The S3 companion resources by type, indexed once for all the buckets.
    pub(crate) s3_companions: crate::rules::s3::CompanionCache<'a>,
    /// What the deployability rules share: the template index and the schema violations,
    /// computed once for all of them (see [`crate::rules::deploy`]).
    deploy: OnceLock<crate::rules::deploy::DeployFacts<'a>>,
}

impl<'a> RuleContext<'a> {
    pub fn new(graph: &'a ResourceGraph) -> Self {
        RuleContext {
            graph,
            prompt: None,
            platform: None,
            request: OnceLock::new(),
            shared_request: None,
            declared: OnceLock::new(),
            s3_companions: Default::default(),
            deploy: OnceLock::new(),
        }
    }

    /// The facts the deployability (DEP) rules share, computed on first use.
    pub(crate) fn deploy(&self) -> &crate::rules::deploy::DeployFacts<'a> {
        self.deploy
            .get_or_init(|| crate::rules::deploy::DeployFacts::new(self.graph, self.platform))
    }

    pub fn with_prompt(mut self, prompt: &'a str) -> Self {
        self.prompt = Some(prompt);
        self.request = OnceLock::new();
        self.shared_request = None;
        self
    }

    /// The request `prompt` as already analysed into `request`: the contexts of a task's two
    /// sides read the same request, analysed once.
    pub fn with_request(mut self, prompt: &'a str, request: &'a Request) -> Self {
        self.prompt = Some(prompt);
        self.shared_request = Some(request);
        self
    }

    /// The request, analysed (see [`crate::prompt`]); `None` when the task has none.
    pub fn request(&self) -> Option<&Request> {
        if let Some(shared) = self.shared_request {
            return Some(shared);
        }
        self.request
            .get_or_init(|| self.prompt.map(Request::new))
            .as_ref()
    }

    /// Whether the request asks for one of `terms` (false without a request).
    pub fn asks_for(&self, terms: &[&str]) -> bool {
        self.request().is_some_and(|r| r.asks_for(terms))
    }

    /// Whether one sentence of the request names one of `terms` and one of `subjects`.
    pub fn asks_for_about(&self, terms: &[&str], subjects: &[&str]) -> bool {
        self.request()
            .is_some_and(|r| r.asks_for_about(terms, subjects))
    }

    /// The sentence of the request that asks for `terms` (about `subjects`), quoted for a
    /// message: ` (request: "…")`, or nothing.
    pub fn request_quote(&self, terms: &[&str], subjects: Option<&[&str]>) -> String {
        self.request()
            .and_then(|r| r.quote(terms, subjects))
            .map(|q| format!(" (request: \"{q}\")"))
            .unwrap_or_default()
    }

    pub fn with_platform(mut self, platform: Platform) -> Self {
        self.platform = Some(platform);
        self.deploy = OnceLock::new();
        self
    }

    /// The resources the code declares, without data sources and lookups (`data "aws_vpc"`,
    /// `Vpc.fromLookup`): a rule judges what the answer creates, not what it reads.
    pub fn declared(&self) -> impl Iterator<Item = &'a Resource> + '_ {
        let graph = self.graph;
        self.declared
            .get_or_init(|| {
                graph
                    .resources
                    .iter()
                    .filter(|r| !crate::shape::is_data_source(r))
                    .collect()
            })
            .iter()
            .copied()
    }

    /// Declared resources of one canonical kind.
    pub fn declared_of_kind(&self, kind: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        let graph = self.graph;
        graph
            .resources
            .iter()
            .filter(move |r| r.kind == kind && !crate::shape::is_data_source(r))
    }
}

/// A policy rule: one check of good practice on the resource model.
///
/// Rules are declared with [`declare_rule!`](crate::declare_rule), which keeps the rule's doc
/// comment as the single source of its documentation.
pub trait Rule: Sync + Send {
    /// Stable code (`ENC001`): never reused for another check.
    fn id(&self) -> &'static str;
    /// Kebab-case name (`s3-bucket-encryption-not-declared`).
    fn name(&self) -> &'static str;
    fn severity(&self) -> Severity;
    /// The main AWS documentation page for the control.
    fn docs_url(&self) -> &'static str;
    /// The rule's doc comment as written (each line keeps the space rustdoc leaves after `///`).
    fn raw_documentation(&self) -> &'static str;
    /// Runs the rule on one side of a task.
    fn check(&self, ctx: &RuleContext) -> Vec<RuleHit>;

    /// The rule's documentation as markdown: what it checks, why, an example, the fix and
    /// references. `iacgrade rules ID` prints this.
    fn documentation(&self) -> String {
        unindent_doc(self.raw_documentation())
    }
}

/// Removes the one space rustdoc keeps at the start of every `///` line.
pub(crate) fn unindent_doc(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// One place where a rule found a problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleHit {
    /// Rule id (`ENC001`).
    pub rule: &'static str,
    /// Rule name (`s3-bucket-encryption-not-declared`).
    pub name: &'static str,
    pub severity: Severity,
    /// The logical name of the resource at fault (rendered: templates show `${...}`), absent
    /// for graph-wide findings such as a missing CloudTrail trail.
    pub resource: Option<String>,
    /// Canonical kind of that resource.
    pub kind: Option<String>,
    /// The file the resource is declared in (`SourceFile::display_name`).
    pub file: String,
    /// 1-based line in that file.
    pub line: Option<usize>,
    /// 1-based line in the document the file came from (the answer markdown).
    pub document_line: Option<usize>,
    pub message: String,
    pub fix: String,
    pub docs: &'static str,
}

impl RuleHit {
    /// The hit as a finding of the given side. Status is `Unfixed`: only the analysis stage,
    /// which compares both sides, knows whether the ideal answer fixed it.
    ///
    /// Category is a placeholder the analysis stage may refine: "B" (security/compliance in the
    /// scoring guide) for high and critical findings, "C" (best practice, configuration) for
    /// medium and low ones.
    pub fn to_finding(&self, side: Side) -> Finding {
        Finding {
            rule: self.rule.to_string(),
            name: self.name.to_string(),
            severity: self.severity,
            category: placeholder_category(self.severity).to_string(),
            status: FindingStatus::Unfixed,
            side,
            file: self.file.clone(),
            line: self.line,
            message: self.message.clone(),
            model_snippet: None,
            ideal_snippet: None,
            root_cause: None,
            fix: Some(self.fix.clone()),
            docs: Some(self.docs.to_string()),
            also_at: Vec::new(),
            evidence: Vec::new(),
        }
    }
}

/// "B" for high/critical, "C" otherwise (see [`RuleHit::to_finding`]).
pub fn placeholder_category(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "B",
        Severity::Medium | Severity::Low => "C",
    }
}

/// Collects the hits of one rule run; fills in the rule's identity so rule code only says what
/// is wrong and how to fix it.
pub struct Hits<'r> {
    rule: &'r dyn Rule,
    hits: Vec<RuleHit>,
}

impl<'r> Hits<'r> {
    pub fn new(rule: &'r dyn Rule) -> Self {
        Hits {
            rule,
            hits: Vec::new(),
        }
    }

    /// Reports a problem with one resource, located at its declaration.
    pub fn resource(
        &mut self,
        resource: &Resource,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let severity = self.rule.severity();
        self.push_resource_hit(severity, resource, message.into(), fix.into());
    }

    fn push_resource_hit(
        &mut self,
        severity: Severity,
        resource: &Resource,
        message: String,
        fix: String,
    ) {
        let hit = RuleHit {
            rule: self.rule.id(),
            name: self.rule.name(),
            severity,
            resource: Some(resource.logical_name.render()),
            kind: Some(resource.kind.clone()),
            file: resource.span.file.clone(),
            line: Some(resource.span.line),
            document_line: Some(resource.span.document_line),
            message,
            fix,
            docs: self.rule.docs_url(),
        };
        // One hit per resource and message: a rule that reaches the same fact twice (a list
        // walked through two paths) must not report it twice.
        if !self.hits.contains(&hit) {
            self.hits.push(hit);
        }
    }

    /// Reports a problem at a place other than a resource (a template parameter or output),
    /// named `subject`.
    pub fn at(
        &mut self,
        span: &SourceSpan,
        subject: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let hit = RuleHit {
            rule: self.rule.id(),
            name: self.rule.name(),
            severity: self.rule.severity(),
            resource: Some(subject.to_string()),
            kind: None,
            file: span.file.clone(),
            line: Some(span.line),
            document_line: Some(span.document_line),
            message: message.into(),
            fix: fix.into(),
            docs: self.rule.docs_url(),
        };
        if !self.hits.contains(&hit) {
            self.hits.push(hit);
        }
    }

    /// Reports a problem with one resource at another severity than the rule's own: a rule
    /// whose consequence depends on the request (an account-level singleton the request asked
    /// for is a risk, one it did not ask for a likely rejection).
    pub fn resource_at(
        &mut self,
        severity: Severity,
        resource: &Resource,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push_resource_hit(severity, resource, message.into(), fix.into());
    }

    /// Reports a problem of the whole answer (something missing), located at its first file.
    pub fn graph(
        &mut self,
        graph: &ResourceGraph,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let file = graph
            .files
            .first()
            .cloned()
            .or_else(|| graph.resources.first().map(|r| r.span.file.clone()))
            .unwrap_or_default();
        self.hits.push(RuleHit {
            rule: self.rule.id(),
            name: self.rule.name(),
            severity: self.rule.severity(),
            resource: None,
            kind: None,
            file,
            line: None,
            document_line: None,
            message: message.into(),
            fix: fix.into(),
            docs: self.rule.docs_url(),
        });
    }

    /// Whether nothing was reported yet.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// Withdraws everything reported (a rule that learns the request excuses its hits).
    pub fn clear(&mut self) {
        self.hits.clear();
    }

    pub fn into_vec(self) -> Vec<RuleHit> {
        self.hits
    }
}

/// Declares a rule: a unit struct whose doc comment is the rule's documentation, its identity,
/// and the function that checks it (`fn(&RuleContext, &mut Hits)`).
///
/// ```ignore
/// declare_rule! {
///     /// ## What it checks
///     /// ...
///     pub struct S3BucketEncryptionNotDeclared {
///         id: "ENC001",
///         name: "s3-bucket-encryption-not-declared",
///         severity: Medium,
///         docs: "https://docs.aws.amazon.com/...",
///         check: check,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $rule:ident {
            id: $id:literal,
            name: $name:literal,
            severity: $severity:ident,
            docs: $url:literal,
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $rule;

        impl $crate::Rule for $rule {
            fn id(&self) -> &'static str {
                $id
            }
            fn name(&self) -> &'static str {
                $name
            }
            fn severity(&self) -> ::iacgrade_findings::Severity {
                ::iacgrade_findings::Severity::$severity
            }
            fn docs_url(&self) -> &'static str {
                $url
            }
            fn raw_documentation(&self) -> &'static str {
                concat!($($doc, "\n"),*)
            }
            fn check(&self, ctx: &$crate::RuleContext) -> Vec<$crate::RuleHit> {
                let mut hits = $crate::rule::Hits::new(self);
                $check(ctx, &mut hits);
                hits.into_vec()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_request_answers_as_one_read_from_the_prompt() {
        let graph = ResourceGraph::default();
        let prompt = "Encrypt the table with KMS. Do not add CloudTrail.";
        let request = Request::new(prompt);
        let shared = RuleContext::new(&graph).with_request(prompt, &request);
        let own = RuleContext::new(&graph).with_prompt(prompt);
        for terms in [&["kms"][..], &["cloudtrail"], &["vpc"]] {
            assert_eq!(shared.asks_for(terms), own.asks_for(terms), "{terms:?}");
        }
        assert!(shared.asks_for(&["kms"]));
        assert_eq!(shared.prompt, Some(prompt));
        // A prompt given afterwards replaces the shared request.
        let replaced = shared.with_prompt("Add a VPC.");
        assert!(replaced.asks_for(&["vpc"]) && !replaced.asks_for(&["kms"]));
    }
}
