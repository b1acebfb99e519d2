"""The on-disk form of one API surface, shared by every generator.

A surface is a gzip-compressed UTF-8 text file (`crates/api/data/<name>.surface.gz`), written
deterministically: entries sorted, gzip header without name or timestamp. Lines:

    #iacgrade-api-surface 1
    #surface <name>
    #source <registry>:<package>==<version>      (one per package the data came from)
    <kind>\t<path>\t<args>\t<members>

kind:    M module, C class, F function, E enum, T type (interface, struct, type alias),
         V value (constant, variable), R resource type, D data-source type,
         N nested block / property type (path = <type>/<property path>),
         A alias (path = spelling, args = the path it stands for).
path:    dot-separated from the package root (`pulumi_aws.ec2.Vpc`, `@pulumi/aws.ec2.Vpc`);
         resource types keep their own spelling (`AWS::S3::Bucket`, `aws_s3_bucket`).
args:    comma-separated names the thing accepts (keyword arguments, props, properties,
         Terraform arguments); a trailing `!` marks a required one. `*` = not known completely
         (a `**kwargs` spread, an index signature, data the generator could not read): a check
         must accept any name. `-` = not applicable.
members: comma-separated attribute names (module children are their own entries, so modules
         use `-`; classes: static and instance members, enum members; resource types: the
         attributes a reference may read). `*` and `-` as for args.
"""

import gzip
import os


def encode_names(names):
    """`None` (unknown) -> `*`; otherwise the sorted, de-duplicated names joined by commas."""
    if names is None:
        return "*"
    return ",".join(sorted(set(names)))


class Surface:
    """Entries keyed by path; merging several package versions takes the union of names."""

    def __init__(self, name):
        self.name = name
        self.sources = set()
        self.entries = {}  # path -> [kind, args(set|None|"-"), members(set|None|"-")]

    def add(self, kind, path, args="-", members="-"):
        args = _norm(args)
        members = _norm(members)
        old = self.entries.get(path)
        if old is None:
            self.entries[path] = [kind, args, members]
            return
        # A class beats a type or value of the same name (TypeScript declares both).
        rank = "CFERDMNTVA"
        if rank.index(kind) < rank.index(old[0]):
            old[0] = kind
        old[1] = _union(old[1], args)
        old[2] = _union(old[2], members)

    def write(self, out_path):
        lines = ["#iacgrade-api-surface 1", "#surface " + self.name]
        lines += ["#source " + s for s in sorted(self.sources)]
        for path in sorted(self.entries):
            kind, args, members = self.entries[path]
            lines.append("\t".join([kind, path, _field(args), _field(members)]))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, "wb") as f:
            f.write(gzip.compress(data, compresslevel=9, mtime=0))
        return len(self.entries)


def _norm(v):
    if v == "-" or v is None:
        return v
    return set(v)


def _union(a, b):
    if a == "-":
        return b
    if b == "-":
        return a
    if a is None or b is None:
        return None
    # Required only when every version that has the name requires it, and both have it:
    # precision first, a check must not demand what some version does not.
    out = set()
    for n in {n.rstrip("!") for n in a | b}:
        out.add(n + "!" if (n + "!") in a and (n + "!") in b else n)
    return out


def _field(v):
    if v == "-":
        return "-"
    return encode_names(v)
