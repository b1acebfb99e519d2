#!/usr/bin/env python3
"""Writes the list of real CloudFormation resource types, and the physical-name property of each.

Source: the resource schemas bundled with the cfn-lint Python package
(cfnlint/data/schemas/providers/<region>.json names every type a region offers and the schema file
that describes it). The package is fetched with `pip download` into a temporary folder and never
committed. The version is pinned so that running this twice gives identical files; bump
CFN_LINT_VERSION (or pass --version) to refresh.

Outputs (paths relative to the repository root):
  crates/ir/data/kinds/cfn-types.txt
      one type per line, sorted: the union over all regions. Used by tests to check that every
      kind a table maps to is a real CloudFormation type.
  crates/frontend-cfn/data/name-properties.tsv
      `type<TAB>property`: the top-level property that sets a resource's physical name
      (BucketName, TableName, DBInstanceIdentifier, Name, ...), for types that have one.

Usage: python3 tools/kinds/cfn-types.py [--version X.Y.Z] [--wheel PATH]
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

CFN_LINT_VERSION = "1.58.0"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TYPES_OUT = os.path.join(ROOT, "crates/ir/data/kinds/cfn-types.txt")
NAMES_OUT = os.path.join(ROOT, "crates/frontend-cfn/data/name-properties.tsv")

# Types whose naming property does not follow the `<Type>Name` pattern the rule below looks for.
NAME_PROPERTY_OVERRIDES = {
    "AWS::EC2::KeyPair": "KeyName",
    "AWS::OpenSearchService::Domain": "DomainName",
    "AWS::Elasticsearch::Domain": "DomainName",
    "AWS::ElastiCache::ServerlessCache": "ServerlessCacheName",
    "AWS::ECS::TaskDefinition": "Family",
    "AWS::ElastiCache::SubnetGroup": "CacheSubnetGroupName",
    "AWS::Route53::RecordSet": "Name",
    "AWS::Route53::RecordSetGroup": None,
}

# Types where the pattern matches a property that points at something else (an account, an API
# key, a version) rather than naming the resource.
NO_NAME_PROPERTY = {
    "AWS::ApiGateway::UsagePlanKey",
    "AWS::CloudFormation::HookDefaultVersion",
    "AWS::CloudFormation::ModuleDefaultVersion",
    "AWS::CloudFormation::ResourceDefaultVersion",
    "AWS::EC2::SqlHaStandbyDetectedInstance",
    "AWS::GuardDuty::Master",
    "AWS::GuardDuty::Member",
    "AWS::ServiceDiscovery::Instance",
}


def fetch_wheel(version, folder):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", folder,
         f"cfn-lint=={version}"],
        check=True,
    )
    wheels = glob.glob(os.path.join(folder, "cfn_lint-*.whl"))
    if not wheels:
        sys.exit(f"pip download gave no cfn-lint wheel in {folder}")
    return wheels[0]


def camel_words(name):
    return re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+", name)


def name_property(type_name, schema):
    """The property that names the resource, or None.

    A property qualifies when it is top-level, writable, a string, and called `Name`, or
    `<X>Name` / `<X>Identifier` / `<X>Id` where X is a trailing run of the words of the type's
    last segment (`CacheCluster` -> `CacheClusterName` or `ClusterName`). This keeps out
    properties that point at another resource (`RestApiId` on a Method, `FunctionName` on a
    Permission, `LogGroupName` on a MetricFilter). Primary identifiers are preferred, then
    create-only properties, then any property.
    """
    if type_name in NO_NAME_PROPERTY:
        return None
    if type_name in NAME_PROPERTY_OVERRIDES:
        return NAME_PROPERTY_OVERRIDES[type_name]
    props = schema.get("properties", {})

    def top(paths):
        return [p.split("/")[-1] for p in schema.get(paths, []) if p.count("/") == 2]

    read_only = set(top("readOnlyProperties"))
    words = camel_words(type_name.split("::")[-1])
    stems = {"".join(words[i:]) for i in range(len(words))}
    accepted = {"Name"}
    for stem in stems:
        accepted |= {stem + "Name", stem + "Identifier", stem + "Id"}

    def qualifies(p):
        if p not in props or p in read_only or p not in accepted:
            return False
        kind = props[p].get("type", "string")
        return kind == "string" or kind == ["string"]

    for group in (top("primaryIdentifier"), top("createOnlyProperties"), list(props)):
        # Prefer the most specific spelling: `BucketName` over `Name`.
        found = [p for p in group if qualifies(p)]
        found.sort(key=lambda p: (p == "Name", group.index(p)))
        if found:
            return found[0]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--version", default=CFN_LINT_VERSION)
    parser.add_argument("--wheel", help="use this cfn-lint wheel instead of downloading one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(args.version, tmp)
        version = re.search(r"cfn_lint-([^-]+)-", os.path.basename(wheel))
        version = version.group(1) if version else args.version
        with zipfile.ZipFile(wheel) as z:
            prefix = "cfnlint/data/schemas/"
            providers = sorted(n for n in z.namelist()
                               if n.startswith(prefix + "providers/") and n.endswith(".json"))
            schema_of = {}
            for name in providers:
                for type_name, schema_id in json.loads(z.read(name)).items():
                    schema_of.setdefault(type_name, schema_id)
            names = {}
            for type_name in sorted(schema_of):
                path = f"{prefix}resources/{schema_of[type_name]}.json"
                try:
                    schema = json.loads(z.read(path))
                except KeyError:
                    continue
                prop = name_property(type_name, schema)
                if prop:
                    names[type_name] = prop

    header = (f"# Real CloudFormation resource types: cfn-lint {version}, "
              "cfnlint/data/schemas/providers/*.json (all regions).\n"
              "# Generated by tools/kinds/cfn-types.py; do not edit by hand.\n")
    with open(TYPES_OUT, "w", encoding="utf-8") as out:
        out.write(header)
        for type_name in sorted(schema_of):
            out.write(type_name + "\n")
    os.makedirs(os.path.dirname(NAMES_OUT), exist_ok=True)
    with open(NAMES_OUT, "w", encoding="utf-8") as out:
        out.write(f"# CloudFormation type\tproperty that sets the physical name (cfn-lint {version} "
                  "schemas).\n# Generated by tools/kinds/cfn-types.py; do not edit by hand.\n")
        for type_name in sorted(names):
            out.write(f"{type_name}\t{names[type_name]}\n")
    print(f"{len(schema_of)} types, {len(names)} with a name property (cfn-lint {version})")


if __name__ == "__main__":
    main()
