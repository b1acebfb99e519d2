"""Generates the AWS CDK surfaces: `cdk-ts` from the TypeScript declarations of aws-cdk-lib and
constructs (npm), `cdk-py` from the Python packages aws-cdk-lib (`aws_cdk`) and constructs (PyPI).

usage: cdk.py OUT_DIR NODE_MODULES SITE_DIR SOURCE[,SOURCE...] [ts|py]
(the last argument regenerates one of the two only)

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
    only = sys.argv[5] if len(sys.argv) > 5 else None
    written = []
    if only in (None, "ts"):
        ts = Surface("cdk-ts")
        ts.sources.update(s for s in sources.split(",") if s.startswith("npm:"))
        add_typescript(ts, node_modules, ["aws-cdk-lib", "constructs"])
        written.append(ts)
    if only in (None, "py"):
        py = Surface("cdk-py")
        py.sources.update(s for s in sources.split(",") if s.startswith("pypi:"))
        add_python(py, site_dir, ["aws_cdk", "constructs"])
        written.append(py)
    for s in written:
        n = s.write(os.path.join(out_dir, s.name + ".surface.gz"))
        print(f"{s.name}: {n} entries")


if __name__ == "__main__":
    main()
