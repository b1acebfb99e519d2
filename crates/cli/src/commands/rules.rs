use std::process::ExitCode;

use crate::cli::RulesArgs;

/// One rule as the `rules` command shows it, whatever check it belongs to.
struct RuleEntry {
    id: &'static str,
    name: &'static str,
    severity: String,
    check: &'static str,
    documentation: String,
}

fn all_rules() -> Vec<RuleEntry> {
    let mut out = Vec::new();
    for r in iacgrade_api::rules::ALL.iter() {
        out.push(RuleEntry {
            id: r.code,
            name: r.name,
            severity: "critical".into(),
            check: "api",
            documentation: unindent(r.doc),
        });
    }
    for r in iacgrade_rules::all_rules() {
        out.push(RuleEntry {
            id: r.id(),
            name: r.name(),
            severity: r.severity().as_str().into(),
            check: "policy",
            documentation: r.documentation(),
        });
    }
    for r in iacgrade_analysis::rules::DIFF_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name,
            severity: r.severity.as_str().into(),
            check: "comparison",
            documentation: r.documentation.to_string(),
        });
    }
    for r in iacgrade_checks::source_rules::SOURCE_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name,
            severity: "low".into(),
            check: "source",
            documentation: r.documentation.to_string(),
        });
    }
    for r in iacgrade_checks::integrity::TASK_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name,
            severity: r.severity.as_str().into(),
            check: "task integrity",
            documentation: r.documentation.to_string(),
        });
    }
    for r in iacgrade_run::TOOLCHAIN_RULES {
        out.push(RuleEntry {
            id: r.id,
            name: r.name,
            severity: "critical".into(),
            check: "toolchain",
            documentation: r.documentation(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(b.id));
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
                    name: r.name.to_string(),
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

pub fn run(args: &RulesArgs) -> Result<ExitCode, String> {
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
