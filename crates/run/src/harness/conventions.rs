//! The pipeline's project layout per platform: where the stack and the app entry live, and
//! which extension a module of the answer's language takes.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};
use regex::Regex;

/// Where a platform's project keeps its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub platform: Platform,
    pub language: Language,
    /// The file holding the `TapStack` class.
    pub stack_path: String,
    /// The app's entry, which instantiates the stack.
    pub entry_path: String,
    /// Extension of the program's modules.
    pub module_extension: String,
}

/// The layout of `platform` in `language`; None for the platforms without a program (CloudFormation,
/// Terraform) and the languages the run stage does not run.
pub fn layout(platform: Platform, language: Language) -> Option<Layout> {
    let (stack, entry, extension) = match (platform, language) {
        (Platform::Cdk | Platform::Cdktf | Platform::Pulumi, Language::Ts) => {
            ("lib/tap-stack.ts", "bin/tap.ts", "ts")
        }
        (Platform::Cdk | Platform::Pulumi, Language::Js) => {
            ("lib/tap-stack.mjs", "bin/tap.mjs", "mjs")
        }
        (Platform::Cdktf, Language::Js) => ("lib/tap-stack.js", "bin/tap.js", "js"),
        (Platform::Cdk | Platform::Cdktf | Platform::Pulumi, Language::Py) => {
            ("lib/tap_stack.py", "tap.py", "py")
        }
        _ => return None,
    };
    Some(Layout {
        platform,
        language,
        stack_path: stack.to_string(),
        entry_path: entry.to_string(),
        module_extension: extension.to_string(),
    })
}

impl Layout {
    /// A JavaScript program written as CommonJS (`require`, `module.exports`) keeps `.js`
    /// files: an `.mjs` file is always an ES module.
    pub fn for_commonjs(mut self) -> Layout {
        if self.module_extension == "mjs" {
            self.stack_path = self.stack_path.replace(".mjs", ".js");
            self.entry_path = self.entry_path.replace(".mjs", ".js");
            self.module_extension = "js".to_string();
        }
        self
    }
}

/// True when a JavaScript text is a CommonJS module.
pub fn is_commonjs(text: &str) -> bool {
    (text.contains("require(") || text.contains("module.exports"))
        && !text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("import ") || l.starts_with("export ")
        })
}

/// Files that are an app's entry by their path, whatever the layout.
pub fn is_entry_path(path: &str, layout: &Layout) -> bool {
    if path == layout.entry_path {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    !path.contains('/') && ENTRY_FILE_NAMES.contains(&name) || path.starts_with("bin/")
}

/// File names that are an app's or program's entry at the project's root.
pub const ENTRY_FILE_NAMES: &[&str] = &[
    "tap.py",
    "app.py",
    "main.py",
    "__main__.py",
    "main.ts",
    "index.ts",
    "index.js",
    "main.js",
    "app.ts",
    "app.js",
];

/// A class that extends a platform's stack base (CDK `Stack`, CDKTF `TerraformStack`, Pulumi
/// `ComponentResource`), in TypeScript, JavaScript or Python; captures the class name.
pub static STACK_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^\s*(?:export\s+)?(?:default\s+)?class\s+([A-Za-z_$][\w$]*)\s*(?:extends\s+(?:cdk\.|cdktf\.|pulumi\.)?(Stack|TerraformStack|ComponentResource)\b|\(\s*(?:cdk\.|core\.|cdktf\.|pulumi\.)?(Stack|TerraformStack|ComponentResource)\s*[,)])",
    )
    .expect("valid pattern")
});

/// The creation of a CDK or CDKTF app (`new cdk.App(`, `app = App(`).
pub static APP_CREATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"new\s+(?:cdk\.|cdktf\.)?App\s*\(|(?m)^\w+\s*=\s*(?:cdk\.|core\.|cdktf\.)?App\s*\(")
        .expect("valid pattern")
});
