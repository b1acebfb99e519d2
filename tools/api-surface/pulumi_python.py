"""Generates the `pulumi-py` surface: the Pulumi core SDK and the AWS, random, TLS and AWSX
providers for Python, read from their unpacked wheels (see generate.sh for the pinned versions).

usage: pulumi_python.py OUT SITE_DIR:SOURCE[,SOURCE...] [SITE_DIR:SOURCE...]
Each SITE_DIR holds one set of unpacked wheels; the surface is the union of all sets, so that a
name that exists in any pinned major version is accepted.
"""

import sys

from python_package import PackageReader, collect
from surface_format import Surface

PACKAGES = ["pulumi", "pulumi_aws", "pulumi_random", "pulumi_tls", "pulumi_awsx"]


def main():
    out = sys.argv[1]
    surface = Surface("pulumi-py")
    for arg in sys.argv[2:]:
        site, sources = arg.split(":", 1)
        surface.sources.update(sources.split(","))
        import os
        present = [p for p in PACKAGES if os.path.isdir(os.path.join(site, p))]
        reader = PackageReader(site, present)
        collect(surface, reader, ["pulumi"] if "pulumi" in present else [])
        collect(surface, reader, [p for p in present if p != "pulumi"], listed_files=False)
    n = surface.write(out)
    print(f"pulumi-py: {n} entries -> {out}")


if __name__ == "__main__":
    main()
