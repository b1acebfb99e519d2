use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Judges model-written infrastructure-as-code.
///
/// A task is a directory with metadata.json, lib/PROMPT.md, lib/MODEL_RESPONSE.md,
/// lib/IDEAL_RESPONSE.md and the project's files. iacgrade validates it, finds what the model got
/// wrong, explains it and writes the report.
///
/// Exit codes: 0 clean, 1 the gate failed (by default a failed checkpoint, a critical failure of
/// the model or no answer to judge; see --fail-on), 2 usage or I/O error, 3 a task of a corpus
/// could not be judged (an internal error or the time limit).
///
/// iacgrade.toml (in the task folder or above, or --config FILE) takes the keys select,
/// extend-select, ignore, fail-on, policy and a [severity] table.
#[derive(Debug, Parser)]
#[command(name = "iacgrade", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the pipeline's checkpoints (A–F, K) on one task.
    ///
    /// Example: iacgrade check examples/healthcare-analytics
    Check(TaskArgs),
    /// Everything static: checkpoints, the API check and policy rules on both answers, the
    /// model-vs-ideal analysis, and the report of the model's failures.
    ///
    /// Example: iacgrade review examples/healthcare-analytics --format markdown
    Review(ReviewArgs),
    /// Runs `review` (or, with --checks-only, `check`) on every task below DIR, in parallel, one
    /// result per task.
    ///
    /// Tasks that cannot be read still get a result, with `errors`. Example:
    /// iacgrade corpus fixtures/tasks --format jsonl --output corpus.jsonl
    Corpus(CorpusArgs),
    /// Prints the resource graph (IR) of one side of a task, for debugging and for your own tools.
    ///
    /// Example: iacgrade ir examples/healthcare-analytics --side ideal --format json
    Ir(IrArgs),
    /// Lists every rule, or prints one rule's documentation: what it checks, why, an example,
    /// the fix and references.
    ///
    /// Example: iacgrade rules API001
    Rules(RulesArgs),
    /// Runs a side's real toolchains in a temporary copy: lint, build, synth, unit tests with
    /// coverage, deploy to a local AWS emulator, integration tests.
    ///
    /// Example: iacgrade run examples/healthcare-analytics --side model --stages synth
    Run(RunArgs),
    /// Measures the run stage's harness on real tasks: N tasks per platform whose answer is
    /// complete code, run through the chosen stages (default build,synth), with the pass table
    /// and every failure's cause.
    ///
    /// Example: iacgrade run-sample fixtures/tasks --per-platform 2 --jobs 2
    RunSample(RunSampleArgs),
    /// Measures the static pipeline over a corpus: wall and CPU time, tasks per second, peak
    /// memory; with --checkov, also checkov on the same CloudFormation tasks.
    ///
    /// Example: iacgrade bench fixtures/tasks --stage review
    Bench(BenchArgs),
    /// Fits a scoring policy's numbers to the scores a corpus records (metadata.json
    /// training_quality) and reports the fit, in sample and by k-fold cross-validation.
    ///
    /// Example: iacgrade calibrate fixtures/tasks --out calibrated.toml
    Calibrate(CalibrateArgs),
    /// Joins the JSONL results of a sharded corpus run (`corpus --shard I/N`) into one, in corpus
    /// order, and renders it in any corpus format without judging again. Duplicates (a task in
    /// two files: the first is kept) and, with --corpus, missing tasks are named on standard
    /// error; missing tasks exit 1.
    ///
    /// Example: iacgrade merge all.jsonl shard-*.jsonl --corpus fixtures/tasks
    Merge(MergeArgs),
    /// Estimates the wall time of running the toolchains over a corpus on N workers, from the
    /// stage timings earlier results recorded (--timings) or per-platform defaults.
    ///
    /// Example: iacgrade plan-run fixtures/tasks --workers 8 --timings results.jsonl
    PlanRun(PlanRunArgs),
    /// Installs the run toolchains (a Python venv with ruff, pytest, cfn-lint, moto, Pulumi;
    /// the Node packages: TypeScript, Jest, ESLint, the CDK and CDKTF CLIs...) at this build's
    /// pins into a user-level folder, where `run` finds them from any working directory.
    ///
    /// Needs python3 with venv and node with npm; bubblewrap is installed too when this runs as
    /// root with apt-get. Example: iacgrade setup && iacgrade doctor
    Setup(SetupArgs),
    /// Lists which program each platform's stages will use (path, version) and what is
    /// missing, with the sandbox, Terraform and its provider mirror, and the AWS emulator.
    ///
    /// Exits 0 whatever is missing, unless --strict. Example: iacgrade doctor
    Doctor(DoctorArgs),
    /// Prints the shell completion script for bash, zsh, fish, elvish or powershell.
    ///
    /// Example: iacgrade completions bash > ~/.local/share/bash-completion/completions/iacgrade
    Completions(CompletionsArgs),
    /// Prints the manual page (roff, for man).
    ///
    /// Example: iacgrade man > ~/.local/share/man/man1/iacgrade.1
    Man,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Where to write: a file, or a folder for --format html.
    pub out: PathBuf,
    /// The shards' result files (`corpus --format jsonl`), in any order.
    #[arg(required = true, value_name = "SHARD.jsonl")]
    pub shards: Vec<PathBuf>,
    /// The corpus folder, as the shards were given it: its tasks that no shard holds are named.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Output format: jsonl (the results, one line per task), summary, sarif, html, text,
    /// markdown, junit or github.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct PlanRunArgs {
    /// The directory to search for tasks (any depth).
    pub dir: PathBuf,
    /// Workers (machines, pods, CI jobs) to plan for.
    #[arg(long, short = 'w', value_name = "N")]
    pub workers: usize,
    /// Results that recorded stage timings (JSON lines or one JSON document; each object with
    /// `task.path` and stages with `duration_ms`), from an earlier run of some of the tasks.
    #[arg(long, value_name = "FILE")]
    pub timings: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// Install into DIR (as DIR/venv and DIR/node/node_modules). Default: IACGRADE_TOOLCHAINS,
    /// else $XDG_DATA_HOME/iacgrade/toolchains, else ~/.local/share/iacgrade/toolchains.
    #[arg(long, value_name = "DIR", env = "IACGRADE_TOOLCHAINS")]
    pub prefix: Option<PathBuf>,
    /// Only the Python tools (the venv).
    #[arg(long, conflicts_with = "node_only")]
    pub python_only: bool,
    /// Only the Node tools (node_modules).
    #[arg(long)]
    pub node_only: bool,
    /// Write the pin files and print the install command without running it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Exit 1 when a program some stage needs is missing or the sandbox cannot be built.
    #[arg(long)]
    pub strict: bool,
    /// Use the toolchains in DIR (as `run --toolchains`).
    #[arg(long, value_name = "DIR", env = "IACGRADE_TOOLCHAINS")]
    pub toolchains: Option<PathBuf>,
    /// A Terraform provider mirror to report on (as `run --terraform-plugins`).
    #[arg(long, value_name = "DIR")]
    pub terraform_plugins: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// The directory to search for tasks (any depth).
    pub dir: PathBuf,
    /// How much of the pipeline to time: reading (load, extract, detect, the resource graphs of
    /// both sides), the checkpoints, or the whole static review.
    #[arg(long, value_enum, default_value_t = BenchStage::Review)]
    pub stage: BenchStage,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Also time checkov on the templates of the same CloudFormation tasks.
    #[arg(long)]
    pub checkov: bool,
    /// The checkov program to run.
    #[arg(long, value_name = "PATH", default_value = "checkov")]
    pub checkov_bin: PathBuf,
    /// Output format: text or json.
    #[arg(long, short = 'f', default_value = "text", value_parser = text_or_json())]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchStage {
    Read,
    Check,
    Review,
}

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// A directory of tasks (each is reviewed), or a samples file written by --save-samples.
    pub corpus: PathBuf,
    /// Write the fitted policy (TOML, for --policy) to FILE.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Cross-validation folds; give several to compare (--folds 5,10).
    #[arg(long, value_delimiter = ',', default_value = "5,10")]
    pub folds: Vec<usize>,
    /// The policy whose structure (category table, blockers, decision tree) is kept.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Write every task's score input and recorded score to FILE (JSON), to refit without
    /// reviewing the corpus again.
    #[arg(long, value_name = "FILE")]
    pub save_samples: Option<PathBuf>,
    /// Output format of the report: text or json.
    #[arg(long, short = 'f', default_value = "text", value_parser = text_or_json())]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A rule id (API001, ENC001, DIFF002, CHK-A, ...); without it, all rules are listed.
    pub id: Option<String>,
    /// Print the documentation of every rule as one markdown page (docs/rules.md is this
    /// output).
    #[arg(long, conflicts_with = "id")]
    pub markdown: bool,
}

#[derive(Debug, clap::Args)]
pub struct IrArgs {
    /// The task directory.
    pub task: PathBuf,
    /// Which side: the model answer, or the ideal answer completed by the project files.
    #[arg(long, value_enum, default_value_t = SideArg::Ideal)]
    pub side: SideArg,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    Model,
    Ideal,
}

#[derive(Debug, clap::Args)]
pub struct TaskArgs {
    /// The task directory.
    pub task: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub gate: GateArgs,
}

/// Which findings count and what fails the exit code; `iacgrade.toml` takes the same keys.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GateArgs {
    /// Exit 1 when a checkpoint fails or a failure of the model has this severity or worse;
    /// `never` always exits 0 on a verdict. Default: a failed checkpoint, a critical model
    /// failure or no answer to judge. Suppressed and baselined findings never fail it; for
    /// `corpus`, exit 1 when any task fails it.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOnArg>,
    /// Rules to report, by code or prefix, comma-separated (API,ENC001,CHK-); replaces the
    /// configuration's `select`. Default: every rule.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Rules to report in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub extend_select: Vec<String>,
    /// Rules not to report, by code or prefix; the most specific selector wins.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// The configuration file; by default iacgrade.toml in the task (or corpus) directory or
    /// the nearest folder above it, else in the working directory or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Findings recorded in FILE (by --write-baseline) are marked `baselined` and do not fail
    /// the exit code; new ones do.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding (not suppressed in the answer) in FILE, for --baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub task: TaskArgs,
    /// Compare the findings with the task's own lib/MODEL_FAILURES.md: which labelled failures
    /// were found, which were missed, which findings the document lacks.
    #[arg(long)]
    pub existing: bool,
    /// Scoring policy file (TOML); the default policy implements the training-quality guide.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Also run both sides' real toolchains (lint, build, synth, unit tests by default; see
    /// --stages) and report checkpoints G, H and I.
    #[arg(long)]
    pub run: bool,
    #[command(flatten)]
    pub execution: ExecutionArgs,
}

/// How the real toolchains run (`run`, `review --run`).
#[derive(Debug, clap::Args)]
pub struct ExecutionArgs {
    /// Stages to run, comma-separated: lint, build, synth, unit, deploy, integration.
    #[arg(long, value_delimiter = ',', default_value = "lint,build,synth,unit")]
    pub stages: Vec<String>,
    /// Seconds one stage may take before its processes are killed.
    #[arg(long, default_value_t = 600)]
    pub timeout: u64,
    /// Keep the temporary workspace (its path is in the report); removed otherwise, also
    /// when iacgrade is interrupted.
    #[arg(long)]
    pub keep_workspace: bool,
    /// Deploy to the real AWS account of your credentials instead of the local emulator.
    /// Without this flag no credential of your environment reaches a stage. Refused when CI is
    /// set, unless --confirm-aws-in-ci.
    #[arg(long)]
    pub aws: bool,
    /// Allow --aws in CI (the CI variable is set): the answer's code then deploys to the
    /// account of the CI's credentials.
    #[arg(long, requires = "aws")]
    pub confirm_aws_in_ci: bool,
    /// Run the answer's code without the sandbox, with your rights: it can read your files
    /// and secrets, write anywhere you can and reach the network. For debugging a stage only;
    /// every stage says it ran unconfined.
    #[arg(long)]
    pub no_sandbox: bool,
    /// Memory of one stage (its processes together where cgroups allow, each process in
    /// every case): 4G, 512M...
    #[arg(long, value_name = "SIZE", default_value = "4G")]
    pub memory: String,
    /// Processes and threads of one stage at once.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub pids: u64,
    /// A Terraform provider mirror (the folder holding registry.terraform.io/) to install
    /// providers from offline; by default found in the environment.
    #[arg(long, value_name = "DIR")]
    pub terraform_plugins: Option<PathBuf>,
    /// The toolchains to use: a folder `iacgrade setup --prefix DIR` installed into, or a
    /// clone whose tools/install-toolchains.sh ran. By default the first that holds them of:
    /// the repository above the working directory, the repository above the binary, the data
    /// folder of `iacgrade setup`, then PATH (`iacgrade doctor` shows what is used).
    #[arg(long, value_name = "DIR", env = "IACGRADE_TOOLCHAINS")]
    pub toolchains: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The task directory.
    pub task: PathBuf,
    /// Which side to run: the ideal answer with the project files, or the model's answer
    /// completed with the project's support files.
    #[arg(long, value_enum, default_value_t = SideArg::Ideal)]
    pub side: SideArg,
    #[command(flatten)]
    pub execution: ExecutionArgs,
    /// Output format: text or json.
    #[arg(long, short = 'f', default_value = "text", value_parser = text_or_json())]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct RunSampleArgs {
    /// The directory to search for tasks (any depth).
    pub dir: PathBuf,
    /// Tasks per platform.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub per_platform: usize,
    /// Seed of the sample's order (the same seed gives the same sample everywhere).
    #[arg(long, default_value_t = 16)]
    pub seed: u64,
    /// Only these platforms (comma-separated keys as the table prints them: cfn-yaml, cdk-ts...).
    #[arg(long, value_delimiter = ',')]
    pub platforms: Vec<String>,
    /// Which side to run.
    #[arg(long, value_enum, default_value_t = SideArg::Ideal)]
    pub side: SideArg,
    /// Print the sample's task folders (relative to DIR), one per line, and run nothing: a
    /// fixed sample to copy or link for `corpus --run`.
    #[arg(long)]
    pub list: bool,
    /// Tasks run at the same time.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub execution: ExecutionArgs,
    /// Output format: text or json.
    #[arg(long, short = 'f', default_value = "text", value_parser = text_or_json())]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    /// The directory to search for tasks (any depth).
    pub dir: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Run the checkpoints only, not the whole static review.
    #[arg(long)]
    pub checks_only: bool,
    /// Compare each task's findings with its own lib/MODEL_FAILURES.md.
    #[arg(long)]
    pub compare_existing: bool,
    /// Scoring policy file (TOML); the default policy implements the training-quality guide.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Seconds one task may take; a task past it is given up and its result says so (exit 3).
    /// Default: 120, or with --run twice the stage timeout for every stage of both sides.
    #[arg(long, value_name = "SECONDS")]
    pub task_timeout: Option<f64>,
    /// Judge only shard I of N (I counts from 0): the tasks whose path below DIR hashes to I.
    /// Every machine computes the same shards, and adding a task moves no other task; join
    /// the shards' JSONL files with `iacgrade merge`.
    #[arg(long, value_name = "I/N", value_parser = iacgrade_shard::Shard::parse)]
    pub shard: Option<iacgrade_shard::Shard>,
    /// Reuse the results stored in DIR for tasks whose files, context and settings (this
    /// iacgrade build, the policy, the options) are unchanged, and store the others' there.
    /// Hits and misses are counted on standard error.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Also run both sides of every task through the real toolchains, in the sandbox (lint,
    /// build, synth, unit tests by default; see --stages), --jobs tasks at a time: checkpoints
    /// G, H and I, each stage's result and time, and the findings the run proves.
    #[arg(long)]
    pub run: bool,
    #[command(flatten)]
    pub execution: ExecutionArgs,
}

#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to FILE (atomically: a temporary file, then renamed) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The formats of the commands that print one report of their own (`run`, `run-sample`,
/// `bench`, `calibrate`): only these are offered, so that `--help` lists what they print.
fn text_or_json() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["text", "json"]).map(|value| match value.as_str() {
        "json" => Format::Json,
        _ => Format::Text,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people; coloured on a terminal unless NO_COLOR is set.
    Text,
    /// One JSON object (schema_version 1).
    Json,
    /// One JSON object per line, one line per task.
    Jsonl,
    /// The failure analysis in the MODEL_FAILURES.md form.
    Markdown,
    /// SARIF 2.1.0, for code-scanning annotations.
    Sarif,
    /// A self-contained HTML dashboard (corpus only): --output names the folder to write.
    Html,
    /// Tables over the whole run (corpus only): model failures by severity per platform,
    /// checkpoint pass rates, scores against the recorded ones.
    Summary,
    /// JUnit XML: one test case per checkpoint and per failure of the model, failing for a
    /// failed checkpoint or a critical or high failure.
    Junit,
    /// GitHub Actions annotations (`::error file=…,line=…::…`) for the failures of the model
    /// and failed checkpoints.
    Github,
}
