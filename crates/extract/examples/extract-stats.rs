//! How the extractor fares on a corpus of tasks: how many answers yield code, how many blocks
//! carry a path, which forms the answers take, with examples of the odd ones to inspect.
//!
//! ```text
//! cargo run -p iacgrade-extract --example extract-stats -- CORPUS [--examples N] [--unlabelled N] [--labelled N] [--every K] [--diagnostics N]
//! ```
//! The corpus is a folder of PLATFORM/TASK directories. `--unlabelled N` prints N blocks of code
//! (not shell, output or trees) that got no path, with the lines before them, to see why;
//! `--diagnostics N` prints N diagnostics; `--labelled N` prints N that got one, to check it; `--every K` takes every K-th such block.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use iacgrade_extract::{extract_answer, AnswerForm, Extraction};
use iacgrade_task::{load_task, Origin, TextDocument};

/// Languages of blocks that are commands, output or pictures rather than project files: a block
/// in one of them without a path is expected.
const NON_FILE_LANGUAGES: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "console",
    "zsh",
    "text",
    "txt",
    "plaintext",
    "output",
    "mermaid",
    "powershell",
    "cmd",
    "log",
    "diff",
    "",
];

#[derive(Default)]
struct Tally {
    documents: usize,
    with_block: usize,
    with_file: usize,
    blocks: usize,
    blocks_with_path: usize,
    code_blocks: usize,
    code_blocks_with_path: usize,
    forms: BTreeMap<String, usize>,
    examples: BTreeMap<String, Vec<String>>,
    diagnostics: usize,
}

impl Tally {
    fn add(
        &mut self,
        document: &TextDocument,
        task_dir: &Path,
        extraction: &Extraction,
        keep: usize,
    ) {
        self.documents += 1;
        self.diagnostics += extraction.diagnostics.len();
        if extraction.blocks > 0 {
            self.with_block += 1;
        }
        if !extraction.files.is_empty() {
            self.with_file += 1;
        }
        let form = form_name(extraction.form);
        *self.forms.entry(form.to_string()).or_default() += 1;
        if extraction.form != AnswerForm::Fenced {
            let list = self.examples.entry(form.to_string()).or_default();
            if list.len() < keep {
                let paths: Vec<String> = extraction
                    .files
                    .iter()
                    .map(|f| format!("{}@{}", f.path.as_deref().unwrap_or("-"), f.first_line))
                    .collect();
                list.push(format!(
                    "{} [{}]",
                    task_dir.join(&document.path).display(),
                    paths.join(", ")
                ));
            }
        }
        if extraction.form == AnswerForm::Fenced {
            for file in &extraction.files {
                self.blocks += 1;
                let has_path = file.path.is_some();
                if has_path {
                    self.blocks_with_path += 1;
                }
                if is_code_language(file.declared_language.as_deref()) && !is_tree(&file.text) {
                    self.code_blocks += 1;
                    if has_path {
                        self.code_blocks_with_path += 1;
                    }
                }
            }
        }
    }

    fn print(&self, title: &str) {
        println!("== {title}");
        println!("documents: {}", self.documents);
        println!(
            "with >= 1 fenced block: {} ({})",
            self.with_block,
            percent(self.with_block, self.documents)
        );
        println!(
            "with >= 1 file (fenced or bare): {} ({})",
            self.with_file,
            percent(self.with_file, self.documents)
        );
        println!(
            "blocks: {}, with a path: {} ({})",
            self.blocks,
            self.blocks_with_path,
            percent(self.blocks_with_path, self.blocks)
        );
        println!(
            "code blocks (not shell/text/tree): {}, with a path: {} ({})",
            self.code_blocks,
            self.code_blocks_with_path,
            percent(self.code_blocks_with_path, self.code_blocks)
        );
        println!("diagnostics: {}", self.diagnostics);
        println!("forms:");
        for (form, count) in &self.forms {
            println!(
                "  {form:<12} {count:>6} ({})",
                percent(*count, self.documents)
            );
        }
        for (form, list) in &self.examples {
            println!("examples of {form}:");
            for path in list {
                println!("  {path}");
            }
        }
        println!();
    }
}

fn form_name(form: AnswerForm) -> &'static str {
    match form {
        AnswerForm::Fenced => "fenced",
        AnswerForm::Bare => "bare",
        AnswerForm::ProseOnly => "prose_only",
        AnswerForm::Placeholder => "placeholder",
        AnswerForm::Empty => "empty",
    }
}

fn is_code_language(language: Option<&str>) -> bool {
    !NON_FILE_LANGUAGES.contains(&language.unwrap_or(""))
}

fn is_tree(text: &str) -> bool {
    text.contains("├──") || text.contains("└──")
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

fn task_dirs(corpus: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let Ok(platforms) = std::fs::read_dir(corpus) else {
        return dirs;
    };
    for platform in platforms.flatten() {
        let Ok(tasks) = std::fs::read_dir(platform.path()) else {
            continue;
        };
        for task in tasks.flatten() {
            if task.path().join("metadata.json").is_file() || task.path().join("lib").is_dir() {
                dirs.push(task.path());
            }
        }
    }
    dirs.sort();
    dirs
}

/// Prints blocks of code with the lines before them: those without a path (`labelled` false),
/// or those with one (to check that the path is right); only every `every`-th such block.
fn print_blocks(
    task_dir: &Path,
    document: &TextDocument,
    extraction: &Extraction,
    labelled: bool,
    every: usize,
    seen: &mut usize,
    left: &mut usize,
) {
    let lines: Vec<&str> = document.text.lines().collect();
    for file in &extraction.files {
        if *left == 0 {
            return;
        }
        if file.path.is_some() != labelled
            || !is_code_language(file.declared_language.as_deref())
            || is_tree(&file.text)
        {
            continue;
        }
        *seen += 1;
        if !seen.is_multiple_of(every.max(1)) {
            continue;
        }
        *left -= 1;
        println!(
            "-- {}:{} ({}) => {}",
            task_dir.join(&document.path).display(),
            file.first_line,
            file.declared_language.as_deref().unwrap_or("-"),
            file.path.as_deref().unwrap_or("-")
        );
        let fence = file.first_line.saturating_sub(1);
        for line in lines
            .iter()
            .take(fence.saturating_sub(1))
            .skip(fence.saturating_sub(4))
        {
            println!("   | {}", line.chars().take(120).collect::<String>());
        }
        for line in file.text.lines().take(2) {
            println!("   > {}", line.chars().take(120).collect::<String>());
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut corpus = None;
    let mut keep = 8;
    let mut unlabelled = 0;
    let mut labelled = 0;
    let mut every = 1;
    let mut diagnostics = 0usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--examples" => keep = args.next().and_then(|n| n.parse().ok()).unwrap_or(keep),
            "--unlabelled" => unlabelled = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--labelled" => labelled = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--diagnostics" => diagnostics = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--every" => every = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            _ => corpus = Some(PathBuf::from(arg)),
        }
    }
    let Some(corpus) = corpus else {
        eprintln!("usage: extract-stats CORPUS_DIR [--examples N] [--unlabelled N]");
        std::process::exit(2);
    };
    let dirs = task_dirs(&corpus);
    let mut main_model = Tally::default();
    let mut all_model = Tally::default();
    let mut ideal = Tally::default();
    let mut bytes = 0usize;
    let mut elapsed = std::time::Duration::ZERO;
    let mut unlabelled_left = unlabelled;
    let mut labelled_left = labelled;
    let (mut unlabelled_seen, mut labelled_seen) = (0, 0);
    for dir in &dirs {
        let task = load_task(dir);
        for document in &task.model_responses {
            let started = Instant::now();
            let extraction = extract_answer(document, Origin::ModelResponse);
            elapsed += started.elapsed();
            bytes += document.text.len();
            all_model.add(document, dir, &extraction, keep);
            for diagnostic in extraction.diagnostics.iter().take(diagnostics) {
                diagnostics -= 1;
                println!("!! {}: {diagnostic}", dir.display());
            }
            if document.path == "lib/MODEL_RESPONSE.md" {
                main_model.add(document, dir, &extraction, keep);
            }
            print_blocks(
                dir,
                document,
                &extraction,
                false,
                every,
                &mut unlabelled_seen,
                &mut unlabelled_left,
            );
            print_blocks(
                dir,
                document,
                &extraction,
                true,
                every,
                &mut labelled_seen,
                &mut labelled_left,
            );
        }
        if let Some(document) = &task.ideal_response {
            let started = Instant::now();
            let extraction = extract_answer(document, Origin::IdealResponse);
            elapsed += started.elapsed();
            bytes += document.text.len();
            ideal.add(document, dir, &extraction, keep);
            print_blocks(
                dir,
                document,
                &extraction,
                false,
                every,
                &mut unlabelled_seen,
                &mut unlabelled_left,
            );
            print_blocks(
                dir,
                document,
                &extraction,
                true,
                every,
                &mut labelled_seen,
                &mut labelled_left,
            );
        }
    }
    println!("tasks: {}", dirs.len());
    println!(
        "extracted {:.1} MB in {:.0} ms",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1000.0
    );
    println!();
    main_model.print("lib/MODEL_RESPONSE.md");
    all_model.print("lib/MODEL_RESPONSE*.md (all turns)");
    ideal.print("lib/IDEAL_RESPONSE.md");
}
