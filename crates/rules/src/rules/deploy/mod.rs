//! What the deployability rules (DEP) share: the index of a CloudFormation template's
//! declarations ([`template`]), the value constraints of the CloudFormation resource schemas
//! ([`constraints`]) and the violations of them found in one pass over the resources
//! ([`schema`]). Everything is computed once per side, on first use, for all the rules.

pub mod constraints;
pub mod schema;
pub mod template;

use std::sync::OnceLock;

use iacgrade_ir::ResourceGraph;
use iacgrade_task::Platform;

use schema::{SchemaViolation, ViolationKind};
use template::TemplateIndex;

/// The shared facts of one side.
pub struct DeployFacts<'a> {
    graph: &'a ResourceGraph,
    platform: Option<Platform>,
    template: OnceLock<Option<TemplateIndex<'a>>>,
    violations: OnceLock<Vec<SchemaViolation<'a>>>,
}

/// A copy starts empty: the facts are computed again for the copy's first use.
impl Clone for DeployFacts<'_> {
    fn clone(&self) -> Self {
        DeployFacts::new(self.graph, self.platform)
    }
}

impl std::fmt::Debug for DeployFacts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeployFacts").finish_non_exhaustive()
    }
}

impl<'a> DeployFacts<'a> {
    pub fn new(graph: &'a ResourceGraph, platform: Option<Platform>) -> Self {
        DeployFacts {
            graph,
            platform,
            template: OnceLock::new(),
            violations: OnceLock::new(),
        }
    }

    /// The template index, when this side is CloudFormation templates (the task's platform is
    /// CloudFormation, or unknown, and a template was read).
    pub fn template(&self) -> Option<&TemplateIndex<'a>> {
        self.template
            .get_or_init(|| {
                if !matches!(self.platform, None | Some(Platform::Cfn)) {
                    return None;
                }
                TemplateIndex::new(self.graph)
            })
            .as_ref()
    }

    /// The schema violations of one kind.
    pub fn violations(&self, kind: ViolationKind) -> impl Iterator<Item = &SchemaViolation<'a>> {
        self.violations
            .get_or_init(|| schema::check_graph(self.graph))
            .iter()
            .filter(move |v| v.kind == kind)
    }
}

/// Reports every schema violation of one kind, each on its resource, in the schema's words.
pub(crate) fn report_schema(
    ctx: &crate::rule::RuleContext,
    hits: &mut crate::rule::Hits,
    kind: ViolationKind,
    fix: &str,
) {
    let source = constraints::data_source();
    for v in ctx.deploy().violations(kind) {
        let logical = v.resource.logical_name.render();
        hits.resource(
            v.resource,
            format!(
                "`{}` `{logical}`: {} (CloudFormation resource schema, {} of {})",
                v.resource.kind,
                v.message,
                source.source.trim_start_matches("pypi:"),
                schema_day(&source.schema_date)
            ),
            fix,
        );
    }
}

/// `2026-10-20T22:11:15Z` → `2026-10-20`.
pub(crate) fn schema_day(date: &str) -> &str {
    date.split('T').next().unwrap_or(date)
}
