//! Which tasks of a corpus this run judges (`--shard I/N`), and which of them it can take from
//! the result cache (`--cache DIR`) instead of judging again.
//!
//! Every task is judged in the context of the whole corpus: the cross-task findings (documents
//! shared with other tasks) are computed over every task below DIR, whichever shard runs, so the
//! shards' results joined by `merge` equal one unsharded run's. The cache key includes that
//! context, so a result is reused only while the other tasks still share what they shared.

use std::path::{Path, PathBuf};

use iacgrade_engine::{Depth, ReviewOptions};
use iacgrade_report::Report;
use iacgrade_shard::{relative_task_path, CacheKey, CacheStats, ResultCache, Shard};
use rayon::prelude::*;

use crate::cli::CorpusArgs;

/// One task's result, judged now or taken from the cache.
pub struct CorpusResult {
    pub report: Report,
    /// The pipeline did not finish on it (an internal error or the time limit).
    pub interrupted: bool,
}

/// The tasks of one run.
pub struct Selection {
    /// Every task below DIR, in corpus order.
    corpus: Vec<PathBuf>,
    /// Indices into `corpus` of the tasks this run judges.
    chosen: Vec<usize>,
    shard: Option<Shard>,
}

impl Selection {
    pub fn find(args: &CorpusArgs) -> Selection {
        let corpus = iacgrade_engine::find_tasks(&args.dir);
        let chosen = (0..corpus.len())
            .filter(|&i| {
                args.shard
                    .is_none_or(|shard| shard.holds(&relative_task_path(&args.dir, &corpus[i])))
            })
            .collect();
        Selection {
            corpus,
            chosen,
            shard: args.shard,
        }
    }

    /// How many tasks this run judges.
    pub fn len(&self) -> usize {
        self.chosen.len()
    }

    /// Judges the chosen tasks (or takes them from `cache`) and hands each result to `sink` in
    /// corpus order.
    pub fn judge<F>(
        &self,
        depth: Depth,
        options: &ReviewOptions,
        cache: Option<&CorpusCache>,
        mut sink: F,
    ) -> Result<(), String>
    where
        F: FnMut(CorpusResult) + Send,
    {
        let cross_task = match depth {
            Depth::Read => vec![Vec::new(); self.corpus.len()],
            Depth::Check | Depth::Review => iacgrade_engine::cross_task_findings(&self.corpus),
        };
        let tasks: Vec<&PathBuf> = self.chosen.iter().map(|&i| &self.corpus[i]).collect();
        let contexts: Vec<Vec<iacgrade_findings::Finding>> = self
            .chosen
            .iter()
            .map(|&i| cross_task.get(i).cloned().unwrap_or_default())
            .collect();
        // Keys and lookups first (reading files only), in parallel; then the misses are judged
        // and the hits handed on in their places as the judged results come in order.
        let looked_up: Vec<(Option<String>, Option<Report>)> = match cache {
            None => vec![(None, None); tasks.len()],
            Some(cache) => tasks
                .par_iter()
                .zip(contexts.par_iter())
                .map(|(task, context)| cache.look_up(task, context))
                .collect(),
        };
        let mut pending_hits: std::collections::VecDeque<(usize, Report)> = looked_up
            .iter()
            .enumerate()
            .filter_map(|(i, (_, hit))| hit.clone().map(|r| (i, r)))
            .collect();
        let misses: Vec<usize> = (0..tasks.len())
            .filter(|&i| looked_up[i].1.is_none())
            .collect();
        let miss_paths: Vec<PathBuf> = misses.iter().map(|&i| tasks[i].clone()).collect();
        let miss_contexts: Vec<_> = misses.iter().map(|&i| contexts[i].clone()).collect();
        let mut next_miss = 0;
        iacgrade_engine::judge_tasks_in_context(
            &miss_paths,
            miss_contexts,
            depth,
            options,
            |judgement| {
                let position = misses.get(next_miss).copied().unwrap_or(usize::MAX);
                next_miss += 1;
                while pending_hits.front().is_some_and(|(i, _)| *i < position) {
                    if let Some((_, report)) = pending_hits.pop_front() {
                        sink(CorpusResult {
                            report,
                            interrupted: false,
                        });
                    }
                }
                let interrupted = judgement.interrupted.is_some();
                if let (Some(cache), Some((Some(key), _))) = (cache, looked_up.get(position)) {
                    // A result the pipeline did not finish is never stored: the next run tries
                    // again.
                    if !interrupted {
                        cache.store(key, &judgement.report);
                    }
                }
                sink(CorpusResult {
                    report: judgement.report,
                    interrupted,
                });
            },
        );
        for (_, report) in pending_hits {
            sink(CorpusResult {
                report,
                interrupted: false,
            });
        }
        Ok(())
    }

    /// One line for standard error: which shard, how many tasks.
    pub fn describe(&self) -> Option<String> {
        self.shard.map(|shard| {
            format!(
                "shard {shard}: {} of {} tasks",
                self.chosen.len(),
                self.corpus.len()
            )
        })
    }
}

/// The result cache of a corpus run, with the part of the key every task shares.
pub struct CorpusCache {
    store: ResultCache,
    settings: CacheKey,
}

impl CorpusCache {
    /// Opens `dir` and keys results by this build, the policy and the options that change them.
    /// `policy` is the scoring policy file in force; `finding_policy` describes the rule
    /// selection and severity overrides (of `--select`/`--ignore` and iacgrade.toml).
    pub fn open(
        dir: &Path,
        args: &CorpusArgs,
        depth: Depth,
        policy: Option<&Path>,
        finding_policy: &str,
        run: Option<&iacgrade_run::RunOptions>,
    ) -> Result<CorpusCache, String> {
        let store = ResultCache::open(dir).map_err(|e| format!("--cache: {e}"))?;
        let mut settings = CacheKey::new();
        settings.part("iacgrade-version", env!("CARGO_PKG_VERSION").as_bytes());
        // The executable itself: a build with other rules or data never reuses another's results.
        let executable = std::env::current_exe()
            .and_then(|path| store.program_hash(&path))
            .map_err(|e| format!("--cache: cannot read this program to key its results: {e}"))?;
        settings.part("executable-sha256", executable.as_bytes());
        let depth_name = match depth {
            Depth::Read => "read",
            Depth::Check => "check",
            Depth::Review => "review",
        };
        settings.part("depth", depth_name.as_bytes());
        settings.part(
            "compare-existing",
            if args.compare_existing { b"yes" } else { b"no" },
        );
        match run {
            None => settings.part("mode", b"static"),
            Some(run) => {
                settings.part("mode", b"run");
                settings.part("run-options", run_settings(run).as_bytes());
                settings.part(
                    "toolchains",
                    iacgrade_run::toolchain_fingerprint(&run.tools).as_bytes(),
                )
            }
        };
        settings.part("finding-policy", finding_policy.as_bytes());
        match policy {
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
                settings.part("policy", &bytes)
            }
            None => settings.part("policy", b"built-in default"),
        };
        Ok(CorpusCache { store, settings })
    }

    /// The task's key, and its stored result when there is one. A task whose files cannot all
    /// be read has no key: it is judged (and its result says what could not be read).
    fn look_up(
        &self,
        task: &Path,
        context: &[iacgrade_findings::Finding],
    ) -> (Option<String>, Option<Report>) {
        let mut key = self.settings.clone();
        key.part("task-path", task.display().to_string().as_bytes());
        let context = serde_json::to_vec(context).unwrap_or_default();
        key.part("cross-task-findings", &context);
        if key.task_files(task).is_err() {
            return (None, None);
        }
        let key = key.finish();
        // An entry that no longer reads as a report (a damaged file) counts as a miss.
        let hit = self
            .store
            .get(&key)
            .and_then(|line| serde_json::from_str::<Report>(&line).ok());
        (Some(key), hit)
    }

    fn store(&self, key: &str, report: &Report) {
        if let Ok(line) = serde_json::to_string(report) {
            // A result that cannot be stored is judged again next time; the run goes on.
            let _ = self.store.put(key, &line);
        }
    }

    pub fn stats(&self) -> CacheStats {
        self.store.stats()
    }
}

/// The run options that change a run's result, as text: the stages, the stage timeout, where
/// AWS calls go, the isolation and the limits. The workspace kept or not and the environment
/// suffix (fresh each run by default) change nothing a result keeps.
fn run_settings(run: &iacgrade_run::RunOptions) -> String {
    let stages: Vec<&str> = run.stages.iter().map(|s| s.as_str()).collect();
    format!(
        "stages {stages:?}; stage timeout {:?}; aws {:?}; isolation {:?}; limits {:?}; region {:?}",
        run.stage_timeout, run.aws, run.isolation, run.limits, run.region
    )
}

/// `cache: 10 hits, 2 misses`, for standard error and the summary.
pub fn describe_cache(stats: CacheStats) -> String {
    let mut line = format!("cache: {} hits, {} misses", stats.hits, stats.misses);
    if stats.store_errors > 0 {
        line.push_str(&format!(
            ", {} results could not be stored",
            stats.store_errors
        ));
    }
    line
}
