//! The API check: every SDK name a side of a task uses, and every resource type, property and
//! attribute it declares, resolved against the real surfaces. The rules in `rules/` do the
//! looking; this module gives them the graph and the surfaces, and orders and de-duplicates
//! what they report.

use crate::finding::ApiFinding;
use crate::packages::{split_package, surface_for_package};
use crate::resolve::{resolve, Resolution};
use crate::rules;
use crate::surface::{Entry, EntryKind, Surface, SurfaceId};
use iacgrade_ir::{Resource, ResourceGraph, SymbolKind};
use iacgrade_task::{Language, Platform};

/// What every rule sees.
pub(crate) struct Context<'g> {
    pub graph: &'g ResourceGraph,
    pub platform: Platform,
    pub language: Language,
}

impl<'g> Context<'g> {
    /// The surface that covers a qualified symbol path, when one does.
    pub fn surface_for_path(&self, path: &str) -> Option<&'static Surface> {
        let split = split_package(path)?;
        let id = surface_for_package(split.package, Some(self.platform), Some(self.language))?;
        let surface = id.surface();
        (!surface.is_empty()).then_some(surface)
    }

    /// Whether resources are declared through SDK classes (Pulumi, CDK, CDKTF) rather than by
    /// type names (CloudFormation, Terraform HCL).
    pub fn is_code_platform(&self) -> bool {
        matches!(
            self.platform,
            Platform::Pulumi | Platform::Cdk | Platform::Cdktf
        )
    }

    /// The class entry a code-platform resource was created from: the Member symbol written at
    /// the resource's line whose text is the resource's source type.
    pub fn class_of_resource(
        &self,
        resource: &Resource,
    ) -> Option<(&'static Surface, Entry<'static>)> {
        let last = resource.source_type.rsplit('.').next()?;
        let symbol = self
            .graph
            .symbols
            .iter()
            .filter(|s| {
                s.kind == SymbolKind::Member
                    && s.span.file == resource.span.file
                    && s.span.line == resource.span.line
            })
            .find(|s| s.text == resource.source_type || s.path.rsplit('.').next() == Some(last))?;
        let surface = self.surface_for_path(&symbol.path)?;
        match resolve(surface, &symbol.path) {
            Resolution::Found(e) if matches!(e.kind, EntryKind::Class | EntryKind::Function) => {
                Some((surface, e))
            }
            _ => None,
        }
    }

    /// The CloudFormation or Terraform surface for a type-named platform.
    pub fn schema_surface(&self) -> Option<&'static Surface> {
        let id = match self.platform {
            Platform::Cfn => SurfaceId::Cfn,
            Platform::Tf => SurfaceId::Terraform,
            _ => return None,
        };
        let s = id.surface();
        (!s.is_empty()).then_some(s)
    }
}

/// Runs every API rule on one side of a task.
///
/// `platform` and `language` select the surfaces (a Python CDK task is checked against
/// `aws_cdk`, a TypeScript one against `aws-cdk-lib`). Findings are sorted by file and line and
/// de-duplicated (the same name on the same line is reported once).
pub fn check_api(graph: &ResourceGraph, platform: Platform, language: Language) -> Vec<ApiFinding> {
    let ctx = Context {
        graph,
        platform,
        language,
    };
    let mut out = Vec::new();
    rules::check_api001(&ctx, &mut out);
    rules::check_api002(&ctx, &mut out);
    rules::check_api003(&ctx, &mut out);
    rules::check_api004(&ctx, &mut out);
    rules::check_api005(&ctx, &mut out);
    out.sort_by(|a, b| {
        (&a.file, a.line, a.rule, &a.message).cmp(&(&b.file, b.line, b.rule, &b.message))
    });
    out.dedup_by(|a, b| {
        a.file == b.file && a.line == b.line && a.rule == b.rule && a.message == b.message
    });
    out
}
