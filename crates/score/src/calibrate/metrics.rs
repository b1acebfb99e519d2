//! How well predicted scores agree with recorded ones.

use serde::Serialize;

/// Agreement of predictions with recorded scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    pub samples: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Share of predictions within ±1 of the recorded score.
    pub within_one: f64,
    /// Spearman rank correlation; `None` when either side is constant.
    pub spearman: Option<f64>,
}

pub fn metrics(predicted: &[f64], recorded: &[f64]) -> Metrics {
    let n = predicted.len().min(recorded.len());
    if n == 0 {
        return Metrics {
            samples: 0,
            mae: 0.0,
            within_one: 0.0,
            spearman: None,
        };
    }
    let mae = predicted
        .iter()
        .zip(recorded)
        .map(|(p, r)| (p - r).abs())
        .sum::<f64>()
        / n as f64;
    let within = predicted
        .iter()
        .zip(recorded)
        .filter(|(p, r)| (*p - *r).abs() <= 1.0 + 1e-9)
        .count() as f64
        / n as f64;
    Metrics {
        samples: n,
        mae,
        within_one: within,
        spearman: spearman(&predicted[..n], &recorded[..n]),
    }
}

/// Ranks with ties given their average rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            out[idx[k]] = avg;
        }
        i = j + 1;
    }
    out
}

pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let cov: f64 = ra
        .iter()
        .zip(&rb)
        .map(|(x, y)| (x - mean) * (y - mean))
        .sum();
    let va: f64 = ra.iter().map(|x| (x - mean).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mean).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        return None;
    }
    Some(cov / (va * vb).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mae_within_and_rank_correlation() {
        let m = metrics(&[9.0, 8.0, 6.0], &[9.0, 10.0, 6.5]);
        assert!((m.mae - 2.5 / 3.0).abs() < 1e-9);
        assert!((m.within_one - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), Some(1.0));
        assert_eq!(spearman(&[9.0, 9.0], &[1.0, 2.0]), None);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
    }
}
