//! The `ir` stage: static front-ends (nothing is executed) turn the source files of one side of a
//! task into a [`ResourceGraph`] that no later stage needs a source language to read.

mod graph;
pub mod kinds;

pub use graph::{
    Declaration, Output, Provider, Resource, ResourceGraph, SourceSpan, Symbol, SymbolKind,
    TemplatePart, Value,
};
