use std::process::ExitCode;

use crate::cli::RulesArgs;

/// One rule as the `rules` command shows it, whatever check it belongs to.
struct RuleEntry {
    id: &'static str,
    name: String,
    severity: String,
    check: &'static str,
    documentation: String,
}

fn all_rules() -> Vec<RuleEntry> {
    let mut out = Vec::new();
    for r in iacgrade_api::rules::ALL.iter() {
        out.push(RuleEntry {
            id: r.code,
            name: r.name.to_string(),
            severity: "critical".into(),
            check: "api",
            documentation: unindent(r.doc),
        });
    }
    for r in iacgrade_rules::all_rules() {
        out.push(RuleEntry {
            id: r.id(),
            name: r.name().to_string(),
            severity: r.severity().as_str().into(),
            check: "policy",
            documentation: r.documentation(),
        });
    }
    for r in iacgrade_analysis::rules::DIFF_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name.to_string(),
            severity: r.severity.as_str().into(),
            check: "comparison",
            documentation: r.documentation.to_string(),
        });
    }
    for r in iacgrade_checks::source_rules::SOURCE_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name.to_string(),
            severity: "low".into(),
            check: "source",
            documentation: r.documentation.to_string(),
        });
    }
    for r in iacgrade_checks::integrity::TASK_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name.to_string(),
            severity: r.severity.as_str().into(),
            check: "task integrity",
            documentation: r.documentation.to_string(),
        });
    }
    for r in iacgrade_requirements::rules::all_rules() {
        out.push(RuleEntry {
            id: r.id(),
            name: r.name().to_string(),
            severity: r.severity().as_str().into(),
            check: "requirements",
            documentation: r.documentation(),
        });
    }
    out.extend(checkpoint_rules());
    for r in iacgrade_run::TOOLCHAIN_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name.to_string(),
            severity: "critical".into(),
            check: "toolchain",
            documentation: r.documentation(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(b.id));
    out
}

/// The checkpoints as SARIF, JUnit and GitHub output name them (`CHK-A` …): A–F and K from the
/// checks' module documentation, G–I from the run stage's.
fn checkpoint_rules() -> Vec<RuleEntry> {
    const RUN_CHECKPOINTS: &str = include_str!("../../../run/src/checkpoints.rs");
    const IDS: [&str; 10] = [
        "CHK-A", "CHK-B", "CHK-C", "CHK-D", "CHK-E", "CHK-F", "CHK-G", "CHK-H", "CHK-I", "CHK-K",
    ];
    let module_documentation = iacgrade_checks::checkpoints::module_documentation;
    let mut out = Vec::new();
    for id in IDS {
        let letter = &id[4..];
        let static_source = iacgrade_checks::checkpoints::CHECKPOINT_SOURCES
            .iter()
            .find(|(l, _)| *l == letter)
            .map(|(_, source)| *source);
        let (name, documentation) = match static_source {
            Some(source) => {
                let doc = module_documentation(source);
                // "Checkpoint A — metadata completeness." names the checkpoint.
                let name = doc
                    .lines()
                    .next()
                    .and_then(|l| l.split_once('—'))
                    .map(|(_, n)| n.trim().trim_end_matches('.').to_string())
                    .unwrap_or_default();
                (name, doc)
            }
            None => {
                let doc = module_documentation(RUN_CHECKPOINTS);
                // "- **G, build quality gate**: …" names each run checkpoint.
                let name = doc
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("- **{letter}, ")))
                    .and_then(|rest| rest.split_once("**"))
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_default();
                (name, doc)
            }
        };
        let name = name.replace(' ', "-");
        out.push(RuleEntry {
            id,
            name,
            severity: "gate".into(),
            check: "checkpoint",
            documentation,
        });
    }
    out
}

/// The registry's documentation of every rule, for SARIF's rule entries.
pub(crate) fn rule_catalog() -> iacgrade_report::RuleCatalog {
    all_rules()
        .into_iter()
        .map(|r| {
            (
                r.id.to_string(),
                iacgrade_report::RuleDoc {
                    name: r.name,
                    documentation: r.documentation,
                    check: r.check.to_string(),
                },
            )
        })
        .collect()
}

/// Every rule code, checkpoint codes (`CHK-A` …) included.
pub(crate) fn rule_codes() -> Vec<String> {
    let mut codes: Vec<String> = all_rules().iter().map(|r| r.id.to_string()).collect();
    codes.extend(('A'..='L').map(|c| format!("CHK-{c}")));
    codes
}

/// Every rule's documentation as one markdown page: a table, then one section per rule with
/// an anchor named by its lower-case id (SARIF's `helpUri` points there).
pub(crate) fn rules_markdown() -> String {
    let rules = all_rules();
    let mut out = String::from(
        "# iacgrade rules\n\n<!-- Generated by `iacgrade rules --markdown`; do not edit. A test fails when \
         this file is stale. -->\n\nEvery code that can appear in iacgrade's output, with its documentation \
         (`iacgrade rules CODE` prints the same). Severities are the rules' defaults; \
         `iacgrade.toml`'s `[severity]` table overrides them. Checkpoints (`CHK-*`) gate a task \
         rather than grade it.\n\n| code | name | severity | check |\n| --- | --- | --- | --- |\n",
    );
    for r in &rules {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.id,
            r.id.to_ascii_lowercase(),
            r.name,
            r.severity,
            r.check
        ));
    }
    for r in &rules {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {} {}\n\n*{} · {} check*\n\n{}\n",
            r.id.to_ascii_lowercase(),
            r.id,
            r.name,
            r.severity,
            r.check,
            demote_headings(r.documentation.trim())
        ));
    }
    out
}

/// Headings of a rule's documentation go two levels below the rule's own; lines inside code
/// fences (comments in examples) stay as they are.
fn demote_headings(markdown: &str) -> String {
    let mut in_fence = false;
    markdown
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence && line.starts_with('#') {
                format!("##{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn run(args: &RulesArgs) -> Result<ExitCode, String> {
    if args.markdown {
        print!("{}", rules_markdown());
        return Ok(ExitCode::SUCCESS);
    }
    let rules = all_rules();
    match &args.id {
        Some(id) => {
            let wanted = id.to_ascii_uppercase();
            let Some(rule) = rules.iter().find(|r| r.id == wanted) else {
                return Err(format!(
                    "no rule {id}; `iacgrade rules` lists the {} rules",
                    rules.len()
                ));
            };
            println!(
                "{} {} ({}, {} check)\n",
                rule.id, rule.name, rule.severity, rule.check
            );
            println!("{}", rule.documentation.trim_end());
        }
        None => {
            for r in &rules {
                println!("{:<8} {:<9} {:<11} {}", r.id, r.severity, r.check, r.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Doc comments keep the space after `///` on every line.
fn unindent(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}
