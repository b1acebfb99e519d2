use serde::{Deserialize, Serialize};

/// The infrastructure platform a task targets, as metadata.json names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Cdk,
    Cdktf,
    Pulumi,
    Tf,
    Cfn,
    Analysis,
    Cicd,
}

impl Platform {
    pub const ALL: [Platform; 7] = [
        Platform::Cdk,
        Platform::Cdktf,
        Platform::Pulumi,
        Platform::Tf,
        Platform::Cfn,
        Platform::Analysis,
        Platform::Cicd,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Cdk => "cdk",
            Platform::Cdktf => "cdktf",
            Platform::Pulumi => "pulumi",
            Platform::Tf => "tf",
            Platform::Cfn => "cfn",
            Platform::Analysis => "analysis",
            Platform::Cicd => "cicd",
        }
    }

    /// Reads the spellings found in real metadata ("CDK", "terraform", "cloudformation", ...).
    pub fn parse(raw: &str) -> Option<Platform> {
        let norm = raw.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
        Some(match norm.as_str() {
            "cdk" | "awscdk" => Platform::Cdk,
            "cdktf" | "cdkterraform" | "terraformcdk" => Platform::Cdktf,
            "pulumi" => Platform::Pulumi,
            "tf" | "terraform" | "hcl" => Platform::Tf,
            "cfn" | "cloudformation" | "awscloudformation" => Platform::Cfn,
            "analysis" => Platform::Analysis,
            "cicd" | "ci/cd" => Platform::Cicd,
            _ => return None,
        })
    }

    /// The languages the pipeline accepts for this platform (its compatibility matrix).
    pub fn languages(self) -> &'static [Language] {
        use Language::*;
        match self {
            Platform::Cdk => &[Ts, Js, Py, Java, Go],
            Platform::Cdktf => &[Ts, Py, Go, Java],
            Platform::Pulumi => &[Ts, Js, Py, Java, Go],
            Platform::Tf => &[Hcl],
            Platform::Cfn => &[Yaml, Json],
            Platform::Cicd => &[Yaml, Yml],
            Platform::Analysis => &[Py],
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The source language of a task, with the short codes metadata.json uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ts,
    Js,
    Py,
    Java,
    Go,
    Hcl,
    Yaml,
    Yml,
    Json,
    Sh,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ts => "ts",
            Language::Js => "js",
            Language::Py => "py",
            Language::Java => "java",
            Language::Go => "go",
            Language::Hcl => "hcl",
            Language::Yaml => "yaml",
            Language::Yml => "yml",
            Language::Json => "json",
            Language::Sh => "sh",
        }
    }

    /// Reads the spellings found in metadata and in code-fence info strings
    /// ("python", "typescript", "TypeScript", "terraform", "bash", ...).
    pub fn parse(raw: &str) -> Option<Language> {
        let norm = raw.trim().to_ascii_lowercase();
        Some(match norm.as_str() {
            "ts" | "typescript" | "tsx" => Language::Ts,
            "js" | "javascript" | "node" | "nodejs" | "jsx" | "mjs" | "cjs" => Language::Js,
            "py" | "python" | "python3" => Language::Py,
            "java" => Language::Java,
            "go" | "golang" => Language::Go,
            "hcl" | "terraform" | "tf" => Language::Hcl,
            "yaml" => Language::Yaml,
            "yml" => Language::Yml,
            "json" => Language::Json,
            "sh" | "bash" | "shell" | "zsh" => Language::Sh,
            _ => return None,
        })
    }

    /// yaml and yml name the same language; comparisons should not care which was written.
    pub fn same_as(self, other: Language) -> bool {
        self == other
            || matches!(
                (self, other),
                (Language::Yaml, Language::Yml) | (Language::Yml, Language::Yaml)
            )
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
