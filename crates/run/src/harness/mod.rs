//! The pipeline's project, rebuilt around an answer that ships only its own code.
//!
//! A task of the archive is a repository made from a per-platform template: an app entry
//! (`bin/tap.ts`, `tap.py`), the platform's configuration (`cdk.json`, `cdktf.json`,
//! `Pulumi.yaml`), the root `tsconfig.json`; the answer supplies `lib/`. Documents-only tasks
//! keep just the answer, so a run supplies what the template would have: [`placement`] puts the
//! answer's unnamed blocks where the template keeps them, and [`project_files`] writes the
//! entry and configuration the answer lacks, in the pipeline's form. Each supplied file is
//! named in the run's diagnostics.

mod conventions;
mod entries;
pub mod placement;

use iacgrade_task::{Language, Platform};

pub use conventions::{layout, Layout, ENTRY_FILE_NAMES};
use conventions::{APP_CREATION, STACK_CLASS};

/// The Pulumi configuration the pipeline sets on every stack, under the project's name.
pub const PULUMI_CONFIG: &[(&str, &str)] = &[
    ("environment", "production"),
    ("project", "tap-infrastructure"),
    ("costCenter", "engineering"),
    ("enableDeletionProtection", "false"),
    ("dbPassword", "changeme-iacgrade-1"),
];

/// The compiler options of the pipeline's root tsconfig.json, written for iacgrade.
const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["es2022"],
    "strict": true,
    "noImplicitReturns": true,
    "noUnusedLocals": false,
    "noUnusedParameters": false,
    "strictPropertyInitialization": false,
    "experimentalDecorators": true,
    "types": ["node", "jest"],
    "isolatedModules": true,
    "resolveJsonModule": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "outDir": "dist"
  },
  "include": ["*.ts", "lib/**/*", "bin/**/*", "test/**/*"],
  "exclude": ["node_modules", "cdk.out", "cdktf.out", "dist", "**/*.d.ts"]
}
"#;

/// The stack class of the planned code: `TapStack` where it is defined, else the one class
/// that extends a stack base. (path, class name).
fn stack_class(planned: &[(String, String)], layout: &Layout) -> Option<(String, String)> {
    let mut candidates: Vec<(String, String)> = Vec::new();
    for (path, text) in planned {
        if !is_code(path, layout.language) {
            continue;
        }
        for c in STACK_CLASS.captures_iter(text) {
            candidates.push((path.clone(), c[1].to_string()));
        }
    }
    let tap = candidates
        .iter()
        .find(|(p, c)| c == "TapStack" && *p == layout.stack_path);
    let tap = tap.or_else(|| candidates.iter().find(|(_, c)| c == "TapStack"));
    match tap {
        Some(found) => Some(found.clone()),
        None if candidates.len() == 1 => candidates.pop(),
        None => {
            // Several stacks: the one in the stack file, if any.
            candidates
                .into_iter()
                .find(|(p, _)| *p == layout.stack_path)
        }
    }
}

fn is_code(path: &str, language: Language) -> bool {
    let ext = path.rsplit('.').next().unwrap_or("");
    match language {
        Language::Py => ext == "py",
        _ => matches!(ext, "ts" | "js" | "mjs" | "cjs"),
    }
}

/// The planned file that creates the app (CDK, CDKTF) or is the program (Pulumi).
fn entry_file(planned: &[(String, String)], layout: &Layout) -> Option<String> {
    planned
        .iter()
        .filter(|(p, _)| is_code(p, layout.language) && !p.starts_with("test"))
        .find(|(p, text)| match layout.platform {
            Platform::Pulumi => {
                conventions::is_entry_path(p, layout) && !STACK_CLASS.is_match(text)
            }
            // A file that defines its stack and also creates and synthesizes the app runs
            // itself: it is the entry.
            _ => {
                APP_CREATION.is_match(text)
                    && (!STACK_CLASS.is_match(text) || text.contains(".synth()"))
            }
        })
        .map(|(p, _)| p.clone())
}

/// How `entry` imports `module`: a relative specifier (TypeScript without extension, ES
/// modules with it) or a dotted Python module.
fn import_specifier(entry: &str, module: &str, language: Language) -> String {
    if language == Language::Py {
        return module.trim_end_matches(".py").replace('/', ".");
    }
    let depth = entry.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    let module = if language == Language::Ts {
        module.trim_end_matches(".ts")
    } else {
        module
    };
    format!("{up}{module}")
}

/// True when the class's constructor in `module` takes only a scope and an id.
fn takes_no_props(planned: &[(String, String)], module: &str, class: &str) -> bool {
    let Some((_, text)) = planned.iter().find(|(p, _)| p == module) else {
        return false;
    };
    let Some(start) = text.find(&format!("class {class}")) else {
        return false;
    };
    let Some(constructor) = text[start..].find("constructor(") else {
        return false;
    };
    let params = &text[start + constructor + "constructor(".len()..];
    let Some(end) = params.find(')') else {
        return false;
    };
    params[..end]
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .count()
        == 2
}

/// A file the pipeline's template provides and the answer does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppliedFile {
    pub path: String,
    pub text: String,
}

/// The entry and configuration files of the pipeline's project that `planned` (the side's files:
/// path and text) lacks. `has` tells whether a path is planned at all (support files of the
/// project count).
pub fn project_files(
    platform: Option<Platform>,
    language: Option<Language>,
    planned: &[(String, String)],
    has: &dyn Fn(&str) -> bool,
) -> Vec<SuppliedFile> {
    let (Some(platform), Some(language)) = (platform, language) else {
        return Vec::new();
    };
    let Some(mut layout) = layout(platform, language) else {
        return Vec::new();
    };
    if language == Language::Js
        && planned
            .iter()
            .any(|(p, t)| is_code(p, language) && conventions::is_commonjs(t))
    {
        layout = layout.for_commonjs();
    }
    let mut files = Vec::new();
    let mut supply = |path: &str, text: String| {
        files.push(SuppliedFile {
            path: path.to_string(),
            text,
        })
    };
    let entry = match entry_file(planned, &layout) {
        Some(entry) => Some(entry),
        None => stack_class(planned, &layout).and_then(|(module, class)| {
            let path = layout.entry_path.clone();
            if has(&path) {
                return None;
            }
            let template = match (platform, language) {
                (Platform::Cdk, Language::Ts) => entries::CDK_TS.to_string(),
                (Platform::Cdk, Language::Js) => entries::CDK_JS.to_string(),
                (Platform::Cdk, Language::Py) => entries::cdk_py(),
                (Platform::Cdktf, Language::Ts) => entries::CDKTF_TS.to_string(),
                (Platform::Cdktf, Language::Py) => entries::cdktf_py(),
                (Platform::Pulumi, Language::Ts) => entries::PULUMI_TS.to_string(),
                (Platform::Pulumi, Language::Js) => entries::PULUMI_JS.to_string(),
                (Platform::Pulumi, Language::Py) => entries::pulumi_py(),
                _ => return None,
            };
            let mut text = template;
            if language != Language::Py && takes_no_props(planned, &module, &class) {
                text = text.replace(
                    "new {CLASS}(app, stackName, props);",
                    "new {CLASS}(app, stackName);",
                );
            }
            let text = text
                .replace("{CLASS}", &class)
                .replace("{MODULE}", &import_specifier(&path, &module, language));
            supply(&path, text);
            Some(path)
        }),
    };
    if language == Language::Ts && !has("tsconfig.json") {
        supply("tsconfig.json", TSCONFIG.to_string());
    }
    let Some(entry) = entry else {
        return files;
    };
    let run_entry = match language {
        Language::Ts => format!("npx ts-node --prefer-ts-exts {entry}"),
        Language::Js => format!("node {entry}"),
        _ => format!("python3 {entry}"),
    };
    match platform {
        Platform::Cdk if !has("cdk.json") => {
            let config = serde_json::json!({ "app": run_entry, "context": {} });
            supply("cdk.json", format!("{config:#}\n"));
        }
        Platform::Cdktf if !has("cdktf.json") => {
            let config = serde_json::json!({
                "language": if language == Language::Py { "python" } else { "typescript" },
                "app": run_entry,
                "terraformProviders": ["aws@~> 6.0"],
                "terraformModules": [],
                "context": {},
            });
            supply("cdktf.json", format!("{config:#}\n"));
        }
        Platform::Pulumi if !has("Pulumi.yaml") => {
            let (name, runtime) = match language {
                Language::Py => ("pulumi-infra", "python"),
                _ => ("TapStack", "nodejs"),
            };
            supply(
                "Pulumi.yaml",
                format!("name: {name}\nruntime:\n  name: {runtime}\nmain: {entry}\n"),
            );
        }
        _ => {}
    }
    files
}

/// Why the planned code of an answer is not complete, when it is not: a comment that stands for
/// code left out ("remaining methods unchanged"), a local module it imports and does not
/// deliver, an asset folder it names and does not deliver. `paths` are every planned path.
pub fn incomplete_code(
    platform: Option<Platform>,
    language: Option<Language>,
    code: &[(String, String)],
    paths: &[String],
) -> Option<String> {
    for (path, text) in code {
        if let Some(line) = elision_line(text) {
            return Some(format!("{path} leaves code out ({line})"));
        }
    }
    let (Some(platform), Some(language)) = (platform, language) else {
        return None;
    };
    let layout = layout(platform, language)?;
    let delivered = |p: &str| paths.iter().any(|q| q == p);
    let folder_delivered = |f: &str| paths.iter().any(|q| q.starts_with(&format!("{f}/")));
    for (path, text) in code {
        for (module, _) in placement::relative_imports(text, language) {
            let local =
                language != Language::Py || module.starts_with('.') || module.starts_with("lib.");
            if !local {
                continue;
            }
            let Some(target) = placement::import_target(path, &module, &layout) else {
                continue;
            };
            let package = target.trim_end_matches(".py").to_string();
            let alternatives = [
                target.clone(),
                target.replace(".ts", ".js"),
                target.replace(".mjs", ".js"),
                format!("{package}/__init__.py"),
                format!("{}/index.ts", target.trim_end_matches(".ts")),
            ];
            let found = alternatives.iter().any(|a| delivered(a)) || folder_delivered(&package);
            if !found {
                return Some(format!(
                    "{path} imports {target}, which the answer does not deliver"
                ));
            }
        }
        for folder in placement::asset_folders(path, text) {
            if !folder_delivered(&folder) && !delivered(&folder) {
                return Some(format!(
                    "{path} names the asset folder {folder}, which the answer does not deliver"
                ));
            }
        }
    }
    None
}

/// A comment line that stands for code the answer left out.
fn elision_line(text: &str) -> Option<String> {
    const MARKERS: &[&str] = &[
        "...",
        "…",
        "remain unchanged",
        "remains unchanged",
        "remaining methods",
        "rest of the",
        "omitted",
        "for brevity",
        "same as before",
        "same pattern",
        "unchanged from",
        "existing code",
        "truncated",
    ];
    text.lines().map(str::trim).find_map(|line| {
        let comment = line.starts_with('#') || line.starts_with("//") || line.starts_with("/*");
        let lower = line.to_ascii_lowercase();
        (comment && MARKERS.iter().any(|m| lower.contains(m)))
            .then(|| line.chars().take(80).collect())
    })
}

#[cfg(test)]
mod tests;
