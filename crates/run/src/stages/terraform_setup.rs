//! What Terraform needs around an answer to run offline and against the emulator: a CLI
//! configuration that installs providers from a local mirror, the reading of `terraform init`'s
//! complaints about providers it could not find, the provider versions the lock file records,
//! and the override file that points every `aws` provider at the emulator (the idea of
//! LocalStack's `tflocal`).

use std::path::{Path, PathBuf};

use crate::options::ToolPaths;

/// The provider version whose endpoint names [`ENDPOINT_NAMES`] lists.
pub const ENDPOINTS_PROVIDER_VERSION: &str = "5.100.";

/// The `endpoints` service names of the hashicorp/aws provider (one per line, `#` comments).
const ENDPOINT_NAMES: &str = include_str!("aws_provider_endpoints.txt");

/// The environment variable naming a provider mirror, for callers without the command line.
pub const PLUGINS_VARIABLE: &str = "IACGRADE_TERRAFORM_PLUGINS";

/// Places a provider mirror is commonly kept: Terraform's own implied local mirror folders,
/// then shared installations of machines set up for offline use.
const CONVENTIONAL_MIRRORS: &[&str] = &[
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    "/opt/tf-plugins",
    "/opt/terraform/plugins",
];

/// True when `dir` is a provider mirror: it holds at least one provider host folder.
fn is_mirror(dir: &Path) -> bool {
    dir.join("registry.terraform.io").is_dir() || dir.join("registry.opentofu.org").is_dir()
}

fn expand_home(raw: &str) -> Option<PathBuf> {
    match raw.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(rest)),
        None => Some(PathBuf::from(raw)),
    }
}

/// The provider mirror to install from: the one asked for, else `IACGRADE_TERRAFORM_PLUGINS`,
/// the plugin cache of `TF_PLUGIN_CACHE_DIR`, then the conventional places.
pub fn find_mirror(tools: &ToolPaths) -> Option<PathBuf> {
    if let Some(dir) = &tools.terraform_plugins {
        return Some(dir.clone());
    }
    let from_env = [PLUGINS_VARIABLE, "TF_PLUGIN_CACHE_DIR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from);
    let conventional = CONVENTIONAL_MIRRORS.iter().filter_map(|p| expand_home(p));
    from_env.chain(conventional).find(|d| is_mirror(d))
}

/// The providers a mirror holds, as "namespace/type version" (for reports).
pub fn mirror_contents(mirror: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let host = mirror.join("registry.terraform.io");
    let read = |d: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .map(|r| {
                r.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    for namespace in read(&host) {
        for kind in read(&host.join(&namespace)) {
            for version in read(&host.join(&namespace).join(&kind)) {
                out.push(format!("{namespace}/{kind} {version}"));
            }
        }
    }
    out
}

/// Writes the CLI configuration of a run into `scratch` and returns its path. With a mirror,
/// providers come from it only (nothing is downloaded); without one, from the caller's own CLI
/// configuration when it exists, else the registry through the caller's plugin cache.
pub fn write_cli_config(scratch: &Path, mirror: Option<&Path>) -> Result<PathBuf, String> {
    std::fs::create_dir_all(scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let path = scratch.join("terraform.tfrc");
    let text = match mirror {
        Some(dir) => format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path = {}\n  }}\n}}\n",
            hcl_string(&dir.display().to_string())
        ),
        None => {
            if let Some(own) = std::env::var_os("TF_CLI_CONFIG_FILE").map(PathBuf::from) {
                if own.is_file() {
                    return Ok(own);
                }
            }
            let cache = expand_home("~/.terraform.d/plugin-cache").filter(|d| d.is_dir());
            match cache {
                Some(dir) => format!(
                    "plugin_cache_dir = {}\n",
                    hcl_string(&dir.display().to_string())
                ),
                None => String::new(),
            }
        }
    };
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// A quoted HCL string.
fn hcl_string(raw: &str) -> String {
    let escaped = raw
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("${", "$${");
    format!("\"{escaped}\"")
}

/// What `terraform init` could not install, when the cause is a provider missing offline:
/// "provider hashicorp/aws ~> 4.0" or "provider hashicorp/random".
pub fn providers_missing_offline(log: &str) -> Vec<String> {
    let text = log.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut missing = Vec::new();
    // "Could not retrieve the list of available versions for provider hashicorp/aws: no
    // available releases match the given constraints ~> 4.0"
    for part in text.split("available versions for provider ").skip(1) {
        let Some((name, rest)) = part.split_once(": ") else {
            continue;
        };
        if let Some(constraint) =
            rest.strip_prefix("no available releases match the given constraints ")
        {
            let constraint: String = constraint
                .split("To see which modules")
                .next()
                .unwrap_or(constraint)
                .split(" Error:")
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            missing.push(format!("provider {name} {constraint}"));
        } else if rest.contains("was not found in any of the search locations") {
            missing.push(format!("provider {name}"));
        }
    }
    missing.dedup();
    missing
}

/// The provider versions `terraform init` chose, from `.terraform.lock.hcl`:
/// ("hashicorp/aws", "5.100.0").
pub fn locked_providers(config_dir: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(config_dir.join(".terraform.lock.hcl")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("provider \"") {
            let address = rest.split('"').next().unwrap_or("");
            let short = address
                .strip_prefix("registry.terraform.io/")
                .unwrap_or(address);
            current = Some(short.to_string());
        } else if let (Some(name), Some(rest)) = (&current, line.strip_prefix("version")) {
            let version = rest.trim().trim_start_matches('=').trim().trim_matches('"');
            out.push((name.clone(), version.to_string()));
            current = None;
        }
    }
    out
}

/// The `aws` provider configurations of the files in `config_dir`: `None` for the default one,
/// `Some(alias)` for each aliased one.
pub fn aws_provider_blocks(config_dir: &Path) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(config_dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("zz_iacgrade"))
        })
        .collect();
    files.sort();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for body in provider_bodies(&text, "aws") {
            let alias = alias_of(body);
            if !out.contains(&alias) {
                out.push(alias);
            }
        }
    }
    out
}

/// The bodies (between the braces) of the `provider "NAME"` blocks of one file.
fn provider_bodies<'t>(text: &'t str, name: &str) -> Vec<&'t str> {
    const KEYWORD: &str = "provider";
    let mut bodies = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find(KEYWORD) {
        let start = pos + i;
        pos = start + KEYWORD.len();
        // Only a block at the start of its line: not `required_providers`, not a comment.
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        if !text[line_start..start].trim().is_empty() {
            continue;
        }
        let Some(open_rel) = text[pos..].find('{') else {
            break;
        };
        let label = text[pos..pos + open_rel].trim().trim_matches('"');
        if label != name {
            continue;
        }
        let open = pos + open_rel;
        let Some(close) = matching_brace(text, open) else {
            break;
        };
        bodies.push(&text[open + 1..close]);
        pos = close;
    }
    bodies
}

/// The index of the `}` closing the `{` at `open`, skipping strings and comments.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_string = false;
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'#' || (c == b'/' && bytes.get(i + 1) == Some(&b'/')) {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'{' {
            depth += 1;
        } else if c == b'}' {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// The `alias = "x"` of a provider block's body (at its top level).
fn alias_of(body: &str) -> Option<String> {
    let mut depth = 0i32;
    for line in body.lines() {
        let trimmed = line.trim();
        if depth == 0 {
            if let Some(rest) = trimmed.strip_prefix("alias") {
                let value = rest.trim_start();
                // The quoted name only: a comment may follow it.
                let quoted = value
                    .strip_prefix('=')
                    .and_then(|v| v.trim().strip_prefix('"'))
                    .and_then(|v| v.split_once('"'))
                    .map(|(name, _)| name);
                if let Some(name) = quoted.filter(|n| !n.is_empty()) {
                    return Some(name.to_string());
                }
            }
        }
        depth += trimmed.matches('{').count() as i32 - trimmed.matches('}').count() as i32;
    }
    None
}

/// The settings every `aws` provider gets against the emulator: dummy credentials, no account
/// or region lookups, path-style S3, and `endpoints` for every service when the provider's
/// version is the one whose names are known (other versions read `AWS_ENDPOINT_URL`).
fn emulator_settings(endpoint: &str, with_endpoints: bool) -> String {
    let mut text = String::from(
        "  access_key                  = \"testing\"\n  secret_key                  = \"testing\"\n  skip_credentials_validation = true\n  skip_metadata_api_check     = true\n  skip_requesting_account_id  = true\n  skip_region_validation      = true\n  s3_use_path_style           = true\n",
    );
    if with_endpoints {
        text.push_str("  endpoints {\n");
        for name in ENDPOINT_NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            text.push_str(&format!("    {name} = {}\n", hcl_string(endpoint)));
        }
        text.push_str("  }\n");
    }
    text
}

/// The files that point the configuration at the emulator, as (file name, text): an override
/// file for the state backend and each `aws` provider the answer configures, and a provider
/// file of its own when the answer configures no default `aws` provider.
pub fn emulator_files(
    providers: &[Option<String>],
    endpoint: &str,
    region: &str,
    with_endpoints: bool,
) -> Vec<(String, String)> {
    let settings = emulator_settings(endpoint, with_endpoints);
    // State stays in the workspace: a remote backend of the answer is replaced.
    let mut overrides = String::from("terraform {\n  backend \"local\" {}\n}\n");
    for alias in providers {
        overrides.push_str("\nprovider \"aws\" {\n");
        if let Some(alias) = alias {
            overrides.push_str(&format!("  alias = {}\n", hcl_string(alias)));
        }
        overrides.push_str(&settings);
        overrides.push_str("}\n");
    }
    let mut files = vec![("zz_iacgrade_override.tf".to_string(), overrides)];
    if !providers.contains(&None) {
        files.push((
            "zz_iacgrade_provider.tf".to_string(),
            format!(
                "provider \"aws\" {{\n  region = {}\n{settings}}}\n",
                hcl_string(region)
            ),
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_providers_init_could_not_find_offline() {
        let log = "Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider hashicorp/aws:\nno available releases match the given constraints ~> 4.0\n\nTo see which modules are currently depending on hashicorp/aws and what\nversions are specified, run the following command:\n    terraform providers\n\nError: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider\nhashicorp/random: provider registry.terraform.io/hashicorp/random was not\nfound in any of the search locations\n\n  - /opt/tf-plugins\n";
        assert_eq!(
            providers_missing_offline(log),
            ["provider hashicorp/aws ~> 4.0", "provider hashicorp/random"]
        );
        assert!(
            providers_missing_offline("Terraform has been successfully initialized!").is_empty()
        );
    }

    #[test]
    fn reads_the_lock_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(".terraform.lock.hcl"),
            "provider \"registry.terraform.io/hashicorp/aws\" {\n  version     = \"5.100.0\"\n  constraints = \">= 5.0.0\"\n}\n",
        )
        .expect("write");
        assert_eq!(
            locked_providers(dir.path()),
            [("hashicorp/aws".to_string(), "5.100.0".to_string())]
        );
    }

    #[test]
    fn finds_default_and_aliased_aws_providers() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("providers.tf"),
            "provider \"aws\" {\n  region = var.region\n  default_tags {\n    tags = { alias = \"no\" }\n  }\n}\n\nprovider \"aws\" {\n  alias  = \"west\" # second region\n  region = \"us-west-2\"\n}\n# provider \"aws\" in a comment is ignored\n",
        )
        .expect("write");
        assert_eq!(
            aws_provider_blocks(dir.path()),
            [None, Some("west".to_string())]
        );
        let files = emulator_files(
            &[Some("west".into())],
            "http://127.0.0.1:5000",
            "eu-west-1",
            true,
        );
        assert_eq!(files.len(), 2, "no default provider: one is supplied");
        assert!(files[0].1.contains("alias = \"west\""));
        assert!(files[0].1.contains("    s3 = \"http://127.0.0.1:5000\""));
        assert!(
            !files[0].1.contains("s3api"),
            "aliases of a service are left out"
        );
        assert!(files[1].1.contains("region = \"eu-west-1\""));
    }

    #[test]
    fn the_cli_configuration_installs_from_the_mirror_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write_cli_config(dir.path(), Some(Path::new("/opt/tf-plugins"))).expect("write");
        let text = std::fs::read_to_string(path).expect("read");
        assert!(text.contains("filesystem_mirror"));
        assert!(text.contains("path = \"/opt/tf-plugins\""));
        assert!(!text.contains("direct"));
    }
}
