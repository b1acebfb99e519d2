//! The MODEL_FAILURES.md renderer: snapshots of a full and an empty report, and the properties
//! reviewers rely on (sections in order, failures only from fixed/unfixed findings, valid
//! Markdown whatever the snippets hold).

mod common;

use common::{empty_report, finding, full_report, snapshot_settings};
use iacgrade_findings::{FindingStatus, Severity};
use iacgrade_report::render_markdown;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

#[test]
fn full_report_snapshot() {
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("full_report", render_markdown(&full_report()));
    });
}

#[test]
fn empty_report_snapshot() {
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("empty_report", render_markdown(&empty_report()));
    });
}

#[test]
fn same_report_same_bytes() {
    assert_eq!(
        render_markdown(&full_report()),
        render_markdown(&full_report())
    );
}

#[test]
fn sections_come_in_the_documented_order() {
    let md = render_markdown(&full_report());
    let order = [
        "# Model Response Failures Analysis",
        "## Summary",
        "## Critical Failures",
        "## High Failures",
        "## Medium Failures",
        "## Low Failures",
        "## Issues in both answers",
        "## Issues introduced by the ideal answer",
        "## What the model got right",
        "## Requirement trace",
        "## Testing results",
        "## Knowledge gaps",
        "## Recommendations",
        "## Notes",
        "## Comparison with the task's MODEL_FAILURES.md",
        "## Input problems",
        "## Training quality score",
    ];
    let mut at = 0;
    for heading in order {
        let found = md[at..]
            .find(&format!("{heading}\n"))
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found + heading.len();
    }
}

#[test]
fn empty_sections_say_so() {
    let md = render_markdown(&empty_report());
    for line in [
        "No critical failures.",
        "No high failures.",
        "No medium failures.",
        "No low failures.",
        "No issue is present in both answers.",
        "The ideal answer introduced no issue.",
        "No positive behaviour recorded.",
        "No requirement traced.",
        "No checkpoint was run.",
        "No knowledge gap identified.",
        "No recommendation.",
        "No notes.",
        "Not scored.",
    ] {
        assert!(md.contains(line), "missing {line:?}");
    }
    assert!(!md.contains("## Comparison with"));
    assert!(!md.contains("## Input problems"));
}

#[test]
fn only_fixed_and_unfixed_findings_are_model_failures() {
    let md = render_markdown(&full_report());
    assert!(md.contains("Total failures: 4 (1 Critical, 1 High, 1 Medium, 1 Low)."));
    let failures = &md[..md.find("## Issues in both answers").expect("section")];
    assert!(!failures.contains("IAM002"), "standing finding counted");
    assert!(!failures.contains("TAG001"), "regression counted");
    let standing = &md[md.find("## Issues in both answers").expect("section")
        ..md.find("## Issues introduced").expect("section")];
    assert!(standing.contains("`IAM002`"));
}

/// Code blocks and table cells as a CommonMark + GFM parser sees them.
struct Parsed {
    code_blocks: Vec<(String, String)>,
    /// Cells per row, for every table.
    table_rows: Vec<Vec<usize>>,
}

fn parse(md: &str) -> Parsed {
    let mut parsed = Parsed {
        code_blocks: Vec::new(),
        table_rows: Vec::new(),
    };
    let mut in_code: Option<(String, String)> = None;
    let mut cells = 0;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "<indented>".to_string(),
                };
                in_code = Some((info, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = in_code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = in_code.take() {
                    parsed.code_blocks.push(block);
                }
            }
            Event::Start(Tag::Table(_)) => parsed.table_rows.push(Vec::new()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some(rows) = parsed.table_rows.last_mut() {
                    rows.push(cells);
                }
            }
            _ => {}
        }
    }
    parsed
}

#[test]
fn snippets_survive_backtick_runs_and_tables_keep_their_columns() {
    let report = full_report();
    let md = render_markdown(&report);
    let parsed = parse(&md);
    // Model and ideal snippets of the critical failure, the model snippet of the high one (it
    // holds a ``` fence of its own): each is exactly one code block with its text intact.
    assert_eq!(parsed.code_blocks.len(), 3, "{:?}", parsed.code_blocks);
    for (info, body) in &parsed.code_blocks {
        assert_eq!(info, "typescript");
        assert!(body.contains("new aws.s3."));
    }
    assert!(parsed.code_blocks[2].1.starts_with("```ts\n"));
    // Requirement trace, testing results, comparison, score: every row as wide as its header.
    assert_eq!(parsed.table_rows.len(), 4);
    for rows in &parsed.table_rows {
        let header = rows[0];
        assert!(rows.iter().all(|r| *r == header), "{rows:?}");
    }
}

#[test]
fn odd_snippets_stay_valid_markdown() {
    let mut report = empty_report();
    let mut f = finding(
        "X001",
        "odd",
        Severity::Low,
        FindingStatus::Unfixed,
        "weird|file.py",
        Some(1),
        "message with | pipe and\nnewline and ``` fence",
    );
    f.model_snippet = Some("````\n``` inner\n`````".into());
    f.ideal_snippet = Some("no newline at end".into());
    report.findings.push(f);
    let md = render_markdown(&report);
    let parsed = parse(&md);
    assert_eq!(parsed.code_blocks.len(), 2);
    assert_eq!(parsed.code_blocks[0].1, "````\n``` inner\n`````\n");
    assert_eq!(parsed.code_blocks[1].1, "no newline at end\n");
    assert!(md.contains("### 1. message with | pipe and newline and ``` fence\n"));
}

#[test]
fn a_suppressed_failure_is_shown_with_its_reason_and_what_it_does_not_count_in() {
    use iacgrade_findings::{Suppression, SuppressionKind};
    let mut report = full_report();
    let index = report
        .findings
        .iter()
        .position(|f| f.status == FindingStatus::Fixed)
        .expect("a model failure");
    report.suppressions = vec![
        Suppression {
            finding: index,
            kind: SuppressionKind::InSource,
            justification: Some("the queue is drained by hand".into()),
            file: Some("lib/tap_stack.py".into()),
            line: Some(12),
        },
        Suppression {
            finding: index,
            kind: SuppressionKind::Baseline,
            justification: None,
            file: Some("iacgrade-baseline.json".into()),
            line: None,
        },
    ];
    let md = render_markdown(&report);
    assert!(
        md.contains(
            "**Suppressed** (accepted in the answer; not counted in the score) at \
             `lib/tap_stack.py:12`: the queue is drained by hand"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "**Suppressed** (recorded in the baseline; does not fail the exit policy) at \
             `iacgrade-baseline.json`"
        ),
        "{md}"
    );
}
