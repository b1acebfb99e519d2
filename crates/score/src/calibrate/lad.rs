//! Least-absolute-deviation regression by iteratively reweighted least squares, with a small
//! ridge on every coefficient but the intercept (column 0). LAD fits the median, not the mean:
//! a few tasks scored far from the rest do not pull the weights.

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
pub fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let factor = a[row][col] / a[col][col];
            if factor == 0.0 {
                continue;
            }
            let pivot_row = a[col].clone();
            for (k, value) in a[row].iter_mut().enumerate().skip(col) {
                *value -= factor * pivot_row[k];
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let mut sum = b[row];
        for k in row + 1..n {
            sum -= a[row][k] * x[k];
        }
        x[row] = sum / a[row][row];
    }
    Some(x)
}

/// Fits `y ≈ x · w` minimising Σ|residual| + ridge. Column 0 of `x` is the intercept.
/// `ridge` is per sample: the penalty is `ridge × n × Σ w_j²`, in the units of the absolute
/// loss.
pub fn fit_lad(x: &[Vec<f64>], y: &[f64], ridge: f64) -> Vec<f64> {
    let p = x.first().map(Vec::len).unwrap_or(0);
    let n = y.len();
    if n == 0 || p == 0 {
        return vec![0.0; p];
    }
    // Start from the median as intercept.
    let mut sorted = y.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut w = vec![0.0; p];
    w[0] = sorted[n / 2];
    const EPS: f64 = 0.02;
    for _ in 0..200 {
        let weights: Vec<f64> = x
            .iter()
            .zip(y)
            .map(|(row, yi)| 1.0 / (yi - dot(row, &w)).abs().max(EPS))
            .collect();
        let mut a = vec![vec![0.0; p]; p];
        let mut b = vec![0.0; p];
        for ((row, yi), wi) in x.iter().zip(y).zip(&weights) {
            for j in 0..p {
                if row[j] == 0.0 {
                    continue;
                }
                b[j] += wi * row[j] * yi;
                for k in 0..p {
                    a[j][k] += wi * row[j] * row[k];
                }
            }
        }
        for (j, row) in a.iter_mut().enumerate().skip(1) {
            row[j] += ridge * n as f64 + 1e-9;
        }
        let Some(next) = solve(a, b) else { break };
        let change: f64 = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).sum();
        w = next;
        if change < 1e-7 {
            break;
        }
    }
    w
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_line_despite_outliers() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..50 {
            let t = i as f64 / 10.0;
            x.push(vec![1.0, t]);
            y.push(2.0 + 3.0 * t + if i % 10 == 0 { 40.0 } else { 0.0 });
        }
        let w = fit_lad(&x, &y, 0.0);
        assert!((w[0] - 2.0).abs() < 0.05, "{w:?}");
        assert!((w[1] - 3.0).abs() < 0.05, "{w:?}");
    }

    #[test]
    fn solves_small_systems() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).expect("solvable");
        assert!((x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9);
        assert!(solve(vec![vec![1.0, 1.0], vec![1.0, 1.0]], vec![1.0, 2.0]).is_none());
    }
}
