//! Measures the MODEL_FAILURES.md parser on a corpus: how many documents yield at least one
//! failure, how many failures carry a severity, and the severities found.
//!
//! `cargo run --release -p iacgrade-labels --example labels-stats -- CORPUS [--show N] [--empty]`
//! CORPUS holds PLATFORM/TASK/lib/MODEL_FAILURES.md. `--show N` prints the failures of N
//! documents (every k-th, so the sample spreads over platforms); `--empty` lists the documents
//! with no failure found.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iacgrade_labels::parse_model_failures;
use iacgrade_task::TextDocument;

fn documents(corpus: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(platforms) = std::fs::read_dir(corpus) else {
        return found;
    };
    for platform in platforms.flatten() {
        let Ok(tasks) = std::fs::read_dir(platform.path()) else {
            continue;
        };
        for task in tasks.flatten() {
            let doc = task.path().join("lib/MODEL_FAILURES.md");
            if doc.is_file() {
                found.push(doc);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(corpus) = args.first() else {
        eprintln!("usage: labels-stats CORPUS [--show N] [--empty]");
        std::process::exit(2);
    };
    let show: usize = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let list_empty = args.iter().any(|a| a == "--empty");

    let docs = documents(Path::new(corpus));
    let mut with_failures = 0;
    let mut failures = 0;
    let mut with_severity = 0;
    let mut severities: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_doc: BTreeMap<usize, usize> = BTreeMap::new();
    let mut empty = Vec::new();
    let step = docs.len().checked_div(show).map_or(0, |s| s.max(1));
    for (i, path) in docs.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap_or_default();
        let doc = TextDocument {
            path: "lib/MODEL_FAILURES.md".into(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        };
        let found = parse_model_failures(&doc);
        *per_doc.entry(found.len().min(20)).or_default() += 1;
        if found.is_empty() {
            empty.push(path.display().to_string());
        } else {
            with_failures += 1;
        }
        failures += found.len();
        for f in &found {
            if let Some(s) = &f.severity {
                with_severity += 1;
                *severities.entry(s.clone()).or_default() += 1;
            }
        }
        if step > 0 && i % step == 0 {
            println!("== {}", path.display());
            for f in &found {
                println!(
                    "  {:>4} {:<9} {}",
                    f.line,
                    f.severity.as_deref().unwrap_or("-"),
                    f.title
                );
            }
        }
    }
    let share = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    println!("documents: {}", docs.len());
    println!(
        "with >= 1 failure: {} ({:.1}%)",
        with_failures,
        share(with_failures, docs.len())
    );
    println!(
        "failures: {} ({:.1} per document with failures)",
        failures,
        if with_failures == 0 {
            0.0
        } else {
            failures as f64 / with_failures as f64
        }
    );
    println!(
        "with a severity: {} ({:.1}%)",
        with_severity,
        share(with_severity, failures)
    );
    for (s, n) in &severities {
        println!("  {s:<9} {n:>6} ({:.1}%)", share(*n, with_severity));
    }
    let histogram: Vec<String> = per_doc
        .iter()
        .map(|(k, v)| {
            if *k == 20 {
                format!("20+:{v}")
            } else {
                format!("{k}:{v}")
            }
        })
        .collect();
    println!("failures per document: {}", histogram.join(" "));
    if list_empty {
        for path in &empty {
            println!("empty: {path}");
        }
    }
}
