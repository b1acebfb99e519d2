//! Platform signs in a drawn directory tree: `*.tf` files (Terraform), cdk.json (CDK),
//! cdktf.json (CDKTF), Pulumi.yaml (Pulumi), a TapStack template (CloudFormation). Weak by
//! design: a layout says what the project is meant to be, not what the answer delivers.

use iacgrade_task::Platform;

use super::{FileView, Signal};
use crate::file_role::FileRole;
use crate::project_layout::{file_name, tree_entries};

/// Strength of a file name in a tree.
const LAYOUT_STRENGTH: f64 = 0.3;

fn platform_of(name: &str) -> Option<Platform> {
    if name.ends_with(".tf") {
        Some(Platform::Tf)
    } else if name == "cdk.json" {
        Some(Platform::Cdk)
    } else if name == "cdktf.json" {
        Some(Platform::Cdktf)
    } else if name.starts_with("pulumi.") && (name.ends_with(".yaml") || name.ends_with(".yml")) {
        Some(Platform::Pulumi)
    } else if matches!(name, "tapstack.yml" | "tapstack.yaml" | "tapstack.json") {
        Some(Platform::Cfn)
    } else {
        None
    }
}

pub(crate) fn scan(view: &FileView) -> Vec<Signal> {
    if view.role != FileRole::Other {
        return Vec::new();
    }
    tree_entries(&view.file.text)
        .iter()
        .filter_map(|entry| {
            Some(Signal {
                platform: platform_of(&file_name(entry))?,
                strength: LAYOUT_STRENGTH,
                line: entry.line,
                text: entry.text.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::test_support::found;

    #[test]
    fn terraform_and_cdk_layouts() {
        let tf = "lib/\n├── main.tf          # resources\n└── variables.tf\n";
        assert_eq!(
            found(scan, None, FileRole::Other, None, tf),
            [(2, 0.3), (3, 0.3)]
        );
        let cdk = "├── cdk.json\n└── lib/\n    └── tap-stack.ts\n";
        assert_eq!(found(scan, None, FileRole::Other, None, cdk), [(1, 0.3)]);
    }

    #[test]
    fn only_drawings_count() {
        assert!(found(
            scan,
            Some(iacgrade_task::Language::Hcl),
            FileRole::Program,
            None,
            "├── main.tf"
        )
        .is_empty());
    }
}
