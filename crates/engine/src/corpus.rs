use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::{check_task, Judgement, ReviewOptions};

/// How much of the pipeline a corpus run does for each task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The checkpoints only.
    Check,
    /// Every static stage (`review`).
    Review,
}

/// Every task directory below `root`: a directory holding metadata.json or a lib/ folder with
/// task documents. A directory that is a task is not searched further.
pub fn find_tasks(root: &Path) -> Vec<PathBuf> {
    let mut tasks = Vec::new();
    // Links are followed (a corpus of linked task folders is common); walkdir stops loops.
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() {
            continue;
        }
        let dir = entry.path();
        let is_task = dir.join("metadata.json").is_file()
            || dir.join("lib/PROMPT.md").is_file()
            || dir.join("lib/MODEL_RESPONSE.md").is_file();
        if is_task {
            tasks.push(dir.to_path_buf());
            walker.skip_current_dir();
        } else if matches!(
            entry.file_name().to_str(),
            Some("node_modules" | ".git" | "target" | "cdk.out")
        ) {
            walker.skip_current_dir();
        }
    }
    tasks
}

/// Judges every task below `root` in parallel and hands each result to `sink` in task order,
/// as soon as it and all before it are done (so output streams and stays deterministic).
pub fn judge_corpus<F>(root: &Path, depth: Depth, options: &ReviewOptions, mut sink: F) -> usize
where
    F: FnMut(Judgement) + Send,
{
    let tasks = find_tasks(root);
    let count = tasks.len();
    let judge = |t: &PathBuf| match depth {
        Depth::Check => check_task(t),
        Depth::Review => crate::review_task_with(t, options),
    };
    // Bounded chunks keep memory flat and output flowing while staying in task order.
    for chunk in tasks.chunks(64) {
        let judged: Vec<Judgement> = chunk.par_iter().map(judge).collect();
        judged.into_iter().for_each(&mut sink);
    }
    count
}

/// Sets the number of worker threads for corpus runs; call once, before the first run.
pub fn set_jobs(jobs: usize) -> Result<(), String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build_global()
        .map_err(|e| e.to_string())
}
