use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::{check_task, Judgement, ReviewOptions};

/// How much of the pipeline a corpus run does for each task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Reading only: load, extract, detect and build both sides' resource graphs.
    Read,
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
pub fn judge_corpus<F>(root: &Path, depth: Depth, options: &ReviewOptions, sink: F) -> usize
where
    F: FnMut(Judgement) + Send,
{
    let tasks = find_tasks(root);
    judge_tasks(&tasks, depth, options, sink);
    tasks.len()
}

/// Judges the given task directories in parallel and hands each result to `sink` in their
/// order, as soon as it and all before it are done.
pub fn judge_tasks<F>(tasks: &[PathBuf], depth: Depth, options: &ReviewOptions, sink: F)
where
    F: FnMut(Judgement) + Send,
{
    let duplicates = match depth {
        Depth::Read => Vec::new(),
        Depth::Check | Depth::Review => shared_documents(tasks),
    };
    let judge = |(index, t): &(usize, &PathBuf)| {
        let mut judgement = match depth {
            Depth::Read => crate::read_task(t),
            Depth::Check => check_task(t),
            Depth::Review => crate::review_task_with(t, options),
        };
        if let Some(found) = duplicates.get(*index) {
            judgement.report.findings.extend(found.iter().cloned());
        }
        judgement
    };
    let indexed: Vec<(usize, &PathBuf)> = tasks.iter().enumerate().collect();
    in_order(&indexed, judge, sink);
}

/// A task's name in a corpus: its last two path components ("cfn-yaml/Pr2291").
fn task_name(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}

/// Documents shorter than this (non-blank characters) are not compared: "No failures." in two
/// tasks is no copy.
const MIN_COMPARED_CHARS: usize = 200;

/// The cross-task pass (TSK003): every task's model answer and MODEL_FAILURES.md hashed, and for
/// each task the findings for the documents another task shares. One read of two files per
/// task; a document that cannot be read is left out.
fn shared_documents(tasks: &[PathBuf]) -> Vec<Vec<iacgrade_findings::Finding>> {
    use iacgrade_checks::integrity::{comparable_text, duplicate_finding, DuplicateDocument};
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};

    let hashes: Vec<Vec<(DuplicateDocument, u64)>> = tasks
        .par_iter()
        .map(|t| {
            DuplicateDocument::ALL
                .iter()
                .filter_map(|doc| {
                    let text = std::fs::read_to_string(t.join(doc.path())).ok()?;
                    let text = comparable_text(&text);
                    if text.chars().filter(|c| !c.is_whitespace()).count() < MIN_COMPARED_CHARS {
                        return None;
                    }
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    text.hash(&mut h);
                    Some((*doc, h.finish()))
                })
                .collect()
        })
        .collect();
    let mut holders: HashMap<(DuplicateDocument, u64), Vec<usize>> = HashMap::new();
    for (i, task) in hashes.iter().enumerate() {
        for key in task {
            holders.entry(*key).or_default().push(i);
        }
    }
    hashes
        .iter()
        .enumerate()
        .map(|(i, task)| {
            task.iter()
                .filter_map(|key| {
                    let others: Vec<String> = holders
                        .get(key)?
                        .iter()
                        .filter(|&&j| j != i)
                        .map(|&j| task_name(&tasks[j]))
                        .collect();
                    (!others.is_empty()).then(|| duplicate_finding(key.0, &others))
                })
                .collect()
        })
        .collect()
}

/// Maps every item in parallel and hands the results to `sink` in the items' order.
///
/// Workers take items one at a time in order (`par_bridge`), so no worker waits for a slow item
/// of another (as fixed chunks would make it) and the results held back for ordering stay few:
/// about as many as there are workers.
fn in_order<T, R, M, F>(items: &[T], map: M, mut sink: F)
where
    T: Sync,
    R: Send,
    M: Fn(&T) -> R + Sync,
    F: FnMut(R) + Send,
{
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, R)>();
    let map = &map;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            items
                .iter()
                .enumerate()
                .par_bridge()
                .for_each_with(sender, |sender, (index, item)| {
                    // The receiver lives until every sender is gone, so this cannot fail.
                    let _ = sender.send((index, map(item)));
                });
        });
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                sink(result);
                next += 1;
            }
        }
    });
}

/// Sets the number of worker threads for corpus runs; call once, before the first run.
pub fn set_jobs(jobs: usize) -> Result<(), String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build_global()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::in_order;

    #[test]
    fn results_come_in_item_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            |&i| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| seen.push(r),
        );
        let expected: Vec<u64> = items.iter().map(|i| i * 2).collect();
        assert_eq!(seen, expected);
    }
}
