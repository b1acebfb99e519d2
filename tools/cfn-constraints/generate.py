"""Writes the CloudFormation value-constraint table the DEP rules read
(`crates/rules/data/cfn-constraints.jsonl.gz`) from the resource provider schemas cfn-lint
bundles (`cfnlint/data/schemas/resources/`, the types of `providers/us-east-1.json`).

usage: generate.py OUT CFNLINT_PACKAGE_DIR SOURCE

One JSON object a line. The first line is the header: format, source (`pypi:cfn-lint==X`) and
the schema date cfn-lint records (`data/schemas/version.json`). Then one line per resource type:

    AWS::S3::Bucket<TAB>{"p": {"AccessControl": {...}, "Tags/Key": {...}}}

`p` maps a property path (`Prop/Sub/Leaf`; lists are looked through, as the API surface does)
to what the schema states about the value there:

    ty    value types ("string", "integer", "number", "boolean", "array", "object")
    en    allowed values (enum, or const)        pa   pattern (ECMAScript, as the schema has it)
    nl/xl min/max length of a string           ni/xi min/max items of a list
    mn/mx minimum/maximum of a number          rq   required properties of an object
    one   oneOf groups of required properties (exactly one group may be set)
    any   anyOf groups (at least one group must be set)
    dr    dependentRequired: property -> properties it needs
    dx    dependentExcluded: property -> properties it may not be set with
    fm    format (`AWS::EC2::Image.Id`): a form cfn-lint checks with a pattern of its own
    d     the schema's description, first sentence (for messages)

Beside the types, three lines whose first column starts with `@`:
    @formats          format name -> pattern, read from cfn-lint's format rules
                      (`cfnlint.rules.formats`; matched at the start of the value)
    @identifiers      type -> its primary identifier, when that is one property the template
                      writes (`BucketName`): two resources may not share its value
    @parameters       what a template parameter may hold, from cfn-lint's schema of the
                      Parameters section (`data/schemas/other/parameters/configuration.json`):
                      "props" (name -> constraints, as above), "required", and "keys": the
                      attribute names allowed for `Number`, for "string_types" and for the rest
    @snapshot-types   the types whose DeletionPolicy may be Snapshot (`cfnlint.helpers`)
    @lambda-runtimes  runtime -> deprecated / create-block / update-block dates and successor
                      (cfn-lint's `data/AdditionalSpecs/LmbdRuntimeLifecycle.json`)

The path "" holds the constraints of the resource's Properties object itself. Only what a check
can judge on a literal value is kept; open objects (`patternProperties`, no `properties`) are not
descended into. Deterministic: sorted keys, gzip without name or time.
"""

import gzip
import io
import json
import os
import re
import sys

MAX_DEPTH = 8


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def resolve(schema, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        ref = node["$ref"]
        if not ref.startswith("#/definitions/"):
            return None
        target = schema.get("definitions", {}).get(ref[len("#/definitions/"):])
        if not isinstance(target, dict):
            return None
        # Keywords written beside the $ref apply too.
        merged = dict(target)
        for k, v in node.items():
            if k != "$ref":
                merged.setdefault(k, v)
        node = merged
        seen += 1
    return node


def first_sentence(text):
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    s = m.group(1) if m else text
    return s if len(s) <= 200 else s[:197] + "..."


def required_groups(schema, subs):
    """oneOf/anyOf entries that only list required properties, as lists; None otherwise."""
    groups = []
    for sub in subs:
        sub = resolve(schema, sub)
        if not isinstance(sub, dict) or set(sub) - {"required", "description"}:
            return None
        req = sub.get("required")
        if not isinstance(req, list) or not req:
            return None
        groups.append(sorted(req))
    return groups or None


def leaf_constraints(node):
    out = {}
    ty = node.get("type")
    if isinstance(ty, str):
        out["ty"] = [ty]
    elif isinstance(ty, list) and all(isinstance(t, str) for t in ty):
        out["ty"] = sorted(ty)
    if isinstance(node.get("enum"), list) and node["enum"]:
        vals = [v for v in node["enum"] if isinstance(v, (str, int, float, bool))]
        if len(vals) == len(node["enum"]):
            out["en"] = vals
    elif "const" in node and isinstance(node["const"], (str, int, float, bool)):
        out["en"] = [node["const"]]
    if isinstance(node.get("pattern"), str) and node["pattern"]:
        out["pa"] = node["pattern"]
    if isinstance(node.get("format"), str) and node["format"].startswith("AWS::"):
        out["fm"] = node["format"]
    for key, short in (("minLength", "nl"), ("maxLength", "xl"), ("minItems", "ni"),
                       ("maxItems", "xi"), ("minimum", "mn"), ("maximum", "mx")):
        v = node.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[short] = v
    return out


def walk(schema, node, path, table, depth):
    """Records the constraints of `node` at `path` in `table`; returns nothing. The items of a
    list are recorded under the list's path, in its entry's `i`."""
    entry = node_entry(schema, node, path, table, depth)
    if entry and path:
        slot = table.setdefault(path, {})
        slot.update(entry)
    elif entry:
        table.setdefault("", {}).update(entry)


def node_entry(schema, node, path, table, depth):
    """The constraints of one schema node (children recorded in `table` under `path/child`)."""
    if depth > MAX_DEPTH:
        return {}
    node = resolve(schema, node)
    if not isinstance(node, dict):
        return {}
    entry = leaf_constraints(node)
    if path and isinstance(node.get("description"), str) and entry:
        entry["d"] = first_sentence(node["description"])
    items = node.get("items")
    if isinstance(items, dict) and "array" in entry.get("ty", ["array"]):
        item_entry = node_entry(schema, items, path, table, depth + 1)
        item_entry.pop("d", None)
        if item_entry:
            entry["i"] = item_entry
        return entry
    props = node.get("properties")
    if isinstance(props, dict) and props:
        req = node.get("required")
        if isinstance(req, list) and req:
            entry["rq"] = sorted(r for r in req if isinstance(r, str))
        for key, short in (("oneOf", "one"), ("anyOf", "any")):
            if isinstance(node.get(key), list):
                groups = required_groups(schema, node[key])
                if groups and len(groups) > 1:
                    entry[short] = groups
        dr = node.get("dependentRequired")
        if isinstance(dr, dict) and dr:
            entry["dr"] = {k: sorted(v) for k, v in dr.items() if isinstance(v, list)}
        dx = node.get("dependentExcluded")
        if isinstance(dx, dict) and dx:
            entry["dx"] = {k: sorted(v) for k, v in dx.items() if isinstance(v, list)}
        for name, sub in props.items():
            walk(schema, sub, f"{path}/{name}" if path else name, table, depth + 1)
    return entry


def type_table(schema):
    table = {}
    walk(schema, {k: v for k, v in schema.items() if k in ("properties", "required", "oneOf",
                                                          "anyOf", "dependentRequired",
                                                          "dependentExcluded")},
         "", table, 0)
    # Top-level `required` is the API check's (API005); keep only the other object facts.
    top = table.get("", {})
    for key in ("rq", "ty", "d"):
        top.pop(key, None)
    if not top:
        table.pop("", None)
    return table


def format_patterns():
    """The formats cfn-lint checks with a pattern (its `cfnlint.rules.formats` rules)."""
    import importlib
    import inspect
    import pkgutil

    import cfnlint.rules.formats as formats

    out = {}
    for info in pkgutil.iter_modules(formats.__path__):
        module = importlib.import_module(f"cfnlint.rules.formats.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            try:
                rule = cls()
            except Exception:  # noqa: BLE001 - a rule that needs arguments has no fixed pattern
                continue
            fmt, pattern = getattr(rule, "format_keyword", None), getattr(rule, "pattern", None)
            if isinstance(fmt, str) and isinstance(pattern, str) and fmt and pattern:
                out[fmt] = pattern
    return out


def parameter_rules(schemas):
    """The attributes a template parameter may have, by type, and their value constraints."""
    config = load(os.path.join(schemas, "other", "parameters", "configuration.json"))
    body = next(iter(config.get("patternProperties", {}).values()))
    props = {name: leaf_constraints(node) for name, node in body.get("properties", {}).items()}
    for name, node in body.get("properties", {}).items():
        items = node.get("items")
        if isinstance(items, dict):
            props[name]["i"] = leaf_constraints(items)
    number = body["then"]["propertyNames"]["enum"]
    inner = body["else"]
    string_types = inner["if"]["properties"]["Type"]["enum"]
    strings = inner["then"]["propertyNames"]["enum"]
    other = inner["else"]["propertyNames"]["enum"]
    return {"props": props, "required": body.get("required", []),
            "keys": {"Number": number, "strings": strings, "other": other},
            "string_types": string_types}


def primary_identifier(schema):
    """The writable property that alone identifies a resource, or None."""
    ids = schema.get("primaryIdentifier") or []
    read_only = set(schema.get("readOnlyProperties") or [])
    if len(ids) != 1 or ids[0] in read_only or not ids[0].startswith("/properties/"):
        return None
    name = ids[0][len("/properties/"):]
    return name if "/" not in name else None


def main():
    out, package_dir, source = sys.argv[1:4]
    schemas = os.path.join(package_dir, "cfnlint", "data", "schemas")
    version = load(os.path.join(schemas, "version.json")).get("schema_date", "unknown")
    provider = load(os.path.join(schemas, "providers", "us-east-1.json"))
    lines = [json.dumps({"format": "iacgrade-cfn-constraints 1", "source": source,
                         "schema_date": version, "region": "us-east-1"}, sort_keys=True)]
    count = 0
    identifiers = {}
    lines.append("@formats\t" + json.dumps(format_patterns(), sort_keys=True))
    lifecycle = load(os.path.join(package_dir, "cfnlint", "data", "AdditionalSpecs",
                                  "LmbdRuntimeLifecycle.json"))
    lines.append("@lambda-runtimes\t" + json.dumps(lifecycle, sort_keys=True))
    from cfnlint.helpers import valid_snapshot_types
    lines.append("@snapshot-types\t" + json.dumps(sorted(valid_snapshot_types)))
    lines.append("@parameters\t" + json.dumps(parameter_rules(schemas), sort_keys=True))
    for type_name in sorted(provider):
        schema = load(os.path.join(schemas, "resources", provider[type_name] + ".json"))
        table = type_table(schema)
        ident = primary_identifier(schema)
        if ident:
            identifiers[type_name] = ident
        body = json.dumps({"p": table}, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False)
        lines.append(f"{type_name}\t{body}")
        count += len(table)
    lines.insert(3, "@identifiers\t" + json.dumps(identifiers, sort_keys=True))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    with open(out, "wb") as f:
        f.write(buf.getvalue())
    print(f"cfn-constraints: {len(provider)} types, {count} constrained paths -> {out}")


if __name__ == "__main__":
    main()
