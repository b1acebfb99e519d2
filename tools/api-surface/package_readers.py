"""Adds whole packages to a Surface: npm packages through typescript_package.js, Python
packages through python_package.py. Used by every generator that reads an SDK's own code."""

import json
import os
import subprocess
import tempfile

from python_package import PackageReader, collect
from typescript_tsv import add_tsv

HERE = os.path.dirname(os.path.abspath(__file__))


def add_typescript(surface, node_modules, packages):
    """Every export of `packages` (installed under `node_modules`), plus their subpath exports
    (`aws-cdk-lib/aws-s3`) as aliases of the namespace they hold (`aws-cdk-lib.aws_s3`)."""
    with tempfile.TemporaryDirectory() as tmp:
        tsv = os.path.join(tmp, "names.tsv")
        subprocess.run(
            ["node", "--max-old-space-size=8000", os.path.join(HERE, "typescript_package.js"),
             node_modules, tsv, *packages],
            check=True,
        )
        add_tsv(surface, tsv)
    for pkg in packages:
        with open(os.path.join(node_modules, pkg, "package.json"), encoding="utf-8") as f:
            exports = json.load(f).get("exports")
        if not isinstance(exports, dict):
            continue
        for sub in sorted(exports):
            if not sub.startswith("./") or "*" in sub or sub.endswith(".json"):
                continue
            name = sub[2:]
            target = pkg + "." + name.replace("-", "_").replace("/", ".")
            if target in surface.entries and surface.entries[target][0] == "M":
                surface.add("A", pkg + "/" + name, [target], "-")


def add_python(surface, site_dir, packages, listed_files=True):
    reader = PackageReader(site_dir, packages)
    collect(surface, reader, packages, listed_files=listed_files)
