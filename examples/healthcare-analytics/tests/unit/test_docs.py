"""Task documents: PROMPT style, metadata, README resource counts, file layout."""

import json
import re
from datetime import datetime

import pytest
import synth
from synth import EXAMPLE_ROOT

LIB = EXAMPLE_ROOT / "lib"


def _read(path):
    return (EXAMPLE_ROOT / path).read_text(encoding="utf-8")


# ---------------------------------------------------------------- README


def _readme_table():
    rows = re.findall(r"^\| `([^`]+)` \| (\d+) \|$", _read("lib/README.md"), re.M)
    total = re.findall(r"^\| \*\*Total\*\* \| \*\*(\d+)\*\* \|$", _read("lib/README.md"), re.M)
    return {t: int(n) for t, n in rows}, [int(n) for n in total]


@pytest.fixture(scope="module")
def synth_summary(tmp_path_factory):
    """What `python tests/synth.py --out FILE` prints and writes."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("synth") / "synth.json"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert synth.main(["--out", str(out)]) == 0
    counts = {}
    total = None
    for line in printed.getvalue().splitlines():
        number, name = line.split()
        if name == "total":
            total = int(number)
        else:
            counts[name] = int(number)
    return counts, total, json.loads(out.read_text(encoding="utf-8"))


def test_readme_total_matches_the_synth_harness(synth_summary):
    _, totals = _readme_table()
    _, total, resources = synth_summary
    assert totals == [total] == [len(resources)]


def test_readme_table_matches_the_synth_harness(synth_summary):
    rows, _ = _readme_table()
    counts, _, _ = synth_summary
    assert rows == counts


def test_synth_output_lists_components_and_the_provider(synth_summary):
    _, _, resources = synth_summary
    assert all(set(r) >= {"type", "name", "inputs", "component"} for r in resources)
    components = [r for r in resources if r["component"]]
    assert {r["type"] for r in components} == {
        "healthtech:index:TapStack",
        "healthtech:network:Network",
        "healthtech:cache:RedisCache",
        "healthtech:compute:FargateService",
    }
    assert [r["inputs"]["region"] for r in resources if r["type"] == "pulumi:providers:aws"] == [
        "eu-west-1"
    ]
    assert resources == sorted(resources, key=lambda r: (r["type"], r["name"]))


def test_synth_without_out_prints_json(capsys):
    assert synth.main(["--suffix", "stdout"]) == 0
    resources = json.loads(capsys.readouterr().out)
    assert len(resources) == _readme_table()[1][0]
    assert all("stdout" in r["name"] for r in resources)


# ---------------------------------------------------------------- PROMPT


@pytest.fixture(scope="module")
def prompt():
    return _read("lib/PROMPT.md")


def test_prompt_opens_conversationally(prompt):
    first = prompt.lstrip().splitlines()[0]
    assert re.match(r"^(Hi|Hey|Hello|We need)\b", first)


def test_prompt_has_a_bold_platform_statement(prompt):
    bold = re.findall(r"\*\*([^*]+)\*\*", prompt)
    assert any(" with " in b and "Pulumi" in b and "Python" in b for b in bold)


def test_prompt_has_no_template_labels_or_emoji(prompt):
    for line in prompt.splitlines():
        assert not re.match(r"^\s*(ROLE|CONTEXT|CONSTRAINTS)\s*:", line, re.I), line
    emoji = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")
    assert not emoji.search(prompt)
    assert "Here is a comprehensive prompt" not in prompt


def test_prompt_states_the_region_conflict_and_the_mandatory_constraints(prompt):
    assert "sa-east-1" in prompt and "eu-west-1" in prompt
    section = prompt.split("## Mandatory requirements", 1)[1].split("\n## ", 1)[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
    text = " ".join(bullets)
    for needle in ("eu-west-1", "TLS", "private subnets", "NAT Gateway", "Secrets Manager",
                   "environment suffix", "Pulumi", "Python"):
        assert needle in text, needle


# ---------------------------------------------------------------- metadata


@pytest.fixture(scope="module")
def metadata():
    return json.loads(_read("metadata.json"))


def test_metadata_fields(metadata):
    required = {
        "platform", "language", "complexity", "turn_type", "po_id", "team", "startedAt",
        "subtask", "provider", "subject_labels", "aws_services", "wave",
    }
    assert required <= set(metadata)
    assert set(metadata) <= required | {"training_quality", "migrated_from"}
    assert (metadata["platform"], metadata["language"]) == ("pulumi", "py")
    assert metadata["complexity"] in ("medium", "hard", "expert")
    assert metadata["turn_type"] == "single"
    assert metadata["provider"] == "aws"
    assert metadata["team"] in ("2", "3", "4", "5", "6", "synth", "synth-1", "synth-2", "stf")
    assert metadata["wave"] in ("P0", "P1")
    assert metadata["training_quality"] == 6
    assert metadata["po_id"]
    datetime.fromisoformat(metadata["startedAt"].replace("Z", "+00:00"))


def test_metadata_subtask_and_labels_belong_together(metadata):
    labels_by_subtask = {
        "Provisioning of Infrastructure Environments": {
            "Environment Migration", "Cloud Environment Setup",
            "Multi-Environment Consistency",
        },
        "Application Deployment": {
            "Web Application Deployment", "Serverless Infrastructure (Functions as Code)",
        },
        "Failure Recovery and High Availability": {"Failure Recovery Automation"},
        "Security, Compliance, and Governance": {"Security Configuration as Code"},
        "IaC Program Optimization": {"IaC Diagnosis/Edits", "IaC Optimization"},
    }
    assert metadata["subtask"] in labels_by_subtask
    assert metadata["subject_labels"]
    assert set(metadata["subject_labels"]) <= labels_by_subtask[metadata["subtask"]]


def test_metadata_lists_the_services_the_program_uses(metadata):
    services = " ".join(metadata["aws_services"])
    for service in ("VPC", "ECS", "Fargate", "ElastiCache", "Secrets Manager", "IAM"):
        assert service in services


def test_aws_region_file():
    assert _read("lib/AWS_REGION").strip() == "eu-west-1"


# ---------------------------------------------------------------- layout

ALLOWED_ROOT_FILES = {
    "metadata.json", "Pulumi.yaml", "tap.py", "requirements.txt", "pytest.ini",
}
ALLOWED_ROOT_DIRS = {"lib", "tests"}
# Generated locally; git ignores them.
IGNORED = {"__pycache__", ".coverage", ".pytest_cache", "cfn-outputs", ".venv"}


def _example_paths():
    """Paths below the example that git tracks or would add (ignored ones left out)."""
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "."],
            cwd=EXAMPLE_ROOT, capture_output=True, text=True, check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = [
            p.relative_to(EXAMPLE_ROOT).as_posix()
            for p in EXAMPLE_ROOT.rglob("*")
            if p.is_file() and not set(p.relative_to(EXAMPLE_ROOT).parts) & IGNORED
        ]
    return listed


def test_only_allowed_paths_in_the_example():
    paths = _example_paths()
    assert "tap.py" in paths
    for path in paths:
        top, _, rest = path.partition("/")
        if rest:
            assert top in ALLOWED_ROOT_DIRS, path
        else:
            assert top in ALLOWED_ROOT_FILES, path
        assert "__pycache__" not in path and not path.endswith(".pyc"), path


def test_task_documents_are_present():
    for name in ("PROMPT.md", "MODEL_RESPONSE.md", "IDEAL_RESPONSE.md", "MODEL_FAILURES.md",
                 "README.md", "AWS_REGION"):
        assert (LIB / name).is_file(), name


def test_model_failures_rate_each_failure():
    text = _read("lib/MODEL_FAILURES.md")
    levels = re.findall(r"\*\*Impact level:\*\* (\w+)", text)
    assert levels and set(levels) <= {"Critical", "High", "Medium", "Low"}
    assert "pulumi.providers.Aws" in text and "aws.Provider" in text
