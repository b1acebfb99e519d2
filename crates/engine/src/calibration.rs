//! The calibration samples of a corpus: every task with a recorded score, with the score input
//! `review` computes for it, so that a policy fitted to them scores `review`'s own findings.

use std::path::Path;

use iacgrade_score::CalibrationSample;

use crate::{judge_corpus, Depth, ReviewOptions};

/// What reading a corpus for calibration found.
pub struct CorpusSamples {
    /// Tasks with a recorded score, in task order.
    pub samples: Vec<CalibrationSample>,
    /// Tasks reviewed in all.
    pub tasks: usize,
}

/// Reviews every task below `root` (in parallel, by the default policy) and keeps the tasks
/// whose metadata.json records a training-quality score. `progress` is called once per task.
pub fn calibration_samples(root: &Path, mut progress: impl FnMut() + Send) -> CorpusSamples {
    let mut samples = Vec::new();
    let tasks = judge_corpus(
        root,
        Depth::Review,
        &ReviewOptions::default(),
        |judgement| {
            progress();
            let (Some(recorded), Some(input)) =
                (judgement.report.task.recorded_score, judgement.score_input)
            else {
                return;
            };
            samples.push(CalibrationSample {
                task: judgement.report.task.path,
                input,
                recorded,
            });
        },
    );
    CorpusSamples { samples, tasks }
}
