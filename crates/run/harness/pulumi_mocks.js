// Synthesizes a Pulumi TypeScript/JavaScript program without the Pulumi CLI or any cloud.
//
// Shipped inside iacgrade (crates/run) and run by its `synth` stage as
// `node pulumi_mocks.js ENTRY PROJECT STACK REGION OUTPUT`, with NODE_PATH
// naming a node_modules that holds @pulumi/pulumi (and ts-node for .ts
// entries). It installs Pulumi's mocks (pulumi.runtime.setMocks), loads the
// program's entry, and when the program has settled writes OUTPUT:
//
//   {"resources": [{"type", "name", "inputs"}], "error": ..., "traceback": ...}
//
// `error` is the first error the program threw or rejected with, or null. The
// stack trace also goes to stderr, and a one-line summary to stdout.
"use strict";

const fs = require("fs");
const path = require("path");

const resources = [];
let firstError = null;
let firstTrace = null;
let emitted = false;

function emit() {
  if (emitted) return;
  emitted = true;
  const payload = { resources, error: firstError, traceback: firstTrace };
  if (firstTrace) process.stderr.write(firstTrace + "\n");
  let summary = `iacgrade synth: ${resources.length} resources registered`;
  if (firstError !== null) summary += `; first error: ${firstError}`;
  process.stdout.write(summary + "\n");
  if (output) {
    try {
      fs.writeFileSync(output, JSON.stringify(payload));
    } catch (err) {
      process.stderr.write(`cannot write ${output}: ${err}\n`);
    }
  }
}

function record(err) {
  if (firstError !== null) return;
  if (err instanceof Error) {
    firstError = `${err.name}: ${err.message}`.split("\n")[0];
    firstTrace = err.stack || null;
  } else {
    firstError = String(err).split("\n")[0];
  }
}

process.on("uncaughtException", (err) => record(err));
process.on("unhandledRejection", (err) => record(err));
process.on("beforeExit", () => emit());
process.on("exit", () => {
  emit();
  process.exitCode = firstError === null ? 0 : 1;
});

const [entry, project, stack, region, output] = process.argv.slice(2);
if (!output) {
  record(new Error("usage: pulumi_mocks.js ENTRY PROJECT STACK REGION OUTPUT"));
  process.exit(2);
}

let pulumi;
try {
  pulumi = require("@pulumi/pulumi");
} catch (err) {
  record(err);
  process.exit(1);
}

pulumi.runtime.setMocks(
  {
    newResource(args) {
      resources.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state = Object.assign(
        { arn: `arn:aws:mock:${region}:123456789012:${args.name}`, id: `${args.name}-id` },
        args.inputs,
      );
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      const token = args.token || "";
      if (token.endsWith("getAvailabilityZones")) {
        const names = ["a", "b", "c"].map((z) => region + z);
        return { names, zoneIds: names, id: region };
      }
      if (token.endsWith("getCallerIdentity")) {
        return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/mock", userId: "MOCK" };
      }
      if (token.endsWith("getRegion")) return { name: region, region, id: region };
      if (token.endsWith("getPartition")) return { partition: "aws", dnsSuffix: "amazonaws.com" };
      if (token.endsWith("getPolicyDocument")) {
        // The document's JSON is what programs pass on (a role's trust policy).
        return { json: JSON.stringify({ Version: "2012-10-17", Statement: [] }), id: "policy-document" };
      }
      if (token.endsWith("getAmi")) return { id: "ami-0123456789abcdef0", imageId: "ami-0123456789abcdef0" };
      return args.inputs || {};
    },
  },
  project,
  stack,
  // As `pulumi preview` does: an output the mocks do not give is unknown, and the callbacks
  // that need it do not run (known as undefined instead, it would fail programs that are right).
  true,
);

// Pulumi runs a program in its project folder (where Pulumi.yaml is), whatever folder the
// entry is in; this harness is started there.
const entryPath = path.resolve(entry);
function runExports(program) {
  // A program may export an async main (Pulumi runs a default-exported function).
  const main = program && typeof program.default === "function" ? program.default : null;
  if (main) {
    Promise.resolve()
      .then(() => main())
      .catch(record);
  }
}
try {
  if (/\.tsx?$/.test(entryPath)) {
    require("ts-node").register({
      transpileOnly: true,
      compilerOptions: { module: "commonjs", moduleResolution: "node", esModuleInterop: true },
    });
  }
  if (/\.mjs$/.test(entryPath)) {
    // An ES module cannot be required; it is imported, and settles later.
    import(require("url").pathToFileURL(entryPath).href).then(runExports, record);
  } else {
    runExports(require(entryPath));
  }
} catch (err) {
  record(err);
}
