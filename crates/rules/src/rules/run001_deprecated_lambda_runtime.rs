use iacgrade_ir::Value;

use crate::declare_rule;
use crate::props::{get, literal_str};
use crate::rule::{Hits, RuleContext};

declare_rule! {
    /// ## What it checks
    /// Lambda functions (`AWS::Lambda::Function`, `AWS::Serverless::Function`,
    /// `aws_lambda_function`, CDK `lambda.Function`, Pulumi `aws.lambda.Function`) on a
    /// runtime AWS had deprecated by the end of 2024. The runtime may be written as the
    /// identifier (`python3.8`), a CDK constant (`lambda.Runtime.PYTHON_3_8`) or a Pulumi enum
    /// (`aws.lambda_.Runtime.PYTHON3D8`).
    ///
    /// | runtime | deprecated |
    /// |---|---|
    /// | nodejs, nodejs4.3, nodejs6.10, nodejs8.10 | 2016-10-31 to 2020-03-06 |
    /// | nodejs10.x | 2021-07-30 |
    /// | nodejs12.x | 2023-03-31 |
    /// | nodejs14.x | 2023-12-04 |
    /// | nodejs16.x | 2024-06-12 |
    /// | python2.7 | 2021-07-15 |
    /// | python3.6 | 2022-07-18 |
    /// | python3.7 | 2023-12-04 |
    /// | python3.8 | 2024-10-14 |
    /// | ruby2.5 | 2021-07-30 |
    /// | ruby2.7 | 2023-12-07 |
    /// | java8 (Amazon Linux 1) | 2024-01-08 |
    /// | go1.x | 2024-01-08 |
    /// | provided (Amazon Linux 1) | 2024-01-08 |
    /// | dotnetcore1.0, 2.0, 2.1, 3.1 | 2019-06-27 to 2023-04-03 |
    /// | dotnet5.0 | 2022-05-10 |
    /// | dotnet6 | 2024-12-20 |
    /// | dotnet7 (container only) | 2024-05-14 |
    ///
    /// The table stops at 2024 on purpose: the tasks were written against the runtimes of their
    /// time, and a runtime deprecated after the task was written (nodejs18.x, python3.9) is not
    /// a defect of the answer. Extend the table as the corpus moves on.
    ///
    /// ## Why it matters
    /// Deprecated runtimes get no security patches; AWS then blocks creating and updating
    /// functions on them, so the answer may not deploy at all. Medium: the fix is a one-line
    /// version bump, but a reviewer must ask for it.
    ///
    /// ## Example
    /// ```yaml
    /// # fails
    /// Runtime: python3.8
    /// # passes
    /// Runtime: python3.12
    /// ```
    ///
    /// ## Fix
    /// Move to a supported runtime of the same language (python3.12, nodejs20.x, java21,
    /// provided.al2023, dotnet8, ruby3.3).
    ///
    /// ## References
    /// - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated
    /// - https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html
    pub struct DeprecatedLambdaRuntime {
        id: "RUN001",
        name: "deprecated-lambda-runtime",
        severity: Medium,
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated",
        check: check,
    }
}

/// Deprecated runtime identifiers and their deprecation dates (see the rule's table).
const DEPRECATED: [(&str, &str); 24] = [
    ("nodejs", "2016-10-31"),
    ("nodejs4.3", "2020-03-05"),
    ("nodejs4.3-edge", "2020-03-05"),
    ("nodejs6.10", "2019-08-12"),
    ("nodejs8.10", "2020-03-06"),
    ("nodejs10.x", "2021-07-30"),
    ("nodejs12.x", "2023-03-31"),
    ("nodejs14.x", "2023-12-04"),
    ("nodejs16.x", "2024-06-12"),
    ("python2.7", "2021-07-15"),
    ("python3.6", "2022-07-18"),
    ("python3.7", "2023-12-04"),
    ("python3.8", "2024-10-14"),
    ("ruby2.5", "2021-07-30"),
    ("ruby2.7", "2023-12-07"),
    ("java8", "2024-01-08"),
    ("go1.x", "2024-01-08"),
    ("provided", "2024-01-08"),
    ("dotnetcore1.0", "2019-06-27"),
    ("dotnetcore2.0", "2019-05-30"),
    ("dotnetcore2.1", "2022-01-05"),
    ("dotnetcore3.1", "2023-04-03"),
    ("dotnet5.0", "2022-05-10"),
    ("dotnet6", "2024-12-20"),
];

/// `dotnet7` is deprecated too (2024-05-14) but was only ever offered for container images,
/// which have no `Runtime`; it is kept out of the table for that reason.
const KINDS: [&str; 2] = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

fn check(ctx: &RuleContext, hits: &mut Hits) {
    for function in ctx.declared().filter(|r| KINDS.contains(&r.kind.as_str())) {
        let Some(value) = get(&function.props, &["Runtime"]) else {
            continue;
        };
        let Some(id) = runtime_id(value) else {
            continue;
        };
        if let Some((runtime, date)) = DEPRECATED.iter().find(|(r, _)| key(r) == key(&id)) {
            hits.resource(
                function,
                format!("Lambda runtime {runtime} is deprecated (since {date})"),
                "Move to a supported runtime of the same language (e.g. python3.12, nodejs20.x, java21, provided.al2023).",
            );
        }
    }
}

/// The runtime as written: an identifier, or the member of a CDK/Pulumi runtime enum.
fn runtime_id(value: &Value) -> Option<String> {
    if let Some(s) = literal_str(value) {
        return Some(s);
    }
    let text = match value {
        Value::Unknown(s) => s.clone(),
        Value::Ref {
            target,
            attribute: Some(attr),
        } => format!("{target}.{attr}"),
        _ => return None,
    };
    let member = text.trim().rsplit('.').next()?.to_string();
    if !text.contains("Runtime") || member.is_empty() {
        return None;
    }
    Some(member)
}

/// A comparison key that makes every spelling of a runtime agree: `python3.8`, `PYTHON_3_8`,
/// `PYTHON3D8` and `Python3d8` all give `python38`; `nodejs16.x` and `NODEJS_16_X` give
/// `nodejs16x`; `java8` and `JAVA_8` give `java8`, while `java8.al2` / `JAVA_8_CORRETTO` stay
/// different.
fn key(runtime: &str) -> String {
    let lower = runtime.to_ascii_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        // Pulumi spells the dot as "d" between digits: PYTHON3D8.
        if *c == 'd'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(*c);
        }
    }
    // CDK's name for the Amazon Linux 2 Java 8 runtime.
    if out == "java8corretto" {
        return "java8al2".into();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_agree() {
        assert_eq!(key("python3.8"), key("PYTHON_3_8"));
        assert_eq!(key("python3.8"), key("PYTHON3D8"));
        assert_eq!(key("nodejs16.x"), key("NODEJS_16_X"));
        assert_ne!(key("java8"), key("java8.al2"));
        assert_ne!(key("java8"), key("JAVA_8_CORRETTO"));
        assert_ne!(key("python3.8"), key("python3.80"));
        assert_ne!(key("provided"), key("provided.al2"));
    }
}
