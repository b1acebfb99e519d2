"""Generates the `cfn` surface: CloudFormation resource types, their properties (required ones
marked), the attributes `Fn::GetAtt` may read, and the properties of nested property types, from
the resource provider schemas that cfn-lint bundles (`cfnlint/data/schemas/providers/<region>.json`
maps each type to a schema file under `schemas/resources/`).

usage: cfn_schemas.py OUT CFNLINT_PACKAGE_DIR SOURCE

The union over every region is taken; a property is required only when every schema of the type
requires it. Nested property types are recorded (N lines, path `TYPE/Prop/Sub`) only when their
schema closes them (`additionalProperties: false` with listed properties), so that free-form JSON
properties (policy documents, tags maps) are never checked.
"""

import glob
import json
import os
import sys

from surface_format import Surface

MAX_DEPTH = 6


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def resolve(schema, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        ref = node["$ref"]
        if not ref.startswith("#/definitions/"):
            return None
        node = schema.get("definitions", {}).get(ref[len("#/definitions/"):])
        seen += 1
    return node


def object_properties(schema, node):
    """The property names a (resolved) object schema allows, or None when it is open."""
    node = resolve(schema, node)
    if not isinstance(node, dict):
        return None
    if node.get("type") == "array" or "items" in node:
        return object_properties(schema, node.get("items", {}))
    names = set(node.get("properties", {}))
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in node.get(key, []):
            sub = resolve(schema, sub)
            if not isinstance(sub, dict):
                return None
            if "properties" in sub:
                names |= set(sub["properties"])
            elif set(sub) - {"required", "description"}:
                return None
    if not names or node.get("additionalProperties", True) is not False:
        return None
    if "patternProperties" in node:
        return None
    return names


def child_schema(schema, node, name):
    node = resolve(schema, node)
    if not isinstance(node, dict):
        return None
    if node.get("type") == "array" or "items" in node:
        return child_schema(schema, node.get("items", {}), name)
    if name in node.get("properties", {}):
        return node["properties"][name]
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in node.get(key, []):
            sub = resolve(schema, sub)
            if isinstance(sub, dict) and name in sub.get("properties", {}):
                return sub["properties"][name]
    return None


def add_nested(surface, schema, type_name, prefix, node, depth):
    if depth > MAX_DEPTH:
        return
    names = object_properties(schema, node)
    if names is None:
        return
    resolved = resolve(schema, node)
    if isinstance(resolved, dict) and ("items" in resolved):
        resolved = resolve(schema, resolved["items"])
    required = set(resolved.get("required", [])) if isinstance(resolved, dict) else set()
    surface.add("N", type_name + "/" + prefix, [n + "!" if n in required else n for n in names], "-")
    for n in sorted(names):
        sub = child_schema(schema, node, n)
        if sub is not None:
            add_nested(surface, schema, type_name, prefix + "/" + n, sub, depth + 1)


def main():
    out, package_dir, source = sys.argv[1:4]
    schemas_dir = os.path.join(package_dir, "cfnlint", "data", "schemas")
    surface = Surface("cfn")
    surface.sources.add(source)
    by_type = {}
    for region_file in sorted(glob.glob(os.path.join(schemas_dir, "providers", "*.json"))):
        for type_name, digest in load(region_file).items():
            by_type.setdefault(type_name, set()).add(digest)
    for type_name in sorted(by_type):
        for digest in sorted(by_type[type_name]):
            schema = load(os.path.join(schemas_dir, "resources", digest + ".json"))
            props = schema.get("properties", {})
            required = set(schema.get("required", []))
            args = [p + "!" if p in required else p for p in props]
            if schema.get("additionalProperties", False) is not False:
                args = None
            attrs = set(props)
            for ro in schema.get("readOnlyProperties", []):
                attrs.add(ro.replace("/properties/", "", 1).replace("/", "."))
            if type_name.startswith("Custom::") or type_name == "AWS::CloudFormation::CustomResource":
                # A custom resource takes and returns whatever its provider defines.
                args = None
                attrs = None
            elif type_name == "AWS::CloudFormation::Stack":
                attrs = None  # `Outputs.<name>` of the nested stack
            surface.add("R", type_name, args, attrs)
            for p, node in sorted(props.items()):
                add_nested(surface, schema, type_name, p, node, 1)
    n = surface.write(out)
    print(f"cfn: {n} entries -> {out}")


if __name__ == "__main__":
    main()
