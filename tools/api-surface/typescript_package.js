// Reads the public API of installed npm packages from their TypeScript declarations, with the
// TypeScript compiler's type checker (nothing is executed).
//
// usage: node typescript_package.js NODE_MODULES OUT.tsv PACKAGE [PACKAGE...]
//
// Writes one tab-separated line per exported name, `kind path args members` in the format of
// surface_format.py (args/members as JSON arrays, or null when not known completely); the
// Python side merges versions and writes the compressed surface. For every export:
//   namespace (`export * as ec2`, `import * as ec2; export { ec2 }`) -> M, walked recursively;
//   class, or const of a constructor type (`export declare const Vpc: typeof import(...).Vpc`)
//     -> C with args = the properties of its object-typed constructor parameters (the Args and
//     options bags) and members = static and instance properties and methods;
//   function, or const of a callable type -> F with args = properties of object parameters;
//   enum -> E with its members; const object -> V with its properties; interface/type -> T.
// Index signatures, `any` and unresolvable types make the names unknown (null).
"use strict";
const fs = require("fs");
const path = require("path");

const [nodeModules, outFile, ...packages] = process.argv.slice(2);
const ts = require(path.join(nodeModules, "typescript"));

function entryOf(pkg) {
  const dir = path.join(nodeModules, pkg);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const types = manifest.types || manifest.typings || "index.d.ts";
  return path.join(dir, types);
}

const entries = packages.map(entryOf);
const program = ts.createProgram(entries, {
  noEmit: true,
  skipLibCheck: true,
  types: [],
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2020,
});
const checker = program.getTypeChecker();
const lines = new Map();

function emit(kind, p, args, members) {
  const enc = (v) => (v === "-" ? "-" : v === null ? "*" : JSON.stringify([...v].sort()));
  lines.set(p, [kind, p, enc(args), enc(members)].join("\t"));
}

function isObjectBag(type) {
  // Interfaces, type literals and unions of them: an options/args bag, not a class instance.
  if (type.isUnion()) return type.types.every((t) => isObjectBag(t) || isNothing(t));
  const s = type.getSymbol();
  if (!s) return false;
  return (s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeLiteral)) !== 0;
}

function isNothing(t) {
  return (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0;
}

function bagProperties(type) {
  // null when the bag accepts any key (index signature, any) or is a union of non-bags.
  if (type.flags & ts.TypeFlags.Any) return null;
  const parts = type.isUnion() ? type.types.filter((t) => !isNothing(t)) : [type];
  const out = new Set();
  for (const t of parts) {
    if (t.flags & ts.TypeFlags.Any) return null;
    if (checker.getIndexInfosOfType(t).length > 0) return null;
    for (const p of checker.getPropertiesOfType(t)) out.add(p.getName());
  }
  return out;
}

function signatureArgs(sigs) {
  let args = new Set();
  for (const sig of sigs) {
    for (const param of sig.getParameters()) {
      const decl = param.valueDeclaration;
      if (decl && decl.dotDotDotToken) return null;
      const type = checker.getTypeOfSymbolAtLocation(param, decl || param.declarations[0]);
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
        // An untyped parameter (`expression: any`) accepts an object with any keys.
        return null;
      }
      if (!isObjectBag(type)) continue;
      const props = bagProperties(type);
      if (props === null) return null;
      for (const p of props) args.add(p);
    }
  }
  return args;
}

function members(type) {
  if (checker.getIndexInfosOfType(type).length > 0) return null;
  const out = new Set();
  for (const p of checker.getPropertiesOfType(type)) {
    const n = p.getName();
    if (n !== "prototype" && !n.startsWith("__")) out.add(n);
  }
  return out;
}

function union(a, b) {
  if (a === null || b === null) return null;
  return new Set([...a, ...b]);
}

const visiting = new Set();

function walkModule(moduleSymbol, prefix, depth) {
  if (depth > 12 || visiting.has(prefix)) return;
  visiting.add(prefix);
  emit("M", prefix, "-", "-");
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    const name = exp.getName();
    if (name === "default" || name.startsWith("_")) continue;
    let sym = exp;
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    const p = prefix + "." + name;
    const decl = sym.valueDeclaration || (sym.declarations || [])[0];
    if (!decl) {
      emit("T", p, "-", "-");
      continue;
    }
    if (sym.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule) &&
        !(sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Function | ts.SymbolFlags.Enum))) {
      walkModule(sym, p, depth + 1);
      continue;
    }
    if (sym.flags & ts.SymbolFlags.Enum) {
      emit("E", p, "-", members(checker.getTypeOfSymbolAtLocation(sym, decl)));
      continue;
    }
    if (sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.Function)) {
      const staticType = checker.getTypeOfSymbolAtLocation(sym, decl);
      const ctors = staticType.getConstructSignatures();
      const calls = staticType.getCallSignatures();
      if (ctors.length > 0) {
        const instance = ctors[0].getReturnType();
        emit("C", p, signatureArgs(ctors), union(members(staticType), members(instance)));
        // A class merged with a namespace (`CfnBucket.BucketEncryptionProperty`): its
        // exports are children of the class path.
        if (sym.flags & ts.SymbolFlags.NamespaceModule && sym.exports && sym.exports.size > 0) {
          walkNamespaceOfClass(sym, p, depth + 1);
        }
      } else if (calls.length > 0) {
        emit("F", p, signatureArgs(calls), members(staticType));
      } else {
        emit("V", p, "-", members(staticType));
      }
      continue;
    }
    if (sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      // Type names matter to a check (annotations); their fields are not listed.
      emit("T", p, "-", "-");
      continue;
    }
    emit("V", p, "-", null);
  }
}

function walkNamespaceOfClass(sym, prefix, depth) {
  const saved = lines.get(prefix);
  walkModule(sym, prefix, depth);
  lines.set(prefix, saved);
}

for (let i = 0; i < packages.length; i++) {
  const sf = program.getSourceFile(entries[i]);
  const mod = sf && checker.getSymbolAtLocation(sf);
  if (!mod) {
    console.error(`typescript_package: no declarations for ${packages[i]}`);
    process.exit(1);
  }
  walkModule(mod, packages[i], 0);
}
const sorted = [...lines.keys()].sort().map((k) => lines.get(k));
fs.writeFileSync(outFile, sorted.join("\n") + "\n");
console.error(`typescript_package: ${sorted.length} names from ${packages.join(", ")}`);
