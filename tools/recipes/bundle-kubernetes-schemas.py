#!/usr/bin/env python3
"""Writes the Kubernetes JSON schemas the recipe check needs, each standalone (its definitions
inlined), from the schemas the PyPI package kubernetes-validate ships.

Usage: pip install kubernetes-validate==1.37.0
       python3 tools/recipes/bundle-kubernetes-schemas.py v1.33.0 deploy/kubernetes/schemas

The schemas are generated from the Kubernetes OpenAPI document (Apache-2.0, the Kubernetes
Authors); see deploy/kubernetes/schemas/README.md.
"""
import json
import os
import sys

import kubernetes_validate

KINDS = ["job-batch-v1", "persistentvolumeclaim-v1"]


def main() -> None:
    version, out_dir = sys.argv[1], sys.argv[2]
    source = os.path.join(
        os.path.dirname(kubernetes_validate.__file__),
        "kubernetes-json-schema",
        f"{version}-local-strict",
    )
    with open(os.path.join(source, "_definitions.json")) as f:
        definitions = json.load(f)["$defs"]
    # References from a kind's file name the definitions file; those inside it are local.
    prefixes = ("/api/_definitions.json#/$defs/", "#/$defs/")

    def rewrite(node, needed):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                prefix = next(
                    (p for p in prefixes if isinstance(value, str) and value.startswith(p)), None
                )
                if key == "$ref" and prefix:
                    name = value[len(prefix):]
                    needed.add(name)
                    out[key] = "#/$defs/" + name
                else:
                    out[key] = rewrite(value, needed)
            return out
        if isinstance(node, list):
            return [rewrite(item, needed) for item in node]
        return node

    os.makedirs(out_dir, exist_ok=True)
    for kind in KINDS:
        with open(os.path.join(source, f"{kind}.json")) as f:
            schema = json.load(f)
        needed = set()
        schema = rewrite(schema, needed)
        defs = {}
        pending = list(needed)
        while pending:
            name = pending.pop()
            if name in defs:
                continue
            found = set()
            defs[name] = rewrite(definitions[name], found)
            pending.extend(found - defs.keys())
        schema["$defs"] = dict(sorted(defs.items()))
        with open(os.path.join(out_dir, f"{kind}.json"), "w") as f:
            json.dump(schema, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
