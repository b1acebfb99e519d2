//! The environment every stage's processes get.
//!
//! Against the emulator (the default) the caller's AWS identity must not reach a stage: a test
//! that calls AWS would otherwise act on a real account with real credentials. So every
//! `AWS_*` variable of the caller is dropped, dummy credentials are set, the shared config and
//! credentials files point at empty files of the workspace (so `~/.aws` is never read), the
//! instance-metadata lookup is disabled, and `AWS_ENDPOINT_URL` points at the emulator. Only
//! [`AwsTarget::RealAccount`], asked for explicitly, passes the caller's AWS variables through.
//!
//! Nothing else of the caller's environment passes either: the environment is built from an
//! allow-list ([`INHERITED_VARIABLES`]: locale, time zone, and `PATH` when tools are looked up
//! there), so that tokens and keys of any name (`OPENAI_API_KEY`, `GITHUB_TOKEN`...) stay
//! out. `HOME` is the stage's own empty folder.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::options::{AwsTarget, ToolPaths};

/// Variables that carry an identity or a secret without the `AWS_` prefix.
const SECRET_VARIABLES: &[&str] = &[
    "PULUMI_ACCESS_TOKEN",
    "PULUMI_CONFIG_PASSPHRASE",
    "TF_TOKEN_app_terraform_io",
    "ARM_CLIENT_SECRET",
    "GOOGLE_APPLICATION_CREDENTIALS",
];

/// The caller's variables a stage sees (besides the AWS ones of a real-account run).
pub const INHERITED_VARIABLES: &[&str] = &["LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ"];

/// Dummy credentials the emulator accepts (it checks none).
pub const EMULATOR_ACCESS_KEY: &str = "testing";
pub const EMULATOR_SECRET_KEY: &str = "testing";

/// What the stage environment is made of.
#[derive(Debug, Clone)]
pub struct StageEnvironment {
    pub aws: AwsTarget,
    pub region: String,
    pub environment_suffix: String,
    /// The emulator's URL, once it runs.
    pub endpoint: Option<String>,
    /// Folder for the empty AWS config and credentials files.
    pub scratch: PathBuf,
    pub workspace: PathBuf,
    pub tools: ToolPaths,
    /// The stage's `HOME`: the sandbox's empty tmpfs, or an empty folder of the run.
    pub home: PathBuf,
}

impl StageEnvironment {
    /// The full environment of a child process, built from `inherited` (the caller's).
    pub fn build<I>(&self, inherited: I) -> Vec<(OsString, OsString)>
    where
        I: IntoIterator<Item = (OsString, OsString)>,
    {
        let real = self.aws == AwsTarget::RealAccount;
        let mut env: Vec<(OsString, OsString)> = inherited
            .into_iter()
            .filter(|(k, _)| {
                let key = k.to_string_lossy();
                let aws = key.starts_with("AWS_") || key.starts_with("AMAZON_");
                let allowed = INHERITED_VARIABLES.contains(&key.as_ref()) || key == "PATH";
                let secret = SECRET_VARIABLES.contains(&key.as_ref());
                allowed || (real && aws && !secret)
            })
            .collect();
        let caller_has_region = env.iter().any(|(k, _)| k == "AWS_REGION");
        let mut set = |k: &str, v: OsString| {
            env.retain(|(key, _)| key != k);
            env.push((k.into(), v));
        };
        if !real {
            set("AWS_ACCESS_KEY_ID", EMULATOR_ACCESS_KEY.into());
            set("AWS_SECRET_ACCESS_KEY", EMULATOR_SECRET_KEY.into());
            set(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.scratch.join("aws-credentials").into(),
            );
            set("AWS_CONFIG_FILE", self.scratch.join("aws-config").into());
            set("AWS_EC2_METADATA_DISABLED", "true".into());
            if let Some(endpoint) = &self.endpoint {
                set("AWS_ENDPOINT_URL", endpoint.into());
            }
        }
        if !real || !caller_has_region {
            set("AWS_REGION", self.region.clone().into());
            set("AWS_DEFAULT_REGION", self.region.clone().into());
        }
        set("HOME", self.home.clone().into());
        set("USER", "sandbox".into());
        set("TMPDIR", "/tmp".into());
        set("ENVIRONMENT_SUFFIX", self.environment_suffix.clone().into());
        set("CI", "true".into());
        set("FORCE_COLOR", "0".into());
        set("NO_COLOR", "1".into());
        set("PYTHONDONTWRITEBYTECODE", "1".into());
        // The project root (for `lib.x` imports) and lib/ (for modules that import their
        // siblings by bare name, as they do when run from lib/).
        set(
            "PYTHONPATH",
            std::env::join_paths([self.workspace.clone(), self.workspace.join("lib")])
                .unwrap_or_else(|_| self.workspace.clone().into_os_string()),
        );
        set("PULUMI_SKIP_UPDATE_CHECK", "true".into());
        set("PULUMI_CONFIG_PASSPHRASE", "".into());
        set("CHECKPOINT_DISABLE", "1".into());
        // ts-node (CDK apps, Pulumi programs) only transpiles: type errors are the build
        // stage's finding (tsc), and checking the CDK's types again costs a minute a run.
        set("TS_NODE_TRANSPILE_ONLY", "true".into());
        let mut path: Vec<PathBuf> = Vec::new();
        if let Some(venv) = &self.tools.venv {
            path.push(venv.join("bin"));
            set("VIRTUAL_ENV", venv.clone().into());
        }
        if let Some(modules) = &self.tools.node_modules {
            path.push(modules.join(".bin"));
            set("NODE_PATH", modules.clone().into());
        }
        let inherited_path = env
            .iter()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| v.clone());
        if self.tools.use_path {
            if let Some(p) = inherited_path {
                path.extend(std::env::split_paths(&p));
            }
        } else {
            path.extend([PathBuf::from("/usr/bin"), PathBuf::from("/bin")]);
        }
        let joined = std::env::join_paths(path).unwrap_or_default();
        env.retain(|(k, _)| k != "PATH");
        env.push(("PATH".into(), joined));
        env
    }

    /// Writes the empty config and credentials files the emulator environment points at.
    pub fn prepare(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.scratch)?;
        std::fs::write(self.scratch.join("aws-credentials"), "")?;
        std::fs::write(self.scratch.join("aws-config"), "")?;
        Ok(())
    }
}

/// The caller's environment.
pub fn inherited() -> Vec<(OsString, OsString)> {
    std::env::vars_os().collect()
}

/// True when `path` names a file that can be executed.
pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage_env(aws: AwsTarget) -> StageEnvironment {
        StageEnvironment {
            aws,
            region: "eu-west-1".into(),
            environment_suffix: "run42".into(),
            endpoint: Some("http://127.0.0.1:5000".into()),
            scratch: "/tmp/x".into(),
            workspace: "/tmp/w".into(),
            tools: ToolPaths::default(),
            home: "/home/sandbox".into(),
        }
    }

    fn caller() -> Vec<(OsString, OsString)> {
        [
            ("AWS_ACCESS_KEY_ID", "AKIAREALKEY"),
            ("AWS_SECRET_ACCESS_KEY", "real-secret"),
            ("AWS_SESSION_TOKEN", "real-token"),
            ("AWS_PROFILE", "prod"),
            ("PULUMI_ACCESS_TOKEN", "pul-123"),
            ("PATH", "/usr/bin"),
            ("HOME", "/root"),
            ("OPENAI_API_KEY", "sk-planted"),
            ("GITHUB_TOKEN", "ghp_planted"),
            ("LANG", "C.UTF-8"),
        ]
        .iter()
        .map(|(k, v)| (OsString::from(k), OsString::from(v)))
        .collect()
    }

    fn get<'a>(env: &'a [(OsString, OsString)], key: &str) -> Option<&'a str> {
        env.iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.to_str())
    }

    #[test]
    fn emulator_runs_never_see_the_callers_credentials() {
        let env = stage_env(AwsTarget::Emulator).build(caller());
        assert_eq!(get(&env, "AWS_ACCESS_KEY_ID"), Some("testing"));
        assert_eq!(get(&env, "AWS_SESSION_TOKEN"), None);
        assert_eq!(get(&env, "AWS_PROFILE"), None);
        assert_eq!(get(&env, "PULUMI_ACCESS_TOKEN"), None);
        assert_eq!(get(&env, "AWS_CONFIG_FILE"), Some("/tmp/x/aws-config"));
        assert_eq!(get(&env, "AWS_ENDPOINT_URL"), Some("http://127.0.0.1:5000"));
        assert_eq!(get(&env, "ENVIRONMENT_SUFFIX"), Some("run42"));
        assert_eq!(get(&env, "HOME"), Some("/home/sandbox"));
        assert_eq!(get(&env, "OPENAI_API_KEY"), None);
        assert_eq!(get(&env, "GITHUB_TOKEN"), None);
        assert_eq!(get(&env, "LANG"), Some("C.UTF-8"));
    }

    #[test]
    fn a_real_account_run_keeps_them_and_has_no_endpoint() {
        let env = stage_env(AwsTarget::RealAccount).build(caller());
        assert_eq!(get(&env, "AWS_ACCESS_KEY_ID"), Some("AKIAREALKEY"));
        assert_eq!(get(&env, "AWS_PROFILE"), Some("prod"));
        assert_eq!(get(&env, "AWS_ENDPOINT_URL"), None);
        assert_eq!(get(&env, "PULUMI_ACCESS_TOKEN"), None);
        assert_eq!(get(&env, "OPENAI_API_KEY"), None);
    }
}
