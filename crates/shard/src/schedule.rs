//! The wall time of N workers over known job durations.
//!
//! Workers take jobs longest first, each job going to the worker that becomes free first
//! (Graham's LPT rule): the makespan is within 4/3 of the best possible one, and it is what a
//! pool of workers pulling from a queue sorted by expected duration achieves. A sharded run does
//! not choose its jobs' order (a shard is a hash partition), so [`Schedule::sharded`] gives the
//! makespan of N shards as well: the longest shard's total.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The estimate for one worker count.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub workers: usize,
    /// Longest-first onto the first free worker.
    pub longest_first: f64,
    /// The sum of all durations divided by the workers: no schedule is shorter.
    pub lower_bound: f64,
}

/// The makespan of `durations` (seconds) on `workers` workers, longest job first.
pub fn longest_first_makespan(durations: &[f64], workers: usize) -> f64 {
    let workers = workers.max(1);
    let mut jobs: Vec<f64> = durations
        .iter()
        .copied()
        .filter(|d| d.is_finite() && *d > 0.0)
        .collect();
    jobs.sort_by(|a, b| b.total_cmp(a));
    // Finish times in milliseconds, as integers, so the heap orders them exactly.
    let mut free_at: BinaryHeap<Reverse<u64>> = (0..workers).map(|_| Reverse(0)).collect();
    let mut makespan = 0u64;
    for job in jobs {
        let Reverse(start) = free_at.pop().unwrap_or(Reverse(0));
        let end = start + (job * 1000.0).round() as u64;
        makespan = makespan.max(end);
        free_at.push(Reverse(end));
    }
    makespan as f64 / 1000.0
}

impl Schedule {
    pub fn estimate(durations: &[f64], workers: usize) -> Schedule {
        let total: f64 = durations.iter().filter(|d| d.is_finite()).sum();
        Schedule {
            workers: workers.max(1),
            longest_first: longest_first_makespan(durations, workers),
            lower_bound: total / workers.max(1) as f64,
        }
    }

    /// The makespan of shards that each run their own jobs one after another: the largest
    /// shard total. `shard_of_job[i]` is job i's shard.
    pub fn sharded(durations: &[f64], shard_of_job: &[u64], shards: u64) -> f64 {
        let mut totals = vec![0.0; shards.max(1) as usize];
        for (d, s) in durations.iter().zip(shard_of_job) {
            if let Some(total) = totals.get_mut(*s as usize) {
                *total += d;
            }
        }
        totals.into_iter().fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_worker_takes_the_sum() {
        assert_eq!(longest_first_makespan(&[3.0, 1.0, 2.0], 1), 6.0);
    }

    #[test]
    fn longest_first_balances_two_workers() {
        // 5 and 4 start; 3 joins 4 (7), 2 joins 5 (7), 1 ends at 8: the best split is {5,3}
        // against {4,2,1}, also 8.
        assert_eq!(longest_first_makespan(&[1.0, 2.0, 3.0, 4.0, 5.0], 2), 8.0);
    }

    #[test]
    fn more_workers_than_jobs_take_the_longest_job() {
        assert_eq!(longest_first_makespan(&[1.0, 9.0], 8), 9.0);
        assert_eq!(longest_first_makespan(&[], 4), 0.0);
    }

    #[test]
    fn the_estimate_is_never_below_the_lower_bound() {
        let jobs: Vec<f64> = (1..60).map(|i| f64::from(i % 7 + 1) * 1.5).collect();
        for workers in 1..6 {
            let s = Schedule::estimate(&jobs, workers);
            assert!(s.longest_first + 1e-9 >= s.lower_bound, "{s:?}");
            assert!(s.longest_first <= s.lower_bound * 4.0 / 3.0 + 10.5, "{s:?}");
        }
    }

    #[test]
    fn a_sharded_run_takes_its_longest_shard() {
        assert_eq!(Schedule::sharded(&[1.0, 2.0, 3.0], &[0, 1, 1], 2), 5.0);
    }
}
