//! Building answers for the tests: files as the extract stage would hand them over.
//! Each test binary uses a part of this module, so unused items are expected.
#![allow(dead_code)]

use iacgrade_task::{Origin, SourceFile};

/// A file of an answer, taken from lib/MODEL_RESPONSE.md at `first_line`.
pub struct Block {
    path: Option<&'static str>,
    declared: Option<&'static str>,
    first_line: usize,
}

/// A block with a path ("## File: lib/tap-stack.ts").
pub fn at(path: &'static str) -> Block {
    Block {
        path: Some(path),
        declared: None,
        first_line: 1,
    }
}

/// A block without a path.
pub fn block() -> Block {
    Block {
        path: None,
        declared: None,
        first_line: 1,
    }
}

impl Block {
    /// The fence's info string ("typescript").
    pub fn declared(mut self, language: &'static str) -> Block {
        self.declared = Some(language);
        self
    }

    /// The document line the code starts on.
    pub fn line(mut self, first_line: usize) -> Block {
        self.first_line = first_line;
        self
    }

    pub fn text(self, text: &str) -> SourceFile {
        SourceFile {
            path: self.path.map(str::to_string),
            declared_language: self.declared.map(str::to_string),
            text: text.to_string(),
            origin: Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".to_string(),
            first_line: self.first_line,
        }
    }
}

/// "platform/language" of a detection, or "none".
pub fn verdict(files: &[SourceFile]) -> String {
    match iacgrade_detect::detect(files) {
        Some(d) => format!("{}/{}", d.platform, d.language),
        None => "none".to_string(),
    }
}
