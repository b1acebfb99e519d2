//! Reading the figures out of tools' outputs: coverage reports, and the line of a log that says
//! what went wrong. (Test counts come from the runners' reports: see [`crate::testsuite`].)

use std::path::Path;

use serde_json::Value;

use crate::report::Coverage;

/// coverage.py's JSON report (`pytest --cov-report=json:FILE`): `totals.percent_covered`.
pub fn python_coverage(path: &Path) -> Option<Coverage> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let totals = json.get("totals")?;
    let statements = totals.get("num_statements").and_then(Value::as_f64);
    if statements == Some(0.0) {
        // Nothing measured: no code under the measured source.
        return None;
    }
    let lines = totals.get("percent_covered").and_then(Value::as_f64)?;
    let branches = match (
        totals.get("num_branches").and_then(Value::as_f64),
        totals.get("covered_branches").and_then(Value::as_f64),
    ) {
        (Some(all), Some(covered)) if all > 0.0 => Some(covered * 100.0 / all),
        _ => None,
    };
    Some(Coverage {
        lines: round2(lines),
        statements: Some(round2(lines)),
        functions: None,
        branches: branches.map(round2),
    })
}

/// Jest's `coverage-summary.json` (the json-summary reporter): `total.{lines,statements,...}.pct`.
pub fn jest_coverage(path: &Path) -> Option<Coverage> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let total = json.get("total")?;
    let pct = |k: &str| {
        total
            .get(k)
            .and_then(|v| v.get("pct"))
            .and_then(Value::as_f64)
    };
    if total
        .get("lines")
        .and_then(|v| v.get("total"))
        .and_then(Value::as_f64)
        == Some(0.0)
    {
        return None;
    }
    Some(Coverage {
        lines: pct("lines")?,
        statements: pct("statements"),
        functions: pct("functions"),
        branches: pct("branches"),
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The line of a log that best says what went wrong: a Python exception line (the last line
/// of a traceback), a compiler's "error" line, or the first line that mentions an error.
pub fn first_error_line(log: &str) -> Option<String> {
    let lines: Vec<&str> = log.lines().map(str::trim).collect();
    let python_exception = |l: &&str| {
        let Some((head, _)) = l.split_once(": ") else {
            return false;
        };
        let name = head.rsplit('.').next().unwrap_or(head);
        !head.contains(' ')
            && (name.ends_with("Error") || name.ends_with("Exception"))
            && name.chars().next().is_some_and(char::is_uppercase)
    };
    let found = lines
        .iter()
        .find(|l| l.starts_with("E ") && python_exception(&l[2..].trim()))
        .map(|l| l[2..].trim())
        .or_else(|| lines.iter().find(|l| python_exception(l)).copied())
        .or_else(|| lines.iter().copied().find(|l| is_located_diagnostic(l)))
        .or_else(|| {
            lines.iter().copied().find(|l| {
                let lower = l.to_ascii_lowercase();
                lower.contains("error ts")
                    || lower.starts_with("error")
                    || lower.contains(" error:")
                    || lower.contains("error[")
            })
        })
        .or_else(|| {
            lines
                .iter()
                .copied()
                .find(|l| l.to_ascii_lowercase().contains("error"))
        })?;
    let mut text: String = found.chars().take(300).collect();
    if found.chars().count() > 300 {
        text.push('…');
    }
    Some(text)
}

/// "path:line:col: message", as linters print a finding (ruff, cfn-lint's parseable form).
fn is_located_diagnostic(line: &str) -> bool {
    let mut parts = line.splitn(4, ':');
    let (Some(path), Some(row), Some(col), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !path.is_empty()
        && !path.contains(' ')
        && !row.is_empty()
        && row.chars().all(|c| c.is_ascii_digit())
        && !col.is_empty()
        && col.chars().all(|c| c.is_ascii_digit())
        && rest.starts_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_exception_of_a_traceback() {
        let log = "Traceback (most recent call last):\n  File \"tap.py\", line 3\n    x = pulumi.providers\nAttributeError: module 'pulumi' has no attribute 'providers'\n";
        assert_eq!(
            first_error_line(log).as_deref(),
            Some("AttributeError: module 'pulumi' has no attribute 'providers'")
        );
        let pytest = "tests/test_a.py:3: in test_x\nE   botocore.exceptions.ClientError: An error occurred (NoSuchBucket)\n";
        assert_eq!(
            first_error_line(pytest).as_deref(),
            Some("botocore.exceptions.ClientError: An error occurred (NoSuchBucket)")
        );
        let tsc = "lib/tap-stack.ts(12,5): error TS2304: Cannot find name 'Bucket'.\n";
        assert!(first_error_line(tsc).expect("tsc error").contains("TS2304"));
    }

    #[test]
    fn reads_coverage_reports() {
        let dir = tempfile::tempdir().expect("tempdir");
        let py = dir.path().join("coverage.json");
        std::fs::write(&py, r#"{"totals":{"percent_covered":87.5,"num_statements":40,"num_branches":10,"covered_branches":5}}"#).expect("write");
        let c = python_coverage(&py).expect("coverage");
        assert_eq!(c.lines, 87.5);
        assert_eq!(c.branches, Some(50.0));
        let js = dir.path().join("coverage-summary.json");
        std::fs::write(&js, r#"{"total":{"lines":{"total":10,"pct":100},"statements":{"pct":100},"functions":{"pct":90},"branches":{"pct":75}}}"#).expect("write");
        let c = jest_coverage(&js).expect("coverage");
        assert_eq!(c.lowest(), 90.0);
    }
}
