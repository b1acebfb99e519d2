//! Analysis scripts: Python that calls AWS through boto3, or shell scripts that call the AWS CLI,
//! without an IaC framework. Lambda handlers use boto3 too, so a file that defines a handler
//! counts only weakly: it is application code of an IaC answer far more often than an analysis.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{scan_marks, FileView, Mark, Marks, Signal};
use crate::file_role::FileRole;
use crate::pattern::LinePattern;

pub(super) static MARKS: LazyLock<Marks> = LazyLock::new(|| {
    Marks::new(vec![
        Mark::code(
            &[Language::Py],
            1.0,
            "boto",
            r"^\s*(import\s+(boto3|botocore)\b|from\s+(boto3|botocore)(\.[\w.]+)?\s+import\b)",
        ),
        Mark::shell(
            0.8,
            "aws",
            r"^\s*(\$\s+)?(\w+=\$\()?aws\s+[a-z0-9-]+\s+(describe|list|get)-[\w-]+",
        ),
    ])
});

/// Strength left to a boto3 file that is a Lambda handler.
const HANDLER_STRENGTH: f64 = 0.3;

static HANDLER: LazyLock<LinePattern> = LazyLock::new(|| {
    LinePattern::new(
        "def ",
        r"^\s*(async\s+)?def\s+\w*handler\w*\s*\(\s*event\s*,\s*context\s*\)",
    )
});

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    // Shell lines typed at a prompt are instructions, not an analysis; a script file is.
    if view.language == Some(Language::Sh) && view.role == FileRole::Commands {
        return Vec::new();
    }
    let mut signals = scan_marks(view, Platform::Analysis, &MARKS);
    let is_handler = view.language == Some(Language::Py)
        && view.code_lines().any(|(_, text)| HANDLER.is_match(text));
    if is_handler {
        for signal in &mut signals {
            signal.strength = signal.strength.min(HANDLER_STRENGTH);
        }
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::test_support::{all_valid, found};

    #[test]
    fn every_pattern_compiles() {
        assert!(all_valid(&MARKS));
        assert!(HANDLER.is_valid());
    }

    #[test]
    fn boto3_scripts_and_handlers() {
        let script = "import boto3\n\ndef main():\n    ec2 = boto3.client('ec2')\n";
        assert_eq!(
            found(scan, Some(Language::Py), FileRole::Program, None, script),
            [(1, 1.0)]
        );
        let handler = "import boto3\n\ndef lambda_handler(event, context):\n    return {}\n";
        assert_eq!(
            found(scan, Some(Language::Py), FileRole::Program, None, handler),
            [(1, 0.3)]
        );
    }

    #[test]
    fn aws_cli_in_scripts_only() {
        let text = "#!/bin/bash\naws ec2 describe-volumes --filters Name=status,Values=available\n";
        assert_eq!(
            found(scan, Some(Language::Sh), FileRole::Program, None, text),
            [(2, 0.8)]
        );
        assert!(found(
            scan,
            Some(Language::Sh),
            FileRole::Commands,
            None,
            "aws s3api list-buckets"
        )
        .is_empty());
    }
}
