#!/usr/bin/env bash
# Installs the tools iacgrade's `run` stage calls (crates/run), idempotently:
#   - a Python virtual environment at .venv in the repository root with the pinned packages of
#     tools/requirements-toolchains.txt: moto's server (the AWS emulator), cfn-lint, ruff,
#     Pulumi's Python SDK, pytest with pytest-cov, boto3;
#   - the Node packages of tools/node/package.json (typescript, jest, eslint, the AWS CDK CLI
#     and libraries, Pulumi's Node SDK), installed from package-lock.json into
#     tools/node/node_modules;
#   - bubblewrap (`bwrap`), the sandbox every stage runs in: Debian's `bubblewrap` package,
#     installed with apt-get when missing and this runs as root, else the command to run.
# Needs python3 (3.11) with venv, and node 20 with npm. Runs again in seconds when nothing
# changed: each part is skipped while its pins are unchanged since the last install.
#
# With --prefix DIR the same pins are installed into DIR instead (DIR/venv and
# DIR/node/node_modules), the layout `iacgrade setup` uses for the user's data folder; iacgrade
# finds the toolchains there from any working directory.
#
# Usage: tools/install-toolchains.sh [--python-only | --node-only] [--prefix DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/tools/requirements-toolchains.txt"
NODE_DIR="$ROOT/tools/node"

usage() {
    echo "usage: $0 [--python-only | --node-only] [--prefix DIR]" >&2
    exit 2
}

want_python=1
want_node=1
prefix=""
while [ $# -gt 0 ]; do
    case "$1" in
        --python-only) want_node=0 ;;
        --node-only) want_python=0 ;;
        --prefix) [ $# -ge 2 ] || usage; prefix="$2"; shift ;;
        --prefix=*) prefix="${1#--prefix=}" ;;
        *) usage ;;
    esac
    shift
done
if [ -n "$prefix" ]; then
    mkdir -p "$prefix/node"
    prefix="$(cd "$prefix" && pwd)"
    VENV="$prefix/venv"
    NODE_DIR="$prefix/node"
    # npm ci installs the lock file of the folder it runs in.
    cp "$ROOT/tools/node/package.json" "$ROOT/tools/node/package-lock.json" "$NODE_DIR/"
fi

# A fingerprint of the files that decide what an install holds.
fingerprint() {
    cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1
}

install_python() {
    local requirements_files=("$REQUIREMENTS")
    local example_requirements="$ROOT/examples/healthcare-analytics/requirements.txt"
    [ -f "$example_requirements" ] && requirements_files+=("$example_requirements")
    local stamp="$VENV/.iacgrade-installed"
    local want
    want="$(fingerprint "${requirements_files[@]}")"
    if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "python tools: up to date in $VENV"
        return
    fi
    if ! command -v python3 >/dev/null; then
        echo "error: python3 not found; install Python 3.11 with venv (apt-get install python3-venv)" >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "python tools: creating $VENV"
        python3 -m venv "$VENV"
    fi
    echo "python tools: installing $(basename "$REQUIREMENTS")"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --retries 10 -r "$REQUIREMENTS"
    echo "$want" > "$stamp"
    "$VENV/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
        | grep -iE '^(moto|cfn-lint|ruff|pulumi|pulumi.aws|pytest|pytest-cov|boto3) ' || true
}

# The error lines of npm's newest debug log.
show_npm_log_errors() {
    local log
    log="$(ls -t "${npm_config_cache:-$HOME/.npm}"/_logs/*-debug-*.log 2>/dev/null | head -n 1 || true)"
    if [ -n "$log" ]; then
        grep -E ' (error|verbose stack|verbose (cwd|os|node|npm) )' "$log" | tail -n 40 >&2 || true
    fi
}

install_node() {
    local stamp="$NODE_DIR/node_modules/.iacgrade-installed"
    local want
    want="$(fingerprint "$NODE_DIR/package.json" "$NODE_DIR/package-lock.json")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "node tools: up to date in $NODE_DIR/node_modules"
        return
    fi
    if ! command -v npm >/dev/null; then
        echo "error: npm not found; install Node.js 20 with npm" >&2
        exit 1
    fi
    echo "node tools: npm ci in $NODE_DIR"
    # The registry is reached over the network, which can drop a download: npm retries single
    # fetches, and a failed whole install is tried again twice, with npm's cache emptied. A
    # failure shows npm's own account of it from its log, which `--loglevel=error` leaves out.
    local attempt
    for attempt in 1 2 3; do
        if (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error \
                --fetch-retries=5 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=60000); then
            break
        fi
        echo "node tools: npm ci failed (attempt $attempt of 3); npm's log says:" >&2
        show_npm_log_errors
        if [ "$attempt" = 3 ]; then
            exit 1
        fi
        sleep $((attempt * 15))
        # A damaged download in npm's cache would fail every attempt the same way.
        npm cache clean --force --loglevel=error || true
    done
    echo "$want" > "$stamp"
    ls "$NODE_DIR/node_modules/.bin" | grep -xE 'tsc|jest|eslint|cdk|ts-node' | tr '\n' ' '
    echo
}

# The sandbox of the run stage. Without it `iacgrade run` refuses to run answer code.
install_bubblewrap() {
    if command -v bwrap >/dev/null || [ -x /usr/bin/bwrap ]; then
        echo "sandbox: $(bwrap --version 2>/dev/null || echo bwrap) present"
        return
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "sandbox: installing bubblewrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap \
            || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap; }
    else
        echo "sandbox: bubblewrap (bwrap) is missing; install it with" >&2
        echo "    sudo apt-get install bubblewrap    (Debian, Ubuntu)" >&2
        echo "    sudo dnf install bubblewrap        (Fedora)" >&2
        echo "  iacgrade run refuses to run answer code without it" >&2
    fi
}

install_bubblewrap
[ "$want_python" = 1 ] && install_python
[ "$want_node" = 1 ] && install_node
echo "toolchains ready"
