"""Reads the public API of an installed (unpacked) Python package statically, with `ast`.

Nothing is imported or executed. For every module of the package it lists the public names
(classes, functions, values, submodules, names re-exported through `from .x import ...`), for
classes their constructor keyword arguments (the union over `@overload`s) and members (methods,
properties, class attributes, inherited ones where the base class is known), for functions their
parameters. A `**kwargs` spread, a base class that cannot be followed or a dynamic `__getattr__`
makes the names unknown (`None`), so that the check never flags what the data cannot vouch for.
"""

import ast
import os

# Base classes whose public members do not matter for a check (the class's own are complete).
NEUTRAL_BASES = {
    "object", "Enum", "enum.Enum", "str", "int", "float", "bool", "ABC", "abc.ABC",
    "Generic", "typing.Generic", "Protocol", "typing.Protocol", "Exception", "BaseException",
    "RuntimeError", "ValueError", "KeyError", "TypeError", "NamedTuple", "typing.NamedTuple",
    "IntEnum", "enum.IntEnum", "StrEnum", "enum.StrEnum", "builtins.str", "_builtins.str",
}


class Module:
    def __init__(self, name, path, is_package):
        self.name = name
        self.path = path
        self.is_package = is_package
        self.tree = None
        self.defs = {}  # name -> ast node (ClassDef, FunctionDef, or "value")
        self.imports = {}  # local name -> ("module", qualified) | ("name", module, name)
        self.star_from = []  # qualified module names
        self.all = None  # explicit __all__
        self.dynamic = False  # module-level __getattr__


def find_modules(root_dir, package):
    """Every importable module of `package` under `root_dir`, keyed by qualified name."""
    mods = {}
    base = os.path.join(root_dir, package)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        rel = os.path.relpath(dirpath, root_dir).replace(os.sep, ".")
        if "__init__.py" not in filenames:
            dirnames[:] = []
            continue
        if any(part.startswith("_") for part in rel.split(".")[1:]):
            dirnames[:] = []
            continue
        mods[rel] = Module(rel, os.path.join(dirpath, "__init__.py"), True)
        for f in sorted(filenames):
            if f.endswith(".py") and f != "__init__.py":
                name = rel + "." + f[:-3]
                mods[name] = Module(name, os.path.join(dirpath, f), False)
    return mods


def _resolve_relative(mod, level, target):
    parts = mod.name.split(".")
    if not mod.is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    base = ".".join(parts)
    return base + ("." + target if target else "") if base else (target or "")


def _top_level(stmts):
    """Top-level statements, looking into `if`/`try` blocks (not `if TYPE_CHECKING`)."""
    for s in stmts:
        if isinstance(s, ast.If):
            test = ast.unparse(s.test)
            if "TYPE_CHECKING" in test:
                continue
            yield from _top_level(s.body)
            yield from _top_level(s.orelse)
        elif isinstance(s, ast.Try):
            yield from _top_level(s.body)
        else:
            yield s


def _lazy_submodules_only(fn):
    """A module `__getattr__` that only imports submodules on first use and raises
    AttributeError for anything else (jsii's aws_cdk): the module's names are still known."""
    text = ast.unparse(fn)
    return "import_module" in text and "raise AttributeError" in text


def parse_module(mod):
    with open(mod.path, encoding="utf-8") as f:
        source = f.read()
    mod.tree = ast.parse(source, filename=mod.path)
    # `sys.modules[__name__].__class__ = ...` (pulumi_aws.config) turns the module into an
    # object whose attributes are properties: its names cannot be listed statically.
    if "sys.modules[__name__].__class__" in source:
        mod.dynamic = True
    for s in _top_level(mod.tree.body):
        if isinstance(s, ast.ClassDef):
            mod.defs[s.name] = s
        elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            mod.defs[s.name] = s
            if s.name == "__getattr__" and not _lazy_submodules_only(s):
                mod.dynamic = True
        elif isinstance(s, (ast.Assign, ast.AnnAssign)):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        if n.id == "__all__" and isinstance(s.value, (ast.List, ast.Tuple)):
                            mod.all = [
                                e.value for e in s.value.elts if isinstance(e, ast.Constant)
                            ]
                        else:
                            mod.defs.setdefault(n.id, "value")
        elif isinstance(s, ast.ImportFrom):
            if s.level:
                src = _resolve_relative(mod, s.level, s.module)
            else:
                src = s.module or ""
            for a in s.names:
                if a.name == "*":
                    mod.star_from.append(src)
                else:
                    local = a.asname or a.name
                    mod.imports[local] = ("name", src, a.name)
        elif isinstance(s, ast.Import):
            for a in s.names:
                if a.asname:
                    mod.imports[a.asname] = ("module", a.name)
                else:
                    top = a.name.split(".")[0]
                    mod.imports.setdefault(top, ("module", top))


class PackageReader:
    """Resolves the public names of every module of one or more packages."""

    def __init__(self, root_dir, packages):
        self.mods = {}
        for p in packages:
            self.mods.update(find_modules(root_dir, p))
        for m in self.mods.values():
            parse_module(m)
        self._exports = {}
        self._attrs = {}

    def star_exports(self, name, seen=None):
        """Names `from <name> import *` brings: local name -> (defining module, def name)."""
        if name in self._exports:
            return self._exports[name]
        mod = self.mods.get(name)
        if mod is None:
            return {}
        seen = seen or set()
        if name in seen:
            return {}
        seen.add(name)
        attrs = self.attributes(name, seen)
        if mod.all is not None:
            out = {n: attrs[n] for n in mod.all if n in attrs}
        else:
            out = {n: v for n, v in attrs.items() if not n.startswith("_")}
        self._exports[name] = out
        return out

    def attributes(self, name, seen=None):
        """Every attribute of module `name`: local name -> (defining module, def name) or
        ("<module>", qualified module name)."""
        if name in self._attrs:
            return self._attrs[name]
        mod = self.mods[name]
        seen = seen or set()
        out = {}
        for src in mod.star_from:
            out.update(self.star_exports(src, seen))
        for local, imp in mod.imports.items():
            if imp[0] == "module":
                if imp[1] in self.mods:
                    out[local] = ("<module>", imp[1])
            else:
                _, src, orig = imp
                if src + "." + orig in self.mods:
                    out[local] = ("<module>", src + "." + orig)
                elif src in self.mods:
                    target = self.attributes(src, seen).get(orig)
                    if target is not None:
                        out[local] = target
        for d in mod.defs:
            out[d] = (name, d)
        # A submodule is an attribute too, unless a name bound later shadows it (the package
        # `pulumi_aws.ec2` binds the function `get_vpc` over its submodule `get_vpc`).
        for sub in self.mods:
            if sub.startswith(name + ".") and "." not in sub[len(name) + 1 :]:
                out.setdefault(sub.rsplit(".", 1)[1], ("<module>", sub))
        self._attrs[name] = out
        return out

    def resolve_expr(self, mod_name, expr):
        """The qualified name (defining module + def) that an expression like `pulumi.Resource`
        or `Resource` names in module `mod_name`, or the dotted text when it is outside."""
        text = ast.unparse(expr)
        if isinstance(expr, ast.Subscript):
            return self.resolve_expr(mod_name, expr.value)
        parts = text.split(".")
        attrs = self.attributes(mod_name)
        mod = self.mods[mod_name]
        head = parts[0]
        if head in attrs:
            target = attrs[head]
        elif head in mod.imports and mod.imports[head][0] == "module":
            target = ("<module>", mod.imports[head][1])
        else:
            return text
        for p in parts[1:]:
            if target[0] != "<module>" or target[1] not in self.mods:
                return text
            target = self.attributes(target[1]).get(p)
            if target is None:
                return text
        if target[0] == "<module>":
            return target[1]
        return target[0] + "." + target[1]


def _params(fn, method=False):
    """Parameter names of a function, and whether it takes **kwargs. A method's first
    positional parameter is its receiver and is left out, whatever its name: Pulumi's classes
    call it `__self__` so that `self` can be a real keyword argument
    (`SecurityGroupIngressArgs(self=True)`)."""
    a = fn.args
    positional = a.posonlyargs + a.args
    if method and positional:
        positional = positional[1:]
    return [p.arg for p in positional + a.kwonlyargs], a.kwarg is not None


def _is_overload(fn):
    return any(ast.unparse(d) in ("overload", "typing.overload") for d in fn.decorator_list)


class ClassInfo:
    def __init__(self):
        self.args = set()  # None when unknown
        self.members = set()
        self.bases = []
        self.has_init = False
        self.members_open = False


def read_class(reader, mod_name, node):
    info = ClassInfo()
    inits = [
        s for s in node.body
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__"
    ]
    overloads = [f for f in inits if _is_overload(f)]
    used = overloads or inits
    if used:
        info.has_init = True
        for f in used:
            names, kw = _params(f, method=True)
            if kw and info.args is not None:
                info.args = None
            elif info.args is not None:
                info.args.update(n for n in names if not n.startswith("__"))
    decorators = [ast.unparse(d) for d in node.decorator_list]
    if not used and any("dataclass" in d for d in decorators):
        info.has_init = True
        for s in node.body:
            if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name):
                info.args.add(s.target.id)
    for s in node.body:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if s.name == "__getattr__":
                info.members_open = True
            if not s.name.startswith("_"):
                info.members.add(s.name)
        elif isinstance(s, (ast.Assign, ast.AnnAssign)):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            for t in targets:
                if isinstance(t, ast.Name) and not t.id.startswith("_"):
                    info.members.add(t.id)
    info.bases = [reader.resolve_expr(mod_name, b) for b in node.bases]
    return info


def read_function(node):
    names, kw = _params(node)
    return None if kw else set(names)


def add_nested_classes(surface, reader, mod_name, node, path):
    """Classes defined inside a class (`CfnBucket.BucketEncryptionProperty`), one level deep,
    with their own arguments; their members are listed only when they have no base."""
    for s in node.body:
        if isinstance(s, ast.ClassDef) and not s.name.startswith("_"):
            info = read_class(reader, mod_name, s)
            args = info.args if info.has_init else None
            neutral = all(b in NEUTRAL_BASES for b in info.bases)
            members = info.members if neutral and not info.members_open else None
            surface.add("C", path + "." + s.name, args, members)


def collect(surface, reader, packages, listed_files=True):
    """Adds every public module, class, function and value of `packages` to `surface`.

    `listed_files=False` lists only packages (folders): the per-resource files of a generated
    provider (`pulumi_aws/ec2/vpc.py`) repeat what their package re-exports, so they are
    recorded as modules whose members are not listed."""
    classes = {}  # qualified def name -> ClassInfo
    for name in sorted(reader.mods):
        if name.split(".")[0] not in packages:
            continue
        mod = reader.mods[name]
        for d, node in mod.defs.items():
            if isinstance(node, ast.ClassDef):
                classes[name + "." + d] = read_class(reader, name, node)

    def class_members(qual, depth=0):
        info = classes[qual]
        members = set(info.members)
        if info.members_open or depth > 20:
            return None
        for b in info.bases:
            if b in NEUTRAL_BASES or b.startswith(("typing.", "_builtins.", "builtins.")):
                continue
            if b in classes:
                inherited = class_members(b, depth + 1)
                if inherited is None:
                    return None
                members |= inherited
            else:
                return None
        return members

    def class_args(qual, depth=0):
        info = classes[qual]
        if info.has_init:
            return info.args
        for b in info.bases:
            if b in classes and depth < 20:
                return class_args(b, depth + 1)
            if b in NEUTRAL_BASES and b in ("object",):
                return set()
        return None

    for name in sorted(reader.mods):
        if name.split(".")[0] not in packages:
            continue
        mod = reader.mods[name]
        if not mod.is_package and not listed_files:
            surface.add("M", name, "-", None)
            continue
        # A module with a dynamic __getattr__ has members the data cannot list.
        surface.add("M", name, "-", None if mod.dynamic else "-")
        attrs = reader.attributes(name)
        for local, target in sorted(attrs.items()):
            if local.startswith("_"):
                continue
            path = name + "." + local
            if target[0] == "<module>":
                # `import pulumi` inside a module is no API of it; subpackage aliases are.
                if target[1] != path and "." in target[1]:
                    surface.add("A", path, [target[1]], "-")
                continue
            defmod, defname = target
            node = reader.mods[defmod].defs.get(defname)
            qual = defmod + "." + defname
            if isinstance(node, ast.ClassDef) and defname.endswith("ArgsDict"):
                # TypedDict twins of the Args classes: a name for type hints only.
                surface.add("T", path)
            elif isinstance(node, ast.ClassDef):
                surface.add("C", path, class_args(qual), class_members(qual))
                add_nested_classes(surface, reader, defmod, node, path)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                surface.add("F", path, read_function(node), None)
            else:
                surface.add("V", path, "-", None)
