"""IDEAL_RESPONSE.md mirrors the project; MODEL_RESPONSE.md fails on its provider."""

import difflib
import sys

import pytest
from response_blocks import read_blocks, run_project, write_blocks
from synth import DEFAULT_PROJECT, EXAMPLE_ROOT

PROGRAM_FILES = [
    "Pulumi.yaml",
    "tap.py",
    "lib/__init__.py",
    "lib/tap_stack.py",
    "lib/network.py",
    "lib/cache.py",
    "lib/compute.py",
]
CONFIG = {f"{DEFAULT_PROJECT}:environmentSuffix": "resp", "aws:region": "eu-west-1"}


def _blocks(document):
    return read_blocks((EXAMPLE_ROOT / "lib" / document).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ideal_blocks():
    return _blocks("IDEAL_RESPONSE.md")


@pytest.fixture(scope="module")
def model_blocks():
    return _blocks("MODEL_RESPONSE.md")


def test_ideal_response_has_one_block_per_program_file(ideal_blocks):
    assert sorted(ideal_blocks) == sorted(PROGRAM_FILES)


@pytest.mark.parametrize("path", PROGRAM_FILES)
def test_ideal_blocks_are_byte_identical_to_the_project(ideal_blocks, path):
    assert ideal_blocks[path] == (EXAMPLE_ROOT / path).read_text(encoding="utf-8")


def test_every_python_file_of_the_program_is_in_the_ideal_response(ideal_blocks):
    on_disk = {"tap.py"} | {
        p.relative_to(EXAMPLE_ROOT).as_posix() for p in (EXAMPLE_ROOT / "lib").rglob("*.py")
    }
    assert on_disk == {p for p in ideal_blocks if p.endswith(".py")}


def test_model_response_covers_the_same_files(model_blocks):
    assert sorted(model_blocks) == sorted(PROGRAM_FILES)


def test_model_response_differs_from_the_ideal_only_in_the_provider(ideal_blocks, model_blocks):
    changed = [p for p in PROGRAM_FILES if ideal_blocks[p] != model_blocks[p]]
    assert changed == ["lib/tap_stack.py"]
    diff = [
        line
        for line in difflib.unified_diff(
            ideal_blocks["lib/tap_stack.py"].splitlines(),
            model_blocks["lib/tap_stack.py"].splitlines(),
            lineterm="",
            n=0,
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-import pulumi_aws as aws",
        "-        self.provider = aws.Provider(",
        "+        self.provider = pulumi.providers.Aws(",
    ]


def test_the_ideal_response_runs_as_written(ideal_blocks, tmp_path):
    write_blocks(ideal_blocks, tmp_path)
    run = run_project(tmp_path, CONFIG)
    provider = run.mocks.one("pulumi:providers:aws")
    assert provider.inputs["region"] == "eu-west-1"
    assert run.outputs["region"] == "eu-west-1"
    assert len(run.mocks.resources) == len(
        [r for r in run.mocks.resources if "resp" in r.name]
    )


def test_the_model_response_fails_on_pulumi_providers(model_blocks, tmp_path):
    write_blocks(model_blocks, tmp_path)
    with pytest.raises(AttributeError) as failure:
        run_project(tmp_path, CONFIG)
    assert str(failure.value) == "module 'pulumi' has no attribute 'providers'"
    frames = [str(entry.path) for entry in failure.traceback]
    assert any(f.endswith("lib/tap_stack.py") and str(tmp_path) in f for f in frames)


def test_running_a_response_leaves_the_projects_own_modules_in_place(model_blocks, tmp_path):
    import lib.tap_stack as before

    write_blocks(model_blocks, tmp_path)
    with pytest.raises(AttributeError):
        run_project(tmp_path, CONFIG)
    assert sys.modules["lib.tap_stack"] is before
    assert str(tmp_path) not in sys.path


def test_duplicate_blocks_are_rejected():
    from response_blocks import read_blocks as parse

    text = "## File: a.py\n\n```python\nx = 1\n```\n\n## File: a.py\n\n```python\nx = 2\n```\n"
    with pytest.raises(ValueError, match="twice"):
        parse(text)
