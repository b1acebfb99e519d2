//! `doctor`: what `run` would use here. For each platform and stage, the programs and packages
//! the stage calls (where each is found and its version) and what is missing; the sandbox,
//! Terraform with its provider mirror, and the AWS emulator. Reads, never installs.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use iacgrade_run::ToolPaths;

use crate::cli::DoctorArgs;

/// Something a stage calls.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// An executable, found as the run finds it (venv, node_modules, PATH).
    Program(&'static str),
    /// A Node package in the toolchains' node_modules.
    NodePackage(&'static str),
    /// A Python distribution in the toolchains' venv.
    PythonPackage(&'static str),
}

/// The stages of one platform and language, and what each calls, as crates/run/src/stages
/// does. Alternatives are not listed: the first the stage tries is.
struct PlatformNeeds {
    label: &'static str,
    stages: &'static [(&'static str, &'static [Need])],
}

use Need::{NodePackage, Program, PythonPackage};

const EMULATOR: Need = Program("moto_server");

const PLATFORMS: &[PlatformNeeds] = &[
    PlatformNeeds {
        label: "CloudFormation (yaml, json)",
        stages: &[
            ("lint", &[Program("cfn-lint")]),
            ("unit", &[Program("python"), Program("pytest")]),
            ("deploy", &[EMULATOR]),
        ],
    },
    PlatformNeeds {
        label: "Terraform (hcl)",
        stages: &[
            ("lint", &[Program("terraform")]),
            ("build", &[Program("terraform")]),
            ("deploy", &[Program("terraform"), EMULATOR]),
        ],
    },
    PlatformNeeds {
        label: "CDK (ts)",
        stages: &[
            (
                "lint",
                &[Program("eslint"), NodePackage("typescript-eslint")],
            ),
            ("build", &[Program("tsc")]),
            (
                "synth",
                &[Program("cdk"), Program("node"), NodePackage("aws-cdk-lib")],
            ),
            ("unit", &[Program("jest"), NodePackage("ts-jest")]),
            ("deploy", &[EMULATOR]),
        ],
    },
    PlatformNeeds {
        label: "CDK (py)",
        stages: &[
            ("lint", &[Program("ruff")]),
            ("build", &[Program("python")]),
            (
                "synth",
                &[
                    Program("cdk"),
                    Program("python"),
                    PythonPackage("aws-cdk-lib"),
                ],
            ),
            ("unit", &[Program("pytest")]),
            ("deploy", &[EMULATOR]),
        ],
    },
    PlatformNeeds {
        label: "CDKTF (ts)",
        stages: &[
            ("lint", &[Program("eslint")]),
            ("build", &[Program("tsc")]),
            ("synth", &[Program("node"), NodePackage("cdktf")]),
            ("unit", &[Program("jest")]),
        ],
    },
    PlatformNeeds {
        label: "CDKTF (py)",
        stages: &[
            ("lint", &[Program("ruff")]),
            ("build", &[Program("python")]),
            ("synth", &[Program("python"), PythonPackage("cdktf")]),
            ("unit", &[Program("pytest")]),
        ],
    },
    PlatformNeeds {
        label: "Pulumi (ts)",
        stages: &[
            ("lint", &[Program("eslint")]),
            ("build", &[Program("tsc")]),
            ("synth", &[Program("node"), NodePackage("@pulumi/pulumi")]),
            ("unit", &[Program("jest")]),
            ("deploy", &[Program("pulumi"), EMULATOR]),
        ],
    },
    PlatformNeeds {
        label: "Pulumi (py)",
        stages: &[
            ("lint", &[Program("ruff")]),
            ("build", &[Program("python")]),
            ("synth", &[Program("python"), PythonPackage("pulumi")]),
            ("unit", &[Program("pytest")]),
            ("deploy", &[Program("pulumi"), EMULATOR]),
        ],
    },
];

/// What doctor learns about the machine outside the toolchain folders; gathered apart so that
/// the report can be rendered for a made-up machine in tests.
pub struct Host {
    /// The sandbox: bwrap's path when it can build the namespaces, else why not.
    pub sandbox: Result<PathBuf, String>,
    /// The Terraform provider mirror the run would install from.
    pub terraform_mirror: Option<PathBuf>,
}

impl Host {
    fn probe(tools: &ToolPaths) -> Host {
        Host {
            sandbox: iacgrade_run::sandbox::check(),
            terraform_mirror: iacgrade_run::terraform_mirror(tools),
        }
    }
}

/// One need as found here.
struct Found {
    name: String,
    place: Option<PathBuf>,
    version: Option<String>,
}

impl Found {
    fn show(&self) -> String {
        match (&self.place, &self.version) {
            (Some(p), Some(v)) => format!("{} {} ({v})", self.name, p.display()),
            (Some(p), None) => format!("{} {}", self.name, p.display()),
            (None, _) => format!("{} MISSING", self.name),
        }
    }
}

fn look_up(need: Need, tools: &ToolPaths) -> Found {
    match need {
        Program(name) => {
            let place = if name == "python" {
                tools.find("python").or_else(|| tools.find("python3"))
            } else {
                tools.find(name)
            };
            let version = place.as_deref().and_then(|p| program_version(p, tools));
            Found {
                name: name.to_string(),
                place,
                version,
            }
        }
        NodePackage(name) => {
            let dir = tools.node_modules.as_ref().map(|m| m.join(name));
            let version = dir.as_deref().and_then(package_json_version);
            Found {
                name: name.to_string(),
                place: dir.filter(|_| version.is_some()),
                version,
            }
        }
        PythonPackage(name) => {
            let info = tools.venv.as_deref().and_then(|v| dist_info(v, name));
            Found {
                name: format!("{name} (Python)"),
                version: info.as_ref().map(|(_, v)| v.clone()),
                place: info.map(|(p, _)| p),
            }
        }
    }
}

/// The `version` of the package.json in `dir`.
fn package_json_version(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("package.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get("version")?.as_str().map(str::to_string)
}

/// The installed distribution `name` of a venv: its dist-info folder and version.
fn dist_info(venv: &Path, name: &str) -> Option<(PathBuf, String)> {
    let wanted = name.replace('-', "_").to_ascii_lowercase();
    let lib = std::fs::read_dir(venv.join("lib")).ok()?;
    let mut site_packages: Vec<PathBuf> = lib
        .flatten()
        .map(|e| e.path().join("site-packages"))
        .filter(|p| p.is_dir())
        .collect();
    site_packages.sort();
    for dir in site_packages {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for file in names {
            let Some(stem) = file.strip_suffix(".dist-info") else {
                continue;
            };
            if let Some((dist, version)) = stem.split_once('-') {
                if dist.replace('-', "_").to_ascii_lowercase() == wanted {
                    return Some((dir.join(&file), version.to_string()));
                }
            }
        }
    }
    None
}

/// A program's version: from its package when it is a Node tool of node_modules/.bin,
/// else the first line of `PROGRAM --version` (a few seconds at most).
fn program_version(program: &Path, tools: &ToolPaths) -> Option<String> {
    if let Some(modules) = &tools.node_modules {
        if program.starts_with(modules.join(".bin")) {
            // The link leads into its package; node_modules itself may be a link too.
            let modules = modules.canonicalize().ok()?;
            let target = program.canonicalize().ok()?;
            let package = target
                .ancestors()
                .skip(1)
                .take_while(|d| d.starts_with(&modules) && *d != modules)
                .find(|d| d.join("package.json").is_file())?;
            return package_json_version(package);
        }
    }
    if let Some(venv) = &tools.venv {
        let name = program.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if program.starts_with(venv.join("bin")) && !name.starts_with("python") {
            // A console script's version is its distribution's (moto_server answers
            // --version with its usage).
            let distribution = if name == "moto_server" { "moto" } else { name };
            if let Some((_, version)) = dist_info(venv, distribution) {
                return Some(version);
            }
            if name == "moto_server" {
                return None;
            }
        }
    }
    let flag = if program.file_name().is_some_and(|n| n == "terraform") {
        "version"
    } else {
        "--version"
    };
    first_output_line(program, flag, Duration::from_secs(10))
}

/// The first non-empty line `program flag` prints, or nothing past `limit`.
fn first_output_line(program: &Path, flag: &str, limit: Duration) -> Option<String> {
    let mut child = Command::new(program)
        .arg(flag)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let started = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let output = child.wait_with_output().ok()?;
    let text = if output.stdout.iter().any(|b| !b.is_ascii_whitespace()) {
        output.stdout
    } else {
        output.stderr
    };
    String::from_utf8_lossy(&text)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(80).collect())
}

/// The report, and how many needs are missing (the sandbox counts as one).
pub fn render(tools: &ToolPaths, host: &Host) -> (String, usize) {
    let mut out = String::new();
    let mut missing: Vec<String> = Vec::new();
    let _ = writeln!(out, "toolchains");
    for line in tools.describe() {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "sandbox");
    match &host.sandbox {
        Ok(bwrap) => {
            let version = first_output_line(bwrap, "--version", Duration::from_secs(5));
            let _ = writeln!(
                out,
                "  bwrap {}{}: the sandbox can be built",
                bwrap.display(),
                version.map(|v| format!(" ({v})")).unwrap_or_default()
            );
        }
        Err(why) => {
            missing.push("the sandbox".to_string());
            let _ = writeln!(out, "  MISSING: {why}");
        }
    }
    let _ = writeln!(out, "terraform");
    let terraform = look_up(Program("terraform"), tools);
    let _ = writeln!(out, "  {}", terraform.show());
    match &host.terraform_mirror {
        Some(mirror) => {
            let providers = iacgrade_run::terraform_mirror_contents(mirror);
            let _ = writeln!(
                out,
                "  provider mirror {} ({})",
                mirror.display(),
                if providers.is_empty() {
                    "no provider".to_string()
                } else {
                    providers.join(", ")
                }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  provider mirror: none found (init downloads from the registry; \
                 --terraform-plugins DIR or IACGRADE_TERRAFORM_PLUGINS names one)"
            );
        }
    }
    let _ = writeln!(out, "emulator");
    let _ = writeln!(out, "  {}", look_up(EMULATOR, tools).show());
    let _ = writeln!(out, "stages");
    for platform in PLATFORMS {
        let _ = writeln!(out, "  {}", platform.label);
        for (stage, needs) in platform.stages {
            let found: Vec<Found> = needs.iter().map(|n| look_up(*n, tools)).collect();
            let ready = found.iter().all(|f| f.place.is_some());
            for f in found.iter().filter(|f| f.place.is_none()) {
                if !missing.contains(&f.name) {
                    missing.push(f.name.clone());
                }
            }
            let shown: Vec<String> = found.iter().map(Found::show).collect();
            let _ = writeln!(
                out,
                "    {:<7} {:<11} {}",
                stage,
                if ready { "ready" } else { "not checked" },
                shown.join("; ")
            );
        }
    }
    if missing.is_empty() {
        let _ = writeln!(out, "nothing missing");
    } else {
        let _ = writeln!(
            out,
            "missing: {} (stages that need them report \"not checked\"; `iacgrade setup` \
             installs the Python and Node packages; node, terraform, bubblewrap and the pulumi \
             CLI come from the system)",
            missing.join(", ")
        );
    }
    (out, missing.len())
}

pub fn run(args: &DoctorArgs) -> Result<ExitCode, String> {
    let mut tools = super::run::discover_tools(args.toolchains.as_deref())?;
    if args.terraform_plugins.is_some() {
        tools.terraform_plugins = args.terraform_plugins.clone();
    }
    let host = Host::probe(&tools);
    let (report, missing) = render(&tools, &host);
    // A closed pipe (`iacgrade doctor | head`) ends the output, not the program with a panic.
    let mut stdout = std::io::stdout().lock();
    let _ = std::io::Write::write_all(&mut stdout, report.as_bytes())
        .and_then(|_| std::io::Write::flush(&mut stdout));
    Ok(if args.strict && missing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(path: &Path, says: &str) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, format!("#!/bin/sh\necho '{says}'\n")).expect("write");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    /// A toolchains folder as `iacgrade setup` lays it out, holding only a few of the tools.
    fn partial_toolchains(root: &Path) -> ToolPaths {
        let venv = root.join("venv");
        script(&venv.join("bin/python"), "Python 3.11.9");
        script(&venv.join("bin/ruff"), "ruff 0.17.5");
        script(&venv.join("bin/pytest"), "pytest 9.2.0");
        std::fs::create_dir_all(venv.join("lib/python3.11/site-packages/pulumi-3.272.0.dist-info"))
            .expect("mkdir");
        let modules = root.join("node/node_modules");
        script(&modules.join("typescript/bin/tsc"), "Version 5.9.3");
        std::fs::write(
            modules.join("typescript/package.json"),
            r#"{"name": "typescript", "version": "5.9.3"}"#,
        )
        .expect("write");
        std::fs::create_dir_all(modules.join(".bin")).expect("mkdir");
        std::os::unix::fs::symlink("../typescript/bin/tsc", modules.join(".bin/tsc"))
            .expect("link");
        ToolPaths::locate(&iacgrade_run::ToolchainPlaces {
            given: Some(root.to_path_buf()),
            ..Default::default()
        })
        .map(|paths| ToolPaths {
            use_path: false,
            ..paths
        })
        .expect("found")
    }

    #[test]
    fn doctor_lists_what_each_stage_uses_and_what_is_missing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().canonicalize().expect("canonical");
        let tools = partial_toolchains(&root);
        let host = Host {
            sandbox: Err("the sandbox needs bubblewrap (bwrap), which is not installed".into()),
            terraform_mirror: None,
        };
        let (report, missing) = render(&tools, &host);
        let report = report.replace(&root.display().to_string(), "[TOOLCHAINS]");
        insta::assert_snapshot!("doctor_partial_toolchains", report);
        assert!(missing > 0);
        assert!(report.contains("ruff [TOOLCHAINS]/venv/bin/ruff (ruff 0.17.5)"));
        assert!(report.contains("tsc [TOOLCHAINS]/node/node_modules/.bin/tsc (5.9.3)"));
        assert!(report.contains("pulumi (Python) [TOOLCHAINS]/venv/lib/python3.11/site-packages/pulumi-3.272.0.dist-info (3.272.0)"));
    }
}

#[cfg(test)]
mod drift {
    use super::*;

    /// The run stage's sources: where each program doctor lists must be looked up.
    fn stage_sources() -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../run/src");
        let mut text = String::new();
        for sub in ["stages", "."] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                if entry.path().extension().is_some_and(|e| e == "rs") {
                    text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
                }
            }
        }
        text
    }

    #[test]
    fn every_program_doctor_lists_is_one_a_stage_looks_up() {
        let sources = stage_sources();
        let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let node_pins = std::fs::read_to_string(repository.join("tools/node/package.json"))
            .expect("tools/node/package.json");
        let python_pins =
            std::fs::read_to_string(repository.join("tools/requirements-toolchains.txt"))
                .expect("tools/requirements-toolchains.txt");
        for platform in PLATFORMS {
            for (stage, needs) in platform.stages {
                for need in needs.iter() {
                    let looked_up = match need {
                        Program("python") => sources.contains("tools.python()"),
                        Program("node") => sources.contains("tools.node()"),
                        Program(name) => sources.contains(&format!("find(\"{name}\")")),
                        // Packages: ones `setup` installs.
                        NodePackage(name) => node_pins.contains(&format!("\"{name}\":")),
                        PythonPackage(name) => python_pins.contains(&format!("{name}==")),
                    };
                    assert!(
                        looked_up,
                        "{} {stage}: {need:?} is not looked up by the run stage",
                        platform.label
                    );
                }
            }
        }
    }
}
