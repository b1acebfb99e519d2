//! Computed and recorded scores side by side: their distributions on the 0–10 scale and the
//! tasks where they disagree most, which are the first a dataset owner should look at.

use serde::Serialize;

use crate::task_report::TaskReport;

/// How many disagreements the dashboard lists.
pub const DISAGREEMENTS_SHOWN: usize = 25;

/// Scores binned by whole points: bin `i` holds `i <= score < i + 1`, bin 10 holds 10 exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScoreHistogram {
    pub bins: [usize; 11],
    /// Scores outside 0–10, counted here and not binned.
    pub outside: usize,
}

impl ScoreHistogram {
    fn add(&mut self, score: f64) {
        if !(0.0..=10.0).contains(&score) {
            self.outside += 1;
            return;
        }
        // In range and finite, so the cast is exact for whole numbers and floors the rest.
        let bin = (score.floor() as usize).min(10);
        self.bins[bin] += 1;
    }

    pub fn total(&self) -> usize {
        self.bins.iter().sum::<usize>() + self.outside
    }
}

/// One task whose computed and recorded scores differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreDisagreement {
    /// The task page, relative to the dashboard's root.
    pub page: String,
    pub id: String,
    pub platform: String,
    pub computed: f64,
    pub recorded: f64,
}

impl ScoreDisagreement {
    /// Computed minus recorded.
    pub fn difference(&self) -> f64 {
        self.computed - self.recorded
    }
}

/// Score distributions and agreement over the corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoreComparison {
    pub computed: ScoreHistogram,
    pub recorded: ScoreHistogram,
    /// Tasks with both scores.
    pub paired: usize,
    /// Sum of |computed − recorded| over paired tasks.
    pub sum_abs_difference: f64,
    /// Sum of computed − recorded over paired tasks (its mean says which way the bias goes).
    pub sum_difference: f64,
    /// Paired tasks whose scores are at most one point apart.
    pub within_one_point: usize,
    /// The paired tasks that disagree most, largest |computed − recorded| first.
    pub disagreements: Vec<ScoreDisagreement>,
}

impl ScoreComparison {
    pub fn add(&mut self, report: &TaskReport, page: &str) {
        let computed = report.computed_score();
        let recorded = report.recorded_score();
        if let Some(c) = computed {
            self.computed.add(c);
        }
        if let Some(r) = recorded {
            self.recorded.add(r);
        }
        let (Some(computed), Some(recorded)) = (computed, recorded) else {
            return;
        };
        self.paired += 1;
        let difference = computed - recorded;
        self.sum_abs_difference += difference.abs();
        self.sum_difference += difference;
        if difference.abs() <= 1.0 {
            self.within_one_point += 1;
        }
        if difference == 0.0 {
            return;
        }
        let candidate = ScoreDisagreement {
            page: page.to_string(),
            id: report.task.id.clone(),
            platform: report.platform().to_string(),
            computed,
            recorded,
        };
        // Kept sorted and bounded, so a corpus of any size holds only the top few.
        let at = self
            .disagreements
            .partition_point(|kept| ranks_before(kept, &candidate));
        if at < DISAGREEMENTS_SHOWN {
            self.disagreements.insert(at, candidate);
            self.disagreements.truncate(DISAGREEMENTS_SHOWN);
        }
    }

    pub fn mean_abs_difference(&self) -> Option<f64> {
        (self.paired > 0).then(|| self.sum_abs_difference / self.paired as f64)
    }

    pub fn mean_difference(&self) -> Option<f64> {
        (self.paired > 0).then(|| self.sum_difference / self.paired as f64)
    }
}

/// Larger disagreement first; ties by platform, then id, so the list does not depend on the
/// order tasks arrive in.
fn ranks_before(a: &ScoreDisagreement, b: &ScoreDisagreement) -> bool {
    let (da, db) = (a.difference().abs(), b.difference().abs());
    if da != db {
        return da > db;
    }
    (a.platform.as_str(), a.id.as_str()) < (b.platform.as_str(), b.id.as_str())
}
