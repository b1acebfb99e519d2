//! The files of an answer document (lib/MODEL_RESPONSE.md, lib/IDEAL_RESPONSE.md), as the
//! extract stage finds them.

use iacgrade_task::{Diagnostic, Origin, SourceFile, TextDocument};

/// The code files of `document`, and what the extraction found wrong on the way.
pub fn extract_files(
    document: &TextDocument,
    origin: Origin,
) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let extraction = iacgrade_extract::extract_answer(document, origin);
    (extraction.files, extraction.diagnostics)
}
