"""Shared fixtures: one run of tap.py under Pulumi's mocks for the whole session."""

import json
from typing import Any

import pytest
from synth import EXAMPLE_ROOT, ProgramRun, RecordedResource, run_tap

UNIT_SUFFIX = "unit"
PROVIDER_TYPE = "pulumi:providers:aws"


@pytest.fixture(scope="session")
def tap_run() -> ProgramRun:
    """tap.py run once with suffix 'unit' in eu-west-1."""
    return run_tap(environment_suffix=UNIT_SUFFIX)


@pytest.fixture(scope="session")
def mocks(tap_run: ProgramRun):
    return tap_run.mocks


@pytest.fixture(scope="session")
def outputs(tap_run: ProgramRun) -> dict[str, Any]:
    return tap_run.outputs


@pytest.fixture(scope="session")
def example_root():
    return EXAMPLE_ROOT


def resource_id(resource: RecordedResource) -> str:
    """The id the mocks hand out for a resource (see RecordingMocks.new_resource)."""
    return f"{resource.name}-id"


def policy(document: Any) -> dict[str, Any]:
    """An IAM policy input as a dict, whether given as JSON text or as a dict."""
    return json.loads(document) if isinstance(document, str) else document
