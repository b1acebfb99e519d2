//! TypeScript or JavaScript: the two share a syntax, and answers label them loosely (a
//! "typescript" fence over CommonJS, a .js file of typed code). Type annotations, `interface`s
//! and `import type` mean TypeScript; `require(`, `module.exports` and untyped constructors mean
//! JavaScript. Code inlined in template literals (a Lambda handler in `Code.fromInline(`...`)`)
//! is JavaScript inside a TypeScript program and is not counted.

use std::sync::LazyLock;

use iacgrade_task::{Language, SourceFile};

use crate::pattern::{LinePattern, LinePatternSet};

static TYPESCRIPT_MARKS: LazyLock<Vec<LinePattern>> = LazyLock::new(|| {
    vec![
        LinePattern::new("", r"^\s*(export\s+)?(declare\s+)?(interface|enum)\s+\w+"),
        LinePattern::new("type", r"^\s*(export\s+)?type\s+\w+(<.*>)?\s*="),
        LinePattern::new("import type", r"^\s*import\s+type\b"),
        LinePattern::new(
            ":",
            r":\s*(string|number|boolean|any|void|unknown|never)(\[\])?\s*[,;)=|>{]",
        ),
        LinePattern::new(":", r"\(\s*\w+\s*\??\s*:\s*[A-Za-z_][\w.]*"),
        LinePattern::new(
            ":",
            r"\b(public|private|protected|readonly)\s+(readonly\s+)?\w+\s*[?!]?\s*:",
        ),
        LinePattern::new(
            ":",
            r"\b(const|let|var)\s+\w+\s*:\s*[A-Za-z_][\w.<>\[\], |]*\s*=",
        ),
        LinePattern::new(
            ":",
            r"\)\s*:\s*(void|string|number|boolean|Promise<.*>|[A-Z][\w.]*(<.*>)?)\s*\{",
        ),
        LinePattern::new(
            " as ",
            r"\bas\s+(const|any|unknown|string|number|boolean|[A-Z][\w.]*)\s*[;,)\]]",
        ),
        LinePattern::new("require", r"^\s*import\s+\w+\s*=\s*require\("),
    ]
});

/// JavaScript marks, with how many lines each counts for: a constructor without types cannot
/// be strict TypeScript, while `require(` also turns up in TypeScript now and then.
static JAVASCRIPT_MARKS: LazyLock<Vec<(LinePattern, usize)>> = LazyLock::new(|| {
    vec![
        // `require('x')`, but not `config.require('key')` (Pulumi's configuration API).
        (
            LinePattern::new("require(", r#"(^|[^.\w])require\(\s*['"]"#),
            1,
        ),
        (
            LinePattern::new("exports", r"\bmodule\.exports\b|^\s*exports\.\w+\s*="),
            1,
        ),
        (
            LinePattern::new(
                "constructor",
                r"^\s*constructor\s*\(\s*\w+\s*(,\s*\w+\s*)*\)\s*\{",
            ),
            2,
        ),
        (
            LinePattern::new("use strict", r#"^\s*['"]use strict['"]"#),
            2,
        ),
    ]
});

/// The TypeScript marks then the JavaScript ones, tried on a line in one pass.
static ECMA_MARKS: LazyLock<(Vec<&'static LinePattern>, LinePatternSet)> = LazyLock::new(|| {
    let patterns: Vec<&LinePattern> = TYPESCRIPT_MARKS
        .iter()
        .chain(JAVASCRIPT_MARKS.iter().map(|(p, _)| p))
        .collect();
    let set = LinePatternSet::new(patterns.iter().copied());
    (patterns, set)
});

/// Whether the template literal state flips on this line: backticks outside quoted strings,
/// given whether the line starts inside a template literal.
pub(crate) fn flips_template_literal(line: &str, starts_inside: bool) -> bool {
    // Only a backtick flips it; most lines have none (one byte search instead of a walk).
    if !line.as_bytes().contains(&b'`') {
        return false;
    }
    let mut inside = starts_inside;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match (c, quote) {
            ('\\', _) => escaped = true,
            ('`', None) => inside = !inside,
            ('\'' | '"', None) if !inside => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            _ => {}
        }
    }
    inside != starts_inside
}

/// How many marked lines a file extension (.ts, .mjs) and a fence label count for.
const EXTENSION_MARKS: usize = 2;
const LABEL_MARKS: usize = 1;

/// TypeScript or JavaScript: the lines marked as one or the other, with the extension and the
/// label counting as a few such lines; TypeScript when nothing tells.
pub(crate) fn ecma_flavour(file: &SourceFile) -> (Language, Option<usize>) {
    let mut ts = (0usize, None);
    let mut js = (0usize, None);
    let mut in_template_literal = false;
    for (index, line) in file.text.lines().enumerate() {
        // Lambda code inlined in a template literal (`Code.fromInline(`...`)`) is JavaScript
        // inside a TypeScript program: it says nothing about the program's own language.
        let starts_inside = in_template_literal;
        if flips_template_literal(line, in_template_literal) {
            in_template_literal = !in_template_literal;
        }
        if starts_inside {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('*') || trimmed.starts_with("/*") {
            continue;
        }
        let (patterns, set) = &*ECMA_MARKS;
        let mut typescript = false;
        let mut js_weight = None;
        set.for_each_match(patterns, line, |mark| {
            match mark.checked_sub(TYPESCRIPT_MARKS.len()) {
                None => typescript = true,
                Some(js) => js_weight = js_weight.max(Some(JAVASCRIPT_MARKS[js].1)),
            }
        });
        if typescript {
            ts.0 += 1;
            ts.1.get_or_insert(index + 1);
        }
        if let Some(weight) = js_weight {
            js.0 += weight;
            js.1.get_or_insert(index + 1);
        }
    }
    let labels = [
        (file.extension(), EXTENSION_MARKS),
        (
            file.declared_language
                .as_ref()
                .map(|d| d.to_ascii_lowercase()),
            LABEL_MARKS,
        ),
    ];
    for (label, weight) in labels {
        let Some(label) = label else { continue };
        let word = label.split([' ', ',', '{']).next().unwrap_or_default();
        match Language::parse(word) {
            Some(Language::Ts) => ts.0 += weight,
            Some(Language::Js) => js.0 += weight,
            _ if word == "mts" || word == "cts" => ts.0 += weight,
            _ => {}
        }
    }
    if js.0 > ts.0 {
        (Language::Js, js.1)
    } else {
        (Language::Ts, ts.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(TYPESCRIPT_MARKS.iter().all(|p| p.is_valid()));
        assert!(JAVASCRIPT_MARKS.iter().all(|(p, _)| p.is_valid()));
    }

    #[test]
    fn template_literals_outside_strings() {
        assert!(flips_template_literal("code: Code.fromInline(`", false));
        assert!(!flips_template_literal("name: `x-${suffix}`,", false));
        assert!(!flips_template_literal("chars: ' %+~`#$',", false));
        assert!(flips_template_literal("`),", true));
    }
}
