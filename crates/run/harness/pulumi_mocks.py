"""Synthesizes a Pulumi Python program without the Pulumi CLI or any cloud.

Shipped inside iacgrade (crates/run) and run by its `synth` stage as
`python pulumi_mocks.py ENTRY PROJECT STACK REGION OUTPUT`. It installs
Pulumi's mocks (pulumi.runtime.set_mocks), runs the program's entry file the
way the Pulumi language host would (as __main__, from the project folder),
waits for every resource registration, and writes OUTPUT:

    {"resources": [{"type", "name", "inputs"}], "error": ..., "traceback": ...}

`error` is the first error of the program (the exception's last line, such as
"AttributeError: module 'pulumi' has no attribute 'providers'"), or null. The
traceback also goes to stderr, and a one-line summary to stdout.
Data-source calls get plausible answers so that programs which look up
availability zones or the caller's account can go on.
"""

import json
import os
import runpy
import sys
import traceback

OUTPUT = None


def emit(resources, error, trace=None):
    payload = {"resources": resources, "error": error, "traceback": trace}
    if trace:
        sys.stderr.write(trace)
    summary = f"iacgrade synth: {len(resources)} resources registered"
    print(summary + (f"; first error: {error}" if error else ""), flush=True)
    if OUTPUT:
        with open(OUTPUT, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, default=str)


def first_error(exc):
    """The exception as Python prints its last traceback line."""
    lines = traceback.format_exception_only(type(exc), exc)
    text = "".join(lines).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def main():
    global OUTPUT
    if len(sys.argv) != 6:
        emit([], "usage: pulumi_mocks.py ENTRY PROJECT STACK REGION OUTPUT")
        return 2
    entry, project, stack, region, OUTPUT = sys.argv[1:6]
    resources = []
    try:
        import pulumi
    except Exception as exc:  # noqa: BLE001 - any import failure is the answer
        emit([], first_error(exc), traceback.format_exc())
        return 1

    class RecordingMocks(pulumi.runtime.Mocks):
        def new_resource(self, args):
            resources.append(
                {"type": args.typ, "name": args.name, "inputs": args.inputs}
            )
            state = dict(args.inputs)
            state.setdefault("arn", f"arn:aws:mock:{region}:123456789012:{args.name}")
            state.setdefault("id", f"{args.name}-id")
            return [f"{args.name}-id", state]

        def call(self, args):
            token = args.token
            if token.endswith("getAvailabilityZones"):
                names = [region + z for z in ("a", "b", "c")]
                return {"names": names, "zoneIds": names, "id": region}
            if token.endswith("getCallerIdentity"):
                return {
                    "accountId": "123456789012",
                    "arn": "arn:aws:iam::123456789012:user/mock",
                    "userId": "MOCK",
                    "id": "123456789012",
                }
            if token.endswith("getRegion"):
                return {"name": region, "region": region, "id": region}
            if token.endswith("getPartition"):
                return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
            if token.endswith("getPolicyDocument"):
                # The document's JSON is what programs pass on (a role's trust policy).
                document = {"Version": "2012-10-17", "Statement": []}
                return {"json": json.dumps(document), "id": "policy-document"}
            if token.endswith("getAmi"):
                return {"id": "ami-0123456789abcdef0", "imageId": "ami-0123456789abcdef0"}
            return dict(args.args)

    # As `pulumi preview` does: an output the mocks do not give (a bucket's generated name, an
    # endpoint) is unknown, and the callbacks that need it do not run. Known as None instead,
    # it would fail programs that are right (joining a name that only exists once deployed).
    pulumi.runtime.set_mocks(RecordingMocks(), project=project, stack=stack, preview=True)
    try:
        config = pulumi.runtime.config if hasattr(pulumi.runtime, "config") else None
        if config is not None and hasattr(config, "set_config"):
            config.set_config("aws:region", region)
    except Exception:  # noqa: BLE001 - config is a convenience, never fatal
        pass

    # Pulumi runs a program in its project folder (this process's folder), whatever folder
    # the entry is in; both are on the import path.
    entry_dir = os.path.dirname(os.path.abspath(entry))
    sys.path.insert(0, os.getcwd())
    sys.path.insert(0, entry_dir)

    @pulumi.runtime.test
    def program():
        runpy.run_path(entry, run_name="__main__")

    try:
        program()
    except SystemExit as exc:
        if exc.code not in (None, 0):
            emit(resources, f"SystemExit: {exc.code}", traceback.format_exc())
            return 1
    except BaseException as exc:  # noqa: BLE001 - report whatever the program raised
        emit(resources, first_error(exc), traceback.format_exc())
        return 1
    emit(resources, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
