#!/usr/bin/env bash
# Runs every test of the project: formatting and lints, the Rust test suite, and the reference
# example's Python tests. Expects the toolchains of tools/install-toolchains.sh (.venv).
set -euo pipefail
# /dev/null must be the null device: a tool that replaced it with a regular file (seen on this
# kind of machine) turns every `2>/dev/null` into input for the next reader, cargo's rustc probe
# among them. Restore it when it is not a character device.
ensure_dev_null() {
    if [ ! -c /dev/null ]; then
        rm -f /dev/null && mknod -m 666 /dev/null c 1 3
    fi
}
ensure_dev_null
# Tools read no input; a stray standard input must not reach them (cargo hands it to rustc).
exec </dev/null
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-$PWD/.venv/bin/python}"
export PATH="$PWD/.venv/bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --all --check

# cargo caches its probes of the compiler in target/.rustc_info.json; a probe made under clippy's
# driver must not be reused by the plain build, so each command starts without the cache.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"

echo "== cargo test"
ensure_dev_null
rm -f "$TARGET_DIR/.rustc_info.json"
cargo test --workspace --locked

echo "== cargo clippy"
ensure_dev_null
rm -f "$TARGET_DIR/.rustc_info.json"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== recipes (actionlint on .github/workflows)"
bash tools/recipes/check.sh

echo "== examples/healthcare-analytics (pytest)"
PYTHON="$PYTHON" bash examples/healthcare-analytics/tests/run.sh
