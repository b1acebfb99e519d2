"""Generates the Terraform AWS provider surfaces from the prebuilt CDKTF bindings
(`@cdktf/provider-aws` on npm), whose generated JavaScript carries the provider schema:
`X.tfResourceType = "aws_s3_bucket"`, `synthesizeAttributes()` lists every argument and nested
block under its Terraform name, `xToTerraform(struct)` functions list the nested blocks' own
arguments, and `getStringAttribute('arn')`-style getters name the attributes a reference reads.

usage: terraform_provider.py OUT_DIR CORE_NODE_MODULES CORE_SITE_DIR CORE_SOURCES
                             LIB_DIR:SOURCE [LIB_DIR:SOURCE...]

Writes (the union over every LIB_DIR, one per pinned provider version):
  terraform.surface.gz  R resource / D data source types with arguments and attributes, N nested
                        blocks (`aws_s3_bucket/versioning`), the provider block as R `provider.aws`;
  cdktf-ts.surface.gz   the TypeScript classes (`@cdktf/provider-aws.s3Bucket.S3Bucket`,
                        subpath aliases `@cdktf/provider-aws/lib/s3-bucket`) with camelCase config
                        names, structs as types;
  cdktf-py.surface.gz   the Python modules and classes (`cdktf_cdktf_provider_aws.s3_bucket.S3Bucket`)
                        with snake_case keyword arguments, structs as classes.
The CDKTF core (`cdktf`, `constructs`: TerraformStack, App, TerraformOutput, S3Backend, Fn, ...)
is added to the cdktf surfaces from CORE_NODE_MODULES (npm) and CORE_SITE_DIR (PyPI).
"""

import os
import re
import sys

from package_readers import add_python, add_typescript
from surface_format import Surface

TF_RESOURCE_TYPE = re.compile(r"^(\w+)\.tfResourceType = \"([\w.]+)\";", re.M)
CLASS_START = re.compile(r"^class (\w+) extends cdktf\.(TerraformResource|TerraformDataSource|TerraformProvider) \{", re.M)
STRUCT_FN = re.compile(r"^function (\w+)ToTerraform\(struct\) \{\n(.*?)^\}", re.M | re.S)
KEY_LINE = re.compile(r"^\s+(\w+): (.*?),?$", re.M)
NESTED_FN = re.compile(r"(?<![.\w])(\w+)ToTerraform\b")
STRUCT_FIELD = re.compile(r"struct\.(\w+)")
THIS_FIELD = re.compile(r"this\._(\w+)")
ATTRIBUTE = re.compile(r"(?:get\w*Attribute|interpolationForAttribute)\('([\w.]+)'\)")
# Computed blocks are read through reference classes: `new EksClusterIdentityList(this, "identity", false)`,
# computed maps through the core's: `new cdktf.StringMap(this, "outputs")`.
BLOCK_ATTRIBUTE = re.compile(r"new (?:cdktf\.)?\w+(?:OutputReference|List|Map)\(this, \"(\w+)\"")
METHOD = re.compile(r"^    (?:static |get |set |async )?(\w+)\(", re.M)

TS_META = ["connection", "count", "dependsOn", "forEach", "lifecycle", "provider", "provisioners"]
PY_META = ["connection", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioners"]
PY_KEYWORDS = {"lambda", "from", "import", "global", "class", "def", "in", "is", "not", "or",
               "and", "pass", "return", "yield", "async", "await", "with", "as", "del", "try",
               "while", "for", "if", "else", "elif", "except", "finally", "raise", "assert",
               "break", "continue", "nonlocal", "None", "True", "False"}


def jsii_snake(name):
    """camelCase -> snake_case as jsii's Python generator does (`enforceSSL` -> `enforce_ssl`,
    `ipv6CidrBlock` -> `ipv6_cidr_block`), with the trailing `_` it adds to Python keywords."""
    out = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    out = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", out).lower()
    return out + "_" if out in PY_KEYWORDS else out


def camel_namespace(dirname):
    parts = dirname.split("-")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def body_keys(body):
    """(terraform name, camel name or None, nested struct function or None) per returned key."""
    out = []
    for key, value in KEY_LINE.findall(body):
        camel = STRUCT_FIELD.search(value) or THIS_FIELD.search(value)
        nested = [n for n in NESTED_FN.findall(value) if not n.startswith(("cdktf", "string",
                                                                            "boolean", "number",
                                                                            "hash", "list"))]
        out.append((key, camel.group(1) if camel else None, nested[0] if nested else None))
    return out


def read_module(path):
    with open(path, encoding="utf-8") as f:
        js = f.read()
    structs = {m.group(1): body_keys(m.group(2)) for m in STRUCT_FN.finditer(js)}
    classes = []
    for m in CLASS_START.finditer(js):
        name, base = m.group(1), m.group(2)
        end = js.find("\n}\n", m.end())
        body = js[m.end(): end if end >= 0 else len(js)]
        synth = re.search(r"synthesizeAttributes\(\) \{\n\s+return \{\n(.*?)\n\s+\};", body, re.S)
        keys = body_keys(synth.group(1)) if synth else None
        tf_type = None
        for cls, t in TF_RESOURCE_TYPE.findall(js):
            if cls == name:
                tf_type = t
        attrs = set(ATTRIBUTE.findall(body)) | set(BLOCK_ATTRIBUTE.findall(body))
        methods = {n for n in METHOD.findall(body) if n != "constructor" and not n.startswith("_")}
        classes.append((name, base, tf_type, keys, attrs, methods))
    return structs, classes


def add_blocks(tf, prefix, keys, structs, depth):
    for key, _, nested in keys:
        if nested and nested in structs and depth < 8:
            sub = structs[nested]
            tf.add("N", prefix + "/" + key, [k for k, _, _ in sub], "-")
            add_blocks(tf, prefix + "/" + key, sub, structs, depth + 1)


def main():
    out_dir, core_node_modules, core_site, core_sources = sys.argv[1:5]
    tf = Surface("terraform")
    cts = Surface("cdktf-ts")
    cpy = Surface("cdktf-py")
    cts.sources.update(s for s in core_sources.split(",") if s.startswith("npm:"))
    cpy.sources.update(s for s in core_sources.split(",") if s.startswith("pypi:"))
    add_typescript(cts, core_node_modules, ["cdktf", "constructs"])
    add_python(cpy, core_site, ["cdktf", "constructs"])
    for arg in sys.argv[5:]:
        lib_dir, source = arg.split(":", 1)
        for s in (tf, cts, cpy):
            s.sources.add(source)
        ts_root, py_root = "@cdktf/provider-aws", "cdktf_cdktf_provider_aws"
        cts.add("M", ts_root)
        cpy.add("M", py_root)
        for dirname in sorted(os.listdir(lib_dir)):
            js_path = os.path.join(lib_dir, dirname, "index.js")
            if not os.path.isfile(js_path):
                continue
            structs, classes = read_module(js_path)
            ns_ts = ts_root + "." + camel_namespace(dirname)
            ns_py = py_root + "." + dirname.replace("-", "_")
            cts.add("M", ns_ts)
            cts.add("A", ts_root + "/lib/" + dirname, [ns_ts], "-")
            cpy.add("M", ns_py)
            for name, base, tf_type, keys, attrs, methods in classes:
                if keys is None or tf_type is None:
                    cts.add("C", ns_ts + "." + name, None, None)
                    cpy.add("C", ns_py + "." + name, None, None)
                    continue
                tf_names = [k for k, _, _ in keys]
                camel = [c for _, c, _ in keys if c]
                if base == "TerraformProvider":
                    tf.add("R", "provider." + tf_type, tf_names, "-")
                else:
                    # Data sources live under `data.` (`aws_ami` is both a resource and one).
                    data = base == "TerraformDataSource"
                    path = "data." + tf_type if data else tf_type
                    tf.add("D" if data else "R", path, tf_names, set(tf_names) | attrs | {"id"})
                    add_blocks(tf, path, keys, structs, 1)
                meta_ts = TS_META if base != "TerraformProvider" else ["alias"]
                meta_py = PY_META if base != "TerraformProvider" else ["alias"]
                cts.add("C", ns_ts + "." + name, camel + meta_ts, methods | {"tfResourceType"})
                py_args = set(tf_names) | {jsii_snake(c) for c in camel} | set(meta_py)
                cpy.add("C", ns_py + "." + name, py_args | {"scope", "id_", "id"},
                        {jsii_snake(m) for m in methods} | {"tf_resource_type"})
                # The config struct (`S3BucketConfig`): a TypeScript interface, a Python class.
                cts.add("T", ns_ts + "." + name + "Config")
                cpy.add("C", ns_py + "." + name + "Config", py_args, None)
            for fn, skeys in structs.items():
                struct = fn[:1].upper() + fn[1:]
                cts.add("T", ns_ts + "." + struct)
                names = {k for k, _, _ in skeys} | {jsii_snake(c) for _, c, _ in skeys if c}
                cpy.add("C", ns_py + "." + struct, names, None)
    for s in (tf, cts, cpy):
        n = s.write(os.path.join(out_dir, s.name + ".surface.gz"))
        print(f"{s.name}: {n} entries")


if __name__ == "__main__":
    main()
