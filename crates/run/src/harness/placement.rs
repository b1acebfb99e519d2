//! Where the unnamed code blocks of a CDK, CDKTF or Pulumi answer go.
//!
//! Answers often paste a program as blocks without file names: the stack, its constructs, an
//! app entry, a Lambda handler. The pipeline's project decides where each belongs: the class
//! `TapStack` in the platform's stack file, the app in its entry, a module where the code that
//! imports it looks for it, a Lambda handler in the folder the stack's asset names. A block
//! whose place cannot be told (tests, fragments) is left out, and the run says so.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use iacgrade_task::{Language, Platform, SourceFile};
use regex::Regex;

use super::conventions::{self, Layout, APP_CREATION, STACK_CLASS};
use crate::layout::PlacedFile;

/// What a block of code is, read from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockRole {
    /// Creates the app (CDK, CDKTF) or instantiates the stack at the top level (Pulumi).
    Entry,
    /// A Lambda function's handler.
    Handler,
    /// Unit or integration tests.
    Test,
    /// Anything else: stacks, constructs, helpers.
    Module,
}

static TS_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)")
        .expect("valid pattern")
});
static TS_EXPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^\s*export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|var|function\*?|interface|type|enum)\s+([A-Za-z_$][\w$]*)",
    )
    .expect("valid pattern")
});
static TS_EXPORT_LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"export\s*\{([^}]*)\}").expect("valid pattern"));
static CJS_EXPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"module\.exports\s*=\s*\{([^}]*)\}|exports\.([A-Za-z_$][\w$]*)\s*=")
        .expect("valid pattern")
});
static TS_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?s)import\s+(?:type\s+)?([^;'"]*?)\s+from\s+['"](\.{1,2}/[^'"]+)['"]|require\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)"#,
    )
    .expect("valid pattern")
});
static PY_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^class\s+([A-Za-z_]\w*)").expect("valid pattern"));
static PY_TOP_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:async\s+)?def\s+([A-Za-z_]\w*)|^([A-Z_][A-Z0-9_]*)\s*=")
        .expect("valid pattern")
});
static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,]+))")
        .expect("valid pattern")
});
static HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"exports\.handler\s*=|module\.exports\.handler|export\s+(?:const|let)\s+handler\b|export\s+(?:async\s+)?function\s+handler\b|(?m)^(?:async\s+)?def\s+(?:lambda_)?handler\s*\(\s*event",
    )
    .expect("valid pattern")
});
/// Asset folders named in code: CDK `fromAsset`, Pulumi archives, CDKTF `TerraformAsset`.
static ASSET_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:fromAsset|from_asset|FileArchive|AssetArchive|TerraformAsset)\s*\(\s*(?:\{\s*path\s*:\s*)?(?:path\.(?:join|resolve)\(\s*__dirname\s*,\s*|os\.path\.join\(\s*os\.path\.dirname\(\s*__file__\s*\)\s*,\s*)?((?:['"][^'"]+['"]\s*,?\s*)+)"#,
    )
    .expect("valid pattern")
});
static HANDLER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"handler\s*[:=]\s*['"]([\w/.-]+)\.(?:[A-Za-z_]\w*)['"]"#).expect("valid pattern")
});

fn is_python(language: Language) -> bool {
    language == Language::Py
}

/// True when the block's declared language (or its text) is the answer's code language.
fn in_language(file: &SourceFile, language: Language) -> bool {
    let declared = file
        .declared_language
        .as_deref()
        .map(|d| d.trim().to_ascii_lowercase());
    match declared.as_deref() {
        Some("typescript" | "ts" | "tsx") => language == Language::Ts,
        Some("javascript" | "js" | "mjs" | "cjs" | "node") => {
            matches!(language, Language::Js | Language::Ts)
        }
        Some("python" | "py" | "python3") => is_python(language),
        Some(_) => false,
        None => {
            let text = &file.text;
            if is_python(language) {
                text.contains("import ") && (text.contains("def ") || text.contains("class "))
            } else {
                text.contains("import ") || text.contains("require(")
            }
        }
    }
}

fn role_of(text: &str, platform: Platform, language: Language) -> BlockRole {
    let tests = if is_python(language) {
        text.contains("def test_") || text.contains("import pytest") || text.contains("unittest")
    } else {
        (text.contains("describe(") || text.contains("test(") || text.contains("it("))
            && text.contains("expect(")
    };
    if tests {
        return BlockRole::Test;
    }
    if HANDLER.is_match(text) && !STACK_CLASS.is_match(text) {
        return BlockRole::Handler;
    }
    let defines_class = if is_python(language) {
        PY_CLASS.is_match(text)
    } else {
        TS_CLASS.is_match(text)
    };
    let entry = match platform {
        Platform::Pulumi => {
            !defines_class
                && (text.contains("new TapStack(")
                    || text.contains("TapStack(")
                    || text.contains("pulumi.export(")
                    || text.contains("export const "))
                && (text.contains("TapStack") || !text.contains("class "))
        }
        _ => APP_CREATION.is_match(text) && (!defines_class || text.contains(".synth()")),
    };
    if entry && !STACK_CLASS.is_match(text) {
        BlockRole::Entry
    } else {
        BlockRole::Module
    }
}

/// Names a block makes available to other files.
fn defined_names(text: &str, language: Language) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if is_python(language) {
        for c in PY_CLASS.captures_iter(text) {
            names.insert(c[1].to_string());
        }
        for c in PY_TOP_DEF.captures_iter(text) {
            if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                names.insert(m.as_str().to_string());
            }
        }
        return names;
    }
    for c in TS_CLASS.captures_iter(text) {
        names.insert(c[1].to_string());
    }
    for c in TS_EXPORT.captures_iter(text) {
        names.insert(c[1].to_string());
    }
    for c in TS_EXPORT_LIST.captures_iter(text) {
        names.extend(list_names(&c[1]));
    }
    for c in CJS_EXPORT.captures_iter(text) {
        if let Some(list) = c.get(1) {
            names.extend(list_names(list.as_str()));
        }
        if let Some(one) = c.get(2) {
            names.insert(one.as_str().to_string());
        }
    }
    names
}

/// "A, B as C, type D" → A, B, D (the exported names, not local aliases).
fn list_names(list: &str) -> Vec<String> {
    list.split(',')
        .filter_map(|item| {
            let item = item.trim().trim_start_matches("type ").trim();
            let name = item.split_whitespace().next()?;
            let name = name.split(':').next()?.trim();
            (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
            .then(|| name.to_string())
        })
        .collect()
}

/// Relative imports of a file: (module path as written, names imported).
pub(crate) fn relative_imports(text: &str, language: Language) -> Vec<(String, Vec<String>)> {
    if is_python(language) {
        return PY_IMPORT
            .captures_iter(text)
            .map(|c| {
                let names = c
                    .get(2)
                    .or_else(|| c.get(3))
                    .map(|m| m.as_str())
                    .unwrap_or("");
                (c[1].to_string(), list_names(names))
            })
            .collect();
    }
    TS_IMPORT
        .captures_iter(text)
        .map(|c| {
            let module = c
                .get(2)
                .or_else(|| c.get(3))
                .map(|m| m.as_str().to_string())
                .unwrap_or_default();
            let names = c
                .get(1)
                .map(|m| {
                    let clause = m.as_str();
                    match (clause.find('{'), clause.find('}')) {
                        (Some(a), Some(b)) if a < b => list_names(&clause[a + 1..b]),
                        _ => Vec::new(),
                    }
                })
                .unwrap_or_default();
            (module, names)
        })
        .collect()
}

/// The project path a relative import of `importer` names, with the layout's extension.
pub(crate) fn import_target(importer: &str, module: &str, layout: &Layout) -> Option<String> {
    if is_python(layout.language) {
        let dots = module.chars().take_while(|c| *c == '.').count();
        let rest = module[dots..].replace('.', "/");
        if rest.is_empty() {
            return None;
        }
        let base = if dots == 0 {
            // "from lib.x import" is rooted at the project; "from x import" inside lib/ is a
            // sibling when no such top-level module is meant.
            if rest.starts_with("lib/") || !importer.contains('/') {
                String::new()
            } else {
                parent(importer).to_string()
            }
        } else {
            let mut dir = parent(importer).to_string();
            for _ in 1..dots {
                dir = parent(&dir).to_string();
            }
            dir
        };
        return crate::workspace::normalise_path(&join(&base, &format!("{rest}.py")));
    }
    let path = resolve(parent(importer), module)?;
    let stem = path
        .strip_suffix(".js")
        .or_else(|| path.strip_suffix(".mjs"))
        .or_else(|| path.strip_suffix(".ts"))
        .unwrap_or(&path);
    Some(format!("{stem}.{}", layout.module_extension))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// `rel` from `dir`, with "." and ".." resolved; None when it climbs out of the project.
fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Folders the code names as Lambda assets, relative to the project, with the handler's module.
pub(crate) fn asset_folders(path: &str, text: &str) -> Vec<String> {
    let mut folders = Vec::new();
    for c in ASSET_PATH.captures_iter(text) {
        let whole = c.get(0).map(|m| m.as_str()).unwrap_or("");
        let parts: Vec<&str> = c[1]
            .split(',')
            .map(|p| p.trim().trim_matches(|ch| ch == '\'' || ch == '"'))
            .filter(|p| !p.is_empty())
            .collect();
        let rel = parts.join("/");
        let relative_to_file = whole.contains("__dirname") || whole.contains("__file__");
        let resolved = if relative_to_file {
            resolve(parent(path), &rel)
        } else {
            resolve("", &rel)
        };
        if let Some(folder) = resolved {
            // An archive of one file names the file itself.
            let folder = if folder.ends_with(".zip") {
                continue;
            } else {
                folder
            };
            if !folders.contains(&folder) {
                folders.push(folder);
            }
        }
    }
    folders
}

fn handler_module(text: &str) -> Option<String> {
    HANDLER_NAME.captures(text).map(|c| c[1].to_string())
}

/// Places the unnamed code blocks of a CDK, CDKTF or Pulumi answer. `named` are the files the
/// answer names (path, text): they import blocks too. `taken` tells which paths are planned.
pub fn place_program_blocks(
    files: &[SourceFile],
    platform: Platform,
    language: Language,
    named: &[(String, String)],
    taken: &dyn Fn(&str) -> bool,
) -> (Vec<PlacedFile>, Vec<(usize, String)>) {
    let Some(mut layout) = conventions::layout(platform, language) else {
        return (Vec::new(), Vec::new());
    };
    let blocks: Vec<&SourceFile> = files
        .iter()
        .filter(|f| f.path.is_none() && in_language(f, language))
        .collect();
    if language == Language::Js && blocks.iter().any(|b| conventions::is_commonjs(&b.text)) {
        layout = layout.for_commonjs();
    }
    let roles: Vec<BlockRole> = blocks
        .iter()
        .map(|b| role_of(&b.text, platform, language))
        .collect();
    let mut placed: Vec<PlacedFile> = Vec::new();
    let mut used = vec![false; blocks.len()];
    let mut skipped: Vec<(usize, String)> = Vec::new();
    let mut occupied: BTreeSet<String> = BTreeSet::new();
    let free = |p: &str, occupied: &BTreeSet<String>| !taken(p) && !occupied.contains(p);
    let put = |i: usize,
               path: String,
               placed: &mut Vec<PlacedFile>,
               used: &mut Vec<bool>,
               occupied: &mut BTreeSet<String>| {
        used[i] = true;
        occupied.insert(path.clone());
        placed.push(PlacedFile {
            path,
            text: blocks[i].text.clone(),
            line: blocks[i].first_line,
        });
    };
    // The stack: the block defining TapStack, else the only block defining a stack class.
    let stack_block = blocks
        .iter()
        .position(|b| defined_names(&b.text, language).contains("TapStack"))
        .or_else(|| {
            let stacks: Vec<usize> = (0..blocks.len())
                .filter(|&i| roles[i] == BlockRole::Module && STACK_CLASS.is_match(&blocks[i].text))
                .collect();
            (stacks.len() == 1).then(|| stacks[0])
        });
    let stack_named = named
        .iter()
        .any(|(_, text)| defined_names(text, language).contains("TapStack"));
    if let (Some(i), false) = (stack_block, stack_named) {
        if free(&layout.stack_path, &occupied) {
            put(
                i,
                layout.stack_path.clone(),
                &mut placed,
                &mut used,
                &mut occupied,
            );
        }
    }
    let entry_named = named.iter().any(|(p, t)| {
        conventions::is_entry_path(p, &layout) || role_of(t, platform, language) == BlockRole::Entry
    });
    if let (Some(i), false) = (
        roles.iter().position(|r| *r == BlockRole::Entry),
        entry_named,
    ) {
        if !used[i] && free(&layout.entry_path, &occupied) {
            put(
                i,
                layout.entry_path.clone(),
                &mut placed,
                &mut used,
                &mut occupied,
            );
        }
    }
    // Modules where the placed and named code imports them, until nothing more resolves.
    let mut cursor = 0;
    loop {
        let sources: Vec<(String, String)> = named
            .iter()
            .cloned()
            .chain(placed.iter().map(|p| (p.path.clone(), p.text.clone())))
            .collect();
        if cursor >= sources.len() {
            break;
        }
        let (importer, text) = sources[cursor].clone();
        cursor += 1;
        for (module, names) in relative_imports(&text, language) {
            let Some(target) = import_target(&importer, &module, &layout) else {
                continue;
            };
            if !free(&target, &occupied) {
                continue;
            }
            let found = (0..blocks.len()).find(|&i| {
                !used[i] && roles[i] == BlockRole::Module && !names.is_empty() && {
                    let defined = defined_names(&blocks[i].text, language);
                    names.iter().any(|n| defined.contains(n))
                }
            });
            if let Some(i) = found {
                put(i, target, &mut placed, &mut used, &mut occupied);
            }
        }
    }
    // Lambda handlers, paired in order with the asset folders the code names.
    let all_code: Vec<(String, String)> = named
        .iter()
        .cloned()
        .chain(placed.iter().map(|p| (p.path.clone(), p.text.clone())))
        .collect();
    let mut folders: Vec<String> = Vec::new();
    let mut module_name = None;
    for (path, text) in &all_code {
        for f in asset_folders(path, text) {
            if !folders.contains(&f) {
                folders.push(f);
            }
        }
        module_name = module_name.or_else(|| handler_module(text));
    }
    let handlers: Vec<usize> = (0..blocks.len())
        .filter(|&i| !used[i] && roles[i] == BlockRole::Handler)
        .collect();
    for (i, folder) in handlers.iter().zip(folders.iter()) {
        let extension = handler_extension(blocks[*i]);
        let module = module_name.clone().unwrap_or_else(|| "index".to_string());
        let path = format!("{folder}/{module}.{extension}");
        if free(&path, &occupied) {
            put(*i, path, &mut placed, &mut used, &mut occupied);
        }
    }
    for (i, block) in blocks.iter().enumerate() {
        if used[i] {
            continue;
        }
        let why = match roles[i] {
            BlockRole::Test => "a test block without a file name was not placed",
            BlockRole::Handler => {
                "a Lambda handler block without a file name was not placed: no asset folder of the code is left for it"
            }
            BlockRole::Entry => "an app entry block without a file name was not placed: the project has one",
            BlockRole::Module => {
                "a code block without a file name was not placed: no file of the program imports what it defines"
            }
        };
        skipped.push((block.first_line, why.to_string()));
    }
    (placed, skipped)
}

fn handler_extension(block: &SourceFile) -> &'static str {
    match block
        .declared_language
        .as_deref()
        .map(|d| d.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("python" | "py" | "python3") => "py",
        Some("typescript" | "ts") => "ts",
        Some("mjs") => "mjs",
        _ if block.text.contains("def ") && !block.text.contains("function") => "py",
        _ => "js",
    }
}

#[cfg(test)]
mod tests;
