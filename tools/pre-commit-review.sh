#!/usr/bin/env bash
# The pre-commit hook of .pre-commit-hooks.yaml: runs `iacgrade review` on every task folder that
# holds a changed file. A file's task folder is the nearest folder at or above it that holds
# metadata.json or lib/MODEL_RESPONSE.md; files outside any task are left alone.
#
# Usage: tools/pre-commit-review.sh [REVIEW OPTIONS...] -- FILE...
# (pre-commit appends the changed files after the hook's `args`, which end with `--`.)
# The iacgrade program is taken from IACGRADE, else from PATH. Exits with the highest exit code
# of the reviews (1: a task failed the gate, 2: a usage error).
set -euo pipefail

IACGRADE="${IACGRADE:-iacgrade}"
if ! command -v "$IACGRADE" >/dev/null 2>&1; then
    echo "iacgrade-review: $IACGRADE not found; install it (cargo install --path crates/cli in a clone) or set IACGRADE" >&2
    exit 2
fi

options=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    options+=("$1")
    shift
done
[ $# -gt 0 ] && shift

# The task folder of one file, or nothing.
task_of() {
    local dir
    dir="$(dirname -- "$1")"
    while :; do
        if [ -f "$dir/metadata.json" ] || [ -f "$dir/lib/MODEL_RESPONSE.md" ]; then
            printf '%s\n' "$dir"
            return
        fi
        case "$dir" in
            . | / | "") return ;;
        esac
        dir="$(dirname -- "$dir")"
    done
}

tasks=()
for file in "$@"; do
    task="$(task_of "$file")"
    [ -n "$task" ] || continue
    seen=0
    for known in "${tasks[@]+"${tasks[@]}"}"; do
        [ "$known" = "$task" ] && seen=1 && break
    done
    [ "$seen" = 1 ] || tasks+=("$task")
done

status=0
for task in "${tasks[@]+"${tasks[@]}"}"; do
    code=0
    "$IACGRADE" review "$task" "${options[@]+"${options[@]}"}" || code=$?
    [ "$code" -gt "$status" ] && status=$code
done
exit "$status"
