"""Generates the AWS CDK surfaces: `cdk-ts` from the TypeScript declarations of aws-cdk-lib and
constructs (npm), `cdk-py` from the Python packages aws-cdk-lib (`aws_cdk`) and constructs (PyPI).

usage: cdk.py OUT_DIR NODE_MODULES SITE_DIR SOURCE[,SOURCE...]

Both come from the packages' own code: construct classes with their props (TypeScript: the
properties of the props interface; Python: the keyword arguments of `__init__`, where jsii
flattens the props), static methods and properties (`Duration.days`, `Runtime.PYTHON_3_12`),
enums and their members, structs (Python classes, TypeScript interfaces) and submodules.
"""

import os
import sys

from package_readers import add_python, add_typescript
from surface_format import Surface


def main():
    out_dir, node_modules, site_dir, sources = sys.argv[1:5]
    ts = Surface("cdk-ts")
    py = Surface("cdk-py")
    for s in (ts, py):
        s.sources.update(sources.split(","))
    add_typescript(ts, node_modules, ["aws-cdk-lib", "constructs"])
    add_python(py, site_dir, ["aws_cdk", "constructs"])
    for s in (ts, py):
        n = s.write(os.path.join(out_dir, s.name + ".surface.gz"))
        print(f"{s.name}: {n} entries")


if __name__ == "__main__":
    main()
