//! TypeScript and JavaScript: ESLint for lint, `tsc --noEmit` (or `node --check`) for build,
//! Jest with coverage for tests. The Node tools and libraries come from the configured
//! node_modules, linked into the project when it has none of its own.

use crate::context::{RunContext, StageRecorder};
use crate::figures::jest_coverage;
use crate::report::{StageResult, StageStatus};
use crate::testsuite::{fresh_report_path, read_jest_json, TestKind};

/// ESLint's flat config used when the project brings none: TypeScript-aware recommended rules.
const DEFAULT_ESLINT_CONFIG: &str = include_str!("../../harness/eslint.config.mjs");

const ESLINT_CONFIGS: &[&str] = &[
    "eslint.config.js",
    "eslint.config.mjs",
    "eslint.config.cjs",
    "eslint.config.ts",
];

/// Source files of the answer and its tests (declarations and build output excluded).
fn sources(ctx: &RunContext) -> Vec<String> {
    ctx.files_with(&["ts", "tsx", "js", "mjs", "cjs"])
        .into_iter()
        .filter(|f| !f.ends_with(".d.ts") && !ESLINT_CONFIGS.contains(&f.as_str()))
        .collect()
}

pub fn lint(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let files = sources(ctx);
    if files.is_empty() {
        return rec.finish(
            StageStatus::Skipped,
            "no TypeScript or JavaScript files to lint",
        );
    }
    let Some(eslint) = ctx.tools.find("eslint") else {
        return rec.finish(StageStatus::NotChecked, "not checked: eslint not installed");
    };
    let has_config = ESLINT_CONFIGS.iter().any(|c| ctx.has_file(c));
    if !has_config {
        if !ctx.tools.has_node_package("typescript-eslint") {
            return rec.finish(
                StageStatus::NotChecked,
                "not checked: the project has no ESLint config and typescript-eslint is not installed",
            );
        }
        if let Err(e) = std::fs::write(ctx.project.join("eslint.config.mjs"), DEFAULT_ESLINT_CONFIG)
        {
            return rec.finish(
                StageStatus::NotChecked,
                format!("not checked: cannot write an ESLint config: {e}"),
            );
        }
        rec.note(
            "the project has no ESLint config: iacgrade's default (recommended rules) was used",
        );
    }
    let cmd = ctx.command(eslint).args(files);
    let run = rec.run(ctx, "eslint", &cmd);
    if !run.outcome.success() {
        let log = std::fs::read_to_string(&run.log_path).unwrap_or_default();
        let project = format!("{}/", ctx.project.display());
        rec.figures.first_error = first_eslint_error(&log, &project);
    }
    rec.finish_with(&run, "eslint")
}

/// The first error of ESLint's default output, where a file's path stands on its own line
/// above its findings ("  12:5  error  'x' is assigned a value but never used  rule"):
/// "lib/x.ts:12:5 error 'x' is assigned a value but never used  rule".
fn first_eslint_error(log: &str, project_prefix: &str) -> Option<String> {
    let mut file = "";
    for line in log.lines() {
        if line.starts_with('/') {
            file = line
                .trim()
                .strip_prefix(project_prefix)
                .unwrap_or(line.trim());
            continue;
        }
        let trimmed = line.trim_start();
        let mut parts = trimmed.splitn(2, char::is_whitespace);
        let (Some(place), Some(rest)) = (parts.next(), parts.next()) else {
            continue;
        };
        let located = place.split(':').count() == 2
            && place
                .split(':')
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let rest = rest.trim_start();
        if located && rest.starts_with("error") {
            let text = format!(
                "{file}:{place} {}",
                rest.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            return Some(text.chars().take(300).collect());
        }
    }
    None
}

pub fn build(ctx: &RunContext, mut rec: StageRecorder) -> StageResult {
    let ts_files: Vec<String> = sources(ctx)
        .into_iter()
        .filter(|f| f.ends_with(".ts") || f.ends_with(".tsx"))
        .collect();
    if ts_files.is_empty() {
        let js = sources(ctx);
        if js.is_empty() {
            return rec.finish(StageStatus::Skipped, "no TypeScript or JavaScript files");
        }
        let Some(node) = ctx.tools.node() else {
            return rec.finish(StageStatus::NotChecked, "not checked: node not installed");
        };
        for (i, file) in js.iter().enumerate() {
            let cmd = ctx.command(&node).arg("--check").arg(file);
            let run = rec.run(ctx, &format!("node-check-{i}"), &cmd);
            if !run.outcome.success() {
                return rec.finish_with(&run, &format!("node --check {file}"));
            }
        }
        return rec.finish(StageStatus::Passed, "node --check passed on every file");
    }
    let Some(tsc) = ctx.tools.find("tsc") else {
        return rec.finish(StageStatus::NotChecked, "not checked: tsc not installed");
    };
    let cmd = if ctx.has_file("tsconfig.json") {
        // The pipeline's build passes --skipLibCheck whatever the project's tsconfig says.
        ctx.command(tsc)
            .args(["--noEmit", "--skipLibCheck", "-p", "tsconfig.json"])
    } else {
        rec.note("the project has no tsconfig.json: default compiler options were used");
        ctx.command(tsc)
            .args([
                "--noEmit",
                "--skipLibCheck",
                "--esModuleInterop",
                "--target",
                "ES2022",
                "--module",
                "commonjs",
                "--moduleResolution",
                "node",
                "--types",
                "node,jest",
            ])
            .args(ts_files)
    };
    let run = rec.run(ctx, "tsc", &cmd);
    rec.finish_with(&run, "tsc --noEmit")
}

fn package_json_has_jest_config(ctx: &RunContext) -> bool {
    std::fs::read_to_string(ctx.project.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v.get("jest").is_some())
}

/// Runs Jest on `files`; for unit tests with coverage (json-summary).
pub fn jest(
    ctx: &RunContext,
    mut rec: StageRecorder,
    files: &[String],
    kind: TestKind,
) -> StageResult {
    let Some(jest) = ctx.tools.find("jest") else {
        return rec.finish(StageStatus::NotChecked, "not checked: jest not installed");
    };
    let has_config = [
        "jest.config.js",
        "jest.config.ts",
        "jest.config.cjs",
        "jest.config.mjs",
    ]
    .iter()
    .any(|c| ctx.has_file(c))
        || package_json_has_jest_config(ctx);
    let mut cmd = ctx.command(jest).args(["--ci", "--colors=false"]);
    if !has_config {
        // Jest refuses to run without a config or a package.json: give it one inline.
        let mut config = serde_json::json!({
            "rootDir": ctx.project,
            "testEnvironment": "node",
        });
        if files.iter().any(|f| f.ends_with(".ts")) {
            // Transpile only: type errors are the build stage's finding (tsc), and checking
            // the CDK's types again in every test file costs minutes.
            config["transform"] = serde_json::json!({
                "^.+\\.tsx?$": ["ts-jest", {"isolatedModules": true}]
            });
        }
        cmd = cmd.arg("--config").arg(config.to_string());
        rec.note("the project has no Jest config: rootDir, node environment and ts-jest were used");
    }
    let coverage_dir = ctx.scratch.join("coverage-jest");
    if kind == TestKind::Unit {
        cmd = cmd
            .arg("--coverage")
            .arg("--coverageReporters=json-summary")
            .arg("--coverageReporters=text-summary")
            .arg(format!("--coverageDirectory={}", coverage_dir.display()))
            // The gate is judged from the figure (checkpoint H), not by failing the run.
            .arg("--coverageThreshold={}");
        if !has_config {
            cmd = cmd.arg("--collectCoverageFrom=lib/**/*.{ts,js}");
        }
    }
    // The result is read from Jest's JSON report, never from the log (see python::pytest).
    let json_report = match fresh_report_path(&ctx.scratch, "jest.json") {
        Ok(p) => p,
        Err(e) => {
            return rec.finish(
                StageStatus::NotChecked,
                format!("not checked: cannot prepare the report folder: {e}"),
            )
        }
    };
    cmd = cmd
        .arg("--json")
        .arg(format!("--outputFile={}", json_report.display()));
    // Test paths are patterns to Jest: escape the dots so that each names one file.
    cmd = cmd.args(files.iter().map(|f| format!("{}$", f.replace('.', "\\."))));
    let (label, what) = match kind {
        TestKind::Unit => ("jest-unit", "unit tests (jest)"),
        TestKind::Integration => ("jest-integration", "integration tests (jest)"),
    };
    let run = rec.run(ctx, label, &cmd);
    let report = read_jest_json(&json_report);
    rec.figures.tests = report.as_ref().ok().map(|r| r.counts);
    if kind == TestKind::Unit {
        rec.figures.coverage = jest_coverage(&coverage_dir.join("coverage-summary.json"));
    }
    crate::stages::python::finish_tests(ctx, rec, &run, &report, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eslint_errors_name_their_file() {
        let log = "\n/tmp/w/project/lib/stack.ts\n   3:7   warning  Unexpected any  no-explicit-any\n  12:5   error    'x' is assigned a value but never used  no-unused-vars\n";
        assert_eq!(
            first_eslint_error(log, "/tmp/w/project/").as_deref(),
            Some("lib/stack.ts:12:5 error 'x' is assigned a value but never used no-unused-vars")
        );
        assert_eq!(first_eslint_error("all good", "/p/"), None);
    }
}
