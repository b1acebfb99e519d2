use std::path::{Path, PathBuf};

use std::panic::AssertUnwindSafe;

use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

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
        // Whatever a document is (a file, a link, a FIFO), its name makes the folder a task:
        // loading says what is wrong with it, and the task still gets its result.
        let present = |rel: &str| {
            std::fs::symlink_metadata(dir.join(rel)).is_ok_and(|m| !m.file_type().is_dir())
        };
        let is_task = present("metadata.json")
            || present("lib/PROMPT.md")
            || present("lib/MODEL_RESPONSE.md");
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
/// order, as soon as it and all before it are done. Every task yields exactly one judgement: a
/// task whose judging panics or runs past [`task_time_limit`] yields one whose report holds the
/// reason as an error and whose [`Judgement::interrupted`] says so.
pub fn judge_tasks<F>(tasks: &[PathBuf], depth: Depth, options: &ReviewOptions, sink: F)
where
    F: FnMut(Judgement) + Send,
{
    let cross_task = match depth {
        Depth::Read => Vec::new(),
        Depth::Check | Depth::Review => shared_documents(tasks),
    };
    judge_tasks_in_context(tasks, cross_task, depth, options, sink);
}

/// The cross-task findings (TSK003) of each task of a corpus, in the order of `tasks`: which
/// other tasks share its model answer or its MODEL_FAILURES.md.
pub fn cross_task_findings(tasks: &[PathBuf]) -> Vec<Vec<iacgrade_findings::Finding>> {
    shared_documents(tasks)
}

/// [`judge_tasks`] with each task's cross-task findings given (`cross_task[i]` joins the result
/// of `tasks[i]`), so that a part of a corpus (a shard, the tasks a cache does not hold) is
/// judged as it would be in the whole corpus.
pub fn judge_tasks_in_context<F>(
    tasks: &[PathBuf],
    cross_task: Vec<Vec<iacgrade_findings::Finding>>,
    depth: Depth,
    options: &ReviewOptions,
    sink: F,
) where
    F: FnMut(Judgement) + Send,
{
    let options = Arc::new(options.clone());
    let judge = move |t: &PathBuf| {
        panic_hook_for_tests(t);
        match depth {
            Depth::Read => crate::read_task(t),
            Depth::Check => check_task(t),
            Depth::Review => crate::review_task_with(t, &options),
        }
    };
    let limits = Limits {
        workers: rayon::current_num_threads(),
        time: task_time_limit(),
    };
    // The cross-task findings join each result as it leaves, in task order.
    let duplicates = cross_task;
    let mut sink = sink;
    let mut index = 0;
    let sink = move |mut judgement: Judgement| {
        if let Some(found) = duplicates.get(index) {
            judgement.report.findings.extend(found.iter().cloned());
        }
        index += 1;
        sink(judgement)
    };
    in_order(
        tasks.to_vec(),
        judge,
        crate::interrupted_judgement,
        sink,
        limits,
    );
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
                    // Only regular files are read: a FIFO would block the run, and a link
                    // may lead out of the task (loading reports both).
                    let path = t.join(doc.path());
                    let meta = std::fs::symlink_metadata(&path).ok()?;
                    if !meta.file_type().is_file() {
                        return None;
                    }
                    let text = std::fs::read_to_string(path).ok()?;
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

/// How long one task of a corpus run may take before it is given up (its result is an error).
/// The default is generous: the slowest real task takes well under a second.
const DEFAULT_TASK_TIME_LIMIT: Duration = Duration::from_secs(120);

static TASK_TIME_LIMIT_MS: AtomicU64 = AtomicU64::new(0);

/// Sets the per-task time limit of corpus runs (at least one millisecond).
pub fn set_task_time_limit(limit: Duration) {
    let ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX).max(1);
    TASK_TIME_LIMIT_MS.store(ms, Ordering::Relaxed);
}

/// The per-task time limit of corpus runs.
pub fn task_time_limit() -> Duration {
    match TASK_TIME_LIMIT_MS.load(Ordering::Relaxed) {
        0 => DEFAULT_TASK_TIME_LIMIT,
        ms => Duration::from_millis(ms),
    }
}

/// In debug builds only, `IACGRADE_TEST_PANIC_IN_TASK=NAME` makes judging the task whose folder
/// is named NAME panic, so that tests can show a panicking task still yields its result and the
/// run goes on. Nothing a task contains can reach it, and release builds do not have it.
fn panic_hook_for_tests(task: &Path) {
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("IACGRADE_TEST_PANIC_IN_TASK") {
        if task.file_name() == Some(name.as_os_str()) {
            panic!("test panic requested for task {}", task.display());
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = task;
}

/// Why an item's result was not computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interruption {
    /// The work panicked; the panic's message.
    Panicked(String),
    /// The work ran past the time limit and was abandoned.
    TimedOut(Duration),
}

impl std::fmt::Display for Interruption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Interruption::Panicked(message) => {
                write!(
                    f,
                    "judging this task failed (internal error: {message}); please report it"
                )
            }
            Interruption::TimedOut(limit) => write!(
                f,
                "judging this task took longer than the limit of {} s and was abandoned",
                limit.as_secs_f64()
            ),
        }
    }
}

/// How a run of [`in_order`] is bounded.
#[derive(Debug, Clone, Copy)]
struct Limits {
    workers: usize,
    /// Wall time one item may take before its result is given up.
    time: Duration,
}

/// Where the workers of [`in_order`] are: which item to start next and which one the output
/// waits for. Workers start an item only while it is within a window of the one awaited, so the
/// results held back for ordering stay few whatever one slow item does.
struct Progress {
    next_to_start: usize,
    next_to_emit: usize,
    /// When each started item that has not been emitted began, by index.
    started: std::collections::HashMap<usize, Instant>,
}

/// Maps every item in parallel and hands the results to `sink` in the items' order, exactly one
/// per item: an item whose `map` panics or runs past `limits.time` gets `interrupted(item,
/// why)` instead.
///
/// Workers take items one at a time in order, so no worker waits for a slow item of another. A
/// worker stuck past the time limit is left behind (a thread cannot be stopped from outside) and
/// replaced; its late result is dropped, and the run does not wait for it at the end.
fn in_order<T, R, M, I, F>(items: Vec<T>, map: M, interrupted: I, mut sink: F, limits: Limits)
where
    T: Send + Sync + 'static,
    R: Send + 'static,
    M: Fn(&T) -> R + Send + Sync + 'static,
    I: Fn(&T, Interruption) -> R,
    F: FnMut(R),
{
    let total = items.len();
    if total == 0 {
        return;
    }
    let workers = limits.workers.max(1);
    let window = workers * 4 + 8;
    let items = Arc::new(items);
    let map = Arc::new(map);
    let progress = Arc::new((
        Mutex::new(Progress {
            next_to_start: 0,
            next_to_emit: 0,
            started: std::collections::HashMap::new(),
        }),
        Condvar::new(),
    ));
    let (sender, receiver) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let spawn_worker = || {
        let items = Arc::clone(&items);
        let map = Arc::clone(&map);
        let progress = Arc::clone(&progress);
        let sender = sender.clone();
        std::thread::spawn(move || loop {
            let index = {
                let (lock, ready) = &*progress;
                let mut p = lock.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if p.next_to_start >= items.len() {
                        return;
                    }
                    if p.next_to_start < p.next_to_emit + window {
                        break;
                    }
                    p = ready.wait(p).unwrap_or_else(|e| e.into_inner());
                }
                let index = p.next_to_start;
                p.next_to_start += 1;
                p.started.insert(index, Instant::now());
                index
            };
            let item = &items[index];
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| map(item)));
            if sender.send((index, result)).is_err() {
                return;
            }
        })
    };
    for _ in 0..workers {
        spawn_worker();
    }
    let mut waiting: std::collections::BTreeMap<usize, std::thread::Result<R>> =
        std::collections::BTreeMap::new();
    let mut next = 0;
    while next < total {
        // Hand on every result that is ready, in order.
        while let Some(result) = waiting.remove(&next) {
            emit(&progress, &mut next);
            sink(match result {
                Ok(r) => r,
                Err(payload) => interrupted(
                    &items[next - 1],
                    Interruption::Panicked(panic_message(&*payload)),
                ),
            });
        }
        if next >= total {
            break;
        }
        let started = {
            let p = progress.0.lock().unwrap_or_else(|e| e.into_inner());
            p.started.get(&next).copied()
        };
        let wait = match started {
            Some(at) => limits.time.saturating_sub(at.elapsed()),
            None => limits.time,
        };
        match receiver.recv_timeout(wait.min(Duration::from_secs(1))) {
            Ok((index, result)) => {
                // A result for an item already given up comes too late and is dropped.
                if index >= next {
                    waiting.insert(index, result);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if started.is_some_and(|at| at.elapsed() >= limits.time) {
                    emit(&progress, &mut next);
                    sink(interrupted(
                        &items[next - 1],
                        Interruption::TimedOut(limits.time),
                    ));
                    // The stuck worker is lost to the run; another takes its place.
                    spawn_worker();
                }
            }
            // Workers hold senders through `spawn_worker`'s own, so this cannot happen; stop
            // waiting rather than spin if it ever does.
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// Marks item `*next` as handed on and lets workers start the item that enters the window.
fn emit(progress: &(Mutex<Progress>, Condvar), next: &mut usize) {
    let (lock, ready) = progress;
    let mut p = lock.lock().unwrap_or_else(|e| e.into_inner());
    p.started.remove(next);
    *next += 1;
    p.next_to_emit = *next;
    ready.notify_all();
}

/// The message of a panic, as `panic!` was given it.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
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
    use super::{in_order, Interruption, Limits};
    use std::time::Duration;

    const LIMITS: Limits = Limits {
        workers: 3,
        time: Duration::from_secs(60),
    };

    #[test]
    fn results_come_in_item_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        in_order(
            items.clone(),
            |&i| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |_, why| panic!("no item is interrupted here: {why}"),
            |r| seen.push(r),
            LIMITS,
        );
        let expected: Vec<u64> = items.iter().map(|i| i * 2).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_panicking_item_yields_its_result_and_the_run_goes_on() {
        let items: Vec<u64> = (0..50).collect();
        let mut seen = Vec::new();
        in_order(
            items,
            |&i| {
                if i % 10 == 3 {
                    panic!("item {i} is broken");
                }
                Ok(i)
            },
            |&i, why| Err((i, why)),
            |r| seen.push(r),
            LIMITS,
        );
        assert_eq!(seen.len(), 50);
        for (i, r) in seen.iter().enumerate() {
            let i = i as u64;
            if i % 10 == 3 {
                assert_eq!(
                    r,
                    &Err((i, Interruption::Panicked(format!("item {i} is broken"))))
                );
            } else {
                assert_eq!(r, &Ok(i));
            }
        }
    }

    #[test]
    fn an_item_past_the_time_limit_is_given_up_and_the_rest_still_come() {
        let items: Vec<u64> = (0..30).collect();
        let mut seen = Vec::new();
        let limit = Duration::from_millis(200);
        in_order(
            items,
            |&i| {
                if i == 4 || i == 5 {
                    // Far past the limit: the run must not wait for these.
                    std::thread::sleep(Duration::from_secs(600));
                }
                Ok(i)
            },
            |&i, why| Err((i, why)),
            |r| seen.push(r),
            Limits {
                workers: 2,
                time: limit,
            },
        );
        let expected: Vec<Result<u64, (u64, Interruption)>> = (0..30)
            .map(|i| {
                if i == 4 || i == 5 {
                    Err((i, Interruption::TimedOut(limit)))
                } else {
                    Ok(i)
                }
            })
            .collect();
        assert_eq!(seen, expected);
    }
}
