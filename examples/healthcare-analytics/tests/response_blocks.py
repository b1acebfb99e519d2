"""
response_blocks.py

Reads the labelled code blocks of a response document (lib/IDEAL_RESPONSE.md,
lib/MODEL_RESPONSE.md): a heading '## File: PATH' followed by a fenced block.
Writes them out as a project and runs such a project under Pulumi's mocks in
isolation from this example's own `lib` and `tap` modules.
"""

from __future__ import annotations

import os
import re
import runpy
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from synth import ProgramRun, run_program

_BLOCK = re.compile(
    r"^## File: (?P<path>\S+)[ \t]*\n+```(?P<lang>[\w-]*)\n(?P<body>.*?)^```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def read_blocks(markdown: str) -> dict[str, str]:
    """{path: file text} for every labelled block; a path may appear once only."""
    blocks: dict[str, str] = {}
    for match in _BLOCK.finditer(markdown):
        path = match.group("path")
        if path in blocks:
            raise ValueError(f"{path} appears twice")
        blocks[path] = match.group("body")
    return blocks


def write_blocks(blocks: dict[str, str], root: Path) -> None:
    """Write the blocks below root as files."""
    for path, text in blocks.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _own_modules() -> list[str]:
    return [n for n in sys.modules if n in ("tap", "lib") or n.startswith("lib.")]


@contextmanager
def isolated_project(root: Path) -> Iterator[None]:
    """Make `lib` and `tap` import from root for the duration, then restore."""
    saved = {name: sys.modules.pop(name) for name in _own_modules()}
    sys.path.insert(0, str(root))
    try:
        yield
    finally:
        sys.path.remove(str(root))
        for name in _own_modules():
            del sys.modules[name]
        sys.modules.update(saved)


def run_project(
    root: Path, config: Optional[dict[str, str]] = None
) -> ProgramRun:
    """Run root/tap.py under the mocks with root's own `lib` package.

    The module runs under its own name, neither 'tap' nor '__main__', so that
    coverage of this example's tap.py does not count the copy. ENVIRONMENT_SUFFIX
    is cleared while it runs, so the suffix comes from `config` as the tests
    expect, even where a pipeline sets the variable for every stage.
    """
    previous = os.environ.pop("ENVIRONMENT_SUFFIX", None)
    try:
        with isolated_project(root):
            return run_program(
                lambda: runpy.run_path(
                    str(root / "tap.py"), run_name="response_program"
                ),
                config=config,
            )
    finally:
        if previous is not None:
            os.environ["ENVIRONMENT_SUFFIX"] = previous
