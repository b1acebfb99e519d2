"""
synth.py

Runs a Pulumi program under Pulumi's mocks (no CLI, no cloud) and records
every resource it registers: custom resources, providers and components.

As a script it runs this example's tap.py and writes the resources as JSON,
a list of {"type", "name", "inputs", "component"} objects, sorted by type and
name (plus "secret_inputs" where the program passed inputs as secrets):

    python tests/synth.py                 # JSON to stdout
    python tests/synth.py --out FILE      # JSON to FILE, a type/count summary to stdout

The unit tests import run_program() and RecordingMocks from here.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

EXAMPLE_ROOT = Path(__file__).resolve().parent.parent
if str(EXAMPLE_ROOT) not in sys.path:
    sys.path.insert(0, str(EXAMPLE_ROOT))

import pulumi  # noqa: E402
from pulumi.runtime import settings  # noqa: E402
from pulumi.runtime.stack import run_pulumi_func  # noqa: E402
from pulumi.runtime.sync_await import _sync_await  # noqa: E402

MOCK_ACCOUNT_ID = "123456789012"
MOCK_REGION = "eu-west-1"
MOCK_AUTH_TOKEN = "mock-Auth-Token-0123456789-abc!&#"
DEFAULT_PROJECT = "healthtech-analytics"
DEFAULT_STACK = "unit"


# How the engine marks a secret value inside serialized properties.
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG


def unwrap_secrets(value: Any) -> Any:
    """The value with every secret marker replaced by the plain value inside it."""
    if _is_secret(value):
        return unwrap_secrets(value.get("value"))
    if isinstance(value, dict):
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


@dataclass
class RecordedResource:
    """One resource registration as the mock engine saw it.

    `inputs` holds plain values; `secret_inputs` names the top-level inputs
    that the program passed as secrets.
    """

    type: str
    name: str
    inputs: dict[str, Any]
    component: bool
    provider: Optional[str] = None
    secret_inputs: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The record in the synth output form."""
        record: dict[str, Any] = {
            "type": self.type,
            "name": self.name,
            "inputs": self.inputs,
            "component": self.component,
        }
        if self.secret_inputs:
            record["secret_inputs"] = self.secret_inputs
        return record


class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that record every registration and answer like AWS would, roughly."""

    def __init__(self) -> None:
        self.resources: list[RecordedResource] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        secret_inputs = sorted(k for k, v in args.inputs.items() if _is_secret(v))
        inputs = unwrap_secrets(dict(args.inputs))
        self.resources.append(
            RecordedResource(
                type=args.typ,
                name=args.name,
                inputs=inputs,
                component=not args.custom,
                provider=args.provider or None,
                secret_inputs=secret_inputs,
            )
        )
        resource_id = f"{args.name}-id"
        state = dict(inputs)
        physical_name = inputs.get("name", args.name)
        service = args.typ.split(":")[1].split("/")[0] if ":" in args.typ else "mock"
        state.setdefault(
            "arn",
            f"arn:aws:{service}:{MOCK_REGION}:{MOCK_ACCOUNT_ID}:{physical_name}",
        )
        state.setdefault("name", physical_name)

        if args.typ == "random:index/randomPassword:RandomPassword":
            state["result"] = MOCK_AUTH_TOKEN
        elif args.typ == "aws:elasticache/replicationGroup:ReplicationGroup":
            resource_id = inputs["replicationGroupId"]
            state["primaryEndpointAddress"] = (
                f"master.{resource_id}.abc123.euw1.cache.amazonaws.com"
            )
            state["readerEndpointAddress"] = (
                f"replica.{resource_id}.abc123.euw1.cache.amazonaws.com"
            )
        elif args.typ == "aws:secretsmanager/secret:Secret":
            resource_id = state["arn"]
        return resource_id, state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list]:
        self.calls.append((args.token, dict(args.args)))
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": MOCK_ACCOUNT_ID,
                "arn": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user/mock",
                "id": MOCK_ACCOUNT_ID,
                "userId": "AIDAMOCK",
            }, []
        return {}, []

    def of_type(self, type_token: str) -> list[RecordedResource]:
        """All recorded resources of one type."""
        return [r for r in self.resources if r.type == type_token]

    def one(self, type_token: str) -> RecordedResource:
        """The single recorded resource of one type."""
        found = self.of_type(type_token)
        if len(found) != 1:
            raise AssertionError(f"expected one {type_token}, found {len(found)}")
        return found[0]

    def named(self, name: str) -> RecordedResource:
        """The recorded resource with this logical name."""
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(name)


@dataclass
class ProgramRun:
    """What one program run under the mocks produced."""

    mocks: RecordingMocks
    outputs: dict[str, Any] = field(default_factory=dict)


def run_program(
    program: Callable[[], Any],
    config: Optional[dict[str, str]] = None,
    project: str = DEFAULT_PROJECT,
    stack: str = DEFAULT_STACK,
) -> ProgramRun:
    """Run `program` under fresh mocks and return the registrations and stack outputs.

    Exceptions raised by the program propagate to the caller.
    """
    mocks = RecordingMocks()
    run = ProgramRun(mocks=mocks)

    # A fresh root stack for every run, so that exports do not leak between runs.
    settings.set_root_resource(None)  # type: ignore[arg-type]
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False)
    pulumi.runtime.set_all_config(dict(config or {}))

    async def body() -> None:
        program()
        root = settings.get_root_resource()
        exported = dict(getattr(root, "outputs", {}) or {})
        resolved = await pulumi.Output.from_input(exported).future()
        run.outputs = dict(resolved or {})

    _sync_await(run_pulumi_func(body))
    return run


def run_tap(
    environment_suffix: str = "unit",
    region: Optional[str] = MOCK_REGION,
    extra_config: Optional[dict[str, str]] = None,
) -> ProgramRun:
    """Run this example's tap.py with the given suffix and region."""
    config = {f"{DEFAULT_PROJECT}:environmentSuffix": environment_suffix}
    if region is not None:
        config["aws:region"] = region
    config.update(extra_config or {})
    previous = os.environ.pop("ENVIRONMENT_SUFFIX", None)
    try:
        return run_program(import_tap, config=config)
    finally:
        if previous is not None:
            os.environ["ENVIRONMENT_SUFFIX"] = previous


def import_tap() -> None:
    """Import (or re-import) tap.py, which builds the stack as a side effect."""
    sys.modules.pop("tap", None)
    importlib.import_module("tap")


def summarize(resources: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(type, count) pairs, sorted by type."""
    counts = collections.Counter(r["type"] for r in resources)
    return sorted(counts.items())


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    parser.add_argument(
        "--suffix", default="synth", help="environment suffix (default: synth)"
    )
    options = parser.parse_args(argv)

    run = run_tap(environment_suffix=options.suffix)
    resources = [
        r.to_json()
        for r in sorted(run.mocks.resources, key=lambda r: (r.type, r.name))
    ]
    text = json.dumps(resources, indent=2, sort_keys=True, default=str)

    if options.out is None:
        print(text)
        return 0

    Path(options.out).write_text(text + "\n", encoding="utf-8")
    for type_token, count in summarize(resources):
        print(f"{count:3d}  {type_token}")
    print(f"{len(resources):3d}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
