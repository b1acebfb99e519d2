//! The repository's integration files (.pre-commit-hooks.yaml, action.yml, the example
//! workflow, the Dockerfile) checked against the real command line and the repository: a hook or
//! an action whose iacgrade arguments no longer parse, or a Dockerfile copying a folder that
//! moved, fails here rather than in a user's pipeline.

use std::path::PathBuf;

use clap::Parser;

use crate::cli::Cli;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repository().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(path: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parses(argv: &[&str]) {
    if let Err(e) = Cli::try_parse_from(argv) {
        panic!("{argv:?} does not parse: {e}");
    }
}

#[test]
fn the_pre_commit_hook_runs_an_entry_of_the_repository_with_arguments_review_takes() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    assert!(!hooks.is_empty());
    for hook in hooks {
        for key in ["id", "name", "entry", "language"] {
            assert!(hook[key].as_str().is_some(), "hook without {key}");
        }
        assert_eq!(hook["language"].as_str(), Some("script"));
        let entry = hook["entry"].as_str().expect("entry");
        let script = repository().join(entry);
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&script)
                .expect("the entry exists")
                .permissions(),
        );
        assert!(mode & 0o111 != 0, "{entry} is executable");
        assert!(
            read(entry).contains("\"$IACGRADE\" review \"$task\""),
            "{entry} runs iacgrade review on each task"
        );
        let args: Vec<&str> = hook["args"]
            .as_sequence()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        // The script's own separator ends the options; the rest are file names.
        assert_eq!(args.last(), Some(&"--"), "args end with --");
        let mut argv = vec!["iacgrade", "review", "some/task"];
        argv.extend(&args[..args.len() - 1]);
        parses(&argv);
    }
}

#[test]
fn the_action_is_a_composite_whose_iacgrade_command_lines_parse() {
    let action = yaml("action.yml");
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some(), "action.yml without {key}");
    }
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    for step in steps {
        // A composite step that runs a script must name its shell.
        if step["run"].is_string() {
            assert!(
                step["shell"].is_string(),
                "a run step without shell: {step:?}"
            );
        } else {
            assert!(
                step["uses"].is_string(),
                "a step neither runs nor uses: {step:?}"
            );
        }
    }
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))),
        "the action uploads the SARIF"
    );
    // Every input the steps read is declared.
    let inputs = action["inputs"].as_mapping().expect("inputs");
    let text = read("action.yml");
    for (at, _) in text.match_indices("inputs.") {
        let name: String = text[at + "inputs.".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            inputs.contains_key(serde_yaml::Value::String(name.clone())),
            "inputs.{name} is not declared"
        );
    }
    // The command line of the judging step, with every allowed command and gate.
    let judge = steps
        .iter()
        .find(|s| s["id"].as_str() == Some("judge"))
        .expect("a judge step");
    let run = judge["run"].as_str().expect("run");
    assert!(run.contains(
        "iacgrade \"$COMMAND\" \"$TASKS\" --format sarif --output \"$SARIF\" --fail-on \"$FAIL_ON\""
    ));
    for command in ["corpus", "review"] {
        for gate in ["critical", "high", "medium", "low", "never"] {
            parses(&[
                "iacgrade",
                command,
                "tasks",
                "--format",
                "sarif",
                "--output",
                "out.sarif",
                "--fail-on",
                gate,
            ]);
        }
    }
    let default_gate = inputs[&serde_yaml::Value::from("fail-on")]["default"]
        .as_str()
        .expect("a default gate");
    parses(&["iacgrade", "corpus", ".", "--fail-on", default_gate]);
}

#[test]
fn the_example_workflow_uses_the_action_and_may_upload_sarif() {
    let workflow = yaml("examples/workflows/iacgrade.yml");
    assert_eq!(
        workflow["permissions"]["security-events"].as_str(),
        Some("write"),
        "code scanning needs security-events: write"
    );
    let text = read("examples/workflows/iacgrade.yml");
    assert!(text.contains("uses: iacgrade/iacgrade@"));
}

#[test]
fn every_copy_source_of_the_dockerfile_exists() {
    let dockerfile = read("Dockerfile");
    let mut copies = 0;
    for line in dockerfile.lines() {
        let Some(rest) = line.trim().strip_prefix("COPY ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        // Copies from another stage name that stage's files, not the repository's.
        if words.iter().any(|w| w.starts_with("--from=")) {
            continue;
        }
        let sources: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !w.starts_with("--"))
            .collect();
        for source in &sources[..sources.len().saturating_sub(1)] {
            copies += 1;
            assert!(
                repository().join(source).exists(),
                "the Dockerfile copies {source}, which the repository lacks"
            );
        }
    }
    assert!(copies >= 4, "the Dockerfile copies the sources");
    // The build must not copy what .dockerignore leaves out of the context.
    let ignored = read(".dockerignore");
    assert!(ignored.lines().any(|l| l.trim() == "target"));
    // The runtime stage sets up the toolchains with the command this binary has.
    parses(&["iacgrade", "setup", "--prefix", "/opt/iacgrade/toolchains"]);
    parses(&["iacgrade", "doctor"]);
}
