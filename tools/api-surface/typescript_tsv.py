"""Reads the lines typescript_package.js writes into a Surface."""

import json


def _names(field):
    if field == "-":
        return "-"
    if field == "*":
        return None
    return json.loads(field)


def add_tsv(surface, tsv_path):
    with open(tsv_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            kind, path, args, members = line.split("\t")
            surface.add(kind, path, _names(args), _names(members))
