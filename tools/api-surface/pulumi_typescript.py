"""Generates the `pulumi-ts` surface: the Pulumi core SDK and the AWS, random, TLS and AWSX
providers for TypeScript/JavaScript, read from their declarations by typescript_package.js.

usage: pulumi_typescript.py OUT NODE_MODULES:SOURCE[,SOURCE...] [NODE_MODULES:SOURCE...]
Each NODE_MODULES holds one install (see generate.sh); the surface is their union.
"""

import os
import subprocess
import sys
import tempfile

from surface_format import Surface
from typescript_tsv import add_tsv

PACKAGES = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/random", "@pulumi/tls", "@pulumi/awsx"]
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    out = sys.argv[1]
    surface = Surface("pulumi-ts")
    for arg in sys.argv[2:]:
        node_modules, sources = arg.split(":", 1)
        surface.sources.update(sources.split(","))
        present = [p for p in PACKAGES if os.path.isdir(os.path.join(node_modules, p))]
        with tempfile.TemporaryDirectory() as tmp:
            tsv = os.path.join(tmp, "names.tsv")
            subprocess.run(
                ["node", "--max-old-space-size=8000", os.path.join(HERE, "typescript_package.js"),
                 node_modules, tsv, *present],
                check=True,
            )
            add_tsv(surface, tsv)
    n = surface.write(out)
    print(f"pulumi-ts: {n} entries -> {out}")


if __name__ == "__main__":
    main()
