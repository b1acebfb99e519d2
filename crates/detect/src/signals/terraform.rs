//! Terraform (HCL): `resource`, `data`, `provider` and `terraform` blocks, with variables,
//! outputs, modules and locals as weaker signs, and `terraform apply` in shell.

use std::sync::LazyLock;

use iacgrade_task::{Language, Platform};

use super::{scan_marks, FileView, Mark, Marks, Signal};

const HCL: &[Language] = &[Language::Hcl];

pub(super) static MARKS: LazyLock<Marks> = LazyLock::new(|| {
    Marks::new(vec![
        Mark::code(
            HCL,
            1.0,
            "\"",
            r#"^\s*(resource|data)\s+"[\w-]+"\s+"[\w-]+"\s*\{"#,
        ),
        Mark::code(HCL, 1.0, "provider", r#"^\s*provider\s+"[\w-]+"\s*\{"#),
        Mark::code(HCL, 1.0, "terraform", r"^\s*terraform\s*\{"),
        Mark::code(
            HCL,
            0.8,
            "\"",
            r#"^\s*(variable|output|module)\s+"[\w-]+"\s*\{"#,
        ),
        Mark::code(HCL, 0.6, "locals", r"^\s*locals\s*\{"),
        // terraform.tfvars: assignments only
        Mark::code(
            HCL,
            0.4,
            "=",
            r#"^\s*\w+\s*=\s*("|\d|true\b|false\b|\[|\{)"#,
        ),
        Mark::shell(
            0.5,
            "terraform",
            r"^\s*(\$\s+)?terraform\s+(init|plan|apply|validate|fmt|destroy|workspace)\b",
        ),
    ])
});

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    scan_marks(view, Platform::Tf, &MARKS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_role::FileRole;
    use crate::signals::test_support::{all_valid, found};

    #[test]
    fn every_pattern_compiles() {
        assert!(all_valid(&MARKS));
    }

    #[test]
    fn blocks() {
        let text = "terraform {\n  required_version = \">= 1.5\"\n}\n\nprovider \"aws\" {\n  region = var.region\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n}\n# resource \"aws_x\" \"y\" {\nvariable \"region\" {\n}";
        let lines: Vec<usize> = found(scan, Some(Language::Hcl), FileRole::Program, None, text)
            .iter()
            .filter(|(_, s)| *s >= 0.8)
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(lines, [1, 5, 9, 12]);
    }

    #[test]
    fn only_hcl_counts() {
        let text = "resource \"aws_s3_bucket\" \"logs\" {";
        assert!(found(scan, Some(Language::Py), FileRole::Program, None, text).is_empty());
    }
}
